/*
 * test-report-time-range: an EventTime outside PCB_REPORT_TIME_MIN..MAX (where
 * a zone could move it past what the calendar holds) is a malformed line,
 * whatever the grouping and the zone, and never undefined arithmetic; every
 * time the report keeps is written back as a date (the sanitizer build pins
 * the rest).
 */
#include <config.h>

#include <stdint.h>
#include <stdlib.h>

#include "report-lines.h"

static const enum pcb_report_by groupings[] = { PCB_BY_VENDOR, PCB_BY_VENDOR_HOUR, PCB_BY_VENDOR_DAY };
#define NGROUPINGS (sizeof(groupings) / sizeof(groupings[0]))

/* What grouping [by] in zone [tz] (NULL: UTC) does with one event at [when]. */
static enum pcb_report_line add_at_tz(enum pcb_report_by by, long long when, const struct pcb_tz *tz)
{
	struct pcb_report_cols c;
	struct pcb_report *r = rl_new_tz(by, 10, tz);
	enum pcb_report_line st;

	rl_bind(&c);
	st = rl_add(r, &c, when, 1, 1, 0, "OK", "u1", "p1");
	pcb_report_destroy(r);
	return st;
}

/* Every grouping, in UTC and in the zones farthest from it, takes [when] as [want]. */
static void each_grouping(long long when, enum pcb_report_line want, const char *what)
{
	static const char *const zones[] = { "UTC", "+23:59", "-23:59" };
	struct pcb_tz tz;
	int same = 1;

	for (size_t i = 0; i < NGROUPINGS; i++)
		tap_is_int(add_at_tz(groupings[i], when, NULL), want, what);
	for (size_t z = 0; z < sizeof(zones) / sizeof(zones[0]); z++) {
		if (pcb_tz_fixed(&tz, zones[z]) != 0)
			same = 0;
		for (size_t i = 0; i < NGROUPINGS; i++)
			same &= add_at_tz(groupings[i], when, &tz) == want;
	}
	tap_ok(same, "%s: the same under every zone", what);
}

/* The period of the only group of a report by [by] holding one event at [when], written out. */
static void period_of(enum pcb_report_by by, long long when, const char *want, const char *what)
{
	struct pcb_report_cols c;
	struct pcb_report *r = rl_new(by, 10);
	const struct pcb_report_group *const *g;
	char buf[PCB_CALTIME_BYTES] = "unset";

	rl_bind(&c);
	rl_add(r, &c, when, 1, 1, 0, "OK", "u1", "p1");
	if (pcb_report_groups(r, &g) == 1)
		tap_ok(pcb_report_format_period(g[0]->period, by, buf) == 0 && strcmp(buf, want) == 0,
		       "%s (%s)", what, buf);
	else
		tap_ok(0, "%s: no group", what);
	pcb_report_destroy(r);
}

int main(void)
{
	struct pcb_report_cols c;
	struct pcb_report *r;
	char buf[PCB_CALTIME_BYTES];

	each_grouping(INT64_MIN, PCB_LINE_MALFORMED, "EventTime INT64_MIN is malformed");
	each_grouping(PCB_CALTIME_MIN - 1, PCB_LINE_MALFORMED,
		      "an EventTime before the first whole day is malformed");
	each_grouping(PCB_REPORT_TIME_MIN - 1, PCB_LINE_MALFORMED,
		      "one a zone could move before the first whole day is malformed");
	each_grouping(PCB_REPORT_TIME_MIN, PCB_LINE_COUNTED, "PCB_REPORT_TIME_MIN counts");
	each_grouping(PCB_REPORT_TIME_MAX, PCB_LINE_COUNTED, "PCB_REPORT_TIME_MAX counts");
	each_grouping(PCB_REPORT_TIME_MAX + 1, PCB_LINE_MALFORMED,
		      "one a zone could move past INT64_MAX is malformed");
	each_grouping(INT64_MAX, PCB_LINE_MALFORMED, "EventTime INT64_MAX is malformed");

	period_of(PCB_BY_VENDOR_HOUR, PCB_REPORT_TIME_MAX, "292277026596-12-03T15", "the last hour is named");
	period_of(PCB_BY_VENDOR_DAY, PCB_REPORT_TIME_MAX, "292277026596-12-03", "the last day is named");
	period_of(PCB_BY_VENDOR_HOUR, PCB_REPORT_TIME_MIN, "-292277022657-01-28T23",
		  "the first hour is named");
	period_of(PCB_BY_VENDOR_DAY, PCB_REPORT_TIME_MIN, "-292277022657-01-28", "the first day is named");

	tap_is_int(pcb_caltime_format(INT64_MIN, buf), -1, "INT64_MIN has no date");
	tap_is_str(buf, "", "and is written as nothing");
	tap_is_int(pcb_report_format_period(PCB_CALTIME_MIN - 1, PCB_BY_VENDOR_HOUR, buf), -1,
		   "a time before the first whole day has no hour");
	tap_is_int(pcb_caltime_format(INT64_MAX, buf), 0, "INT64_MAX has a date");
	tap_is_str(buf, "292277026596-12-04T15:30:07Z", "written in full");

	/* A line refused for its time never enters the duplicate window. */
	r = rl_new(PCB_BY_VENDOR_DAY, 10);
	rl_bind(&c);
	rl_add(r, &c, INT64_MIN, 1, 1, 0, "OK", "u1", "p1");
	tap_is_int(rl_add(r, &c, RL_T13, 1, 1, 0, "OK", "u1", "p1"), PCB_LINE_COUNTED,
		   "a good copy after a malformed one is counted");
	tap_is_int((long long)pcb_report_summary(r)->malformed, 1, "one malformed line");
	tap_is_int((long long)pcb_report_summary(r)->duplicates, 0, "no duplicate");
	pcb_report_destroy(r);

	/* --from/--to bounds at both ends of the range compare without arithmetic. */
	{
		struct pcb_report_opts o = { .by = PCB_BY_VENDOR_HOUR,
					     .commands = PCB_CMD_BIT(rl_cmd("Push.OfflinePush")),
					     .has_from = 1,
					     .from = PCB_REPORT_TIME_MIN,
					     .has_to = 1,
					     .to = PCB_REPORT_TIME_MAX };

		r = pcb_report_new(&o);
		if (r == NULL)
			return puts("Bail out! pcb_report_new"), 1;
		tap_is_int(rl_add(r, &c, PCB_REPORT_TIME_MAX, 1, 1, 0, "OK", "u1", "p1"), PCB_LINE_SKIPPED,
			   "PCB_REPORT_TIME_MAX is at --to: outside the period");
		tap_is_int(rl_add(r, &c, PCB_REPORT_TIME_MIN, 1, 1, 0, "OK", "u1", "p1"), PCB_LINE_COUNTED,
			   "PCB_REPORT_TIME_MIN is at --from: inside");
		pcb_report_destroy(r);
	}
	return tap_done();
}
