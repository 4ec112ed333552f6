/*
 * pcb_report_html.c: the report as a self-contained HTML page with SVG charts
 * (pcb_report_table.h). The page is a list of sections (ro_sections), each
 * written by one function from what the report and its tables hold: the
 * funnel of every vendor on one scale per command, the trend over time, the
 * top errors as a chart, then the tables.
 */
#include <config.h>

#include "pcb_report_table.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "pcb_logformat.h"
#include "pcb_report_trend.h"

/* Charts: geometry in pixels. */
#define RO_SVG_WIDTH 900
#define RO_SVG_LABEL 150       /* the row labels' column */
#define RO_SVG_BAR_MAX 420     /* the longest bar of a funnel or error chart */
#define RO_SVG_RATES 650       /* where the rates of a funnel row begin */
#define RO_SVG_RATE_BAR 60     /* a rate of 100% */
#define RO_SVG_RATE_GAP 120    /* from one rate to the next */
#define RO_SVG_FUNNEL_ROW 48   /* a vendor's three bars */
#define RO_SVG_BAR 12          /* one bar of a funnel row */
#define RO_SVG_ERROR_ROW 22    /* one error */
#define RO_SVG_TOP 24          /* the axis labels above a bar chart */
#define RO_SVG_PLOT_HEIGHT 220 /* the trend's plot */
#define RO_SVG_PLOT_LEFT 70    /* the trend's y axis labels */
#define RO_SVG_PLOT_BOTTOM 40  /* the trend's x axis labels */
#define RO_SVG_PLOT_RIGHT 60   /* room for the last x axis label */
#define RO_SVG_ERRINFO 620     /* where the ErrInfo of an error bar is written */
/* Gridlines of a scale at most, besides 0. */
#define RO_TICKS 4
/* Bytes of an ErrInfo written beside its bar (the whole text is its tooltip and in the table). */
#define RO_ERRINFO_LABEL 48
/* A trend of at most this many periods marks each point. */
#define RO_TREND_MARKS_MAX 100

static const char ro_css[] =
    "body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}"
    "table{border-collapse:collapse;margin:1em 0}"
    "th,td{border:1px solid #ccc;padding:2px 8px;text-align:left}"
    "td.n{text-align:right;font-variant-numeric:tabular-nums}"
    "figure{display:table;margin:1em 0;border:1px solid #ddd;padding:8px}"
    "figcaption{font-weight:bold}"
    "svg text{font:12px sans-serif;fill:#222}"
    "svg .grid{stroke:#ddd}svg .axis{stroke:#888}"
    ".legend span{display:inline-block;margin-right:1em}"
    ".legend span::before{content:'';display:inline-block;width:10px;height:10px;margin-right:4px}"
    ".sent rect,.legend .sent::before{fill:#4e79a7;background:#4e79a7}"
    ".delivered rect,.legend .delivered::before{fill:#59a14f;background:#59a14f}"
    ".clicked rect,.legend .clicked::before{fill:#f28e2b;background:#f28e2b}"
    ".failed rect,.legend .failed::before{fill:#e15759;background:#e15759}"
    ".rate rect{fill:#76b7b2}.rate rect.full{fill:#eee}"
    "polyline{fill:none;stroke-width:2}"
    ".sent polyline{stroke:#4e79a7}.delivered polyline{stroke:#59a14f}"
    ".clicked polyline{stroke:#f28e2b}.failed polyline{stroke:#e15759}"
    ".sent circle{fill:#4e79a7}.delivered circle{fill:#59a14f}"
    ".clicked circle{fill:#f28e2b}.failed circle{fill:#e15759}"
    ".p50 rect,.legend .p50::before{fill:#b07aa1;background:#b07aa1}"
    ".p90 rect,.legend .p90::before{fill:#edc948;background:#edc948}"
    ".p99 rect,.legend .p99::before{fill:#9c755f;background:#9c755f}";

/* What every section of the page reads. */
struct ro_page {
	FILE *out;
	struct pcb_report *r;
	const struct ro_table *t; /* RO_NTABLES */
};

/* Writes [len] bytes at [s] with HTML's special characters escaped. */
static void ro_html_bytes(FILE *out, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		switch (s[i]) {
		case '&':
			fputs("&amp;", out);
			break;
		case '<':
			fputs("&lt;", out);
			break;
		case '>':
			fputs("&gt;", out);
			break;
		case '"':
			fputs("&quot;", out);
			break;
		case '\'':
			fputs("&#39;", out);
			break;
		default:
			fputc(s[i], out);
			break;
		}
	}
}

