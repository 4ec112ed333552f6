/*
 * pcb_readfile.h: one log file read for the report, in chunks of lines
 * parsed ahead of their counting (pcb_report_parse), so that several files
 * can be read at once on other threads while the report counts their lines
 * in order.
 *
 * A file is opened by its listed name, or by its twin (NAME.tsv.gz for
 * NAME.tsv and the reverse) when housekeeping renamed it since it was
 * listed; a plain twin listed beside a compressed file is read alongside
 * and compared, not counted. Nothing here prints: what a file has to say is
 * kept as notes, which the caller says when it counts the file, so the
 * diagnostics come in the order of the files whatever the threads.
 */
#ifndef PCB_READFILE_H
#define PCB_READFILE_H

#include <stddef.h>
#include <stdint.h>

#include "pcb_logread.h"
#include "pcb_report.h"

/* Lines a chunk holds at most. */
#define PCB_RF_CHUNK_LINES 2048
/*
 * Bytes of line text a chunk holds at first; an empty chunk grows to hold
 * one longer line (at most PCB_LR_LINE_MAX and its NUL), and keeps that size.
 */
#define PCB_RF_CHUNK_BYTES (256 * 1024)
/* Bytes of notes kept per file (a few lines); more are cut. */
#define PCB_RF_NOTES_MAX 2048

/* What one file came to; PCB_RF_REJECTS: a reject file read for its reasons. */
enum pcb_rf_result { PCB_RF_READ, PCB_RF_REJECTS, PCB_RF_SKIPPED, PCB_RF_FAILED, PCB_RF_FATAL };

/* One line of a chunk. */
struct pcb_rf_line {
	enum pcb_lr_status st; /* PCB_LR_LINE, _TORN, _TOO_LONG or _INCOMPLETE */
	uint64_t lineno;       /* in its file */
	const char *p;         /* its bytes in the chunk, NUL-terminated (none for _TOO_LONG) */
	size_t len;
	struct pcb_report_event ev; /* a PCB_LR_LINE of an events file: parsed */
};

struct pcb_rf_chunk {
	struct pcb_rf_line *lines;
	size_t n;
	char *bytes; /* cap bytes: PCB_RF_CHUNK_BYTES, or one longer line's */
	size_t used, cap;
	struct pcb_rf_chunk *next; /* the caller's queue */
};

/* A new empty chunk, or NULL on ENOMEM. */
struct pcb_rf_chunk *pcb_rf_chunk_new(void);
/* Frees [c]; NULL is a no-op. */
void pcb_rf_chunk_free(struct pcb_rf_chunk *c);

struct pcb_rf_file {
	/* Set by the caller before pcb_rf_open. */
	const char *path; /* as listed */
	const char *twin; /* the plain NAME.tsv listed beside a compressed [path], or NULL */
	int rejects;      /* read a reject file's lines (else it is PCB_RF_SKIPPED) */
	const struct pcb_report_opts *opts; /* for pcb_report_parse */
	const char *identities;             /* the identity columns, for a note ("PushID, TaskId") */
	/* Set by pcb_rf_open and pcb_rf_fill. */
	enum pcb_rf_result res;
	int had_events;              /* its header was an events file's */
	int is_rejects;              /* its lines are a reject file's, read (not parsed) */
	struct pcb_report_cols cols; /* the columns its lines were parsed by */
	const char *opened;          /* the path read: path, or its twin */
	uint64_t twin_differs;       /* the first line where twin differs; 0: the same, or none */
	char *
	    notes; /* NULL, or diagnostics (PCB_RF_NOTES_MAX bytes), one per line, each ending in a newline */
	size_t notes_len;
	/* Private. */
	struct pcb_lr_file *f, *tf;
	char *twin_opened;
	struct pcb_lr_header h;
	char *header;
	size_t header_len;
	uint64_t twin_lines;
	int done;
	int pending; /* a line read that did not fit the last chunk: the next one starts with it */
	enum pcb_lr_status pending_st;
	const char *pending_line;
	size_t pending_len;
};

/*
 * Opens [f] (path, twin, rejects, opts and identities set) and reads its
 * header. Returns 1 when lines follow (pcb_rf_fill), 0 when not (f->res
 * says why: the notes too). Once it or pcb_rf_fill returns 0 the file is
 * closed; the notes and f->opened stay until pcb_rf_close.
 */
int pcb_rf_open(struct pcb_rf_file *f);

/*
 * Reads the next lines of [f] into the empty chunk [c], parsing each line of
 * an events file. Returns 1 when more may follow, 0 at the end of the file
 * (f->res final: PCB_RF_READ, _REJECTS, _FAILED on a read error, _FATAL on
 * ENOMEM; the notes say the last two).
 */
int pcb_rf_fill(struct pcb_rf_file *f, struct pcb_rf_chunk *c);

/* Frees what [f] holds (not [f]), notes included; then f->opened is no longer valid. */
void pcb_rf_close(struct pcb_rf_file *f);

/*
 * The other name of log file [path]: NAME.tsv.gz for NAME.tsv and NAME.tsv
 * for NAME.tsv.gz (what housekeeping turns one into); NULL when [path] is no
 * log file's name, or on ENOMEM. Free it.
 */
char *pcb_rf_twin_path(const char *path);

/*
 * Whether [a] and [b] are NAME.tsv and NAME.tsv.gz (in that order), one log
 * file before and after housekeeping: the same lines, to be read once, from
 * [b] with [a] as its twin. 0 on ENOMEM.
 */
int pcb_rf_is_twin(const char *a, const char *b);

#endif
