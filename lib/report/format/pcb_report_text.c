/* pcb_report_text.c: the report as aligned text tables (pcb_report_table.h). */
#include <config.h>

#include "pcb_report_table.h"

#include <string.h>

/* Spaces between columns. */
#define RO_GAP 2

/* The columns a UTF-8 text takes on a terminal, counting one per character. */
static size_t ro_width(const char *s, size_t len)
{
	size_t w = 0;

	for (size_t i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			w++;
	return w;
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
			pcb_rt_plain(&t->cells[i * t->ncols + j], PCB_FMT_TEXT, buf, sizeof(buf), &s, &len);
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
				pcb_rt_plain(c, PCB_FMT_TEXT, buf, sizeof(buf), &s, &len);
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

void pcb_rt_write_text(FILE *out, const struct pcb_report_opts *o, const struct ro_table t[RO_NTABLES])
{
	pcb_rt_title(out, o);
	fputs("\n\n", out);
	for (size_t i = 0; i < RO_NTABLES; i++) {
		if (t[i].name == NULL)
			continue;
		if (i > 0)
			fputc('\n', out);
		ro_write_text_table(out, &t[i]);
	}
}