/* Writes cell [c] as text shows it, HTML-escaped. */
static void ro_html_cell(FILE *out, const struct ro_cell *c)
{
	char buf[PCB_CALTIME_BYTES];
	const char *s;
	size_t len;

	pcb_rt_plain(c, PCB_FMT_TEXT, buf, sizeof(buf), &s, &len);
	ro_html_bytes(out, s, len);
}

/*
 * A scale from 0 for values up to [max]: [*step] is 1, 2 or 5 times a power
 * of ten, the least that RO_TICKS steps cover [max] with. Returns the top
 * (RO_TICKS steps), at least 1.
 */
static uint64_t ro_scale(uint64_t max, uint64_t *step)
{
	static const uint64_t mult[] = { 1, 2, 5 };
	uint64_t need = max / RO_TICKS + (max % RO_TICKS != 0);

	for (uint64_t p = 1; p <= UINT64_MAX / 10; p *= 10) {
		for (size_t i = 0; i < RO_NELEMS(mult); i++) {
			*step = mult[i] * p;
			if (*step >= need && *step <= UINT64_MAX / RO_TICKS)
				return *step * RO_TICKS;
		}
	}
	/* Beyond any count a report can hold: the scale is the maximum itself. */
	*step = max / RO_TICKS;
	return max;
}

/* [v] as a length of [full] pixels for a scale up to [top]. */
static double ro_len(uint64_t v, uint64_t top, int full)
{
	return top > 0 ? (double)full * (double)v / (double)top : 0.0;
}

/* Vertical gridlines and their labels over [height] pixels of a bar chart scaled to [top] by [step]. */
static void ro_svg_xgrid(FILE *out, uint64_t top, uint64_t step, int height)
{
	for (uint64_t v = 0; step > 0 && v <= top; v += step) {
		double x = RO_SVG_LABEL + ro_len(v, top, RO_SVG_BAR_MAX);

		fprintf(out,
			"<line class=\"grid\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/>"
			"<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%llu</text>\n",
			x, RO_SVG_TOP - 6, x, height, x, RO_SVG_TOP - 10, (unsigned long long)v);
		if (top - v < step)
			break;
	}
}

/* One horizontal bar of class [name] at [y]: [v] on a scale up to [top], its number after it. */
static void ro_svg_bar(FILE *out, const char *name, int y, int height, uint64_t v, uint64_t top)
{
	double w = ro_len(v, top, RO_SVG_BAR_MAX);

	fprintf(out,
		"<g class=\"%s\"><rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\"/>"
		"<text class=\"v\" x=\"%.1f\" y=\"%d\">%llu</text></g>\n",
		name, RO_SVG_LABEL, y, w, height, RO_SVG_LABEL + w + 4, y + height - 2,
		(unsigned long long)v);
}

/* A rate of class [name] at [x], [y]: a bar of its share of 100% and its text. */
static void ro_svg_rate(FILE *out, const char *name, int x, int y, uint64_t num, uint64_t den)
{
	struct ro_cell c;

	pcb_rt_rate(&c, num, den);
	fprintf(out,
		"<g class=\"rate %s\"><rect class=\"full\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"/>"
		"<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\"/><text class=\"v\" x=\"%d\" y=\"%d\">",
		name, x, y, RO_SVG_RATE_BAR, RO_SVG_BAR, x, y,
		c.kind == RO_RATE ? c.rate * RO_SVG_RATE_BAR : 0.0, RO_SVG_BAR, x + RO_SVG_RATE_BAR + 4,
		y + RO_SVG_BAR - 2);
	ro_html_cell(out, &c);
	fputs("</text></g>\n", out);
}

/* Past the groups of the row that starts at groups [g][i] of [n]: its command and vendor's (every period), or its TaskId's. */
static size_t ro_row_end(const struct pcb_report_group *const *g, size_t n, size_t i, enum pcb_report_by by)
{
	size_t j = i + 1;

	while (by != PCB_BY_TASKID && j < n && g[j]->cmd == g[i]->cmd && g[j]->online == g[i]->online &&
	       g[j]->platform == g[i]->platform)
		j++;
	return j;
}

/*
 * The funnel row at groups [g][*i] of [n]: the sum of the groups of its
 * command and vendor (every period), or its TaskId's group; moves [*i] past
 * them.
 */
