/* pcb_tz.c: see pcb_tz.h. */
#include <config.h>

#include "pcb_tz.h"

#include <string.h>

/* Copies [name] into [z]. Returns 0, or -1 when it does not fit. */
static int tz_name(struct pcb_tz *z, const char *name)
{
	size_t len = strlen(name);

	if (len >= sizeof(z->name))
		return -1;
	memcpy(z->name, name, len + 1);
	return 0;
}

/* The number of the two digits at [s], or -1. */
static int two_digits(const char *s)
{
	if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
		return -1;
	return (s[0] - '0') * 10 + (s[1] - '0');
}

int pcb_tz_fixed(struct pcb_tz *z, const char *s)
{
	int hh, mm = 0;
	size_t len = strlen(s);
	int64_t off;

	memset(z, 0, sizeof(*z));
	if (strcmp(s, "UTC") == 0 || strcmp(s, "Z") == 0)
		return tz_name(z, s);
	if ((s[0] != '+' && s[0] != '-') || (len != 3 && len != 5 && len != 6))
		return -1;
	hh = two_digits(s + 1);
	if (len == 5)
		mm = two_digits(s + 3);
	else if (len == 6)
		mm = s[3] == ':' ? two_digits(s + 4) : -1;
	if (hh < 0 || mm < 0 || mm > 59)
		return -1;
	off = (int64_t)hh * 3600 + mm * 60;
	if (off > PCB_TZ_OFFSET_MAX)
		return -1;
	z->fixed = s[0] == '-' ? -off : off;
	return tz_name(z, s);
}

int pcb_tz_named(struct pcb_tz *z, const char *name, pcb_tz_offset_fn at, void *ctx)
{
	memset(z, 0, sizeof(*z));
	z->at = at;
	z->ctx = ctx;
	return tz_name(z, name);
}

/* The offset at [t], kept within PCB_TZ_OFFSET_MAX whatever [at] says. */
static int64_t tz_offset(const struct pcb_tz *z, int64_t t)
{
	int64_t off = z->at != NULL ? z->at(z->ctx, t) : z->fixed;

	if (off > PCB_TZ_OFFSET_MAX)
		return PCB_TZ_OFFSET_MAX;
	return off < -PCB_TZ_OFFSET_MAX ? -PCB_TZ_OFFSET_MAX : off;
}

/* [*out] = [a] + [b] ([b] within PCB_TZ_OFFSET_MAX). Returns 0, or -1 on overflow. */
static int tz_add(int64_t a, int64_t b, int64_t *out)
{
	if ((b > 0 && a > INT64_MAX - b) || (b < 0 && a < INT64_MIN - b))
		return -1;
	*out = a + b;
	return 0;
}

int pcb_tz_to_local(const struct pcb_tz *z, int64_t t, int64_t *local)
{
	return tz_add(t, tz_offset(z, t), local);
}

int pcb_tz_from_local(const struct pcb_tz *z, int64_t local, int64_t *t)
{
	int64_t guess;

	if (tz_add(local, -tz_offset(z, local), &guess) != 0)
		return -1;
	return tz_add(local, -tz_offset(z, guess), t);
}

/* One day, in seconds: pcb_tz_span's step. */
#define TZ_DAY 86400
/* Instants farther from 0 than this have no span looked for (no step can overflow). */
#define TZ_SPAN_LIMIT (INT64_MAX / 2)

/* The first instant in ([a], [b]] whose offset is [want] ([same]) or is not ([!same]); [b] has it. */
static int64_t tz_bisect(pcb_tz_offset_fn at, void *ctx, int64_t a, int64_t b, int64_t off, int same)
{
	while (b - a > 1) {
		int64_t mid = a + (b - a) / 2;

		if ((at(ctx, mid) == off) == same)
			b = mid;
		else
			a = mid;
	}
	return b;
}

int64_t pcb_tz_span(pcb_tz_offset_fn at, void *ctx, int64_t t, int64_t *lo, int64_t *hi)
{
	int64_t off = at(ctx, t), k;

	*lo = t;
	*hi = t + 1;
	if (t > TZ_SPAN_LIMIT || t < -TZ_SPAN_LIMIT)
		return off;
	for (k = 1; k <= PCB_TZ_SPAN_DAYS && at(ctx, t + k * TZ_DAY) == off; k++)
		;
	*hi = k > PCB_TZ_SPAN_DAYS ? t + PCB_TZ_SPAN_DAYS * TZ_DAY
				   : tz_bisect(at, ctx, t + (k - 1) * TZ_DAY, t + k * TZ_DAY, off, 0);
	for (k = 1; k <= PCB_TZ_SPAN_DAYS && at(ctx, t - k * TZ_DAY) == off; k++)
		;
	*lo = k > PCB_TZ_SPAN_DAYS ? t - PCB_TZ_SPAN_DAYS * TZ_DAY
				   : tz_bisect(at, ctx, t - k * TZ_DAY, t - (k - 1) * TZ_DAY, off, 1);
	return off;
}
