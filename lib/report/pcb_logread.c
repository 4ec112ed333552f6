/* pcb_logread.c: see pcb_logread.h. */
#include <config.h>

#include "pcb_logread.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* The read buffer: room for one longest line, then at least as much again to read into. */
#define PCB_LR_BUF_BYTES (2 * PCB_LR_LINE_MAX + 2)
/* Its first size: it doubles up to PCB_LR_BUF_BYTES only when a line needs it. */
#define PCB_LR_BUF_MIN (64 * 1024)
/* zlib's own input buffer (it reads the file in pieces of this size). */
#define PCB_LR_GZBUF_BYTES (256 * 1024)

struct pcb_lr_file {
	gzFile gz;
	char *buf;
	size_t cap;   /* bytes at buf: PCB_LR_BUF_MIN to PCB_LR_BUF_BYTES */
	size_t start; /* first byte not yet returned */
	size_t end;   /* one past the last byte read */
	int eof;
	int skipping; /* inside a line longer than PCB_LR_LINE_MAX */
	uint64_t lineno;
	const char *why; /* reason for the last PCB_LR_ERROR */
};

struct pcb_lr_file *pcb_lr_open(const char *path)
{
	struct pcb_lr_file *f = calloc(1, sizeof(*f));

	if (f == NULL)
		goto fail;
	f->cap = PCB_LR_BUF_MIN;
	f->buf = malloc(f->cap);
	if (f->buf == NULL)
		goto fail;
	f->gz = gzopen(path, "rb");
	if (f->gz == NULL) {
		if (errno == 0)
			errno = ENOMEM;
		goto fail;
	}
	if (gzbuffer(f->gz, PCB_LR_GZBUF_BYTES) != 0) {
		errno = EINVAL;
		goto fail;
	}
	return f;
fail:
	pcb_lr_close(f);
	return NULL;
}

void pcb_lr_close(struct pcb_lr_file *f)
{
	if (f == NULL)
		return;
	if (f->gz != NULL)
		gzclose(f->gz);
	free(f->buf);
	free(f);
}

uint64_t pcb_lr_lineno(const struct pcb_lr_file *f)
{
	return f->lineno;
}

const char *pcb_lr_strerror(const struct pcb_lr_file *f)
{
	return f->why != NULL ? f->why : "no error";
}

/*
 * Doubles the buffer (up to PCB_LR_BUF_BYTES) once the bytes pending fill half
 * of it, so that a read always has room for at least as much again. At the
 * largest size, pending bytes (at most PCB_LR_LINE_MAX) never fill half.
 * Returns 0, or -1 (f->why set) on ENOMEM.
 */
static int lr_room(struct pcb_lr_file *f)
{
	size_t cap = f->cap;
	char *buf;

	if (f->end < cap / 2 || cap >= PCB_LR_BUF_BYTES)
		return 0;
	cap = cap <= PCB_LR_BUF_BYTES / 2 ? cap * 2 : PCB_LR_BUF_BYTES;
	buf = realloc(f->buf, cap);
	if (buf == NULL) {
		f->why = strerror(ENOMEM);
		return -1;
	}
	f->buf = buf;
	f->cap = cap;
	return 0;
}

/* Reads more bytes after f->end. Returns 0 (f->eof set at the end) or -1 (f->why set). */
static int lr_fill(struct pcb_lr_file *f)
{
	size_t room;
	int n, errnum;
	const char *msg;

	if (lr_room(f) != 0)
		return -1;
	room = f->cap - 1 - f->end; /* keep one byte for a NUL */
	if (room > INT_MAX)
		room = INT_MAX;
	n = gzread(f->gz, f->buf + f->end, (unsigned)room);
	if (n < 0) {
		msg = gzerror(f->gz, &errnum);
		f->why = errnum == Z_ERRNO ? strerror(errno) : msg;
		return -1;
	}
	if (n == 0) {
		/* zlib ends a truncated gzip stream like a whole one, but remembers Z_BUF_ERROR. */
		msg = gzerror(f->gz, &errnum);
		if (errnum == Z_BUF_ERROR) {
			f->why = msg;
			return -1;
		}
		f->eof = 1;
	}
	f->end += (size_t)n;
	return 0;
}

/* The next line as it is in the file (pcb_lr_next without the torn-line marking). */
static enum pcb_lr_status lr_next_line(struct pcb_lr_file *f, char **line, size_t *len)
{
	enum pcb_lr_status st;