static struct pcb_report_counts ro_funnel_row(const struct pcb_report_group *const *g, size_t n, size_t *i,
					      enum pcb_report_by by)
{
	struct pcb_report_counts sum = g[*i]->n;
	size_t end = ro_row_end(g, n, *i, by);

	while (++*i < end)
		pcb_rt_counts_add(&sum, &g[*i]->n);
	return sum;
}

/* The label of the row of group [g]: its vendor ("online" after an online push's), or its TaskId. */
static void ro_funnel_label(FILE *out, const struct pcb_report_group *g, enum pcb_report_by by)
{
	struct ro_cell c;

	if (by == PCB_BY_TASKID) {
		ro_html_bytes(out, g->taskid, g->taskid_len);
		return;
	}
	pcb_rt_vendor(&c, g->platform);
	ro_html_bytes(out, c.s, c.len);
	if (g->online)
		fputs(" online", out);
}

/* The funnel chart of the command of groups [g][from] to [to]: a row per vendor (or TaskId), one scale. */
static void ro_funnel_chart(FILE *out, const struct pcb_report_group *const *g, size_t from, size_t to,
			    enum pcb_report_by by)
{
	uint64_t max = 0, top, step;
	size_t rows = 0, shown;
	int height;

	for (size_t i = from; i < to; rows++) {
		struct pcb_report_counts n = ro_funnel_row(g, to, &i, by);
		uint64_t big = n.sent > n.delivered ? n.sent : n.delivered;

		big = big > n.clicked ? big : n.clicked;
		max = big > max ? big : max;
	}
	shown = rows < PCB_REPORT_HTML_ROWS_MAX ? rows : PCB_REPORT_HTML_ROWS_MAX;
	top = ro_scale(max, &step);
	height = RO_SVG_TOP + (int)shown * RO_SVG_FUNNEL_ROW;
	fprintf(out,
		"<figure class=\"funnel\" data-command=\"%s\"><figcaption>%s: sent, delivered and clicked",
		pcb_commands[g[from]->cmd]->name, pcb_commands[g[from]->cmd]->name);
	fputs(by == PCB_BY_TASKID ? " per TaskId" : " per vendor", out);
	fprintf(out,
		" on one scale; reach and click rates</figcaption>\n"
		"<svg width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\">\n",
		RO_SVG_WIDTH, height, RO_SVG_WIDTH, height);
	ro_svg_xgrid(out, top, step, height);
	fprintf(out, "<text x=\"%d\" y=\"%d\">reach</text><text x=\"%d\" y=\"%d\">click</text>\n",
		RO_SVG_RATES, RO_SVG_TOP - 10, RO_SVG_RATES + RO_SVG_RATE_GAP, RO_SVG_TOP - 10);
	for (size_t i = from, row = 0; i < to && row < shown; row++) {
		const struct pcb_report_group *first = g[i];
		struct pcb_report_counts n = ro_funnel_row(g, to, &i, by);
		int y = RO_SVG_TOP + (int)row * RO_SVG_FUNNEL_ROW + 4;

		fputs("<g class=\"row\"><text class=\"label\" x=\"0\" y=\"", out);
		fprintf(out, "%d\">", y + RO_SVG_BAR + 8);
		ro_funnel_label(out, first, by);
		fputs("</text>\n", out);
		ro_svg_bar(out, "sent", y, RO_SVG_BAR, n.sent, top);
		ro_svg_bar(out, "delivered", y + RO_SVG_BAR + 1, RO_SVG_BAR, n.delivered, top);
		ro_svg_bar(out, "clicked", y + 2 * (RO_SVG_BAR + 1), RO_SVG_BAR, n.clicked, top);
		ro_svg_rate(out, "reach_rate", RO_SVG_RATES, y + RO_SVG_BAR / 2, n.delivered, n.sent);
		ro_svg_rate(out, "click_rate", RO_SVG_RATES + RO_SVG_RATE_GAP, y + RO_SVG_BAR / 2, n.clicked,
			    n.delivered);
		fputs("</g>\n", out);
	}
	fputs("</svg>\n", out);
	if (shown < rows)
		fprintf(out, "<p>Only the first %zu of %zu rows are drawn; the table has every one.</p>\n",
			shown, rows);
	fputs("</figure>\n", out);
}

