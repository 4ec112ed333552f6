/*
 * pcb_report_openmetrics.c: the report as metrics (pcb_report_out.h), for
 * node_exporter's textfile collector: gauges of the period read, valid in
 * both the OpenMetrics and the Prometheus text formats. Labels come from
 * fixed small sets only (command, platform, vendor, stage, result), never an
 * account, a PushID or a TaskId. Each section is one function; a section
 * more (the latency histograms) is one more function called from
 * pcb_rt_write_openmetrics.
 */
#include <config.h>

#include <inttypes.h>

#include "pcb_report_table.h"
#include "pcb_schema.h"

static void family(FILE *out, const char *name, const char *help)
{
	fprintf(out, "# HELP %s %s\n# TYPE %s gauge\n", name, help, name);
}

/* The push label of [g]: online pushes of Push.AllMemberPush are counted apart. */
static const char *push_name(const struct pcb_report_group *g)
{
	return g->online ? "online" : "offline";
}

/* The funnel of each command and vendor: one gauge per stage and result. */
static void om_funnel(FILE *out, struct pcb_report *r)
{
	const struct pcb_report_group *const *g;
	size_t n = pcb_report_groups(r, &g);

	family(out, "pushcb_funnel_events",
	       "Events of the period read, by command, push (offline or online), vendor, PushStage and "
	       "result.");
	for (size_t i = 0; i < n; i++) {
		const struct pcb_report_counts *c = &g[i]->n;
		const char *vendor = pcb_report_vendor_name(g[i]->platform);
		const struct {
			const char *stage, *result;
			uint64_t v;
		} rows[] = {
			{ "1", "ok", c->sent },
			{ "1", "failed", c->send_failed },
			{ "2", "ok", c->delivered },
			{ "2", "failed", c->deliver_failed },
			{ "3", "ok", c->clicked - c->click_failed },
			{ "3", "failed", c->click_failed },
			{ "other", "any", c->other_stage },
		};
		for (size_t k = 0; k < RO_NELEMS(rows); k++)
			fprintf(out,
				"pushcb_funnel_events{command=\"%s\",push=\"%s\",platform=\"%" PRId64
				"\",vendor=\"%s\",stage=\"%s\",result=\"%s\"} %" PRIu64 "\n",
				pcb_commands[g[i]->cmd]->name, push_name(g[i]), g[i]->platform,
				vendor ? vendor : "other", rows[k].stage, rows[k].result, rows[k].v);
	}
}

/* What reading the files found besides the funnel. */
static void om_summary(FILE *out, struct pcb_report *r)
{
	const struct pcb_report_summary *s = pcb_report_summary(r);

	family(out, "pushcb_report_lines", "Event lines of the files read, by what became of them.");
	fprintf(out, "pushcb_report_lines{outcome=\"counted\"} %" PRIu64 "\n", s->counted);
	fprintf(out, "pushcb_report_lines{outcome=\"duplicate\"} %" PRIu64 "\n", s->duplicates);
	fprintf(out, "pushcb_report_lines{outcome=\"malformed\"} %" PRIu64 "\n", s->malformed);
	fprintf(out, "pushcb_report_lines{outcome=\"torn\"} %" PRIu64 "\n", s->torn);
	fprintf(out, "pushcb_report_lines{outcome=\"outside_period\"} %" PRIu64 "\n", s->outside_period);
	fprintf(out, "pushcb_report_lines{outcome=\"no_identity\"} %" PRIu64 "\n", s->no_identity);
	family(out, "pushcb_report_files", "Files given to the report, by what became of them.");
	fprintf(out, "pushcb_report_files{outcome=\"read\"} %" PRIu64 "\n", s->files_read);
	fprintf(out, "pushcb_report_files{outcome=\"skipped\"} %" PRIu64 "\n", s->files_skipped);
	fprintf(out, "pushcb_report_files{outcome=\"failed\"} %" PRIu64 "\n", s->files_failed);
}

int pcb_rt_write_openmetrics(FILE *out, struct pcb_report *r)
{
	const struct pcb_report_group *const *g;

	if (pcb_report_groups(r, &g) == 0 && g == NULL)
		return -1;
	om_funnel(out, r);
	om_summary(out, r);
	fputs("# EOF\n", out);
	return 0;
}
