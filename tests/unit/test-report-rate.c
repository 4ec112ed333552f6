/*
 * test-report-rate: the reach and click rates, as a cell (pcb_rt_rate) and as
 * each format prints it (pcb_rt_plain), and which counters a funnel row
 * divides: reach is delivered over sent, click is clicked over delivered.
 */
#include <config.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pcb_report_table.h"
#include "report-lines.h"

/* One rate [num] / [den] as the text and TSV formats print it. */
static void rate_printed(uint64_t num, uint64_t den, const char *text, const char *tsv)
{
	struct ro_cell c;
	char buf[64], name[160];
	const char *s;
	size_t len;

	pcb_rt_rate(&c, num, den);
	pcb_rt_plain(&c, PCB_FMT_TEXT, buf, sizeof(buf), &s, &len);
	snprintf(name, sizeof(name), "%llu / %llu in text: %s", (unsigned long long)num,
		 (unsigned long long)den, text);
	tap_is_mem(s, len, text, strlen(text), name);
	pcb_rt_plain(&c, PCB_FMT_TSV, buf, sizeof(buf), &s, &len);
	snprintf(name, sizeof(name), "%llu / %llu in TSV: \"%s\"", (unsigned long long)num,
		 (unsigned long long)den, tsv);
	tap_is_mem(s, len, tsv, strlen(tsv), name);
}

/* The cell of column [name] in row [row] of table [t], or NULL. */
static const struct ro_cell *cell(const struct ro_table *t, size_t row, const char *name)
{
	for (size_t i = 0; i < t->ncols; i++)
		if (strcmp(t->cols[i].name, name) == 0 && row < t->nrows)
			return &t->cells[row * t->ncols + i];
	return NULL;
}

int main(void)
{
	struct ro_cell c;

	pcb_rt_rate(&c, 2, 3);
	tap_ok(c.kind == RO_RATE && fabs(c.rate - 2.0 / 3.0) < 1e-12, "2 / 3 is a rate of 0.666...");
	pcb_rt_rate(&c, 5, 0);
	tap_is_int(c.kind, RO_NULL, "a rate over 0 is no rate");
	pcb_rt_rate(&c, UINT64_MAX, UINT64_MAX);
	tap_ok(c.kind == RO_RATE && c.rate == 1.0, "the largest counters over themselves: 1");
	rate_printed(2, 3, "66.7%", "0.6667");
	rate_printed(1, 3, "33.3%", "0.3333");
	rate_printed(0, 7, "0.0%", "0.0000");
	rate_printed(7, 7, "100.0%", "1.0000");
	rate_printed(0, 0, "-", "");

	/* A funnel row: 4 sent (and 1 send failed), 3 delivered, 1 clicked. */
	struct pcb_report_cols cols;
	struct pcb_report *r = rl_new(PCB_BY_VENDOR, 100);
	struct ro_table t[RO_NTABLES];
	const char *to[] = { "u1", "u2", "u3", "u4" };

	rl_bind(&cols);
	for (int i = 0; i < 4; i++)
		rl_add(r, &cols, RL_T13, 3, 1, 0, "OK", to[i], "p1");
	rl_add(r, &cols, RL_T13, 3, 1, 5, "bad", "u5", "p1");
	for (int i = 0; i < 3; i++)
		rl_add(r, &cols, RL_T13, 3, 2, 0, "OK", to[i], "p1");
	rl_add(r, &cols, RL_T13, 3, 3, 0, "", to[0], "p1");
	tap_is_int(pcb_rt_build(r, 10, t), 0, "the tables are built");
	const struct ro_cell *reach = cell(&t[RO_FUNNEL], 0, "reach_rate");
	const struct ro_cell *click = cell(&t[RO_FUNNEL], 0, "click_rate");
	tap_ok(reach != NULL && reach->kind == RO_RATE && fabs(reach->rate - 0.75) < 1e-12,
	       "reach_rate is delivered over sent: 3 / 4");
	tap_ok(click != NULL && click->kind == RO_RATE && fabs(click->rate - 1.0 / 3.0) < 1e-12,
	       "click_rate is clicked over delivered: 1 / 3");
	pcb_rt_free(t);
	pcb_report_destroy(r);
	return tap_done();
}
