/*
 * pcb_body.h: the body's framing. libfcgi does not enforce CONTENT_LENGTH, so
 * the length is parsed strictly here and the bytes that really arrived are
 * checked against it.
 */
#ifndef PCB_BODY_H
#define PCB_BODY_H

#include <stddef.h>

#include "pcb_error.h"

/*
 * Parses [cl] (CONTENT_LENGTH; NULL when absent) into [*len]. Only ASCII
 * digits are allowed: no sign, no space, no suffix. Returns PCB_OK;
 * PCB_ERR_LENGTH_MISSING when NULL or empty; PCB_ERR_LENGTH_INVALID;
 * PCB_ERR_BODY_TOO_LARGE when the value (however large) exceeds [max_body].
 */
enum pcb_err pcb_body_length(const char *cl, size_t max_body, size_t *len);

/*
 * How many bytes the reader should try to read for a body announced as
 * [len]: one more than announced, so that a longer body is noticed without
 * reading it whole.
 */
size_t pcb_body_read_size(size_t len);

/*
 * Judges a read: [got] bytes arrived (at most pcb_body_read_size(len)) for an
 * announced [len]. Returns PCB_OK, PCB_ERR_BODY_SHORT or PCB_ERR_BODY_LONG.
 */
enum pcb_err pcb_body_check(size_t len, size_t got);

#endif