/* The funnel: a chart per command, every vendor (or TaskId) of it on one scale. */
static int ro_section_funnel(const struct ro_page *p)
{
	enum pcb_report_by by = pcb_report_opts(p->r)->by;
	const struct pcb_report_group *const *g;
	size_t n = pcb_report_groups(p->r, &g);

	if (g == NULL)
		return -1;
	fputs("<h2>Funnel</h2>\n", p->out);
	if (n == 0)
		fputs("<p>No event counted.</p>\n", p->out);
	for (size_t i = 0, j; i < n; i = j) {
		for (j = i + 1; j < n && g[j]->cmd == g[i]->cmd;)
			j++;
		ro_funnel_chart(p->out, g, i, j, by);
	}
	return 0;
}

/* The percentiles a latency row draws, and their classes. */
static const unsigned ro_lat_pcts[] = { 50, 90, 99 };
static const char *const ro_lat_names[] = { "p50", "p90", "p99" };
_Static_assert(RO_NELEMS(ro_lat_pcts) == RO_NELEMS(ro_lat_names), "a class per percentile");

/* A latency row of a chart: its first group, and the histograms of its groups for one span merged. */
struct ro_lat_row {
	const struct pcb_report_group *first;
	struct pcb_hist h;
};

/* The numbers of latency row [row] beside its bars, at [y]. */
static void ro_latency_text(FILE *out, const struct ro_lat_row *row, int y)
{
	fprintf(
	    out,
	    "<text x=\"%d\" y=\"%d\">count <tspan class=\"count\">%llu</tspan>, max <tspan class=\"max\">",
	    RO_SVG_RATES, y, (unsigned long long)row->h.count);
	if (row->h.count > 0)
		fprintf(out, "%lld", (long long)row->h.max);
	else
		fputs("-", out);
	fprintf(out, "</tspan>, negative <tspan class=\"negative\">%llu</tspan></text>\n",
		(unsigned long long)row->h.negative);
}

/* The drawing of latency rows [rows] ([nrows], [shown] of them drawn) on one scale up to [top] by [step]. */
static void ro_latency_svg(FILE *out, const struct ro_lat_row *rows, size_t nrows, size_t shown, uint64_t top,
			   uint64_t step, enum pcb_report_by by)
{
	int y = RO_SVG_TOP, height = RO_SVG_TOP;

	for (size_t k = 0; k < shown; k++)
		height += RO_SVG_FUNNEL_ROW +
			  (k == 0 || rows[k].first->cmd != rows[k - 1].first->cmd ? RO_SVG_ERROR_ROW : 0);
	fprintf(out, "<svg width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\">\n", RO_SVG_WIDTH,
		height, RO_SVG_WIDTH, height);
	ro_svg_xgrid(out, top, step, height);
	for (size_t k = 0; k < shown && k < nrows; k++) {
		const struct pcb_report_group *first = rows[k].first;

		if (k == 0 || first->cmd != rows[k - 1].first->cmd) {
			fprintf(out, "<text class=\"command\" x=\"0\" y=\"%d\">%s</text>\n",
				y + RO_SVG_BAR + 4, pcb_commands[first->cmd]->name);
			y += RO_SVG_ERROR_ROW;
		}
		fprintf(out, "<g class=\"row\" data-command=\"%s\"><text class=\"label\" x=\"0\" y=\"%d\">",
			pcb_commands[first->cmd]->name, y + 4 + RO_SVG_BAR + 8);
		ro_funnel_label(out, first, by);
		fputs("</text>\n", out);
		for (size_t i = 0; rows[k].h.count > 0 && i < RO_NELEMS(ro_lat_pcts); i++)
			ro_svg_bar(out, ro_lat_names[i], y + 4 + (int)i * (RO_SVG_BAR + 1), RO_SVG_BAR,
				   (uint64_t)pcb_hist_percentile(&rows[k].h, ro_lat_pcts[i]), top);
		ro_latency_text(out, &rows[k], y + 4 + RO_SVG_BAR + 8);
		fputs("</g>\n", out);
		y += RO_SVG_FUNNEL_ROW;
	}
	fputs("</svg>\n", out);
}

/* Frees the histograms of latency rows [rows] ([n]) and the rows. */
static void ro_lat_rows_free(struct ro_lat_row *rows, size_t n)
{
	for (size_t k = 0; k < n; k++)
		pcb_hist_free(&rows[k].h);
	free(rows);
}

/*
 * The chart of span [span] of groups [g] ([n]): a row per command and
 * vendor with any span (the histograms of its periods merged), or per
 * TaskId, every row on one scale. Returns 0, or -1 on ENOMEM.
 */
