/*
 * test-report-trend: the trend counts every counted event into its command's
 * hour whatever the grouping, keeps at most PCB_REPORT_TREND_MAX points,
 * and its series are per hour up to PCB_REPORT_TREND_HOURLY_SPAN hours, per
 * day beyond, and at most PCB_REPORT_SERIES_MAX periods; under --tz the hours
 * and days are the zone's (a half-hour offset, a clock change, local midnight).
 */
#include <config.h>

#include <stdlib.h>

#include "pcb_report_names.h"
#include "pcb_report_trend.h"
#include "pcb_tz.h"
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

/* 2026-10-25T01:00:00Z: Europe/Berlin's clocks go back from 03:00 CEST to 02:00 CET. */
#define T_BERLIN_CHANGE (T_DAY - 31 * DAY + HOUR)

/* Europe/Berlin around 25 October 2026: UTC+2 before T_BERLIN_CHANGE, UTC+1 from it. */
static int64_t berlin(void *ctx, int64_t t)
{
	(void)ctx;
	return t < T_BERLIN_CHANGE ? 2 * HOUR : HOUR;
}

/* The Push.OfflinePush sends of the series of [r] into [sent] ([max] periods); returns the periods. */
static size_t sends(struct pcb_report *r, struct pcb_report_series *s, uint64_t *sent, size_t max)
{
	unsigned cmd = rl_cmd("Push.OfflinePush");

	series(r, s);
	for (size_t i = 0; i < s->periods && i < max; i++)
		sent[i] = s->n[cmd * s->periods + i].sent;
	return s->periods;
}

/*
 * The hours and days of zones: at +05:30 hours start at the half hour of
 * UTC and a day at 18:30 UTC; at Europe/Berlin's clock change the hour its
 * clocks repeat holds both of its instants.
 */
static void zones(void)
{
	struct pcb_report_cols c;
	struct pcb_report_series s;
	struct pcb_tz z;
	struct pcb_report *r;
	uint64_t sent[8] = { 0 };
	size_t n;

	if (pcb_tz_fixed(&z, "+05:30") != 0) {
		puts("Bail out! pcb_tz_fixed");
		exit(1);
	}
	rl_bind(&c);
	r = rl_new_tz(PCB_BY_VENDOR, 100, &z);
	/* 13:00:01 and 13:40 UTC, one hour of UTC: 18:30:01 and 19:10 there. */
	rl_add(r, &c, RL_T13 + 1, 3, 1, 0, "OK", "u1", "p1");
	rl_add(r, &c, RL_T13 + 40 * 60, 3, 1, 0, "OK", "u2", "p1");
	n = sends(r, &s, sent, 8);
	tap_ok(s.unit == HOUR && n == 2 && s.first == T_DAY + 18 * HOUR && sent[0] == 1 && sent[1] == 1,
	       "+05:30: 13:00 and 13:40 UTC are the hours 18 and 19 there (%zu periods, first %lld)", n,
	       (long long)s.first);
	pcb_report_series_free(&s);
	pcb_report_destroy(r);

	r = rl_new_tz(PCB_BY_VENDOR_HOUR, 100, &z);
	/* 18:29 and 18:31 UTC on the 25th: 23:59 on the 25th and 00:01 on the 26th there; then the 29th. */
	rl_add(r, &c, T_DAY + 18 * HOUR + 29 * 60, 3, 1, 0, "OK", "u1", "p1");
	rl_add(r, &c, T_DAY + 18 * HOUR + 31 * 60, 3, 1, 0, "OK", "u2", "p1");
	rl_add(r, &c, T_DAY + 18 * HOUR + 31 * 60 + 80 * HOUR, 3, 1, 0, "OK", "u3", "p1");
	n = sends(r, &s, sent, 8);
	tap_ok(s.unit == DAY && n == 5 && s.first == T_DAY && sent[0] == 1 && sent[1] == 1 && sent[4] == 1,
	       "+05:30: per day, the days cut at its midnight, 18:30 UTC (%zu periods, first %lld)", n,
	       (long long)s.first);
	pcb_report_series_free(&s);
	pcb_report_destroy(r);

	/* Europe/Berlin's clock change: the hour its clocks repeat holds both of its instants. */
	if (pcb_tz_named(&z, "Europe/Berlin", berlin, NULL) != 0) {
		puts("Bail out! pcb_tz_named");
		exit(1);
	}
	r = rl_new_tz(PCB_BY_VENDOR, 100, &z);
	/* 00:30 and 01:30 UTC are both 02:30 there; 02:30 UTC is 03:30; 22:30 UTC the day before is 00:30. */
	rl_add(r, &c, T_BERLIN_CHANGE - HOUR / 2, 3, 1, 0, "OK", "u1", "p1");
	rl_add(r, &c, T_BERLIN_CHANGE + HOUR / 2, 3, 1, 0, "OK", "u2", "p1");
	rl_add(r, &c, T_BERLIN_CHANGE + 3 * HOUR / 2, 3, 1, 0, "OK", "u3", "p1");
	rl_add(r, &c, T_BERLIN_CHANGE - 5 * HOUR / 2, 3, 1, 0, "OK", "u4", "p1");
	n = sends(r, &s, sent, 8);
	/* Local wall-clock hours 00, 01, 02, 03 of 25 October. */
	tap_ok(s.unit == HOUR && n == 4 && s.first == T_BERLIN_CHANGE - HOUR && sent[0] == 1 &&
		   sent[1] == 0 && sent[2] == 2 && sent[3] == 1,
	       "Europe/Berlin: 00:30 and 01:30 UTC both in its hour 02, 22:30 UTC the day before in its 00 "
	       "(%zu periods, first %lld)",
	       n, (long long)s.first);
	pcb_report_series_free(&s);
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
	zones();
	return tap_done();
}
