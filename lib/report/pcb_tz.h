/*
 * pcb_tz.h: the time zone of pushcb-report --tz: a fixed offset from UTC
 * ("+08:00"), or a function that gives the offset at each instant (a tz
 * database zone, which the caller reads). Times stay int64_t Unix seconds;
 * a zone only moves them to local wall-clock seconds and back, for
 * pcb_caltime to floor and format as if they were UTC.
 */
#ifndef PCB_TZ_H
#define PCB_TZ_H

#include <stdint.h>

/* A zone's name, with its NUL. */
#define PCB_TZ_NAME_MAX 64
/* The largest offset accepted, in seconds: 23:59 (real zones stay within 14 hours). */
#define PCB_TZ_OFFSET_MAX (24 * 3600 - 60)

/* The offset east of UTC in seconds at instant [t]; at most PCB_TZ_OFFSET_MAX either way. */
typedef int64_t (*pcb_tz_offset_fn)(void *ctx, int64_t t);

struct pcb_tz {
	char name[PCB_TZ_NAME_MAX]; /* as the user wrote it: "UTC", "+08:00", "Asia/Shanghai" */
	int64_t fixed;              /* the offset when at is NULL */
	pcb_tz_offset_fn at;        /* or the offset at each instant */
	void *ctx;
};

/*
 * Makes [z] the fixed-offset zone [s]: "UTC", "Z", or a sign and hours, with
 * optional minutes, as +HH, +HHMM or +HH:MM (at most PCB_TZ_OFFSET_MAX).
 * Returns 0, or -1 when [s] is none of these (or too long a name).
 */
int pcb_tz_fixed(struct pcb_tz *z, const char *s);

/*
 * Makes [z] the zone named [name] whose offset at each instant [at] gives.
 * Returns 0, or -1 when [name] is too long.
 */
int pcb_tz_named(struct pcb_tz *z, const char *name, pcb_tz_offset_fn at, void *ctx);

/* Days pcb_tz_span looks each way for the ends of an offset's span. */
#define PCB_TZ_SPAN_DAYS 400

/*
 * The span [*lo, *hi) around instant [t] over which [at] (with [ctx]) gives
 * the offset it gives at [t], which it returns: so a caller keeps the span
 * and asks [at] again only outside it. It looks a day at a time, at most
 * PCB_TZ_SPAN_DAYS each way (the span is cut there), and bisects the day an
 * offset changes in: right for any zone whose offset changes at most once
 * in a day, as every zone of the tz database does. Near the ends of int64_t
 * the span is [t, t + 1).
 */
int64_t pcb_tz_span(pcb_tz_offset_fn at, void *ctx, int64_t t, int64_t *lo, int64_t *hi);

/* The local wall-clock seconds of instant [t] into [*local]. Returns 0, or -1 on overflow. */
int pcb_tz_to_local(const struct pcb_tz *z, int64_t t, int64_t *local);

/*
 * The instant of wall-clock seconds [local] into [*t]: the offset is that
 * of the instant found with the offset at [local] read as UTC, so a time
 * that a clock change skips or repeats resolves to one of its neighbours.
 * Returns 0, or -1 on overflow.
 */
int pcb_tz_from_local(const struct pcb_tz *z, int64_t local, int64_t *t);

#endif