static int ro_latency_chart(FILE *out, const struct pcb_report_group *const *g, size_t n,
			    enum pcb_report_by by, enum pcb_span span)
{
	struct ro_lat_row *rows = calloc(n > 0 ? n : 1, sizeof(*rows));
	size_t nrows = 0, shown;
	uint64_t max = 0, top, step;

	if (rows == NULL)
		return -1;
	for (size_t i = 0, j; i < n; i = j) {
		struct ro_lat_row *row = &rows[nrows];

		j = ro_row_end(g, n, i, by);
		row->first = g[i];
		for (size_t k = i; k < j; k++) {
			if (pcb_hist_merge(&row->h, &g[k]->lat[span]) != 0) {
				ro_lat_rows_free(rows, n);
				return -1;
			}
		}
		if (row->h.count == 0 && row->h.negative == 0) {
			pcb_hist_free(&row->h);
			continue;
		}
		if (row->h.count > 0 && (uint64_t)pcb_hist_percentile(&row->h, 99) > max)
			max = (uint64_t)pcb_hist_percentile(&row->h, 99);
		nrows++;
	}
	shown = nrows < PCB_REPORT_HTML_ROWS_MAX ? nrows : PCB_REPORT_HTML_ROWS_MAX;
	top = ro_scale(max, &step);
	fprintf(out,
		"<figure class=\"latency\" data-span=\"%s\"><figcaption>%s: p50, p90 and p99 in seconds per "
		"%s, on one scale</figcaption>\n",
		pcb_span_name(span), pcb_span_name(span),
		by == PCB_BY_TASKID ? "TaskId" : "command and vendor");
	if (nrows == 0) {
		fputs("<p>No span measured.</p>\n", out);
	} else {
		fputs("<p class=\"legend\">", out);
		for (size_t i = 0; i < RO_NELEMS(ro_lat_names); i++)
			fprintf(out, "<span class=\"%s\">%s</span>", ro_lat_names[i], ro_lat_names[i]);
		fputs("</p>\n", out);
		ro_latency_svg(out, rows, nrows, shown, top, step, by);
	}
	if (shown < nrows)
		fprintf(out, "<p>Only the first %zu of %zu rows are drawn; the table has every one.</p>\n",
			shown, nrows);
	fputs("</figure>\n", out);
	ro_lat_rows_free(rows, n);
	return 0;
}

/* With --latency, the latency: a chart per span. */
static int ro_section_latency(const struct ro_page *p)
{
	enum pcb_report_by by = pcb_report_opts(p->r)->by;
	const struct pcb_report_group *const *g;
	size_t n;

	if (!pcb_report_opts(p->r)->latency)
		return 0;
	n = pcb_report_groups(p->r, &g);
	if (g == NULL)
		return -1;
	fputs("<h2>Latency</h2>\n<p>Nearest-rank percentiles of the durations in seconds (exact below 24 "
	      "hours), max, count, and negative durations (left out of the rest).",
	      p->out);
	if (by == PCB_BY_VENDOR_HOUR || by == PCB_BY_VENDOR_DAY)
		fputs(
		    " A row is every period of its command and vendor: percentiles of periods cannot be "
		    "added, so the durations of its periods are counted together, as --by vendor would; the "
		    "latency table has each period's.",
		    p->out);
	fputs("</p>\n", p->out);
	for (size_t s = 0; s < PCB_NSPANS; s++)
		if (ro_latency_chart(p->out, g, n, by, (enum pcb_span)s) != 0)
			return -1;
	return 0;
}

/* Failures: events with an ErrCode other than 0, at any stage (failed clicks included). */
static uint64_t ro_failed(const struct pcb_report_counts *n)
{
	return n->send_failed + n->deliver_failed + n->click_failed;
}

/* The lines of a trend chart, in the order they are drawn and tabled. */
enum { RO_SENT, RO_DELIVERED, RO_CLICKED, RO_FAILED, RO_NLINES };
static const char *const ro_line_names[RO_NLINES] = { "sent", "delivered", "clicked", "failed" };

/* The values of the lines for the period counts [n]. */
static void ro_line_values(const struct pcb_report_counts *n, uint64_t v[RO_NLINES])
{
	v[RO_SENT] = n->sent;
	v[RO_DELIVERED] = n->delivered;
	v[RO_CLICKED] = n->clicked;
	v[RO_FAILED] = ro_failed(n);
}

/* The name of period [i] of series [s] into [buf]. */
static void ro_period_name(const struct pcb_report_series *s, size_t i, char buf[PCB_CALTIME_BYTES])
{
	pcb_caltime_format_period(s->first + (int64_t)i * s->unit, s->unit, buf);
}

