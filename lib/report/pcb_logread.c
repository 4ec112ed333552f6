/* pcb_logread.c: see pcb_logread.h. */
#include <config.h>

#include "pcb_logread.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

/* The read buffer: room for one longest line, then at least as much again to read into. */
#define PCB_LR_BUF_BYTES (2 * PCB_LR_LINE_MAX + 2)
/* Its first size: it doubles up to PCB_LR_BUF_BYTES only when a line needs it. */
#define PCB_LR_BUF_MIN (64 * 1024)
/* The file's bytes are read in pieces of this size (compressed ones, for inflate). */
#define PCB_LR_INBUF_BYTES (256 * 1024)
/* The first two bytes of a gzip member (RFC 1952). */
#define PCB_LR_GZ_MAGIC0 0x1f
#define PCB_LR_GZ_MAGIC1 0x8b
/* inflate's window bits for a gzip stream only (zlib.h: 16 + the largest window). */
#define PCB_LR_GZ_WBITS (16 + MAX_WBITS)

struct pcb_lr_file {
	int fd;
	int gz;      /* gzip: the bytes of in go through inflate; else they are the lines */
	int gz_end;  /* the last gzip member ended: only another member may follow */
	int zinit;   /* zs holds inflate's state */
	z_stream zs; /* next_in, avail_in: the bytes of in not used yet */
	unsigned char *in;
	int in_eof; /* read(2) said the end */
	char *buf;
	size_t cap;   /* bytes at buf: PCB_LR_BUF_MIN to PCB_LR_BUF_BYTES */
	size_t start; /* first byte not yet returned */
	size_t end;   /* one past the last byte read */
	int eof;
	int skipping; /* inside a line longer than PCB_LR_LINE_MAX */
	uint64_t lineno;
	const char *why; /* reason for the last PCB_LR_ERROR */
};

/*
 * Reads more of the file after the [f->zs.avail_in] bytes not used yet
 * (moved to the front of f->in). Returns 0 (f->in_eof set at the end), or -1
 * with errno.
 */
static int lr_read_in(struct pcb_lr_file *f)
{
	ssize_t n;

	if (f->zs.avail_in > 0 && f->zs.next_in != f->in)
		memmove(f->in, f->zs.next_in, f->zs.avail_in);
	f->zs.next_in = f->in;
	do
		n = read(f->fd, f->in + f->zs.avail_in, PCB_LR_INBUF_BYTES - f->zs.avail_in);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -1;
	if (n == 0)
		f->in_eof = 1;
	f->zs.avail_in += (uInt)n;
	return 0;
}

struct pcb_lr_file *pcb_lr_open(const char *path)
{
	struct pcb_lr_file *f = calloc(1, sizeof(*f));
	struct stat st;
	int saved;

	if (f == NULL)
		goto fail;
	f->fd = -1;
	f->cap = PCB_LR_BUF_MIN;
	f->buf = malloc(f->cap);
	f->in = malloc(PCB_LR_INBUF_BYTES);
	if (f->buf == NULL || f->in == NULL) {
		errno = ENOMEM;
		goto fail;
	}
	/* O_NONBLOCK: a FIFO's open would wait for a writer (on a regular file it changes nothing). */
	f->fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (f->fd < 0)
		goto fail;
	if (fstat(f->fd, &st) != 0)
		goto fail;
	if (!S_ISREG(st.st_mode)) {
		errno = EINVAL;
		goto fail;
	}
	/* Plain or gzip by the first bytes, as gzip -dc and zcat -f tell them. */
	while (f->zs.avail_in < 2 && !f->in_eof)
		if (lr_read_in(f) != 0)
			goto fail;
	f->gz = f->zs.avail_in >= 2 && f->in[0] == PCB_LR_GZ_MAGIC0 && f->in[1] == PCB_LR_GZ_MAGIC1;
	if (f->gz) {
		if (inflateInit2(&f->zs, PCB_LR_GZ_WBITS) != Z_OK) {
			errno = ENOMEM;
			goto fail;
		}
		f->zinit = 1;
	}
	return f;
fail:
	saved = errno;
	pcb_lr_close(f);
	errno = saved;
	return NULL;
}

