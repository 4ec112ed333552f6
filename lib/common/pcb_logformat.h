/*
 * pcb_logformat.h: the log format, the contract between push_callback and
 * every reader of its logs (HACKING, "The log format"), in one place for the
 * writer (pcb_batch, pcb_handler, pcb_logfile) and the readers (pcb_logread,
 * pcb_report, pushcb-report): the header line and its columns, a field's
 * escaping and unescaping, the reject line, the torn-line ending, and the
 * rules of the file names.
 */
#ifndef PCB_LOGFORMAT_H
#define PCB_LOGFORMAT_H

#include <stddef.h>
#include <stdint.h>

#include "pcb_buf.h"
#include "pcb_schema.h"

/* ---- Lines ------------------------------------------------------------- */

/* The first field of a file's one header line, which names the columns. */
#define PCB_LOG_FIELDS_TAG "#fields"
/* Columns every event line starts with, before its command's fields. */
#define PCB_LOG_COMMON_COLUMNS "RecvTime\tSdkAppid"
/*
 * The last column of every event log: the event's members that are no field
 * of its command, as compact JSON ({"NewField":"x"}), escaped like any value;
 * empty when there are none. Last, so that the columns before it keep their
 * positions.
 */
#define PCB_LOG_UNKNOWN_COLUMN "UnknownFields"
/* The reject log's header line. */
#define PCB_LOG_REJECT_HEADER \
	PCB_LOG_FIELDS_TAG "\tRecvTime\tSdkAppid\tCallbackCommand\tIndex\tReason\tData\n"

/*
 * A torn line is the part of a line whose write did not finish (a writer
 * killed mid-write, a disk that filled). The next writer ends it with
 * PCB_LOG_TORN_END: the byte PCB_LOG_TORN_BYTE, its newline, and a comment
 * line for people. A line whose last byte is PCB_LOG_TORN_BYTE is torn: no
 * field ever holds that byte raw (it is never valid UTF-8, and bytes that
 * are not are escaped as \xHH; unlike a control byte, rsyslog passes it on
 * as it is), and the byte comes before the newline, so a torn line stays
 * recognisable wherever the ending write itself is cut (the line then stays
 * unended, and is ended again). Readers drop torn lines and skip the comment
 * lines.
 */
#define PCB_LOG_TORN_BYTE '\377' /* never valid UTF-8 */
#define PCB_LOG_TORN_TAG "#torn"
/* The comment line after a torn line: the tag, a TAB, and this. */
#define PCB_LOG_TORN_WHY "the line above ends in a byte 0xff: the part of a line whose write did not finish"
#define PCB_LOG_TORN_LINE PCB_LOG_TORN_TAG "\t" PCB_LOG_TORN_WHY "\n"
#define PCB_LOG_TORN_END "\377\n" PCB_LOG_TORN_LINE

/* Appends the header line of [cmd]'s event log. */
void pcb_log_header(struct pcb_buf *buf, const struct pcb_command *cmd);

/*
 * The RecvTime column: [t] as "YYYY-MM-DDTHH:MM:SSZ" (UTC, pcb_caltime_format,
 * as readers parse it), or its decimal when it has no such date.
 */
enum { PCB_LOG_RECVTIME_SIZE = 32 };
void pcb_log_recvtime(long long t, char out[PCB_LOG_RECVTIME_SIZE]);

/*
 * Appends one reject line: why the event at [index] (-1: the whole body) of
 * a [command] batch from [appid] was refused, and the refused [data] as sent.
 */
void pcb_log_reject_line(struct pcb_buf *buf, const char *recvtime, const char *appid, const char *command,
			 long index, const char *reason, const char *data, size_t datalen);

/* ---- Fields ------------------------------------------------------------ */

/*
 * A field is escaped so that it holds no TAB, line break or control byte
 * and is valid UTF-8, and the original bytes can always be recovered:
 * backslash, TAB, LF and CR as \\ \t \n \r; any other control byte, DEL,
 * every byte that is not part of valid UTF-8, and each byte of U+0085,
 * U+2028 and U+2029 (line breaks to Python's str.splitlines() and to
 * JavaScript) as \xHH with lowercase hex digits.
 */

/* An escaped field is at most this many times as long as the original (\xHH). */
enum { PCB_LOG_MAX_GROWTH = 4 };

/* Appends [len] bytes of [s], escaped, to [b]. */
void pcb_log_escape(struct pcb_buf *b, const char *s, size_t len);

