/*
 * pcb_report_trend.h: the report's trend (pcb_report_trend, its points per
 * command and hour of the report's zone, opts.tz) as series over consecutive
 * periods of that zone's wall clock, for the page's charts over time. The
 * rule: per hour when the counted events span at most
 * PCB_REPORT_TREND_HOURLY_SPAN hours, per day (from local midnight) beyond; at most
 * PCB_REPORT_SERIES_MAX periods, the last ones of the span.
 */
#ifndef PCB_REPORT_TREND_H
#define PCB_REPORT_TREND_H

#include <stddef.h>
#include <stdint.h>

#include "pcb_report.h"

/* The longest span, in hours from the first to the last hour included, drawn per hour. */
#define PCB_REPORT_TREND_HOURLY_SPAN 72
/* Periods a series holds: a year and a month of days. */
#define PCB_REPORT_SERIES_MAX 400

struct pcb_report_series {
	int64_t unit;      /* PCB_CALTIME_HOUR or PCB_CALTIME_DAY; 0 when no event was counted */
	int64_t first;     /* the start of the first period, in the zone's wall-clock seconds */
	size_t periods;    /* periods in the series, every command alike (0 to PCB_REPORT_SERIES_MAX) */
	uint64_t left_out; /* periods of the span before the first, past PCB_REPORT_SERIES_MAX */
	uint64_t unlisted; /* events in no point of the trend (past PCB_REPORT_TREND_MAX) */
	unsigned commands; /* PCB_CMD_BIT()s of the commands with events in the series */
	struct pcb_report_counts *n; /* pcb_ncommands rows of [periods]: n[cmd * periods + i] */
};

/*
 * Makes the series of report [r]'s trend into [s] (replacing the view of
 * pcb_report_groups). Returns 0, or -1 on ENOMEM; free [s] with
 * pcb_report_series_free either way.
 */
int pcb_report_series(struct pcb_report *r, struct pcb_report_series *s);

void pcb_report_series_free(struct pcb_report_series *s);

#endif
