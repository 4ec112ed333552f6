/*
 * pcb_report_table.h: a finished report as the tables every output format
 * shows (funnel, top errors, input summary), cell by cell, for the writers
 * of each format (format/pcb_report_text.c, _tsv.c, _json.c, _html.c,
 * _openmetrics.c), which pcb_report_out calls. Includes pcb_report_names.h,
 * never pcb_report_out.h: nothing here or in a writer calls back up.
 */
#ifndef PCB_REPORT_TABLE_H
#define PCB_REPORT_TABLE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "pcb_caltime.h"
#include "pcb_report.h"
#include "pcb_report_names.h"

#define RO_NELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* What a cell holds, which decides how each format renders it. */
enum ro_kind {
	RO_TEXT, /* plain UTF-8 text */
	RO_LOG,  /* a field as escaped in the log (printable as it is; unescaped for JSON) */
	RO_NUM,  /* a decimal integer */
	RO_RATE, /* a ratio; RO_NULL when its denominator is 0 */
	RO_NULL
};

struct ro_cell {
	enum ro_kind kind;
	const char *s; /* RO_TEXT, RO_LOG, RO_NUM: the text (into buf or owned by the report) */
	size_t len;
	double rate;
	char buf[PCB_CALTIME_BYTES];
	int in_buf; /* s points into buf: set again when the table's cells move (ro_row) */
};

struct ro_col {
	const char *name;
	int text_hidden; /* a column for scripts only (the vendor's number) */
};

/* The most columns of a table: a funnel's keys, counters and rates. */
#define RO_MAX_COLS 16

struct ro_table {
	const char *name;
	struct ro_col cols[RO_MAX_COLS];
	int key_value; /* two columns, key and value: JSON writes one object */
	size_t ncols, nrows, caprows;
	struct ro_cell *cells; /* nrows * ncols */
};

/* The tables of a report, in the order every format shows them; one without a name is not shown. */
enum { RO_FUNNEL, RO_ERRORS, RO_SUMMARY, RO_LATENCY, RO_NTABLES };

/*
 * Builds the tables of report [r], with at most [top] error rows, into [t].
 * Returns 0, or -1 on ENOMEM (or ERANGE); free them with pcb_rt_free either way.
 */
int pcb_rt_build(struct pcb_report *r, size_t top, struct ro_table t[RO_NTABLES]);
void pcb_rt_free(struct ro_table t[RO_NTABLES]);

/*
 * Renders cell [c] as format [fmt] shows it (PCB_FMT_TEXT and HTML: "66.7%"
 * and "-"; PCB_FMT_TSV: "0.6667" and "") into [buf] of [size] bytes when it
 * is not text already; sets [*s] and [*len] to what to print.
 */
void pcb_rt_plain(const struct ro_cell *c, enum pcb_report_format fmt, char *buf, size_t size, const char **s,
		  size_t *len);

/* The name of the report's time zone ("UTC" by default). */
const char *pcb_rt_tz_name(const struct pcb_report_opts *o);
/* One line saying what the report covers (text and HTML). */
void pcb_rt_title(FILE *out, const struct pcb_report_opts *o);
/* The commands read, separated by commas, each between [quote]s. */
void pcb_rt_commands(FILE *out, const struct pcb_report_opts *o, const char *quote);
/* A rate cell of [num] / [den] (RO_NULL when [den] is 0). */
void pcb_rt_rate(struct ro_cell *c, uint64_t num, uint64_t den);
/* The vendor's name of [platform], or its number. */
void pcb_rt_vendor(struct ro_cell *c, int64_t platform);
/* Adds the counters of [n] to [sum]. */
void pcb_rt_counts_add(struct pcb_report_counts *sum, const struct pcb_report_counts *n);

/* The writers of each format; 0, or -1 on ENOMEM. */
void pcb_rt_write_text(FILE *out, const struct pcb_report_opts *o, const struct ro_table t[RO_NTABLES]);
void pcb_rt_write_tsv(FILE *out, const struct ro_table t[RO_NTABLES]);
int pcb_rt_write_json(FILE *out, const struct pcb_report_opts *o, const struct ro_table t[RO_NTABLES]);
/* Rows a funnel chart of the HTML page draws at most (vendors, or TaskIds). */
#define PCB_REPORT_HTML_ROWS_MAX 100
int pcb_rt_write_html(FILE *out, struct pcb_report *r, const struct ro_table t[RO_NTABLES]);
int pcb_rt_write_openmetrics(FILE *out, struct pcb_report *r);

#endif
