/*
 * pcb_report_openmetrics.c: the report as metrics (pcb_report_table.h), for
 * node_exporter's textfile collector: gauges (and with --latency histograms)
 * of the period read, valid in both the OpenMetrics and the Prometheus text
 * formats. Labels come from fixed small sets only (command, push, platform,
 * vendor, stage, result, span), never an account, a PushID or a TaskId.
 * Each section is one function called from pcb_rt_write_openmetrics.
 */
#include <config.h>

#include <inttypes.h>

#include "pcb_report_table.h"
#include "pcb_schema.h"

/* The HELP and TYPE lines of metric family [name] of [type]. */
static void family(FILE *out, const char *type, const char *name, const char *help)
{
	fprintf(out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/* Prints [g]'s labels: command, push (offline or online), platform, vendor. */
static void group_labels(FILE *out, const struct pcb_report_group *g)
{
	const char *vendor = pcb_report_vendor_name(g->platform);

	fprintf(out, "command=\"%s\",push=\"%s\",platform=\"%" PRId64 "\",vendor=\"%s\"",
		pcb_commands[g->cmd]->name, g->online ? "online" : "offline", g->platform,
		vendor ? vendor : "other");
}

/* The funnel of each command and vendor: one gauge per stage and result. */
static void om_funnel(FILE *out, struct pcb_report *r)
{
	const struct pcb_report_group *const *g;
	size_t n = pcb_report_groups(r, &g);

	family(out, "gauge", "pushcb_funnel_events",
	       "Events of the period read, by command, push (offline or online), vendor, PushStage and "
	       "result.");
	for (size_t i = 0; i < n; i++) {
		const struct pcb_report_counts *c = &g[i]->n;
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
		for (size_t k = 0; k < RO_NELEMS(rows); k++) {
			fputs("pushcb_funnel_events{", out);
			group_labels(out, g[i]);
			fprintf(out, ",stage=\"%s\",result=\"%s\"} %" PRIu64 "\n", rows[k].stage,
				rows[k].result, rows[k].v);
		}
	}
}

/*
 * The upper bounds (le) of the latency histograms' finite buckets, in
 * seconds: each below PCB_HIST_EXACT, where pcb_hist counts every second
 * apart, so each bucket's count is exact.
 */
static const int64_t om_latency_le[] = { 1, 5, 10, 30, 60, 300, 900, 3600, 21600, 43200 };

_Static_assert(43200 < PCB_HIST_EXACT, "the latency buckets are exact");

/* Whether span [s] of [g] has anything to print (as the latency table). */
static int span_seen(const struct pcb_report_group *g, size_t s)
{
	return g->lat[s].count != 0 || g->lat[s].negative != 0;
}

/*
 * With --latency: the spans as histograms of the durations of 0 s or more
 * (as the latency table's count), and the negative ones (clock skew, left
 * out of the histograms) as a gauge of their own.
 */
static void om_latency(FILE *out, struct pcb_report *r)
{
	const struct pcb_report_group *const *g;
	size_t n = pcb_report_groups(r, &g);
	uint64_t below[RO_NELEMS(om_latency_le)];

	family(out, "histogram", "pushcb_latency_seconds",
	       "Spans of the pushes of the period read, in seconds, by command, push, vendor and span.");
	for (size_t i = 0; i < n; i++) {
		for (size_t s = 0; s < PCB_NSPANS; s++) {
			const struct pcb_hist *h = &g[i]->lat[s];

			if (!span_seen(g[i], s))
				continue;
			pcb_hist_cumulative(h, om_latency_le, RO_NELEMS(om_latency_le), below);
			for (size_t k = 0; k <= RO_NELEMS(om_latency_le); k++) {
				fputs("pushcb_latency_seconds_bucket{", out);
				group_labels(out, g[i]);
				if (k < RO_NELEMS(om_latency_le))
					fprintf(out, ",span=\"%s\",le=\"%" PRId64 "\"} %" PRIu64 "\n",
						pcb_span_name((enum pcb_span)s), om_latency_le[k], below[k]);
				else
					fprintf(out, ",span=\"%s\",le=\"+Inf\"} %" PRIu64 "\n",
						pcb_span_name((enum pcb_span)s), h->count);
			}
			fputs("pushcb_latency_seconds_sum{", out);
			group_labels(out, g[i]);
			fprintf(out, ",span=\"%s\"} %" PRIu64 "\n", pcb_span_name((enum pcb_span)s), h->sum);
			fputs("pushcb_latency_seconds_count{", out);
			group_labels(out, g[i]);
			fprintf(out, ",span=\"%s\"} %" PRIu64 "\n", pcb_span_name((enum pcb_span)s),
				h->count);
		}
	}
	family(out, "gauge", "pushcb_latency_negative_spans",
	       "Spans of the period read that ended before they began (clock skew), left out of "
	       "pushcb_latency_seconds.");
	for (size_t i = 0; i < n; i++) {
		for (size_t s = 0; s < PCB_NSPANS; s++) {
			if (!span_seen(g[i], s))
				continue;
			fputs("pushcb_latency_negative_spans{", out);
			group_labels(out, g[i]);
			fprintf(out, ",span=\"%s\"} %" PRIu64 "\n", pcb_span_name((enum pcb_span)s),
				g[i]->lat[s].negative);
		}
	}
}

/* What reading the files found besides the funnel. */
static void om_summary(FILE *out, struct pcb_report *r)
{
	const struct pcb_report_summary *s = pcb_report_summary(r);

	family(out, "gauge", "pushcb_report_lines", "Event lines of the files read, by what became of them.");
	fprintf(out, "pushcb_report_lines{outcome=\"counted\"} %" PRIu64 "\n", s->counted);
	fprintf(out, "pushcb_report_lines{outcome=\"duplicate\"} %" PRIu64 "\n", s->duplicates);
	fprintf(out, "pushcb_report_lines{outcome=\"malformed\"} %" PRIu64 "\n", s->malformed);
	fprintf(out, "pushcb_report_lines{outcome=\"torn\"} %" PRIu64 "\n", s->torn);
	fprintf(out, "pushcb_report_lines{outcome=\"outside_period\"} %" PRIu64 "\n", s->outside_period);
	fprintf(out, "pushcb_report_lines{outcome=\"no_identity\"} %" PRIu64 "\n", s->no_identity);
	family(out, "gauge", "pushcb_report_files", "Files given to the report, by what became of them.");
	fprintf(out, "pushcb_report_files{outcome=\"read\"} %" PRIu64 "\n", s->files_read);
	fprintf(out, "pushcb_report_files{outcome=\"skipped\"} %" PRIu64 "\n", s->files_skipped);
	fprintf(out, "pushcb_report_files{outcome=\"rejects\"} %" PRIu64 "\n", s->reject_files);
	fprintf(out, "pushcb_report_files{outcome=\"failed\"} %" PRIu64 "\n", s->files_failed);
}

/*
 * The reject files' lines by command and reason (pcb_reject_reason.h), the
 * ones seen only: "other" for a command or a reason not known here.
 */
static void om_rejects(FILE *out, struct pcb_report *r)
{
	const struct pcb_reject_counts *c = &pcb_report_summary(r)->rejects;

	family(out, "gauge", "pushcb_report_rejected_events",
	       "Lines of the reject files read, by command and reason.");
	for (size_t k = 0; k <= PCB_MAX_COMMANDS; k++)
		for (unsigned rr = 0; rr < PCB_RR_COUNT; rr++)
			if (c->n[k][rr] != 0)
				fprintf(out,
					"pushcb_report_rejected_events{command=\"%s\",reason=\"%s\"} %" PRIu64
					"\n",
					k < pcb_ncommands ? pcb_commands[k]->name : "other",
					pcb_reject_reason_name(rr), c->n[k][rr]);
}

int pcb_rt_write_openmetrics(FILE *out, struct pcb_report *r)
{
	const struct pcb_report_group *const *g;

	if (pcb_report_groups(r, &g) == 0 && g == NULL)
		return -1;
	om_funnel(out, r);
	if (pcb_report_opts(r)->latency)
		om_latency(out, r);
	om_rejects(out, r);
	om_summary(out, r);
	fputs("# EOF\n", out);
	return 0;
}
