/* pcb_caltime.c: see pcb_caltime.h. */
#include <config.h>

#include "pcb_caltime.h"

#include <stdio.h>

int pcb_caltime_floor(int64_t t, int64_t unit, int64_t *out)
{
	int64_t q = t / unit;

	if (t % unit < 0)
		q--;
	/* q * unit >= INT64_MIN exactly when q >= INT64_MIN / unit (which rounds up). */
	if (q < INT64_MIN / unit)
		return -1;
	*out = q * unit;
	return 0;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
static int64_t days_from_civil(int64_t y, int64_t m, int64_t d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* The inverse of days_from_civil. */
static void civil_from_days(int64_t z, int64_t *y, int64_t *m, int64_t *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

/* Reads exactly [n] digits at [*s] into [*v], advancing [*s]. Returns 0 or -1. */
static int digits(const char **s, int n, int64_t *v)
{
	int64_t x = 0;

	for (int i = 0; i < n; i++) {
		char c = (*s)[i];

		if (c < '0' || c > '9')
			return -1;
		x = x * 10 + (c - '0');
	}
	*s += n;
	*v = x;
	return 0;
}

int pcb_caltime_parse(const char *s, int64_t *out)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int64_t y, mo, d, h = 0, mi = 0, sec = 0;

	if (digits(&s, 4, &y) != 0 || *s++ != '-' || digits(&s, 2, &mo) != 0 || *s++ != '-' ||
	    digits(&s, 2, &d) != 0)
		return -1;
	if (*s == 'T') {
		s++;
		if (digits(&s, 2, &h) != 0)
			return -1;
		if (*s == ':') {
			s++;
			if (digits(&s, 2, &mi) != 0)
				return -1;
			if (*s == ':') {
				s++;
				if (digits(&s, 2, &sec) != 0)
					return -1;
			}
		}
	}
	if (*s == 'Z')
		s++;
	if (*s != '\0' || mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] || h > 23 || mi > 59 || sec > 59)
		return -1;
	/* 29 February only in leap years. */
	if (mo == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
		return -1;
	/* Four-digit years: within +-3.7e5 days of 1970, far from any overflow. */
	*out = days_from_civil(y, mo, d) * PCB_CALTIME_DAY + h * PCB_CALTIME_HOUR + mi * 60 + sec;
	return 0;
}

/*
 * Splits [t] into its civil date and time of day. Returns 0, or -1 when [t]
 * has no whole day (before PCB_CALTIME_MIN). From there on the day
 * number is within +-1.1e14 and no step of civil_from_days overflows.
 */
static int civil(int64_t t, int64_t *y, int64_t *m, int64_t *d, int64_t *secs)
{
	int64_t day;

	if (pcb_caltime_floor(t, PCB_CALTIME_DAY, &day) != 0)
		return -1;
	civil_from_days(day / PCB_CALTIME_DAY, y, m, d);
	*secs = t - day;
	return 0;
}

int pcb_caltime_format(int64_t t, char buf[PCB_CALTIME_BYTES])
{
	int64_t y, m, d, s;

	buf[0] = '\0';
	if (civil(t, &y, &m, &d, &s) != 0)
		return -1;
	snprintf(buf, PCB_CALTIME_BYTES, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lldZ", (long long)y,
		 (long long)m, (long long)d, (long long)(s / 3600), (long long)(s / 60 % 60),
		 (long long)(s % 60));
	return 0;
}

int pcb_caltime_format_period(int64_t t, int64_t unit, char buf[PCB_CALTIME_BYTES])
{
	int64_t y, m, d, s;

	buf[0] = '\0';
	if (civil(t, &y, &m, &d, &s) != 0)
		return -1;
	if (unit == PCB_CALTIME_HOUR)
		snprintf(buf, PCB_CALTIME_BYTES, "%04lld-%02lld-%02lldT%02lld", (long long)y, (long long)m,
			 (long long)d, (long long)(s / 3600));
	else if (unit == PCB_CALTIME_DAY)
		snprintf(buf, PCB_CALTIME_BYTES, "%04lld-%02lld-%02lld", (long long)y, (long long)m,
			 (long long)d);
	return 0;
}