/* The x of period [i] of [n] in the trend's plot. */
static double ro_trend_x(size_t i, size_t n)
{
	int width = RO_SVG_WIDTH - RO_SVG_PLOT_LEFT - RO_SVG_PLOT_RIGHT;

	return RO_SVG_PLOT_LEFT + (n > 1 ? (double)width * (double)i / (double)(n - 1) : 0.0);
}

/* The y of [v] in the trend's plot scaled to [top]. */
static double ro_trend_y(uint64_t v, uint64_t top)
{
	return RO_SVG_TOP + RO_SVG_PLOT_HEIGHT - ro_len(v, top, RO_SVG_PLOT_HEIGHT);
}

/* The trend's axes: a gridline and label per step of the scale, and some periods' names. */
static void ro_trend_axes(FILE *out, const struct pcb_report_series *s, uint64_t top, uint64_t step)
{
	enum { LABELS = 6 };
	char name[PCB_CALTIME_BYTES];

	for (uint64_t v = 0; step > 0 && v <= top; v += step) {
		double y = ro_trend_y(v, top);

		fprintf(out,
			"<line class=\"grid\" x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>"
			"<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%llu</text>\n",
			RO_SVG_PLOT_LEFT, y, ro_trend_x(s->periods - 1, s->periods), y, RO_SVG_PLOT_LEFT - 6,
			y + 4, (unsigned long long)v);
		if (top - v < step)
			break;
	}
	for (size_t k = 0; k < LABELS; k++) {
		size_t i = k * (s->periods - 1) / (LABELS - 1);
		double x = ro_trend_x(i, s->periods);

		if (k > 0 && i == (k - 1) * (s->periods - 1) / (LABELS - 1))
			continue;
		ro_period_name(s, i, name);
		fprintf(out,
			"<line class=\"axis\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/>"
			"<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>\n",
			x, RO_SVG_TOP + RO_SVG_PLOT_HEIGHT, x, RO_SVG_TOP + RO_SVG_PLOT_HEIGHT + 5, x,
			RO_SVG_TOP + RO_SVG_PLOT_HEIGHT + 20, name);
	}
}

/* One line of the trend of counts [n] ([s->periods]): a polyline, and a mark per point when few. */
static void ro_trend_line(FILE *out, const struct pcb_report_series *s, const struct pcb_report_counts *n,
			  int line, uint64_t top)
{
	uint64_t v[RO_NLINES];
	char name[PCB_CALTIME_BYTES];

	fprintf(out, "<g class=\"%s\"><polyline points=\"", ro_line_names[line]);
	for (size_t i = 0; i < s->periods; i++) {
		ro_line_values(&n[i], v);
		fprintf(out, "%s%.1f,%.1f", i > 0 ? " " : "", ro_trend_x(i, s->periods),
			ro_trend_y(v[line], top));
	}
	fputs("\"/>\n", out);
	for (size_t i = 0; s->periods <= RO_TREND_MARKS_MAX && i < s->periods; i++) {
		ro_line_values(&n[i], v);
		ro_period_name(s, i, name);
		fprintf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\"><title>%s %s %llu</title></circle>\n",
			ro_trend_x(i, s->periods), ro_trend_y(v[line], top), name, ro_line_names[line],
			(unsigned long long)v[line]);
	}
	fputs("</g>\n", out);
}

/* The numbers of the trend of counts [n] of [cmd], a row per period. */
static void ro_trend_table(FILE *out, const struct pcb_report_series *s, const struct pcb_report_counts *n,
			   unsigned cmd)
{
	uint64_t v[RO_NLINES];
	char name[PCB_CALTIME_BYTES];

	fprintf(out,
		"<details><summary>The numbers</summary>\n<table class=\"trend\" data-command=\"%s\">\n"
		"<tr><th>period</th>",
		pcb_commands[cmd]->name);
	for (size_t l = 0; l < RO_NLINES; l++)
		fprintf(out, "<th>%s</th>", ro_line_names[l]);
	fputs("</tr>\n", out);
	for (size_t i = 0; i < s->periods; i++) {
		ro_line_values(&n[i], v);
		ro_period_name(s, i, name);
		fprintf(out, "<tr><td class=\"period\">%s</td>", name);
		for (size_t l = 0; l < RO_NLINES; l++)
			fprintf(out, "<td class=\"%s n\">%llu</td>", ro_line_names[l],
				(unsigned long long)v[l]);
		fputs("</tr>\n", out);
	}
	fputs("</table>\n</details>\n", out);
}

