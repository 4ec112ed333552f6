/* pcb_report_html.c: the report as a self-contained HTML page with SVG funnels (pcb_report_out.h). */
#include <config.h>

#include "pcb_report_table.h"

#include <errno.h>
#include <string.h>

#include "pcb_logformat.h"
#include "pcb_utf8.h"

/* Charts: geometry in pixels. */
#define RO_SVG_WIDTH 460
#define RO_SVG_LABEL 84
#define RO_SVG_BAR_MAX 280
#define RO_SVG_ROW 28
#define RO_SVG_BAR_HEIGHT 20
#define RO_SVG_PAD 6

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
			pcb_rt_plain(c, PCB_FMT_TEXT, buf, sizeof(buf), &s, &len);
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

		fprintf(out,
			"<g class=\"%s\"><text x=\"0\" y=\"%d\">%s</text>"
			"<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\"/>"
			"<text class=\"v\" x=\"%.1f\" y=\"%d\">%llu</text></g>\n",
			bars[i].name, y + 15, bars[i].name, RO_SVG_LABEL, y, w, RO_SVG_BAR_HEIGHT,
			RO_SVG_LABEL + w + 6, y + 15, (unsigned long long)bars[i].v);
	}
	pcb_rt_rate(&reach, n->delivered, n->sent);
	pcb_rt_rate(&click, n->clicked, n->delivered);
	pcb_rt_plain(&reach, PCB_FMT_TEXT, rbuf, sizeof(rbuf), &rs, &rlen);
	pcb_rt_plain(&click, PCB_FMT_TEXT, cbuf, sizeof(cbuf), &cs, &clen);
	fprintf(out,
		"</svg>\n<p>reach rate <span class=\"reach_rate\">%.*s</span>, "
		"click rate <span class=\"click_rate\">%.*s</span></p></figure>\n",
		(int)rlen, rs, (int)clen, cs);
}

/* The charts: one per command and vendor (periods summed), or one per TaskId. */
static int ro_html_charts(FILE *out, struct pcb_report *r)
{
	enum pcb_report_by by = pcb_report_opts(r)->by;
	const struct pcb_report_group *const *g;
	size_t n = pcb_report_groups(r, &g), charts = 0;
	char prefix[PCB_CALTIME_BYTES];

	if (g == NULL)
		return -1;
	for (size_t i = 0; i < n; i++) {
		struct pcb_report_counts sum = g[i]->n;

		while (by != PCB_BY_TASKID && i + 1 < n && g[i + 1]->cmd == g[i]->cmd &&
		       g[i + 1]->platform == g[i]->platform)
			pcb_rt_counts_add(&sum, &g[++i]->n);
		if (charts++ == PCB_REPORT_HTML_CHARTS_MAX) {
			fprintf(out, "<p>Only the first %d charts are drawn; the table has every row.</p>\n",
				PCB_REPORT_HTML_CHARTS_MAX);
			break;
		}
		if (by == PCB_BY_TASKID) {
			ro_svg_funnel(out, "TaskId ", g[i]->taskid, g[i]->taskid_len, &sum);
		} else {
			struct ro_cell c;

			pcb_rt_vendor(&c, g[i]->platform);
			snprintf(prefix, sizeof(prefix), "%s ", pcb_commands[g[i]->cmd]->name);
			ro_svg_funnel(out, prefix, c.s, c.len, &sum);
		}
	}
	return 0;
}

int pcb_rt_write_html(FILE *out, struct pcb_report *r, const struct ro_table tables[RO_NTABLES])
{
	static const char *const headings[] = { "Funnel", "Top errors", "Input" };
	int rc;

	fprintf(out,
		"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
		"<title>Push results by %s</title>\n<style>%s</style>\n</head>\n<body>\n"
		"<h1>Push results</h1>\n<p class=\"scope\">",
		pcb_report_by_name(pcb_report_opts(r)->by), ro_css);
	pcb_rt_title(out, pcb_report_opts(r));
	fputs("</p>\n<h2>Funnel per vendor</h2>\n<div class=\"charts\">\n", out);
	rc = ro_html_charts(out, r);
	fputs("</div>\n", out);
	for (size_t i = 0; i < RO_NTABLES && i < RO_NELEMS(headings); i++) {
		fprintf(out, "<h2>%s</h2>\n", headings[i]);
		ro_write_html_table(out, &tables[i]);
	}
	fputs("</body>\n</html>\n", out);
	return rc;
}
