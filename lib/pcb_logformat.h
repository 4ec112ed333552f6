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
 * A torn line is the part of a line whose write did not finish (a writer
 * killed mid-write, a disk that filled). The next writer ends it with
 * PCB_LOG_TORN_END: the byte PCB_LOG_TORN_BYTE, its newline, and a comment
 * line for people. A line whose last byte is PCB_LOG_TORN_BYTE is torn: no
 * field ever holds that byte raw (it is never valid UTF-8, and bytes that
 * are not are escaped as \xHH; unlike a control byte, rsyslog passes it on
 * as it is), and
 * the byte comes before the newline, so a torn line stays recognisable
 * wherever the ending write itself is cut (the line then stays unended, and
 * is ended again). Readers drop torn lines and skip the comment lines.
 */
#define PCB_LOG_TORN_BYTE '\377' /* never valid UTF-8 */
#define PCB_LOG_TORN_TAG "#torn"
#define PCB_LOG_TORN_LINE PCB_LOG_TORN_TAG "\tthe line above ends in a byte 0xff: the part of a line whose write did not finish\n"
#define PCB_LOG_TORN_END "\377\n" PCB_LOG_TORN_LINE

#endif
