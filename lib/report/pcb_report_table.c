/* pcb_report_table.c: see pcb_report_table.h. */
#include <config.h>

#include "pcb_report_table.h"

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pcb_logformat.h"

/* A named uint64_t counter of a struct, by its offset. */
struct ro_field {
	const char *name;
	size_t offset;
};

/* The funnel counters, in column order, with their names. */
static const struct ro_field ro_counts[] = {
	{ "sent", offsetof(struct pcb_report_counts, sent) },
	{ "send_failed", offsetof(struct pcb_report_counts, send_failed) },
	{ "delivered", offsetof(struct pcb_report_counts, delivered) },
	{ "deliver_failed", offsetof(struct pcb_report_counts, deliver_failed) },
	{ "clicked", offsetof(struct pcb_report_counts, clicked) },
	{ "click_failed", offsetof(struct pcb_report_counts, click_failed) },
	{ "other_stage", offsetof(struct pcb_report_counts, other_stage) },
};
#define RO_NCOUNTS (sizeof(ro_counts) / sizeof(ro_counts[0]))

/* The summary, in row order. */
static const struct ro_field ro_summary[] = {
	{ "files_read", offsetof(struct pcb_report_summary, files_read) },
	{ "files_skipped", offsetof(struct pcb_report_summary, files_skipped) },
	{ "files_failed", offsetof(struct pcb_report_summary, files_failed) },
	{ "lines", offsetof(struct pcb_report_summary, lines) },
	{ "counted", offsetof(struct pcb_report_summary, counted) },
	{ "duplicates_dropped", offsetof(struct pcb_report_summary, duplicates) },
	{ "malformed", offsetof(struct pcb_report_summary, malformed) },
	{ "torn", offsetof(struct pcb_report_summary, torn) },
	{ "outside_period", offsetof(struct pcb_report_summary, outside_period) },
	{ "other_command", offsetof(struct pcb_report_summary, other_command) },
	{ "without_identity", offsetof(struct pcb_report_summary, no_identity) },
	{ "errors_unlisted", offsetof(struct pcb_report_summary, errors_unlisted) },
};

/* The key columns of the funnel of each grouping; ro_counts and ro_rates follow them. */
static const struct ro_col ro_cols_vendor[] = {
	{ "command", 0 }, { "push", 0 }, { "platform", 1 }, { "vendor", 0 }
};
static const struct ro_col ro_cols_period[] = {
	{ "command", 0 }, { "push", 0 }, { "platform", 1 }, { "vendor", 0 }, { "period", 0 }
};
static const struct ro_col ro_cols_taskid[] = { { "command", 0 }, { "push", 0 }, { "taskid", 0 } };
/* The rates after the counters: reach = delivered / sent, click = clicked / delivered. */
static const struct ro_col ro_rates[] = { { "reach_rate", 0 }, { "click_rate", 0 } };
static const struct ro_col ro_cols_errors[] = { { "platform", 1 }, { "vendor", 0 }, { "stage", 0 },
						{ "errcode", 0 },  { "count", 0 },  { "errinfo", 0 } };
static const struct ro_col ro_cols_summary[] = { { "key", 0 }, { "value", 0 } };
/* The latency columns after a funnel's key columns (pcb_hist.h). */
static const struct ro_col ro_cols_latency[] = { { "span", 0 },    { "count", 0 }, { "p50", 0 },
						 { "p90", 0 },     { "p99", 0 },   { "max", 0 },
						 { "negative", 0 } };
/* The percentiles of the latency table, in column order. */
static const unsigned ro_percentiles[] = { 50, 90, 99 };

#define RO_NELEMS(a) (sizeof(a) / sizeof((a)[0]))
_Static_assert(RO_NELEMS(ro_cols_period) + RO_NCOUNTS + RO_NELEMS(ro_rates) <= RO_MAX_COLS &&
		   RO_NELEMS(ro_cols_period) + RO_NELEMS(ro_cols_latency) <= RO_MAX_COLS &&
		   RO_NELEMS(ro_cols_errors) <= RO_MAX_COLS,
	       "every table's columns fit RO_MAX_COLS");

/* Appends [n] columns to [t]'s. */
static void ro_add_cols(struct ro_table *t, const struct ro_col *cols, size_t n)
{
	memcpy(t->cols + t->ncols, cols, n * sizeof(*cols));
	t->ncols += n;
}

