/*
 * pcb_caltime.h: UTC calendar time on int64_t Unix seconds, without time_t
 * or gmtime (whose range is the platform's): every int64_t time from
 * PCB_CALTIME_MIN on has a date, and no step overflows.
 */
#ifndef PCB_CALTIME_H
#define PCB_CALTIME_H

#include <stdint.h>

#define PCB_CALTIME_HOUR 3600
#define PCB_CALTIME_DAY 86400
/*
 * The earliest time with a whole UTC day in int64_t: the start of
 * -292277022657-01-28. Before it a time has no date.
 */
#define PCB_CALTIME_MIN (INT64_MIN / PCB_CALTIME_DAY * PCB_CALTIME_DAY)
/* Length of the texts below, NUL included. */
#define PCB_CALTIME_BYTES 40

/*
 * The start of the [unit] seconds (an hour or a day) holding [t] into [*out],
 * flooring before 1970 too. Returns 0, or -1 when that start is before INT64_MIN.
 */
int pcb_caltime_floor(int64_t t, int64_t unit, int64_t *out);

/*
 * Parses an ISO 8601 UTC time [s]: YYYY-MM-DD, optionally followed by THH,
 * THH:MM or THH:MM:SS, optionally followed by Z. Returns 0 and the Unix time
 * in [*out], or -1.
 */
int pcb_caltime_parse(const char *s, int64_t *out);

/*
 * Writes [t] as YYYY-MM-DDTHH:MM:SSZ into [buf]. Returns 0, or -1 when [t]
 * is before PCB_CALTIME_MIN ([buf] is then "").
 */
int pcb_caltime_format(int64_t t, char buf[PCB_CALTIME_BYTES]);

/*
 * Writes the period [unit] (PCB_CALTIME_HOUR: YYYY-MM-DDTHH, PCB_CALTIME_DAY:
 * YYYY-MM-DD, anything else: "") that holds [t] into [buf]. Returns 0, or -1
 * when [t] is before PCB_CALTIME_MIN ([buf] is then "").
 */
int pcb_caltime_format_period(int64_t t, int64_t unit, char buf[PCB_CALTIME_BYTES]);

#endif
