/* pcb_report_out.c: see pcb_report_out.h. */
#include <config.h>

#include "pcb_report_out.h"
#include "pcb_logformat.h"
#include "pcb_utf8.h"

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Text tables: spaces between columns. */
#define RO_GAP 2
/* HTML charts: geometry in pixels. */
#define RO_SVG_WIDTH 460
#define RO_SVG_LABEL 84
#define RO_SVG_BAR_MAX 280
#define RO_SVG_ROW 28
#define RO_SVG_BAR_HEIGHT 20
#define RO_SVG_PAD 6

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
};

struct ro_col {
	const char *name;
	int text_hidden; /* a column for scripts only (the vendor's number) */
};

struct ro_table {
	const char *name;
	const struct ro_col *cols;
	size_t ncols, nrows, caprows;
	struct ro_cell *cells; /* nrows * ncols */
};

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

/* Funnel columns of each grouping: the keys, then the counters and the rates. */
#define RO_COUNT_COLS \
	{ "sent", 0 }, { "send_failed", 0 }, { "delivered", 0 }, { "deliver_failed", 0 }, \
	{ "clicked", 0 }, { "click_failed", 0 }, { "other_stage", 0 }, \
	{ "reach_rate", 0 }, { "click_rate", 0 }
static const struct ro_col ro_cols_vendor[] = {
	{ "command", 0 }, { "platform", 1 }, { "vendor", 0 }, RO_COUNT_COLS
};
static const struct ro_col ro_cols_period[] = {
	{ "command", 0 }, { "platform", 1 }, { "vendor", 0 }, { "period", 0 }, RO_COUNT_COLS
};
static const struct ro_col ro_cols_taskid[] = {
	{ "command", 0 }, { "taskid", 0 }, RO_COUNT_COLS
};
static const struct ro_col ro_cols_errors[] = {
	{ "platform", 1 }, { "vendor", 0 }, { "stage", 0 }, { "errcode", 0 }, { "count", 0 },
	{ "errinfo", 0 }
};
static const struct ro_col ro_cols_summary[] = {
	{ "key", 0 }, { "value", 0 }
};

#define RO_NELEMS(a) (sizeof(a) / sizeof((a)[0]))

const char *pcb_report_by_name(enum pcb_report_by by)
{
	static const char *const names[] = { "vendor", "vendor,hour", "vendor,day", "taskid" };

	return names[by];
}

static void ro_table_init(struct ro_table *t, const char *name, const struct ro_col *cols, size_t ncols)
{
	memset(t, 0, sizeof(*t));
	t->name = name;
	t->cols = cols;
	t->ncols = ncols;
}

static void ro_table_free(struct ro_table *t)
{
	free(t->cells);
	t->cells = NULL;
}

/* Appends an empty row to [t]; returns its first cell, or NULL on ENOMEM. */
static struct ro_cell *ro_row(struct ro_table *t)
{
	struct ro_cell *row = NULL;