static void ro_table_init(struct ro_table *t, const char *name, const struct ro_col *cols, size_t ncols)
{
	memset(t, 0, sizeof(*t));
	t->name = name;
	ro_add_cols(t, cols, ncols);
}

/* A funnel table: the key columns [keys], then every counter of ro_counts, then the rates. */
static void ro_funnel_init(struct ro_table *t, const struct ro_col *keys, size_t nkeys)
{
	ro_table_init(t, "funnel", keys, nkeys);
	for (size_t i = 0; i < RO_NCOUNTS; i++)
		t->cols[t->ncols++] = (struct ro_col){ ro_counts[i].name, 0 };
	ro_add_cols(t, ro_rates, RO_NELEMS(ro_rates));
}

/* Appends an empty row to [t]; returns its first cell, or NULL on ENOMEM. */
static struct ro_cell *ro_row(struct ro_table *t)
{
	struct ro_cell *row;

	if (t->nrows == t->caprows) {
		size_t cap = t->caprows == 0 ? 16 : t->caprows * 2;
		struct ro_cell *cells;

		if (cap > SIZE_MAX / t->ncols / sizeof(*cells))
			return NULL;
		/* A cell's text may be in its own buf, which moves with the cells. */
		for (size_t i = 0; i < t->nrows * t->ncols; i++)
			t->cells[i].in_buf = t->cells[i].s == t->cells[i].buf;
		cells = realloc(t->cells, cap * t->ncols * sizeof(*cells));
		if (cells == NULL)
			return NULL;
		for (size_t i = 0; i < t->nrows * t->ncols; i++)
			if (cells[i].in_buf)
				cells[i].s = cells[i].buf;
		t->cells = cells;
		t->caprows = cap;
	}
	row = &t->cells[t->nrows++ * t->ncols];
	memset(row, 0, t->ncols * sizeof(*row));
	return row;
}

static void ro_text(struct ro_cell *c, const char *s)
{
	c->kind = RO_TEXT;
	c->s = s;
	c->len = strlen(s);
}

static void ro_log(struct ro_cell *c, const char *s, size_t len)
{
	c->kind = RO_LOG;
	c->s = s;
	c->len = len;
}

static void ro_num(struct ro_cell *c, long long v)
{
	c->kind = RO_NUM;
	c->len = (size_t)snprintf(c->buf, sizeof(c->buf), "%lld", v);
	c->s = c->buf;
}

static void ro_unum(struct ro_cell *c, uint64_t v)
{
	c->kind = RO_NUM;
	c->len = (size_t)snprintf(c->buf, sizeof(c->buf), "%llu", (unsigned long long)v);
	c->s = c->buf;
}

void pcb_rt_rate(struct ro_cell *c, uint64_t num, uint64_t den)
{
	c->kind = RO_NULL;
	if (den > 0) {
		c->kind = RO_RATE;
		c->rate = (double)num / (double)den;
	}
}

/* The vendor's name, or its number in [c]'s buffer. */
void pcb_rt_vendor(struct ro_cell *c, int64_t platform)
{
	const char *name = pcb_report_vendor_name(platform);

	if (name != NULL)
		ro_text(c, name);
	else
		ro_num(c, platform);
	c->kind = RO_TEXT;
}

/* The counter [f] of the struct at [s]. */
static uint64_t ro_field_get(const void *s, const struct ro_field *f)
{
	uint64_t v;

	memcpy(&v, (const char *)s + f->offset, sizeof(v));
	return v;
}

/* Fills the counters and rates of a funnel row from [n], starting at cell [c]. */
static void ro_counts_cells(struct ro_cell *c, const struct pcb_report_counts *n)
{
	for (size_t i = 0; i < RO_NCOUNTS; i++)
		ro_unum(c++, ro_field_get(n, &ro_counts[i]));
	pcb_rt_rate(c++, n->delivered, n->sent);
	pcb_rt_rate(c, n->clicked, n->delivered);
}

/* The key columns of a group under grouping [by]: sets [*n]. */
static const struct ro_col *ro_key_cols(enum pcb_report_by by, size_t *n)
{
	if (by == PCB_BY_TASKID) {
		*n = RO_NELEMS(ro_cols_taskid);
		return ro_cols_taskid;
	}
	if (by == PCB_BY_VENDOR) {
		*n = RO_NELEMS(ro_cols_vendor);
		return ro_cols_vendor;
	}
	*n = RO_NELEMS(ro_cols_period);
	return ro_cols_period;
}

