/*
 * test-reconcile-days: the days pushcb-reconcile compares, on a clock passed
 * in: Beijing days, the default span, one bound alone, how far back the
 * statistics and losses reach, and which days are partial (today, and
 * yesterday until 12:00 Beijing time).
 */
#include <config.h>

#include <string.h>

#include "pcb_reconcile.h"
#include "tap.h"

/* 2026-11-25T00:00:00 Beijing time (2026-11-24T16:00:00Z), in Beijing wall-clock and Unix seconds. */
#define DAY25 1795564800LL
#define DAY25_UTC (DAY25 - PCB_RC_UTC_OFFSET)
#define D PCB_CALTIME_DAY

int main(void)
{
	struct pcb_rc_days d;
	char err[256];

	tap_plan(21);
	/* 11:59:59 Beijing time on the 25th (03:59:59Z). */
	tap_is_int(pcb_rc_days(DAY25_UTC + 12 * 3600 - 1, NULL, NULL, &d, err, sizeof(err)), 0, "defaults");
	tap_is_int(d.to, DAY25 - D, "to: yesterday in Beijing");
	tap_is_int(d.from, DAY25 - 7 * D, "from: 7 days in all");
	tap_is_int(d.partial_from, DAY25 - D, "before 12:00 Beijing time, yesterday is partial");
	tap_is_int(d.loss_from, DAY25 - 7 * D, "losses reach 7 days back");
	tap_is_int(pcb_rc_days(DAY25_UTC + 12 * 3600, NULL, NULL, &d, err, sizeof(err)), 0, "at 12:00");
	tap_is_int(d.partial_from, DAY25, "from 12:00, only today is partial");
	/* 17:00Z on the 24th is 01:00 on the 25th in Beijing: already the 25th. */
	tap_is_int(pcb_rc_days(DAY25_UTC + 3600, NULL, NULL, &d, err, sizeof(err)), 0, "01:00 Beijing");
	tap_is_int(d.to, DAY25 - D, "the Beijing day, not the UTC one, is today");

	tap_is_int(pcb_rc_days(DAY25_UTC + 13 * 3600, "2026-11-25", "2026-11-25", &d, err, sizeof(err)), 0,
		   "today alone");
	tap_ok(d.from == DAY25 && d.to == DAY25, "is one day");
	tap_is_int(pcb_rc_days(DAY25_UTC + 13 * 3600, "2026-11-23", NULL, &d, err, sizeof(err)), 0,
		   "--from alone");
	tap_is_int(d.to, DAY25, "reaches today at most");
	tap_is_int(pcb_rc_days(DAY25_UTC + 13 * 3600, NULL, "2026-11-20", &d, err, sizeof(err)), 0,
		   "--to alone");
	tap_is_int(d.from, DAY25 - 11 * D, "7 days up to it");

	tap_is_int(pcb_rc_days(DAY25_UTC, "2026-10-26", "2026-10-26", &d, err, sizeof(err)), 0,
		   "30 days back is allowed");
	tap_is_int(pcb_rc_days(DAY25_UTC, "2026-10-25", NULL, &d, err, sizeof(err)), -1,
		   "31 days back is not");
	tap_ok(strstr(err, "reach 30 days back") != NULL, "saying why: %s", err);
	tap_is_int(pcb_rc_days(DAY25_UTC, NULL, "2026-11-26", &d, err, sizeof(err)), -1,
		   "tomorrow is refused");
	tap_is_int(pcb_rc_days(DAY25_UTC, "2026-11-22", "2026-11-21", &d, err, sizeof(err)), -1,
		   "--from after --to is refused");
	tap_is_int(pcb_rc_days(DAY25_UTC, "2026-11-2", NULL, &d, err, sizeof(err)), -1,
		   "a short day is refused");
	return tap_done();
}