void pcb_lr_close(struct pcb_lr_file *f)
{
	if (f == NULL)
		return;
	if (f->zinit)
		inflateEnd(&f->zs);
	if (f->fd >= 0)
		close(f->fd);
	free(f->in);
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

/* Copies up to [room] plain bytes to [out]. Returns their number (0 at the end), or -1 (f->why set). */
static long lr_plain(struct pcb_lr_file *f, char *out, size_t room)
{
	size_t n;

	if (f->zs.avail_in == 0 && !f->in_eof && lr_read_in(f) != 0) {
		f->why = strerror(errno);
		return -1;
	}
	n = f->zs.avail_in < room ? f->zs.avail_in : room;
	memcpy(out, f->zs.next_in, n);
	f->zs.next_in += n;
	f->zs.avail_in -= (uInt)n;
	return (long)n;
}

/*
 * After a gzip member's end: the start of the next member (inflate reset),
 * or the end of the file. Returns 1 when a member follows, 0 at the end, -1
 * (f->why set) when other bytes follow: damage, as a truncated stream is.
 */
static int lr_next_member(struct pcb_lr_file *f)
{
	while (f->zs.avail_in < 2 && !f->in_eof)
		if (lr_read_in(f) != 0) {
			f->why = strerror(errno);
			return -1;
		}
	if (f->zs.avail_in == 0)
		return 0;
	if (f->zs.avail_in < 2 || f->zs.next_in[0] != PCB_LR_GZ_MAGIC0 ||
	    f->zs.next_in[1] != PCB_LR_GZ_MAGIC1) {
		f->why = "data after the end of the gzip stream";
		return -1;
	}
	if (inflateReset(&f->zs) != Z_OK) {
		f->why = "inflateReset failed";
		return -1;
	}
	f->gz_end = 0;
	return 1;
}

/* Inflates up to [room] bytes to [out]. Returns their number (0 at the end), or -1 (f->why set). */
static long lr_inflate(struct pcb_lr_file *f, char *out, size_t room)
{
	for (;;) {
		int zr, more;

		if (f->gz_end) {
			more = lr_next_member(f);
			if (more <= 0)
				return more;
		}
		if (f->zs.avail_in == 0 && !f->in_eof && lr_read_in(f) != 0) {
			f->why = strerror(errno);
			return -1;
		}
		if (f->zs.avail_in == 0) {
			f->why = "unexpected end of file (a truncated gzip stream)";
			return -1;
		}
		f->zs.next_out = (unsigned char *)out;
		f->zs.avail_out = room > UINT_MAX ? UINT_MAX : (uInt)room;
		zr = inflate(&f->zs, Z_NO_FLUSH);
		if (zr == Z_STREAM_END)
			f->gz_end = 1;
		else if (zr != Z_OK && zr != Z_BUF_ERROR) {
			f->why = f->zs.msg != NULL ? f->zs.msg : "gzip data error";
			return -1;
		}
		if ((char *)f->zs.next_out != out)
			return (long)((char *)f->zs.next_out - out);
	}
}

/* Reads more bytes after f->end. Returns 0 (f->eof set at the end) or -1 (f->why set). */
static int lr_fill(struct pcb_lr_file *f)
{
	size_t room;
	long n;

	if (lr_room(f) != 0)
		return -1;
	room = f->cap - 1 - f->end; /* keep one byte for a NUL */
	n = f->gz ? lr_inflate(f, f->buf + f->end, room) : lr_plain(f, f->buf + f->end, room);
	if (n < 0)
		return -1;
	if (n == 0)
		f->eof = 1;
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

int pcb_lr_raw_ctl(const char *line, size_t len)
{
	return memchr(line, '\r', len) != NULL || memchr(line, '\0', len) != NULL;
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
	if (n < 2 || n > PCB_LR_COLUMNS_MAX + 1 || pcb_lr_raw_ctl(line, len))
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