/*
 * Appends a row to [t] and fills the key cells of group [g] under grouping
 * [by]. Returns the cell after them, or NULL on ENOMEM (or ERANGE).
 */
static struct ro_cell *ro_key_row(struct ro_table *t, const struct pcb_report_group *g, enum pcb_report_by by)
{
	struct ro_cell *c = ro_row(t);

	if (c == NULL)
		return NULL;
	ro_text(c++, pcb_commands[g->cmd]->name);
	ro_text(c++, g->online ? "online" : "offline");
	if (by == PCB_BY_TASKID) {
		ro_log(c++, g->taskid, g->taskid_len);
		return c;
	}
	ro_num(c++, g->platform);
	pcb_rt_vendor(c++, g->platform);
	/* A group's period always has a date: pcb_report_add refuses the others. */
	if (by != PCB_BY_VENDOR) {
		if (pcb_report_format_period(g->period, by, c->buf) != 0) {
			errno = ERANGE;
			return NULL;
		}
		ro_text(c, c->buf);
		c++;
	}
	return c;
}

static int ro_funnel_table(struct ro_table *t, struct pcb_report *r)
{
	enum pcb_report_by by = pcb_report_opts(r)->by;
	const struct pcb_report_group *const *g;
	size_t n = pcb_report_groups(r, &g), nkeys;
	const struct ro_col *keys = ro_key_cols(by, &nkeys);

	ro_funnel_init(t, keys, nkeys);
	if (g == NULL)
		return -1;
	for (size_t i = 0; i < n; i++) {
		struct ro_cell *c = ro_key_row(t, g[i], by);

		if (c == NULL)
			return -1;
		ro_counts_cells(c, &g[i]->n);
	}
	return 0;
}

/* The latency cells of histogram [h] from [c]: count, the percentiles, max (RO_NULL without spans), negative. */
static void ro_latency_cells(struct ro_cell *c, const struct pcb_hist *h)
{
	ro_unum(c++, h->count);
	for (size_t i = 0; i < RO_NELEMS(ro_percentiles); i++, c++) {
		c->kind = RO_NULL;
		if (h->count > 0)
			ro_num(c, pcb_hist_percentile(h, ro_percentiles[i]));
	}
	c->kind = RO_NULL;
	if (h->count > 0)
		ro_num(c, h->max);
	ro_unum(++c, h->negative);
}

/* A row per group and span that has any span, in group order, then span order. */
static int ro_latency_table(struct ro_table *t, struct pcb_report *r)
{
	enum pcb_report_by by = pcb_report_opts(r)->by;
	const struct pcb_report_group *const *g;
	size_t n = pcb_report_groups(r, &g), nkeys;
	const struct ro_col *keys = ro_key_cols(by, &nkeys);

	ro_table_init(t, "latency", keys, nkeys);
	ro_add_cols(t, ro_cols_latency, RO_NELEMS(ro_cols_latency));
	if (g == NULL)
		return -1;
	for (size_t i = 0; i < n; i++) {
		for (size_t s = 0; s < PCB_NSPANS; s++) {
			const struct pcb_hist *h = &g[i]->lat[s];
			struct ro_cell *c;

			if (h->count == 0 && h->negative == 0)
				continue;
			c = ro_key_row(t, g[i], by);
			if (c == NULL)
				return -1;
			ro_text(c++, pcb_span_name((enum pcb_span)s));
			ro_latency_cells(c, h);
		}
	}
	return 0;
}

static int ro_errors_table(struct ro_table *t, struct pcb_report *r, size_t top)
{
	const struct pcb_report_error *const *e;
	size_t n = pcb_report_errors(r, top, &e);

	ro_table_init(t, "top_errors", ro_cols_errors, RO_NELEMS(ro_cols_errors));
	if (e == NULL)
		return -1;
	for (size_t i = 0; i < n; i++) {
		struct ro_cell *c = ro_row(t);

		if (c == NULL)
			return -1;
		ro_num(&c[0], e[i]->platform);
		pcb_rt_vendor(&c[1], e[i]->platform);
		ro_num(&c[2], e[i]->stage);
		ro_num(&c[3], e[i]->errcode);
		ro_unum(&c[4], e[i]->count);
		ro_log(&c[5], e[i]->errinfo, e[i]->errinfo_len);
	}
	return 0;
}

