/* pcb_report_trend.c: see pcb_report_trend.h. */
#include <config.h>

#include "pcb_report_trend.h"

#include <stdlib.h>
#include <string.h>

#include "pcb_caltime.h"
#include "pcb_report_table.h"

/* The start of the period of [unit] holding hour [hour] (which has a day: pcb_report_add checked). */
static int64_t rs_period(int64_t hour, int64_t unit)
{
	int64_t start = hour;

	if (unit == PCB_CALTIME_DAY)
		pcb_caltime_floor(hour, PCB_CALTIME_DAY, &start);
	return start;
}

/* Chooses [s]'s unit, first period and number of periods for points from hour [lo] to hour [hi]. */
static void rs_shape(struct pcb_report_series *s, int64_t lo, int64_t hi)
{
	uint64_t span, periods;
	int64_t last;

	/* Unsigned: the difference of two times with a day can exceed INT64_MAX. */
	span = ((uint64_t)hi - (uint64_t)lo) / PCB_CALTIME_HOUR + 1;
	s->unit = span <= PCB_REPORT_TREND_HOURLY_SPAN ? PCB_CALTIME_HOUR : PCB_CALTIME_DAY;
	s->first = rs_period(lo, s->unit);
	last = rs_period(hi, s->unit);
	periods = ((uint64_t)last - (uint64_t)s->first) / (uint64_t)s->unit + 1;
	s->periods = PCB_REPORT_SERIES_MAX;
	if (periods <= PCB_REPORT_SERIES_MAX)
		s->periods = (size_t)periods;
	else
		s->left_out = periods - PCB_REPORT_SERIES_MAX;
	s->first = last - (int64_t)(s->periods - 1) * s->unit;
}

int pcb_report_series(struct pcb_report *r, struct pcb_report_series *s)
{
	const struct pcb_report_group *const *p;
	size_t n;
	int64_t lo, hi;

	memset(s, 0, sizeof(*s));
	n = pcb_report_trend(r, &p, &s->unlisted);
	if (p == NULL)
		return -1;
	if (n == 0)
		return 0;
	lo = hi = p[0]->period;
	for (size_t i = 1; i < n; i++) {
		if (p[i]->period < lo)
			lo = p[i]->period;
		if (p[i]->period > hi)
			hi = p[i]->period;
	}
	rs_shape(s, lo, hi);
	s->n = calloc(pcb_ncommands * s->periods, sizeof(*s->n));
	if (s->n == NULL)
		return -1;
	for (size_t i = 0; i < n; i++) {
		int64_t start = rs_period(p[i]->period, s->unit);

		if (start < s->first)
			continue;
		pcb_rt_counts_add(&s->n[p[i]->cmd * s->periods + (size_t)((start - s->first) / s->unit)],
				  &p[i]->n);
		s->commands |= PCB_CMD_BIT(p[i]->cmd);
	}
	return 0;
}

void pcb_report_series_free(struct pcb_report_series *s)
{
	free(s->n);
	s->n = NULL;
}