	if (t->nrows == t->caprows) {
		size_t cap = t->caprows == 0 ? 16 : t->caprows * 2;
		struct ro_cell *cells;

		if (cap > SIZE_MAX / t->ncols / sizeof(*cells))
			goto out;
		cells = realloc(t->cells, cap * t->ncols * sizeof(*cells));
		if (cells == NULL)
			goto out;
		t->cells = cells;
		t->caprows = cap;
	}
	row = &t->cells[t->nrows++ * t->ncols];
	memset(row, 0, t->ncols * sizeof(*row));
out:
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

static void ro_rate(struct ro_cell *c, uint64_t num, uint64_t den)
{
	c->kind = RO_NULL;
	if (den > 0) {
		c->kind = RO_RATE;
		c->rate = (double)num / (double)den;
	}
}

/* The vendor's name, or its number in [c]'s buffer. */
static void ro_vendor(struct ro_cell *c, int64_t platform)
{
	const char *name = pcb_report_vendor_name(platform);

	if (name != NULL)
		ro_text(c, name);
	else
		ro_num(c, platform);
	c->kind = RO_TEXT;
}

/* Fills the counters and rates of a funnel row from [n], starting at cell [c]. */
static void ro_counts_cells(struct ro_cell *c, const struct pcb_report_counts *n)
{
	for (size_t i = 0; i < RO_NCOUNTS; i++) {
		uint64_t v;

		memcpy(&v, (const char *)n + ro_counts[i].offset, sizeof(v));
		ro_unum(c++, v);
	}
	ro_rate(c++, n->delivered, n->sent);
	ro_rate(c, n->clicked, n->delivered);
}

static int ro_funnel_table(struct ro_table *t, struct pcb_report *r)
{
	enum pcb_report_by by = pcb_report_opts(r)->by;
	const struct pcb_report_group *const *g;
	size_t n = pcb_report_groups(r, &g);
	int rc = -1;

	if (by == PCB_BY_TASKID)
		ro_table_init(t, "funnel", ro_cols_taskid, RO_NELEMS(ro_cols_taskid));
	else if (by == PCB_BY_VENDOR)
		ro_table_init(t, "funnel", ro_cols_vendor, RO_NELEMS(ro_cols_vendor));
	else
		ro_table_init(t, "funnel", ro_cols_period, RO_NELEMS(ro_cols_period));
	if (g == NULL)
		goto out;
	for (size_t i = 0; i < n; i++) {
		struct ro_cell *c = ro_row(t);

		if (c == NULL)
			goto out;
		ro_text(c++, pcb_commands[g[i]->cmd]->name);
		if (by == PCB_BY_TASKID) {
			ro_log(c++, g[i]->taskid, g[i]->taskid_len);
		} else {
			ro_num(c++, g[i]->platform);
			ro_vendor(c++, g[i]->platform);
			/* A group's period always has a date: pcb_report_add refuses the others. */
			if (by != PCB_BY_VENDOR) {
				if (pcb_report_format_period(g[i]->period, by, c->buf) != 0) {
					errno = ERANGE;
					goto out;
				}
				ro_text(c, c->buf);
				c++;
			}
		}
		ro_counts_cells(c, &g[i]->n);
	}
	rc = 0;
out:
	return rc;
}

static int ro_errors_table(struct ro_table *t, struct pcb_report *r, size_t top)
{
	const struct pcb_report_error *const *e;
	size_t n = pcb_report_errors(r, top, &e);
	int rc = -1;

	ro_table_init(t, "top_errors", ro_cols_errors, RO_NELEMS(ro_cols_errors));
	if (e == NULL)
		goto out;
	for (size_t i = 0; i < n; i++) {
		struct ro_cell *c = ro_row(t);

		if (c == NULL)
			goto out;
		ro_num(&c[0], e[i]->platform);
		ro_vendor(&c[1], e[i]->platform);
		ro_num(&c[2], e[i]->stage);
		ro_num(&c[3], e[i]->errcode);
		ro_unum(&c[4], e[i]->count);
		ro_log(&c[5], e[i]->errinfo, e[i]->errinfo_len);
	}
	rc = 0;
out:
	return rc;
}

static int ro_summary_table(struct ro_table *t, struct pcb_report *r)
{
	const struct pcb_report_summary *s = pcb_report_summary(r);
	int rc = -1;

	ro_table_init(t, "summary", ro_cols_summary, RO_NELEMS(ro_cols_summary));
	for (size_t i = 0; i < RO_NELEMS(ro_summary); i++) {
		struct ro_cell *c = ro_row(t);
		uint64_t v;

		if (c == NULL)
			goto out;
		memcpy(&v, (const char *)s + ro_summary[i].offset, sizeof(v));
		ro_text(&c[0], ro_summary[i].name);
		ro_unum(&c[1], v);
	}
	rc = 0;
out:
	return rc;
}

/* The columns a UTF-8 text takes on a terminal, counting one per character. */
static size_t ro_width(const char *s, size_t len)
{
	size_t w = 0;

	for (size_t i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			w++;
	return w;
}

/* Renders cell [c] for text or TSV into [buf] when it is not text already; sets [*s], [*len]. */
static void ro_plain(const struct ro_cell *c, enum pcb_report_format fmt, char *buf, size_t size,
		const char **s, size_t *len)
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

/* A text table: a header, then rows, columns padded; numbers right-aligned, text left. */
static void ro_write_text_table(FILE *out, const struct ro_table *t)
{
	size_t width[PCB_LR_COLUMNS_MAX] = { 0 };
	char buf[PCB_CALTIME_BYTES];
	const char *s;
	size_t len;

	for (size_t j = 0; j < t->ncols; j++)
		width[j] = strlen(t->cols[j].name);
	for (size_t i = 0; i < t->nrows; i++) {
		for (size_t j = 0; j < t->ncols; j++) {
			ro_plain(&t->cells[i * t->ncols + j], PCB_FMT_TEXT, buf, sizeof(buf), &s, &len);
			if (ro_width(s, len) > width[j])
				width[j] = ro_width(s, len);
		}
	}
	for (size_t i = 0; i <= t->nrows; i++) {
		size_t pad = 0;

		for (size_t j = 0; j < t->ncols; j++) {
			const struct ro_cell *c = i > 0 ? &t->cells[(i - 1) * t->ncols + j] : NULL;
			/* A column is numeric, and right-aligned header included, by its first row. */
			const struct ro_cell *first = t->nrows > 0 ? &t->cells[j] : NULL;
			int right = first != NULL && first->kind != RO_TEXT && first->kind != RO_LOG;
			size_t w;

			if (t->cols[j].text_hidden)
				continue;
			if (c == NULL) {
				s = t->cols[j].name;
				len = strlen(s);
			} else {
				ro_plain(c, PCB_FMT_TEXT, buf, sizeof(buf), &s, &len);
			}
			w = ro_width(s, len);
			if (right)
				pad += width[j] - w;
			fprintf(out, "%*s%.*s", (int)pad, "", (int)len, s);
			pad = right ? RO_GAP : width[j] - w + RO_GAP;
		}
		fputc('\n', out);
	}
}

static void ro_write_tsv_table(FILE *out, const struct ro_table *t)
{
	char buf[PCB_CALTIME_BYTES];
	const char *s;
	size_t len;

	for (size_t j = 0; j < t->ncols; j++)
		fprintf(out, "%s%s", j > 0 ? "\t" : "", t->cols[j].name);
	fputc('\n', out);
	for (size_t i = 0; i < t->nrows; i++) {
		for (size_t j = 0; j < t->ncols; j++) {
			ro_plain(&t->cells[i * t->ncols + j], PCB_FMT_TSV, buf, sizeof(buf), &s, &len);
			fprintf(out, "%s%.*s", j > 0 ? "\t" : "", (int)len, s);
		}
		fputc('\n', out);
	}
}

/* Writes [len] bytes at [s] as a JSON string; bytes that are not UTF-8 become U+FFFD. */
static void ro_json_bytes(FILE *out, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;

	fputc('"', out);
	for (size_t i = 0; i < len;) {
		size_t n = p[i] < 0x80 ? 1 : pcb_utf8_seq_len(p + i, len - i);

		if (n == 0) {
			fputs("\\ufffd", out);
			i++;
		} else if (n > 1) {
			fwrite(p + i, 1, n, out);
			i += n;
		} else {
			unsigned char c = p[i++];

			if (c == '"' || c == '\\')
				fprintf(out, "\\%c", c);
			else if (c == '\n')
				fputs("\\n", out);
			else if (c == '\t')
				fputs("\\t", out);
			else if (c == '\r')
				fputs("\\r", out);
			else if (c < 0x20 || c == 0x7f)
				fprintf(out, "\\u%04x", c);
			else
				fputc(c, out);
		}
	}
	fputc('"', out);
}

/* Writes cell [c] as a JSON value. Returns 0, or -1 on ENOMEM. */
static int ro_json_cell(FILE *out, const struct ro_cell *c)
{
	char *raw;
	long n;
	int rc = 0;

	switch (c->kind) {
	case RO_TEXT:
		ro_json_bytes(out, c->s, c->len);
		break;
	case RO_LOG:
		rc = -1;
		raw = malloc(c->len + 1);
		if (raw == NULL)
			break;
		n = pcb_log_unescape(c->s, c->len, raw);
		/* The report only keeps fields that unescape; the raw text is the fallback. */
		if (n < 0)
			ro_json_bytes(out, c->s, c->len);
		else
			ro_json_bytes(out, raw, (size_t)n);
		free(raw);
		rc = 0;
		break;
	case RO_NUM:
		fwrite(c->s, 1, c->len, out);
		break;
	case RO_RATE:
		fprintf(out, "%.4f", c->rate);
		break;
	case RO_NULL:
		fputs("null", out);
		break;
	}
	return rc;
}

/* Writes the rows of [t] as a JSON array of objects, one key per column; a key-value table as one object. */
static int ro_write_json_table(FILE *out, const struct ro_table *t)
{
	int rc = 0;

	if (t->cols == ro_cols_summary) {
		fprintf(out, "  \"%s\": {", t->name);
		for (size_t i = 0; i < t->nrows && rc == 0; i++) {
			fprintf(out, "%s\n    \"%.*s\": ", i > 0 ? "," : "", (int)t->cells[2 * i].len,
				t->cells[2 * i].s);
			rc = ro_json_cell(out, &t->cells[2 * i + 1]);
		}
		fputs("\n  }", out);
		goto out;
	}
	fprintf(out, "  \"%s\": [", t->name);
	for (size_t i = 0; i < t->nrows && rc == 0; i++) {
		fputs(i > 0 ? ",\n    {" : "\n    {", out);
		for (size_t j = 0; j < t->ncols && rc == 0; j++) {
			fprintf(out, "%s\"%s\": ", j > 0 ? ", " : "", t->cols[j].name);
			rc = ro_json_cell(out, &t->cells[i * t->ncols + j]);
		}
		fputc('}', out);
	}
	fputs(t->nrows > 0 ? "\n  ]" : "]", out);
out:
	return rc;
}

/* The period of the report as text: "from X", "to Y", both, or "all". */
static void ro_period_json(FILE *out, const struct pcb_report_opts *o)
{
	char buf[PCB_CALTIME_BYTES];

	fputs("  \"from\": ", out);
	if (o->has_from) {
		pcb_caltime_format(o->from, buf);
		fprintf(out, "\"%s\"", buf);
	} else {
		fputs("null", out);
	}
	fputs(",\n  \"to\": ", out);
	if (o->has_to) {
		pcb_caltime_format(o->to, buf);
		fprintf(out, "\"%s\"", buf);
	} else {
		fputs("null", out);
	}
	fputs(",\n", out);
}

/* The commands read, comma-separated. */
static void ro_commands(FILE *out, const struct pcb_report_opts *o, const char *quote)
{
	const char *sep = "";

	for (size_t c = 0; c < pcb_ncommands; c++) {
		if (o->commands & PCB_CMD_BIT(c)) {
			fprintf(out, "%s%s%s%s", sep, quote, pcb_commands[c]->name, quote);
			sep = quote[0] != '\0' ? ", " : ",";
		}
	}
}

/* One line saying what the report covers. */
static void ro_title(FILE *out, const struct pcb_report_opts *o)
{
	char from[PCB_CALTIME_BYTES], to[PCB_CALTIME_BYTES];

	pcb_caltime_format(o->from, from);
	pcb_caltime_format(o->to, to);
	fprintf(out, "by %s; EventTime from %s to %s; ", pcb_report_by_name(o->by),
		o->has_from ? from : "the start", o->has_to ? to : "the end");
	ro_commands(out, o, "");
	fprintf(out, "; duplicate window %zu", o->dedup_window);
}

/* Writes [len] bytes at [s] with HTML's special characters escaped. */
static void ro_html_bytes(FILE *out, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		switch (s[i]) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		case '\'': fputs("&#39;", out); break;
		default: fputc(s[i], out); break;
		}
	}
}