	for (;;) {
		char *from = f->buf + f->start;
		char *nl = memchr(from, '\n', f->end - f->start);
		size_t pending;

		if (nl != NULL) {
			*nl = '\0';
			*line = from;
			*len = (size_t)(nl - from);
			f->start = (size_t)(nl - f->buf) + 1;
			f->lineno++;
			st = PCB_LR_LINE;
			if (f->skipping || *len > PCB_LR_LINE_MAX)
				st = PCB_LR_TOO_LONG;
			f->skipping = 0;
			break;
		}
		pending = f->end - f->start;
		if (f->skipping || pending > PCB_LR_LINE_MAX) {
			/* Drop what we have of an overlong line; its end is skipped when found. */
			f->skipping = 1;
			pending = 0;
		}
		memmove(f->buf, from, pending);
		f->start = 0;
		f->end = pending;
		if (f->eof) {
			st = PCB_LR_EOF;
			if (f->skipping) {
				f->skipping = 0;
				f->lineno++;
				st = PCB_LR_TOO_LONG;
			} else if (pending > 0) {
				f->buf[pending] = '\0';
				*line = f->buf;
				*len = pending;
				f->start = f->end = 0;
				f->lineno++;
				st = PCB_LR_INCOMPLETE;
			}
			break;
		}
		if (lr_fill(f) != 0) {
			st = PCB_LR_ERROR;
			break;
		}
	}
	return st;
}

/* The start of the comment line after a torn line, tag and TAB. */
static const char TORN_COMMENT[] = PCB_LOG_TORN_TAG "\t";
#define TORN_COMMENT_LEN (sizeof(TORN_COMMENT) - 1)

enum pcb_lr_status pcb_lr_next(struct pcb_lr_file *f, char **line, size_t *len)
{
	enum pcb_lr_status st;

	for (;;) {
		st = lr_next_line(f, line, len);
		if (st != PCB_LR_LINE)
			return st;
		if (*len > 0 && (*line)[*len - 1] == PCB_LOG_TORN_BYTE)
			return PCB_LR_TORN;
		if (*len < TORN_COMMENT_LEN || memcmp(*line, TORN_COMMENT, TORN_COMMENT_LEN) != 0)
			return st;
		/* The comment after a torn line: for people, not data. */
	}
}

size_t pcb_lr_split(const char *line, size_t len, struct pcb_lr_field *fields, size_t max)
{
	const char *p = line, *end = line + len;
	size_t n = 0;

	for (;;) {
		const char *tab = memchr(p, '\t', (size_t)(end - p));
		const char *stop = tab != NULL ? tab : end;

		if (n < max) {
			fields[n].p = p;
			fields[n].len = (size_t)(stop - p);
		}
		n++;
		if (tab == NULL)
			break;
		p = tab + 1;
	}
	return n;
}

void pcb_lr_header_clear(struct pcb_lr_header *h)
{
	for (size_t i = 0; i < h->count; i++)
		free(h->names[i]);
	h->count = 0;
}

int pcb_lr_header_parse(struct pcb_lr_header *h, const char *line, size_t len)
{
	struct pcb_lr_field fields[PCB_LR_COLUMNS_MAX + 1];
	size_t n = pcb_lr_split(line, len, fields, PCB_LR_COLUMNS_MAX + 1);
	int rc = -1;

	h->count = 0;
	if (n < 2 || n > PCB_LR_COLUMNS_MAX + 1)
		goto out;
	if (fields[0].len != strlen(PCB_LOG_FIELDS_TAG) ||
	    memcmp(fields[0].p, PCB_LOG_FIELDS_TAG, fields[0].len) != 0)
		goto out;
	for (size_t i = 1; i < n; i++) {
		char *name;

		if (fields[i].len == 0)
			goto out;
		name = malloc(fields[i].len + 1);
		if (name == NULL)
			goto out;
		memcpy(name, fields[i].p, fields[i].len);
		name[fields[i].len] = '\0';
		h->names[h->count++] = name;
	}
	rc = 0;
out:
	if (rc != 0)
		pcb_lr_header_clear(h);
	return rc;
}

int pcb_lr_header_find(const struct pcb_lr_header *h, const char *name)
{
	int found = -1;

	for (size_t i = 0; i < h->count; i++) {
		if (strcmp(h->names[i], name) == 0) {
			found = (int)i;
			break;
		}
	}
	return found;
}

/* The value of a lowercase hex digit, or -1. */
int pcb_lr_int(const char *p, size_t len, int64_t *out)
{
	size_t i = 0;
	int neg = 0;
	uint64_t v = 0;
	/* The magnitude allowed: INT64_MAX, or one more for a negative number. */
	uint64_t limit = (uint64_t)INT64_MAX;

	if (len > 0 && p[0] == '-') {
		neg = 1;
		limit = (uint64_t)INT64_MAX + 1;
		i = 1;
	}
	if (i == len)
		return -1;
	for (; i < len; i++) {
		unsigned d = (unsigned)(unsigned char)p[i] - '0';

		if (d > 9)
			return -1;
		if (v > (limit - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	if (neg)
		*out = v == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)v;
	else
		*out = (int64_t)v;
	return 0;
}
