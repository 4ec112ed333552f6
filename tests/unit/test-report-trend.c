/*
 * test-report-trend: the trend counts every counted event into its command's
 * UTC hour whatever the grouping, keeps at most PCB_REPORT_TREND_MAX points,
 * and its series are per hour up to PCB_REPORT_TREND_HOURLY_SPAN hours, per
 * day beyond, and at most PCB_REPORT_SERIES_MAX periods.
 */
#include <config.h>

#include <stdlib.h>

#include "pcb_report_out.h"
#include "pcb_report_trend.h"
#include "report-lines.h"

#define HOUR 3600LL
#define DAY 86400LL
/* 2026-11-25T00:00:00Z, the day of RL_T13 */
#define T_DAY (RL_T13 - 13 * HOUR)

/* The series of [r]; bails out on ENOMEM. */
static void series(struct pcb_report *r, struct pcb_report_series *s)
{
	if (pcb_report_series(r, s) != 0) {
		puts("Bail out! pcb_report_series");
		exit(1);
	}
}

/* Events of two vendors in hours 13 and 15, whatever grouping [by]: the series is per hour, hour 14 empty. */
static void hourly(enum pcb_report_by by)
{
	struct pcb_report_cols c;
	struct pcb_report *r = rl_new(by, 100);
	struct pcb_report_series s;
	unsigned cmd = rl_cmd("Push.OfflinePush");
	const struct pcb_report_counts *n;

	rl_bind(&c);
	rl_add(r, &c, RL_T13 + 1, 3, 1, 0, "OK", "u1", "p1");
	rl_add(r, &c, RL_T13 + 2, 1, 1, 0, "OK", "u2", "p1");
	rl_add(r, &c, RL_T13 + 3, 1, 1, 0, "OK", "u2", "p1"); /* a duplicate: not counted */
	rl_add(r, &c, RL_T13 + 4, 3, 1, 5, "bad", "u3", "p1");
	rl_add(r, &c, RL_T13 + 2 * HOUR, 3, 2, 0, "OK", "u1", "p1");
	rl_add(r, &c, RL_T13 + 2 * HOUR + 59, 1, 2, 7, "gone", "u2", "p1");
	rl_add(r, &c, RL_T13 + 3 * HOUR - 1, 1, 3, 9, "odd", "u2", "p1");
	series(r, &s);
	tap_ok(s.unit == HOUR && s.first == RL_T13 && s.periods == 3 && s.left_out == 0,
	       "by %s: three hours, per hour from 13h (unit %lld, first %lld, %zu periods)",
	       pcb_report_by_name(by), (long long)s.unit, (long long)s.first, s.periods);
	tap_is_int(s.commands, PCB_CMD_BIT(cmd), "only Push.OfflinePush has events");
	if (s.periods == 3) {
		n = &s.n[cmd * s.periods];
		tap_ok(n[0].sent == 2 && n[0].send_failed == 1 && n[0].delivered == 0,
		       "13h: both vendors' sends summed, the duplicate left out, the failure apart");
		tap_ok(n[1].sent == 0 && n[1].delivered == 0 && n[1].clicked == 0 && n[1].send_failed == 0,
		       "14h: an hour without events is in the series, empty");
		tap_ok(n[2].delivered == 1 && n[2].deliver_failed == 1 && n[2].clicked == 1 &&
			   n[2].click_failed == 1,
		       "15h: delivered, a failed delivery and a failed click");
	}
	pcb_report_series_free(&s);
	pcb_report_destroy(r);
}

/* Two events [apart] seconds apart from RL_T13: the series' unit and number of periods. */
static void span(long long apart, long long unit, size_t periods, const char *name)
{
	struct pcb_report_cols c;
	struct pcb_report *r = rl_new(PCB_BY_VENDOR, 100);
	struct pcb_report_series s;

	rl_bind(&c);
	rl_add(r, &c, RL_T13, 3, 1, 0, "OK", "u1", "p1");
	rl_add(r, &c, RL_T13 + apart, 3, 1, 0, "OK", "u2", "p1");
	series(r, &s);
	tap_ok(s.unit == unit && s.periods == periods && s.left_out == 0 &&
		   s.first == (unit == DAY ? T_DAY : RL_T13),
	       "%s (unit %lld, %zu periods)", name, (long long)s.unit, s.periods);
	pcb_report_series_free(&s);
	pcb_report_destroy(r);
}

