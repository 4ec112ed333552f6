/*
 * pcb_buf.h: a growable byte buffer. Growth is checked and bounded by [max];
 * after a failed append the buffer is unchanged and every later append fails
 * too, so a sequence of appends needs one check at the end (pcb_buf_failed).
 */
#ifndef PCB_BUF_H
#define PCB_BUF_H

#include <stddef.h>
#include <stdint.h>

struct pcb_buf {
	char *data; /* NUL-terminated when non-NULL */
	size_t len;
	size_t cap;
	size_t max; /* the most bytes it may hold; 0 = SIZE_MAX / 2 */
	int failed; /* set by the first append that could not grow */
};

void pcb_buf_init(struct pcb_buf *b, size_t max);
/* Releases the memory; [b] may be NULL. */
void pcb_buf_free(struct pcb_buf *b);
/* Empties the buffer and clears the failure, keeping the memory. */
void pcb_buf_reset(struct pcb_buf *b);
/* Makes room for [n] more bytes. Returns 0, or -1 (and sets failed). */
int pcb_buf_reserve(struct pcb_buf *b, size_t n);
void pcb_buf_append(struct pcb_buf *b, const void *p, size_t n);
void pcb_buf_puts(struct pcb_buf *b, const char *s);
void pcb_buf_putc(struct pcb_buf *b, char c);
void pcb_buf_put_i64(struct pcb_buf *b, int64_t v);
/*
 * For formatting straight into the buffer, without a call and a check per
 * piece: returns where [n] more bytes may be written, or NULL (and sets
 * failed) when it cannot grow. pcb_buf_commit then takes everything up to
 * [end] (at most those [n] bytes) as appended.
 */
char *pcb_buf_space(struct pcb_buf *b, size_t n);
void pcb_buf_commit(struct pcb_buf *b, char *end);
/* The most bytes pcb_buf_write_i64 writes. */
enum { PCB_I64_MAX_CHARS = 20 };
/* Writes [v] in decimal at [dst] (no NUL); returns the end. */
char *pcb_buf_write_i64(char *dst, int64_t v);
/* Cuts the buffer back to [len] bytes (len <= b->len). */
void pcb_buf_truncate(struct pcb_buf *b, size_t len);
static inline int pcb_buf_failed(const struct pcb_buf *b)
{
	return b->failed;
}

#endif
