/*
 * pcb_tsv.h: writing one field of a log line. The escaping is the log
 * format's contract (HACKING): backslash, TAB, LF and CR as \\ \t \n \r; any
 * other control byte, DEL, every byte that is not part of valid UTF-8, and
 * each byte of U+0085, U+2028 and U+2029 (line breaks to Python's
 * str.splitlines() and to JavaScript) as \xHH. The result is valid UTF-8
 * with no TAB, line break or control byte, and the original bytes can always
 * be recovered from it.
 */
#ifndef PCB_TSV_H
#define PCB_TSV_H

#include <stddef.h>

#include "pcb_buf.h"

/* Appends [len] bytes of [s], escaped, to [b]. */
void pcb_tsv_escape(struct pcb_buf *b, const char *s, size_t len);

/* An escaped field is at most this many times as long as the original (\xHH). */
enum { PCB_TSV_MAX_GROWTH = 4 };
/*
 * Writes [len] bytes of [s], escaped, at [dst], which has room for
 * PCB_TSV_MAX_GROWTH * len bytes (no NUL); returns the end.
 */
char *pcb_tsv_write(char *dst, const char *s, size_t len);

#endif