/* A span past PCB_REPORT_SERIES_MAX days: only the last days are in the series. */
static void capped(void)
{
	struct pcb_report_cols c;
	struct pcb_report *r = rl_new(PCB_BY_VENDOR, 100);
	struct pcb_report_series s;
	unsigned cmd = rl_cmd("Push.OfflinePush");
	uint64_t sent = 0;

	rl_bind(&c);
	rl_add(r, &c, RL_T13, 3, 1, 0, "OK", "u1", "p1");
	rl_add(r, &c, RL_T13 + 200 * DAY, 3, 1, 0, "OK", "u2", "p1");
	rl_add(r, &c, RL_T13 + 500 * DAY, 3, 1, 0, "OK", "u3", "p1");
	series(r, &s);
	tap_ok(s.unit == DAY && s.periods == PCB_REPORT_SERIES_MAX && s.left_out == 101 &&
		   s.first == T_DAY + 101 * DAY,
	       "501 days: the last %d, 101 left out (%zu periods, %llu left out)", PCB_REPORT_SERIES_MAX,
	       s.periods, (unsigned long long)s.left_out);
	for (size_t i = 0; i < s.periods; i++)
		sent += s.n[cmd * s.periods + i].sent;
	tap_is_int((long long)sent, 2, "the left-out day's event is in no period");
	if (s.periods == PCB_REPORT_SERIES_MAX)
		tap_is_int((long long)s.n[cmd * s.periods + s.periods - 1].sent, 1,
			   "the last day is the last period");
	pcb_report_series_free(&s);
	pcb_report_destroy(r);
}

/* Past PCB_REPORT_TREND_MAX points, events are only counted as unlisted; the funnel still has them. */
static void bounded(void)
{
	struct pcb_report_cols c;
	struct pcb_report *r = rl_new(PCB_BY_VENDOR, 0);
	const struct pcb_report_group *const *p;
	const struct pcb_report_group *const *g;
	uint64_t unlisted = 0;
	size_t n;

	rl_bind(&c);
	for (long long i = 0; i < PCB_REPORT_TREND_MAX + 5; i++)
		rl_add(r, &c, RL_T13 + i * HOUR, 3, 1, 0, "OK", "u1", "p1");
	rl_add(r, &c, RL_T13, 3, 1, 0, "OK", "u1", "p1");
	n = pcb_report_trend(r, &p, &unlisted);
	tap_is_int((long long)n, PCB_REPORT_TREND_MAX, "the trend keeps PCB_REPORT_TREND_MAX points");
	tap_is_int((long long)unlisted, 5, "the events of the hours past it are counted as unlisted");
	tap_ok(n > 0 && p[0]->period == RL_T13 && p[0]->n.sent == 2, "a kept hour still counts its events");
	tap_ok(pcb_report_groups(r, &g) == 1 && g[0]->n.sent == PCB_REPORT_TREND_MAX + 6,
	       "the funnel counts every event");
	pcb_report_destroy(r);
}

int main(void)
{
	struct pcb_report *r = rl_new(PCB_BY_VENDOR, 100);
	struct pcb_report_series s;

	series(r, &s);
	tap_ok(s.unit == 0 && s.periods == 0 && s.commands == 0, "no event, no series");
	pcb_report_series_free(&s);
	pcb_report_destroy(r);

	hourly(PCB_BY_VENDOR);
	hourly(PCB_BY_VENDOR_DAY);
	span(0, HOUR, 1, "one event's hour: one period");
	span(71 * HOUR + 3599, HOUR, PCB_REPORT_TREND_HOURLY_SPAN, "72 hours: per hour");
	span(72 * HOUR, DAY, 4, "73 hours: per day, from the first event's day");
	capped();
	bounded();
	return tap_done();
}