static void ro_html_str(FILE *out, const char *s)
{
	ro_html_bytes(out, s, strlen(s));
}

static void ro_write_html_table(FILE *out, const struct ro_table *t)
{
	char buf[PCB_CALTIME_BYTES];
	const char *s;
	size_t len;

	fprintf(out, "<table class=\"%s\">\n<tr>", t->name);
	for (size_t j = 0; j < t->ncols; j++)
		if (!t->cols[j].text_hidden)
			fprintf(out, "<th>%s</th>", t->cols[j].name);
	fputs("</tr>\n", out);
	for (size_t i = 0; i < t->nrows; i++) {
		fputs("<tr>", out);
		for (size_t j = 0; j < t->ncols; j++) {
			const struct ro_cell *c = &t->cells[i * t->ncols + j];

			if (t->cols[j].text_hidden)
				continue;
			ro_plain(c, PCB_FMT_TEXT, buf, sizeof(buf), &s, &len);
			fprintf(out, "<td class=\"%s%s\">", t->cols[j].name,
				c->kind == RO_TEXT || c->kind == RO_LOG ? "" : " n");
			ro_html_bytes(out, s, len);
			fputs("</td>", out);
		}
		fputs("</tr>\n", out);
	}
	fputs("</table>\n", out);
}

/* One funnel chart: bars for sent, delivered and clicked of [n], titled [prefix] and [name]. */
static void ro_svg_funnel(FILE *out, const char *prefix, const char *name, size_t namelen,
		const struct pcb_report_counts *n)
{
	const struct {
		const char *name;
		uint64_t v;
	} bars[] = { { "sent", n->sent }, { "delivered", n->delivered }, { "clicked", n->clicked } };
	uint64_t max = 0;
	int height = RO_SVG_PAD * 2 + (int)RO_NELEMS(bars) * RO_SVG_ROW;
	struct ro_cell reach, click;
	char rbuf[PCB_CALTIME_BYTES], cbuf[PCB_CALTIME_BYTES];
	const char *rs, *cs;
	size_t rlen, clen;

	for (size_t i = 0; i < RO_NELEMS(bars); i++)
		if (bars[i].v > max)
			max = bars[i].v;
	fputs("<figure class=\"funnel\"><figcaption>", out);
	ro_html_str(out, prefix);
	ro_html_bytes(out, name, namelen);
	fprintf(out, "</figcaption>\n<svg width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\">\n",
		RO_SVG_WIDTH, height, RO_SVG_WIDTH, height);
	for (size_t i = 0; i < RO_NELEMS(bars); i++) {
		int y = RO_SVG_PAD + (int)i * RO_SVG_ROW;
		double w = max > 0 ? (double)RO_SVG_BAR_MAX * (double)bars[i].v / (double)max : 0.0;

		fprintf(out, "<g class=\"%s\"><text x=\"0\" y=\"%d\">%s</text>"
			"<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\"/>"
			"<text class=\"v\" x=\"%.1f\" y=\"%d\">%llu</text></g>\n",
			bars[i].name, y + 15, bars[i].name, RO_SVG_LABEL, y, w, RO_SVG_BAR_HEIGHT,
			RO_SVG_LABEL + w + 6, y + 15, (unsigned long long)bars[i].v);
	}
	ro_rate(&reach, n->delivered, n->sent);
	ro_rate(&click, n->clicked, n->delivered);
	ro_plain(&reach, PCB_FMT_TEXT, rbuf, sizeof(rbuf), &rs, &rlen);
	ro_plain(&click, PCB_FMT_TEXT, cbuf, sizeof(cbuf), &cs, &clen);
	fprintf(out, "</svg>\n<p>reach rate <span class=\"reach_rate\">%.*s</span>, "
		"click rate <span class=\"click_rate\">%.*s</span></p></figure>\n",
		(int)rlen, rs, (int)clen, cs);
}

