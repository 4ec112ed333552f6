/* pcb_report_tsv.c: the report as TSV tables, separated by an empty line (pcb_report_table.h). */
#include <config.h>

#include "pcb_report_table.h"

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
			pcb_rt_plain(&t->cells[i * t->ncols + j], PCB_FMT_TSV, buf, sizeof(buf), &s, &len);
			fprintf(out, "%s%.*s", j > 0 ? "\t" : "", (int)len, s);
		}
		fputc('\n', out);
	}
}

void pcb_rt_write_tsv(FILE *out, const struct ro_table t[RO_NTABLES])
{
	for (size_t i = 0; i < RO_NTABLES; i++) {
		if (t[i].name == NULL)
			continue;
		if (i > 0)
			fputc('\n', out);
		ro_write_tsv_table(out, &t[i]);
	}
}
