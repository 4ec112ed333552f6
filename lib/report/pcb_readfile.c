/* pcb_readfile.c: see pcb_readfile.h. */
#include <config.h>

#include "pcb_readfile.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pcb_logformat.h"

struct pcb_rf_chunk *pcb_rf_chunk_new(void)
{
	struct pcb_rf_chunk *c = calloc(1, sizeof(*c));

	if (c == NULL)
		return NULL;
	c->lines = malloc(PCB_RF_CHUNK_LINES * sizeof(*c->lines));
	c->bytes = malloc(PCB_RF_CHUNK_BYTES);
	c->cap = PCB_RF_CHUNK_BYTES;
	if (c->lines == NULL || c->bytes == NULL) {
		pcb_rf_chunk_free(c);
		return NULL;
	}
	return c;
}

void pcb_rf_chunk_free(struct pcb_rf_chunk *c)
{
	if (c == NULL)
		return;
	free(c->lines);
	free(c->bytes);
	free(c);
}

/* Adds a note to [f] (cut when the notes are full; lost on ENOMEM, which the caller then meets anyway). */
static void __attribute__((format(printf, 2, 3))) rf_note(struct pcb_rf_file *f, const char *fmt, ...)
{
	size_t room = PCB_RF_NOTES_MAX - f->notes_len;
	va_list ap;
	int n;

	if (f->notes == NULL && (f->notes = malloc(PCB_RF_NOTES_MAX)) == NULL)
		return;
	if (room < 2)
		return;
	va_start(ap, fmt);
	n = vsnprintf(f->notes + f->notes_len, room - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	f->notes_len += (size_t)n < room - 1 ? (size_t)n : room - 2;
	f->notes[f->notes_len++] = '\n';
	f->notes[f->notes_len] = '\0';
}

char *pcb_rf_twin_path(const char *path)
{
	const char *slash = strrchr(path, '/'), *base = slash != NULL ? slash + 1 : path;
	size_t len = strlen(path), gz = strlen(PCB_LOG_COMPRESSED);
	char *twin;

	if (!pcb_log_is_file_name(base))
		return NULL;
	len = pcb_log_plain_name_len(base) < strlen(base) ? len - gz : len + gz;
	twin = malloc(len + 1);
	if (twin == NULL)
		return NULL;
	if (len < strlen(path)) {
		memcpy(twin, path, len);
		twin[len] = '\0';
	} else {
		snprintf(twin, len + 1, "%s%s", path, PCB_LOG_COMPRESSED);
	}
	return twin;
}

int pcb_rf_is_twin(const char *a, const char *b)
{
	const char *slash = strrchr(a, '/'), *base = slash != NULL ? slash + 1 : a;
	char *t = pcb_rf_twin_path(a);
	int same = t != NULL && pcb_log_plain_name_len(base) == strlen(base) && strcmp(t, b) == 0;

	free(t);
	return same;
}

/*
 * Opens the log file f->path, or when it is gone its twin: housekeeping
 * compressed it, or a compressed one came back, since it was listed. Sets
 * f->opened. Returns the reader, or NULL with errno.
 */
static struct pcb_lr_file *rf_open_log(struct pcb_rf_file *f)
{
	struct pcb_lr_file *lr = pcb_lr_open(f->path);

	f->opened = f->path;
	if (lr != NULL || errno != ENOENT)
		return lr;
	f->twin_opened = pcb_rf_twin_path(f->path);
	if (f->twin_opened == NULL || (lr = pcb_lr_open(f->twin_opened)) == NULL) {
		errno = ENOENT;
		return NULL;
	}
	f->opened = f->twin_opened;
	return lr;
}

/*
 * Compares what the compressed file gave ([st], [line], [len]) with the
 * twin's next line; a torn line there is the plain file's cut last line
 * (housekeeping marks it so when it compresses).
 */
static void rf_twin_compare(struct pcb_rf_file *f, enum pcb_lr_status st, const char *line, size_t len)
{
	char *tl;
	size_t tlen;
	enum pcb_lr_status tst;
	int same;

	if (f->tf == NULL || f->twin_differs != 0)
		return;
	f->twin_lines++;
	tst = pcb_lr_next(f->tf, &tl, &tlen);
	same = tst == st && (st == PCB_LR_EOF || (tlen == len && memcmp(tl, line, len) == 0));
	if (!same && st == PCB_LR_TORN && tst == PCB_LR_INCOMPLETE)
		same = tlen + 1 == len && memcmp(tl, line, tlen) == 0;
	if (!same)
		f->twin_differs = f->twin_lines;
}

/* Binds the header [line] of [len] bytes. Returns PCB_RF_READ, _REJECTS or why not (noted). */
static enum pcb_rf_result rf_bind(struct pcb_rf_file *f, const char *line, size_t len)
{
	const char *missing = NULL;

	if (pcb_lr_raw_ctl(line, len)) {
		/* A header with a raw CR or NUL would bind a name such as "ErrInfo\r": a whole file misread. */
		rf_note(f, "%s: line 1 has a raw %s: not a push_callback log", f->opened,
			memchr(line, '\r', len) != NULL ? "CR (CRLF line ends?)" : "NUL");
		return PCB_RF_FAILED;
	}
	if (pcb_lr_header_parse(&f->h, line, len) != 0) {
		rf_note(f, "%s: no " PCB_LOG_FIELDS_TAG " header on line 1: not a push_callback log",
			f->opened);
		return PCB_RF_FAILED;
	}
	switch (pcb_report_bind(&f->h, &f->cols, &missing)) {
	case PCB_BIND_OK:
		return PCB_RF_READ;
	case PCB_BIND_REJECTS:
		if (f->cols.command >= 0)
			return PCB_RF_REJECTS;
		rf_note(f, "%s: no CallbackCommand or Index column: not a reject file", f->opened);
		return PCB_RF_FAILED;
	case PCB_BIND_MISSING:
		rf_note(f, "%s: no %s column: not an events file", f->opened, missing);
		return PCB_RF_FAILED;
	case PCB_BIND_AMBIGUOUS:
		break;
	}
	rf_note(f, "%s: needs exactly one identity column (%s)", f->opened, f->identities);
	return PCB_RF_FAILED;
}

/* Closes the files of [f] once read (its notes and names stay for the caller). */
static void rf_release(struct pcb_rf_file *f)
{
	free(f->header);
	f->header = NULL;
	pcb_lr_header_clear(&f->h);
	pcb_lr_close(f->f);
	f->f = NULL;
	pcb_lr_close(f->tf);
	f->tf = NULL;
}

/* pcb_rf_open, but for the release of the files when no lines follow. */
static int rf_open(struct pcb_rf_file *f)
{
	const char *slash = strrchr(f->path, '/');
	char *line;
	size_t len;
	enum pcb_lr_status st;

	/* A reject file by its name is not even opened unless its lines are read. */
	f->opened = f->path;
	if (!f->rejects && pcb_log_is_reject_name(slash != NULL ? slash + 1 : f->path)) {
		f->res = PCB_RF_SKIPPED;
		return 0;
	}

	f->f = rf_open_log(f);
	if (f->f == NULL) {
		rf_note(f, "%s: %s", f->path, strerror(errno));
		f->res = PCB_RF_FAILED;
		return 0;
	}
	st = pcb_lr_next(f->f, &line, &len);
	if (st == PCB_LR_ERROR) {
		rf_note(f, "%s: %s", f->opened, pcb_lr_strerror(f->f));
		f->res = PCB_RF_FAILED;
		return 0;
	}
	if (st != PCB_LR_LINE) {
		rf_note(f, "%s: no " PCB_LOG_FIELDS_TAG " header on line 1: not a push_callback log",
			f->opened);
		f->res = PCB_RF_FAILED;
		return 0;
	}
	f->res = rf_bind(f, line, len);
	f->had_events = f->res == PCB_RF_READ;
	f->is_rejects = f->res == PCB_RF_REJECTS;
	if (f->res == PCB_RF_REJECTS && !f->rejects)
		f->res = PCB_RF_SKIPPED;
	if (f->res != PCB_RF_READ && f->res != PCB_RF_REJECTS)
		return 0;
	/* Kept to recognise the header repeated by an at-least-once shipper (rsyslog). */
	f->header = malloc(len > 0 ? len : 1);
	if (f->header == NULL) {
		rf_note(f, "%s: out of memory", f->opened);
		f->res = PCB_RF_FATAL;
		return 0;
	}
	memcpy(f->header, line, len);
	f->header_len = len;
	if (f->twin != NULL) {
		/* Gone already: housekeeping finished its unlink meanwhile. */
		f->tf = pcb_lr_open(f->twin);
		rf_twin_compare(f, PCB_LR_LINE, line, len);
	}
	return 1;
}

/*
 * Adds what pcb_lr_next gave ([st], [line], [len]) to [c]. Returns 0, 1 when
 * it does not fit (an empty chunk grows to fit it), or -1 on ENOMEM.
 */
static int rf_add(struct pcb_rf_file *f, struct pcb_rf_chunk *c, enum pcb_lr_status st, const char *line,
		  size_t len)
{
	struct pcb_rf_line *l;

	if (c->n == PCB_RF_CHUNK_LINES)
		return 1;
	if (len + 1 > c->cap - c->used) {
		char *bytes;

		/* Only while empty: the lines' pointers would move. */
		if (c->n > 0)
			return 1;
		bytes = realloc(c->bytes, len + 1);
		if (bytes == NULL)
			return -1;
		c->bytes = bytes;
		c->cap = len + 1;
	}
	l = &c->lines[c->n++];
	l->st = st;
	l->lineno = pcb_lr_lineno(f->f);
	l->p = c->bytes + c->used;
	l->len = st == PCB_LR_TOO_LONG ? 0 : len;
	if (l->len > 0)
		memcpy(c->bytes + c->used, line, l->len);
	c->bytes[c->used + l->len] = '\0';
	c->used += l->len + 1;
	if (st == PCB_LR_LINE && !f->is_rejects)
		pcb_report_parse(f->opts, &f->cols, l->p, l->len, &l->ev);
	return 0;
}

/* Out of memory for a line: the end of [f] (PCB_RF_FATAL). Returns 0. */
static int rf_nomem(struct pcb_rf_file *f)
{
	rf_note(f, "%s: out of memory at line %llu", f->opened, (unsigned long long)pcb_lr_lineno(f->f));
	f->res = PCB_RF_FATAL;
	f->done = 1;
	return 0;
}

/* pcb_rf_fill, but for the release of the files at the end. */
static int rf_fill(struct pcb_rf_file *f, struct pcb_rf_chunk *c)
{
	c->n = 0;
	c->used = 0;
	/* An empty chunk holds any line (rf_add): only ENOMEM stops it. */
	if (f->pending) {
		f->pending = 0;
		if (rf_add(f, c, f->pending_st, f->pending_line, f->pending_len) != 0)
			return rf_nomem(f);
	}
	while (!f->done) {
		int added;
		char *line = NULL;
		size_t len = 0;
		enum pcb_lr_status st = pcb_lr_next(f->f, &line, &len);

		if (st != PCB_LR_ERROR)
			rf_twin_compare(f, st, line, len);
		if (st == PCB_LR_EOF) {
			f->done = 1;
			break;
		}
		if (st == PCB_LR_ERROR) {
			rf_note(f, "%s: read error after line %llu: %s", f->opened,
				(unsigned long long)pcb_lr_lineno(f->f), pcb_lr_strerror(f->f));
			f->res = PCB_RF_FAILED;
			f->done = 1;
			break;
		}
		/* The file's own header again (a collector that received it twice): not data. */
		if (st == PCB_LR_LINE && len == f->header_len && memcmp(line, f->header, len) == 0)
			continue;
		added = rf_add(f, c, st, line, len);
		if (added < 0)
			return rf_nomem(f);
		if (added == 0)
			continue;
		/* The chunk is full: this line starts the next one (the reader's buffer holds it until then). */
		f->pending = 1;
		f->pending_st = st;
		f->pending_line = line;
		f->pending_len = len;
		return 1;
	}
	return 0;
}

/* A file is released as soon as it is read: its lines are in the chunks. */
int pcb_rf_open(struct pcb_rf_file *f)
{
	int more = rf_open(f);

	if (!more)
		rf_release(f);
	return more;
}

int pcb_rf_fill(struct pcb_rf_file *f, struct pcb_rf_chunk *c)
{
	int more = rf_fill(f, c);

	if (!more)
		rf_release(f);
	return more;
}

void pcb_rf_close(struct pcb_rf_file *f)
{
	rf_release(f);
	free(f->twin_opened);
	f->twin_opened = NULL;
	free(f->notes);
	f->notes = NULL;
	f->notes_len = 0;
}