/* Adds [n] to [sum]: counts of groups that share no line, so no sum exceeds summary.lines. */
static void ro_counts_add(struct pcb_report_counts *sum, const struct pcb_report_counts *n)
{
	sum->sent += n->sent;
	sum->send_failed += n->send_failed;
	sum->delivered += n->delivered;
	sum->deliver_failed += n->deliver_failed;
	sum->clicked += n->clicked;
	sum->click_failed += n->click_failed;
	sum->other_stage += n->other_stage;
}

/* The charts: one per command and vendor (periods summed), or one per TaskId. */
static int ro_html_charts(FILE *out, struct pcb_report *r)
{
	enum pcb_report_by by = pcb_report_opts(r)->by;
	const struct pcb_report_group *const *g;
	size_t n = pcb_report_groups(r, &g), charts = 0;
	char prefix[PCB_CALTIME_BYTES];
	int rc = -1;

	if (g == NULL)
		goto out;
	for (size_t i = 0; i < n; i++) {
		struct pcb_report_counts sum = g[i]->n;

		while (by != PCB_BY_TASKID && i + 1 < n && g[i + 1]->cmd == g[i]->cmd &&
		       g[i + 1]->platform == g[i]->platform)
			ro_counts_add(&sum, &g[++i]->n);
		if (charts++ == PCB_REPORT_HTML_CHARTS_MAX) {
			fprintf(out, "<p>Only the first %d charts are drawn; the table has every row.</p>\n",
				PCB_REPORT_HTML_CHARTS_MAX);
			break;
		}
		if (by == PCB_BY_TASKID) {
			ro_svg_funnel(out, "TaskId ", g[i]->taskid, g[i]->taskid_len, &sum);
		} else {
			struct ro_cell c;

			ro_vendor(&c, g[i]->platform);
			snprintf(prefix, sizeof(prefix), "%s ", pcb_commands[g[i]->cmd]->name);
			ro_svg_funnel(out, prefix, c.s, c.len, &sum);
		}
	}
	rc = 0;
out:
	return rc;
}