static int ro_summary_table(struct ro_table *t, struct pcb_report *r)
{
	const struct pcb_report_summary *s = pcb_report_summary(r);

	ro_table_init(t, "summary", ro_cols_summary, RO_NELEMS(ro_cols_summary));
	t->key_value = 1;
	for (size_t i = 0; i < RO_NELEMS(ro_summary); i++) {
		struct ro_cell *c = ro_row(t);

		if (c == NULL)
			return -1;
		ro_text(&c[0], ro_summary[i].name);
		ro_unum(&c[1], ro_field_get(s, &ro_summary[i]));
	}
	if (pcb_report_opts(r)->latency) {
		struct ro_cell *c = ro_row(t);

		if (c == NULL)
			return -1;
		ro_text(&c[0], "unmatched");
		ro_unum(&c[1], s->unmatched);
	}
	/* Only when some came from it: written there while the log directory failed. */
	if (s->fallback_lines > 0) {
		struct ro_cell *c = ro_row(t);

		if (c == NULL)
			return -1;
		ro_text(&c[0], "lines_from_fallback_dir");
		ro_unum(&c[1], s->fallback_lines);
	}
	return 0;
}

int pcb_rt_build(struct pcb_report *r, size_t top, struct ro_table t[RO_NTABLES])
{
	memset(t, 0, RO_NTABLES * sizeof(*t));
	pcb_report_finish(r);
	/* Groups first: asking for the errors replaces the report's sorted view. */
	if (ro_funnel_table(&t[RO_FUNNEL], r) != 0 ||
	    (pcb_report_opts(r)->latency && ro_latency_table(&t[RO_LATENCY], r) != 0) ||
	    ro_errors_table(&t[RO_ERRORS], r, top) != 0 || ro_summary_table(&t[RO_SUMMARY], r) != 0)
		return -1;
	return 0;
}

void pcb_rt_free(struct ro_table t[RO_NTABLES])
{
	for (size_t i = 0; i < RO_NTABLES; i++) {
		free(t[i].cells);
		t[i].cells = NULL;
	}
}

void pcb_rt_plain(const struct ro_cell *c, enum pcb_report_format fmt, char *buf, size_t size, const char **s,
		  size_t *len)
{
	*s = c->s;
	*len = c->len;
	if (c->kind == RO_RATE) {
		int n = fmt == PCB_FMT_TEXT ? snprintf(buf, size, "%.1f%%", c->rate * 100.0)
					    : snprintf(buf, size, "%.4f", c->rate);
		*s = buf;
		*len = n > 0 ? (size_t)n : 0;
	} else if (c->kind == RO_NULL) {
		*s = fmt == PCB_FMT_TEXT ? "-" : "";
		*len = strlen(*s);
	}
}

void pcb_rt_commands(FILE *out, const struct pcb_report_opts *o, const char *quote)
{
	const char *sep = "";

	for (size_t c = 0; c < pcb_ncommands; c++) {
		if (o->commands & PCB_CMD_BIT(c)) {
			fprintf(out, "%s%s%s%s", sep, quote, pcb_commands[c]->name, quote);
			sep = quote[0] != '\0' ? ", " : ",";
		}
	}
}

const char *pcb_rt_tz_name(const struct pcb_report_opts *o)
{
	return o->tz != NULL ? o->tz->name : "UTC";
}

void pcb_rt_title(FILE *out, const struct pcb_report_opts *o)
{
	char from[PCB_CALTIME_BYTES], to[PCB_CALTIME_BYTES];

	pcb_caltime_format(o->from, from);
	pcb_caltime_format(o->to, to);
	fprintf(out, "by %s; EventTime from %s to %s; ", pcb_report_by_name(o->by),
		o->has_from ? from : "the start", o->has_to ? to : "the end");
	pcb_rt_commands(out, o, "");
	fprintf(out, "; time zone %s", pcb_rt_tz_name(o));
	fprintf(out, "; duplicate window %zu", o->dedup_window);
	if (o->latency)
		fprintf(out, "; match window %zu", o->match_window);
}

/* Counts of groups that share no line, so no sum exceeds summary.lines. */
void pcb_rt_counts_add(struct pcb_report_counts *sum, const struct pcb_report_counts *n)
{
	for (size_t i = 0; i < RO_NCOUNTS; i++) {
		uint64_t v = ro_field_get(sum, &ro_counts[i]) + ro_field_get(n, &ro_counts[i]);

		memcpy((char *)sum + ro_counts[i].offset, &v, sizeof(v));
	}
}