/* The trend chart of command [cmd] in the hours or days of [zone]: its lines on one scale, the legend, the numbers. */
static void ro_trend_chart(FILE *out, const struct pcb_report_series *s, unsigned cmd, const char *zone)
{
	const struct pcb_report_counts *n = &s->n[cmd * s->periods];
	int height = RO_SVG_TOP + RO_SVG_PLOT_HEIGHT + RO_SVG_PLOT_BOTTOM;
	uint64_t max = 0, top, step, v[RO_NLINES];

	for (size_t i = 0; i < s->periods; i++) {
		ro_line_values(&n[i], v);
		for (size_t l = 0; l < RO_NLINES; l++)
			max = v[l] > max ? v[l] : max;
	}
	top = ro_scale(max, &step);
	fprintf(out, "<figure class=\"trend\" data-command=\"%s\"><figcaption>%s per %s (",
		pcb_commands[cmd]->name, pcb_commands[cmd]->name,
		s->unit == PCB_CALTIME_HOUR ? "hour" : "day");
	ro_html_bytes(out, zone, strlen(zone));
	fputs(")</figcaption>\n", out);
	fputs("<p class=\"legend\">", out);
	for (size_t l = 0; l < RO_NLINES; l++)
		fprintf(out, "<span class=\"%s\">%s</span>", ro_line_names[l], ro_line_names[l]);
	fprintf(out, "</p>\n<svg width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\">\n",
		RO_SVG_WIDTH, height, RO_SVG_WIDTH, height);
	ro_trend_axes(out, s, top, step);
	for (int l = 0; l < RO_NLINES; l++)
		ro_trend_line(out, s, n, l, top);
	fputs("</svg>\n", out);
	ro_trend_table(out, s, n, cmd);
	fputs("</figure>\n", out);
}

/* The trend: per command, sent, delivered, clicked and failures per hour or day, when over several. */
static int ro_section_trend(const struct ro_page *p)
{
	struct pcb_report_series s;
	char name[PCB_CALTIME_BYTES];
	const char *zone = pcb_rt_tz_name(pcb_report_opts(p->r));

	fputs("<h2>Over time</h2>\n", p->out);
	if (pcb_report_series(p->r, &s) != 0) {
		pcb_report_series_free(&s);
		return -1;
	}
	if (s.periods == 1) {
		ro_period_name(&s, 0, name);
		fprintf(p->out, "<p>Every event counted is of one hour, %s (", name);
		ro_html_bytes(p->out, zone, strlen(zone));
		fputs("): nothing to draw over time.</p>\n", p->out);
	} else if (s.periods == 0) {
		fputs("<p>No event counted.</p>\n", p->out);
	}
	fprintf(
	    p->out,
	    "<p>Per hour when the events span at most %d hours, per day (from midnight) beyond, in the hours "
	    "and days of time zone ",
	    PCB_REPORT_TREND_HOURLY_SPAN);
	ro_html_bytes(p->out, zone, strlen(zone));
	fprintf(p->out, "; the last %d periods at most.</p>\n", PCB_REPORT_SERIES_MAX);
	if (s.left_out > 0)
		fprintf(p->out, "<p class=\"left_out\">The %llu earlier %ss of the span are not drawn.</p>\n",
			(unsigned long long)s.left_out, s.unit == PCB_CALTIME_HOUR ? "hour" : "day");
	if (s.unlisted > 0)
		fprintf(
		    p->out,
		    "<p class=\"unlisted\">%llu events are of hours past the %d the trend keeps and are not "
		    "drawn.</p>\n",
		    (unsigned long long)s.unlisted, PCB_REPORT_TREND_MAX);
	for (unsigned c = 0; s.periods > 1 && c < pcb_ncommands; c++)
		if (s.commands & PCB_CMD_BIT(c))
			ro_trend_chart(p->out, &s, c, zone);
	pcb_report_series_free(&s);
	return 0;
}

