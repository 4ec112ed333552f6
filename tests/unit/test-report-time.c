/* test-report-time: --from/--to parsing and the period names of hours and days, in UTC. */
#include <config.h>

#include <stdint.h>

#include "pcb_report.h"
#include "tap.h"

static void parses(const char *s, long long want)
{
	int64_t t = 0;
	int rc = pcb_caltime_parse(s, &t);

	tap_ok(rc == 0 && t == want, "%s is %lld (got %lld)", s, want, (long long)t);
}

static void refuses(const char *s)
{
	int64_t t;

	tap_is_int(pcb_caltime_parse(s, &t), -1, s);
}

int main(void)
{
	char buf[PCB_CALTIME_BYTES];

	parses("1970-01-01", 0);
	parses("2026-11-25", 1795564800);
	parses("2026-11-25T13", 1795611600);
	parses("2026-11-25T13:05", 1795611900);
	parses("2026-11-25T13:05:09Z", 1795611909);
	parses("2024-02-29T23:59:59", 1709251199);
	parses("1969-12-31T23:59:59Z", -1);
	refuses("2026-11-25 13:00");
	refuses("2026-13-01");
	refuses("2026-00-10");
	refuses("2026-04-31");
	refuses("2025-02-29");
	refuses("2026-11-25T24");
	refuses("2026-11-25T12:60");
	refuses("2026-11-25T12:00:60");
	refuses("2026-11-25Zx");
	refuses("26-11-25");
	refuses("");

	pcb_caltime_format(1795611909, buf);
	tap_is_str(buf, "2026-11-25T13:05:09Z", "a time is written back in ISO form");
	pcb_caltime_format(-1, buf);
	tap_is_str(buf, "1969-12-31T23:59:59Z", "a time before 1970");
	pcb_report_format_period(1795611909, PCB_BY_VENDOR_HOUR, buf);
	tap_is_str(buf, "2026-11-25T13", "an hour is named like an hourly log's period");
	pcb_report_format_period(1795611909, PCB_BY_VENDOR_DAY, buf);
	tap_is_str(buf, "2026-11-25", "a day is named like a daily log's period");
	pcb_report_format_period(1795611909, PCB_BY_VENDOR, buf);
	tap_is_str(buf, "", "no period when not grouping by time");
	return tap_done();
}
