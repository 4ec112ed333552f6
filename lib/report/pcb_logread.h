/*
 * pcb_logread.h: reading the log format (HACKING, "The log format") back.
 *
 * A file is opened plain or gzip-compressed alike (told by its first two
 * bytes; gzip members one after another are read on, any other byte after a
 * member is a read error as a truncated member is), read one
 * line at a time through a bounded buffer, its "#fields" header turned into
 * column names, and each line split into fields in place. Nothing here knows
 * which columns a reader wants: that is the caller's business.
 */
#ifndef PCB_LOGREAD_H
#define PCB_LOGREAD_H

#include <stddef.h>
#include <stdint.h>

#include "pcb_logformat.h"

/* The longest line a reader accepts, terminator excluded; longer lines are skipped. */
#define PCB_LR_LINE_MAX (1024 * 1024)
/* The most columns a header may name. */
#define PCB_LR_COLUMNS_MAX 64

/* What pcb_lr_next() found. */
enum pcb_lr_status {
	PCB_LR_LINE,       /* a whole line, terminated by LF */
	PCB_LR_EOF,        /* no more lines */
	PCB_LR_TOO_LONG,   /* a line longer than PCB_LR_LINE_MAX, skipped whole */
	PCB_LR_INCOMPLETE, /* bytes after the last LF: a line still being written, or cut */
	PCB_LR_TORN,       /* a line whose write did not finish: it ends in
	                      PCB_LOG_TORN_BYTE (pcb_logformat.h) */
	PCB_LR_ERROR       /* a read or decompression error; errno or zlib said why */
};

struct pcb_lr_file;

/*
 * Opens [path] for reading, plain or gzip. Returns NULL on error (with errno
 * set; ENOMEM included). A path that is not a regular file (a FIFO left in a
 * log directory, a device) is refused with EINVAL, never waited on.
 */
struct pcb_lr_file *pcb_lr_open(const char *path);

/* Closes [f]; NULL is a no-op. */
void pcb_lr_close(struct pcb_lr_file *f);

/*
 * Reads the next line of [f]. A torn line is returned as PCB_LR_TORN; the
 * "#torn" comment lines after torn lines are not returned. On PCB_LR_LINE,
 * PCB_LR_TORN and
 * PCB_LR_INCOMPLETE, [*line]
 * points at its bytes, NUL-terminated, without the LF, valid until the next
 * call; [*len] is its length. The caller may modify those bytes.
 */
enum pcb_lr_status pcb_lr_next(struct pcb_lr_file *f, char **line, size_t *len);

/* The number of the line last returned (1-based). */
uint64_t pcb_lr_lineno(const struct pcb_lr_file *f);

/* A readable reason for the last PCB_LR_ERROR (static storage). */
const char *pcb_lr_strerror(const struct pcb_lr_file *f);

/* Column names of a header line, each a NUL-terminated copy. */
struct pcb_lr_header {
	size_t count;
	char *names[PCB_LR_COLUMNS_MAX];
};

/*
 * Whether [line] of [len] bytes holds a raw CR or NUL, which the log format
 * never writes (pcb_log_escape escapes both): a line that does is not one of
 * push_callback's (a CRLF file, a corrupted one).
 */
int pcb_lr_raw_ctl(const char *line, size_t len);

/*
 * Parses the header line [line] of length [len] into [h]. Returns 0, or -1
 * when the line is not "#fields<TAB>NAME..." with 1 to PCB_LR_COLUMNS_MAX
 * non-empty names, holds a raw CR or NUL (pcb_lr_raw_ctl), or on ENOMEM;
 * [h] is then empty.
 */
int pcb_lr_header_parse(struct pcb_lr_header *h, const char *line, size_t len);

/* Frees the names of [h] and empties it; an empty header is a no-op. */
void pcb_lr_header_clear(struct pcb_lr_header *h);

/* The index of the column [name] in [h], or -1 when there is none. */
int pcb_lr_header_find(const struct pcb_lr_header *h, const char *name);

/* One field of a split line: its bytes, still escaped, and their length. */
struct pcb_lr_field {
	const char *p;
	size_t len;
};

/*
 * Splits [line] of length [len] at each TAB into at most [max] fields stored
 * in [fields]. Returns the number of fields the line has, which may exceed
 * [max] (only the first [max] are stored then).
 */
size_t pcb_lr_split(const char *line, size_t len, struct pcb_lr_field *fields, size_t max);

/*
 * Parses the decimal integer field [p], [len] bytes ("-"? digits, nothing
 * else) into [*out]. Returns 0, or -1 when it is empty, not decimal, or out
 * of int64_t's range.
 */
int pcb_lr_int(const char *p, size_t len, int64_t *out);

#endif