/* [len] bytes of text at [s] cut to at most [max] on a UTF-8 boundary, with an ellipsis when cut. */
static void ro_html_cut(FILE *out, const char *s, size_t len, size_t max)
{
	size_t n = len;

	if (len > max) {
		n = max;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	ro_html_bytes(out, s, n);
	if (n < len)
		fputs("\xe2\x80\xa6", out); /* U+2026, an ellipsis */
}

/* The top errors as bars on one scale, in the table's order. */
static int ro_section_errors(const struct ro_page *p)
{
	const struct pcb_report_error *const *e;
	size_t n = pcb_report_errors(p->r, p->t[RO_ERRORS].nrows, &e);
	uint64_t top, step;
	int height = RO_SVG_TOP + (int)n * RO_SVG_ERROR_ROW;

	if (e == NULL)
		return -1;
	fputs("<h2>Top errors</h2>\n", p->out);
	if (n == 0) {
		fputs("<p>No failed event.</p>\n", p->out);
		return 0;
	}
	/* Sorted by count: the first is the largest. */
	top = ro_scale(e[0]->count, &step);
	fprintf(p->out,
		"<figure class=\"errors\"><figcaption>Failed events per vendor, stage, ErrCode and "
		"ErrInfo</figcaption>\n<svg width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\">\n",
		RO_SVG_WIDTH, height, RO_SVG_WIDTH, height);
	ro_svg_xgrid(p->out, top, step, height);
	for (size_t i = 0; i < n; i++) {
		int y = RO_SVG_TOP + (int)i * RO_SVG_ERROR_ROW + 3;
		double w = ro_len(e[i]->count, top, RO_SVG_BAR_MAX);
		struct ro_cell vendor;

		pcb_rt_vendor(&vendor, e[i]->platform);
		fputs("<g class=\"error failed\"><title>", p->out);
		ro_html_bytes(p->out, e[i]->errinfo, e[i]->errinfo_len);
		fprintf(p->out, "</title><text class=\"label\" x=\"0\" y=\"%d\">", y + RO_SVG_BAR);
		ro_html_bytes(p->out, vendor.s, vendor.len);
		fprintf(p->out,
			" %lld/%lld</text><rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\"/>"
			"<text class=\"v\" x=\"%.1f\" y=\"%d\">%llu</text><text class=\"errinfo\" x=\"%d\" "
			"y=\"%d\">",
			(long long)e[i]->stage, (long long)e[i]->errcode, RO_SVG_LABEL, y, w, RO_SVG_BAR + 4,
			RO_SVG_LABEL + w + 4, y + RO_SVG_BAR, (unsigned long long)e[i]->count, RO_SVG_ERRINFO,
			y + RO_SVG_BAR);
		ro_html_cut(p->out, e[i]->errinfo, e[i]->errinfo_len, RO_ERRINFO_LABEL);
		fputs("</text></g>\n", p->out);
	}
	fputs("</svg>\n<p>Labels: vendor stage/ErrCode.</p></figure>\n", p->out);
	return 0;
}

static void ro_write_html_table(FILE *out, const struct ro_table *t)
{
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
			fprintf(out, "<td class=\"%s%s\">", t->cols[j].name,
				c->kind == RO_TEXT || c->kind == RO_LOG ? "" : " n");
			ro_html_cell(out, c);
			fputs("</td>", out);
		}
		fputs("</tr>\n", out);
	}
	fputs("</table>\n", out);
}

/* The three tables every format shows. */
static int ro_section_tables(const struct ro_page *p)
{
	static const char *const headings[RO_NTABLES] = { "Funnel table", "Top errors table", "Input",
							  "Latency table" };

	for (size_t i = 0; i < RO_NTABLES; i++) {
		/* The latency table is only built with --latency. */
		if (p->t[i].name == NULL)
			continue;
		fprintf(p->out, "<h2>%s</h2>\n", headings[i]);
		ro_write_html_table(p->out, &p->t[i]);
	}
	return 0;
}

/* The page's sections in order; each returns 0, or -1 on ENOMEM. */
static int (*const ro_sections[])(const struct ro_page *p) = {
	ro_section_funnel, ro_section_latency, ro_section_trend, ro_section_errors, ro_section_tables,
};

int pcb_rt_write_html(FILE *out, struct pcb_report *r, const struct ro_table tables[RO_NTABLES])
{
	const struct ro_page page = { out, r, tables };

	fprintf(out,
		"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
		"<title>Push results by %s</title>\n<style>%s</style>\n</head>\n<body>\n"
		"<h1>Push results</h1>\n<p class=\"scope\">",
		pcb_report_by_name(pcb_report_opts(r)->by), ro_css);
	pcb_rt_title(out, pcb_report_opts(r));
	fputs("</p>\n", out);
	for (size_t i = 0; i < RO_NELEMS(ro_sections); i++)
		if (ro_sections[i](&page) != 0)
			return -1;
	fputs("</body>\n</html>\n", out);
	return 0;
}