static const char ro_css[] =
	"body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}"
	"table{border-collapse:collapse;margin:1em 0}"
	"th,td{border:1px solid #ccc;padding:2px 8px;text-align:left}"
	"td.n{text-align:right;font-variant-numeric:tabular-nums}"
	".charts{display:flex;flex-wrap:wrap;gap:1em}"
	"figure{margin:0;border:1px solid #ddd;padding:8px}"
	"figcaption{font-weight:bold}"
	"svg text{font:12px sans-serif;fill:#222}"
	".sent rect{fill:#4e79a7}.delivered rect{fill:#59a14f}.clicked rect{fill:#f28e2b}";

static int ro_write_html(FILE *out, struct pcb_report *r, const struct ro_table *tables, size_t ntables)
{
	static const char *const headings[] = { "Funnel", "Top errors", "Input" };
	int rc;

	fprintf(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
		"<title>Push results by %s</title>\n<style>%s</style>\n</head>\n<body>\n"
		"<h1>Push results</h1>\n<p class=\"scope\">", pcb_report_by_name(pcb_report_opts(r)->by),
		ro_css);
	ro_title(out, pcb_report_opts(r));
	fputs("</p>\n<h2>Funnel per vendor</h2>\n<div class=\"charts\">\n", out);
	rc = ro_html_charts(out, r);
	fputs("</div>\n", out);
	for (size_t i = 0; i < ntables && i < RO_NELEMS(headings); i++) {
		fprintf(out, "<h2>%s</h2>\n", headings[i]);
		ro_write_html_table(out, &tables[i]);
	}
	fputs("</body>\n</html>\n", out);
	return rc;
}