/*
 * Writes [len] bytes of [s], escaped, at [dst], which has room for
 * PCB_LOG_MAX_GROWTH * len bytes (no NUL); returns the end.
 */
char *pcb_log_escape_to(char *dst, const char *s, size_t len);

/*
 * Undoes the escaping of [src], [len] bytes, into [dst], which has room for
 * [len] bytes (unescaping never grows); with [dst] NULL it only checks.
 * Returns the unescaped length, or -1 on a malformed escape (a lone
 * backslash, an unknown letter, or \x without two lowercase hex digits).
 */
long pcb_log_unescape(const char *src, size_t len, char *dst);

/* ---- File names -------------------------------------------------------- */

/*
 * A log is named by its base: the command's tag for its events
 * ("offlinepush"), PCB_LOG_REJECT_PREFIX and the tag for its rejects. Its
 * files are DIR/BASE-PERIOD.tsv, or DIR/BASE-PERIOD.SEG.tsv with a size
 * limit (SEG: 4 digits or more), PERIOD the UTC day (YYYY-MM-DD) or hour
 * (YYYY-MM-DDTHH); a closed file may be compressed to NAME.tsv.gz.
 */
#define PCB_LOG_REJECT_PREFIX "reject-"
#define PCB_LOG_SUFFIX ".tsv"
/* What compression adds to any name (logrotate's NAME.tsv.1.gz too). */
#define PCB_LOG_COMPRESSED ".gz"
#define PCB_LOG_GZ_SUFFIX PCB_LOG_SUFFIX PCB_LOG_COMPRESSED
/* The longest base: the prefix and a command's tag. */
enum { PCB_LOG_BASE_MAX = 64 };
/* The lengths of a daily and an hourly PERIOD. */
enum { PCB_LOG_DAY_LEN = 10, PCB_LOG_HOUR_LEN = 13 };
/*
 * A file is made under a hidden temporary name in its directory, DIR/.NAME
 * and mkostemp's six characters, then linked or renamed into place.
 */
#define PCB_LOG_TEMP_TEMPLATE "XXXXXX"

/*
 * The base of [cmd]'s event log, or with [reject] of its reject log, into
 * [out]. Returns 0, or -1 when it does not fit (a tag too long).
 */
int pcb_log_base(const struct pcb_command *cmd, int reject, char out[PCB_LOG_BASE_MAX]);

/*
 * The base of the known log (any command's events or rejects) that [name]
 * starts with, followed by '-' or '.', into [base]. Returns 1, or 0 when
 * it is no log's.
 */
int pcb_log_base_of(const char *name, char base[PCB_LOG_BASE_MAX]);

/* The span [start, end) of a valid [period] in Unix seconds. Returns 0, or -1. */
int pcb_log_period_span(const char *period, int64_t *start, int64_t *end);

/*
 * Writes the template of a temporary file for [name] in [dir]
 * ("DIR/.NAME.XXXXXX", for mkostemp) into [out]. Returns 0, or -1 when it
 * does not fit in [outlen] bytes.
 */
int pcb_log_temp_path(char *out, size_t outlen, const char *dir, const char *name);
/*
 * Is [name] a temporary file that pcb_log_temp_path made for a known log's
 * file (".BASE.XXXXXX" or ".BASE-PERIOD....tsv.XXXXXX")?
 */
int pcb_log_is_temp_name(const char *name);

/*
 * Writes the path of the file of log [base] in [dir] for [period] into
 * [out]; with [segmented], of segment [seg]. Returns 0, or -1 when it does
 * not fit in [outlen] bytes.
 */
int pcb_log_path(char *out, size_t outlen, const char *dir, const char *base, const char *period,
		 int segmented, unsigned seg);

/*
 * Is [name] a file of log [base] ("BASE-PERIOD[.SEG].tsv[.gz]", SEG four
 * digits or more, nothing else) with a period of [period_len] characters
 * (PCB_LOG_DAY_LEN or PCB_LOG_HOUR_LEN)? Then the period goes to [period],
 * which has room for period_len + 1 bytes; it is left alone when not.
 */
int pcb_log_name_period(const char *name, const char *base, size_t period_len, char *period);

/*
 * The length of file name [name] without the compression suffix (".gz"), if
 * any, whatever comes before it: readers order files by that.
 */
size_t pcb_log_plain_name_len(const char *name);
/* Is [name] (a file name, no directory) that of a log file, plain or compressed? */
int pcb_log_is_file_name(const char *name);
/* Is [name] (a file name, no directory) that of a reject log's file? */
int pcb_log_is_reject_name(const char *name);

#endif
