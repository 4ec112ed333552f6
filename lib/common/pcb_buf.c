/* pcb_buf.c: see pcb_buf.h. */
#include <config.h>

#include "pcb_buf.h"

#include <stdlib.h>
#include <string.h>

enum { PCB_BUF_MIN_CAP = 256 };

void pcb_buf_init(struct pcb_buf *b, size_t max)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	b->max = max ? max : SIZE_MAX / 2;
	b->failed = 0;
}

void pcb_buf_free(struct pcb_buf *b)
{
	if (b == NULL)
		return;
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

void pcb_buf_reset(struct pcb_buf *b)
{
	b->len = 0;
	b->failed = 0;
	if (b->data != NULL)
		b->data[0] = '\0';
}

int pcb_buf_reserve(struct pcb_buf *b, size_t n)
{
	size_t want, cap;
	char *grown;

	if (b->failed)
		return -1;
	/* Room for n bytes and the terminating NUL, without overflow. */
	if (n > b->max - b->len) {
		b->failed = 1;
		return -1;
	}
	want = b->len + n + 1;
	if (want <= b->cap)
		return 0;
	cap = b->cap ? b->cap : PCB_BUF_MIN_CAP;
	while (cap < want)
		cap = cap > SIZE_MAX / 2 ? want : cap * 2;
	grown = realloc(b->data, cap);
	if (grown == NULL) {
		b->failed = 1;
		return -1;
	}
	b->data = grown;
	b->cap = cap;
	return 0;
}

void pcb_buf_append(struct pcb_buf *b, const void *p, size_t n)
{
	if (pcb_buf_reserve(b, n) < 0)
		return;
	if (n > 0)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void pcb_buf_puts(struct pcb_buf *b, const char *s)
{
	pcb_buf_append(b, s, strlen(s));
}

void pcb_buf_putc(struct pcb_buf *b, char c)
{
	pcb_buf_append(b, &c, 1);
}

char *pcb_buf_space(struct pcb_buf *b, size_t n)
{
	return pcb_buf_reserve(b, n) < 0 ? NULL : b->data + b->len;
}

void pcb_buf_commit(struct pcb_buf *b, char *end)
{
	b->len = (size_t)(end - b->data);
	b->data[b->len] = '\0';
}

char *pcb_buf_write_i64(char *dst, int64_t v)
{
	char digits[PCB_I64_MAX_CHARS];
	size_t i = sizeof(digits), n;
	/* Work on the magnitude as unsigned so that INT64_MIN is fine. */
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;

	do {
		digits[--i] = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	if (v < 0)
		*dst++ = '-';
	n = sizeof(digits) - i;
	memcpy(dst, digits + i, n);
	return dst + n;
}

void pcb_buf_put_i64(struct pcb_buf *b, int64_t v)
{
	char *w = pcb_buf_space(b, PCB_I64_MAX_CHARS);

	if (w != NULL)
		pcb_buf_commit(b, pcb_buf_write_i64(w, v));
}

void pcb_buf_truncate(struct pcb_buf *b, size_t len)
{
	if (len < b->len) {
		b->len = len;
		b->data[len] = '\0';
	}
}
