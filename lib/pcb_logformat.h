/*
 * pcb_logformat.h: the spelling of the log format's comment lines, shared by
 * the writer (pcb_logfile) and the readers (pcb_logread). The format itself
 * is described in pushcb-logs(5) terms in HACKING, "The log format".
 */
#ifndef PCB_LOGFORMAT_H
#define PCB_LOGFORMAT_H

/* The first field of a file's one header line, which names the columns. */
#define PCB_LOG_FIELDS_TAG "#fields"

/*
 * The first field of the line written right after a torn line: the end of a
 * line whose write did not finish (a writer killed mid-write, a disk that
 * filled), which the next writer ended with a newline. Readers drop the line
 * before it; it is never an event.
 */
#define PCB_LOG_TORN_TAG "#torn"
#define PCB_LOG_TORN_LINE PCB_LOG_TORN_TAG "\tthe line above is the part of a line whose write did not finish\n"

#endif
