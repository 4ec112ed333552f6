/* pcb_utf8.h: UTF-8 validation, one sequence at a time (RFC 3629). */
#ifndef PCB_UTF8_H
#define PCB_UTF8_H

#include <stddef.h>

/*
 * Returns the length (2 to 4) of the valid multi-byte UTF-8 sequence that
 * starts at [p], of which [avail] bytes are readable, or 0 when it is not one:
 * a stray continuation byte, an overlong form, a surrogate (U+D800..U+DFFF),
 * a code point over U+10FFFF or a truncated sequence. *p must be >= 0x80.
 */
size_t pcb_utf8_seq_len(const unsigned char *p, size_t avail);

/*
 * True when the [len]-byte sequence at [p], one that pcb_utf8_seq_len
 * accepted, is a line break beyond ASCII: U+0085 NEXT LINE, U+2028 LINE
 * SEPARATOR or U+2029 PARAGRAPH SEPARATOR. Python's str.splitlines() splits
 * at all three, JavaScript at the last two.
 */
int pcb_utf8_is_line_break(const unsigned char *p, size_t len);

#endif
