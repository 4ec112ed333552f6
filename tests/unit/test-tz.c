/*
 * test-tz: --tz zones: fixed offsets are read strictly, and instants move to
 * wall-clock seconds and back, across a clock change too.
 */
#include <config.h>

#include "pcb_tz.h"
#include "tap.h"

/* A zone one hour ahead of UTC from instant 1000000 on (a clock set forward at local 1000000). */
static int64_t summer(void *ctx, int64_t t)
{
	(void)ctx;
	return t >= 1000000 ? 3600 : 0;
}

/* A zone with summer time: +1 h from 2000000 to 2000000 + 200 days, +2 h after 9000000000 (a new offset). */
static int64_t seasons(void *ctx, int64_t t)
{
	(void)ctx;
	if (t >= 9000000000LL)
		return 7200;
	return t >= 2000000 && t < 2000000 + 200 * 86400LL ? 3600 : 0;
}

/* The spans of one offset (pcb_tz_span) end exactly at the changes, or PCB_TZ_SPAN_DAYS away. */
static void spans(void)
{
	int64_t lo, hi, off;

	off = pcb_tz_span(seasons, NULL, 5000000, &lo, &hi);
	tap_ok(off == 3600 && lo == 2000000 && hi == 2000000 + 200 * 86400LL,
	       "summer time's span: from its first second to its last (%lld, %lld)", (long long)lo,
	       (long long)hi);
	off = pcb_tz_span(seasons, NULL, 1999999, &lo, &hi);
	tap_ok(off == 0 && hi == 2000000 && lo == 1999999 - PCB_TZ_SPAN_DAYS * 86400LL,
	       "the second before it: ends there, cut PCB_TZ_SPAN_DAYS back");
	off = pcb_tz_span(seasons, NULL, 9000000000LL + 5, &lo, &hi);
	tap_ok(off == 7200 && lo == 9000000000LL, "a change between two days is found to the second");
	off = pcb_tz_span(seasons, NULL, INT64_MAX - 10, &lo, &hi);
	tap_ok(off == 7200 && lo == INT64_MAX - 10 && hi == INT64_MAX - 9, "near int64's end: one second");
}

int main(void)
{
	static const char *const bad[] = { "",      "utc",    "+8",     "+080", "+08:0",   "+08-00",
					   "08:00", "+24:00", "+23:60", "+0a",  "-08:00x", "Asia" };
	struct pcb_tz z;
	int64_t v;
	int refused = 1;

	tap_ok(pcb_tz_fixed(&z, "UTC") == 0 && z.fixed == 0 && z.at == NULL, "UTC is offset 0");
	tap_ok(pcb_tz_fixed(&z, "+08:00") == 0 && z.fixed == 8 * 3600, "+08:00");
	tap_ok(pcb_tz_fixed(&z, "+0545") == 0 && z.fixed == 5 * 3600 + 45 * 60, "+0545");
	tap_ok(pcb_tz_fixed(&z, "-10") == 0 && z.fixed == -10 * 3600, "-10");
	tap_ok(pcb_tz_fixed(&z, "-23:59") == 0 && z.fixed == -(23 * 3600 + 59 * 60), "-23:59, the largest");
	tap_is_str(z.name, "-23:59", "a zone keeps its name as written");
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (pcb_tz_fixed(&z, bad[i]) == 0) {
			refused = 0;
			tap_diag("accepted '%s'", bad[i]);
		}
	tap_ok(refused, "no other spelling is a fixed offset");

	pcb_tz_fixed(&z, "+08:00");
	tap_ok(pcb_tz_to_local(&z, 0, &v) == 0 && v == 28800, "the epoch is 08:00 in +08:00");
	tap_ok(pcb_tz_from_local(&z, 28800, &v) == 0 && v == 0, "and back");
	tap_ok(pcb_tz_to_local(&z, INT64_MAX - 100, &v) != 0, "a local time past int64_t is refused");
	pcb_tz_fixed(&z, "-01:00");
	tap_ok(pcb_tz_from_local(&z, INT64_MAX - 100, &v) != 0, "so is an instant past it");

	tap_is_int(pcb_tz_named(&z, "Test/Summer", summer, NULL), 0, "a zone by its offset function");
	tap_ok(pcb_tz_to_local(&z, 999999, &v) == 0 && v == 999999, "before the change: UTC");
	tap_ok(pcb_tz_to_local(&z, 1000000, &v) == 0 && v == 1003600, "after it: an hour ahead");
	tap_ok(pcb_tz_from_local(&z, 1007200, &v) == 0 && v == 1003600,
	       "a local time after the change, back");
	tap_ok(pcb_tz_from_local(&z, 999000, &v) == 0 && v == 999000, "one before it, back");
	tap_ok(pcb_tz_from_local(&z, 1001800, &v) == 0 && (v == 1001800 || v == 998200),
	       "a local time the change skips resolves to a neighbour");
	spans();
	return tap_done();
}