int pcb_report_write(FILE *out, enum pcb_report_format fmt, struct pcb_report *r, size_t top)
{
	struct ro_table t[3];
	const struct pcb_report_opts *o = pcb_report_opts(r);
	size_t nt = RO_NELEMS(t);
	int rc = -1;

	memset(t, 0, sizeof(t));
	/* Groups first: asking for the errors replaces the report's sorted view. */
	if (ro_funnel_table(&t[0], r) != 0 || ro_errors_table(&t[1], r, top) != 0 ||
	    ro_summary_table(&t[2], r) != 0)
		goto out;
	switch (fmt) {
	case PCB_FMT_TEXT:
		ro_title(out, o);
		fputs("\n\n", out);
		for (size_t i = 0; i < nt; i++) {
			if (i > 0)
				fputc('\n', out);
			ro_write_text_table(out, &t[i]);
		}
		rc = 0;
		break;
	case PCB_FMT_TSV:
		for (size_t i = 0; i < nt; i++) {
			if (i > 0)
				fputc('\n', out);
			ro_write_tsv_table(out, &t[i]);
		}
		rc = 0;
		break;
	case PCB_FMT_JSON:
		fprintf(out, "{\n  \"by\": \"%s\",\n", pcb_report_by_name(o->by));
		ro_period_json(out, o);
		fputs("  \"commands\": [", out);
		ro_commands(out, o, "\"");
		fprintf(out, "],\n  \"dedup_window\": %zu,\n", o->dedup_window);
		rc = 0;
		for (size_t i = 0; i < nt && rc == 0; i++) {
			rc = ro_write_json_table(out, &t[i]);
			fputs(i + 1 < nt ? ",\n" : "\n}\n", out);
		}
		break;
	case PCB_FMT_HTML:
		rc = ro_write_html(out, r, t, nt);
		break;
	}
	if (fflush(out) != 0 || ferror(out))
		rc = -1;
out:
	for (size_t i = 0; i < nt; i++)
		ro_table_free(&t[i]);
	return rc;
}
