/*
 * test-hist: the histogram's nearest-rank percentiles equal those of the
 * durations sorted, exactly below 24 hours and within 1/128 below above it;
 * negative durations are counted apart; histograms merged give the
 * percentiles of all their durations; the counts at or below a bound under
 * 24 hours and the sum are exact.
 */
#include <config.h>

#include <stdlib.h>

#include "pcb_hist.h"
#include "tap.h"

#define N_VALUES 20000
#define ROUNDS 12

/* xorshift64*: a fixed sequence, the same on every run. */
static uint64_t rng_state = 0x2545f4914f6cdd1dULL;

static uint64_t rng(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dULL;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* The nearest-rank [pct] percentile of the [n] sorted values [v]: v[ceil(n * pct / 100) - 1]. */
static int64_t sorted_percentile(const int64_t *v, size_t n, unsigned pct)
{
	size_t rank = (n * pct + 99) / 100;

	return v[rank > 0 ? rank - 1 : 0];
}

/* A duration shaped like push latencies: mostly seconds, a tail of minutes and hours, some days. */
static int64_t draw(unsigned round)
{
	uint64_t r = rng();

	switch (r % 8) {
	case 0:
		return (int64_t)(rng() % 86400);
	case 1:
		/* Rounds from 6 on also reach past 24 hours, up to about 60 days. */
		return round >= 6 ? (int64_t)(rng() % 5000000) : (int64_t)(rng() % 3600);
	case 2:
		return 86399 + (int64_t)(rng() % 3);
	default:
		return (int64_t)(rng() % 30);
	}
}

/* The counts at or below some bounds, and the sum, as the [n] sorted values [v] say. */
static void check_cumulative(unsigned round, const struct pcb_hist *h, const int64_t *v, size_t n)
{
	static const int64_t le[] = { 0, 1, 5, 29, 30, 255, 256, 3600, 43200, 86398, 86399 };
	uint64_t got[sizeof(le) / sizeof(le[0])], sum = 0;
	int same = 1;
	size_t k = 0;

	pcb_hist_cumulative(h, le, sizeof(le) / sizeof(le[0]), got);
	for (size_t i = 0; i < sizeof(le) / sizeof(le[0]); i++) {
		while (k < n && v[k] <= le[i])
			k++;
		same &= got[i] == k;
	}
	for (size_t i = 0; i < n; i++)
		sum += (uint64_t)v[i];
	tap_ok(same, "round %u: the durations at or below 0, 1, 5... 86399 s, exactly", round);
	tap_ok(h->sum == sum, "round %u: the sum of the durations, exactly", round);
}

static void check_round(unsigned round, int64_t *v)
{
	static const unsigned pcts[] = { 1, 50, 90, 99, 100 };
	struct pcb_hist h = { 0 }, ref = { 0 }, part[2] = { { 0 }, { 0 } }, merged = { 0 };
	size_t n = 1 + rng() % N_VALUES;
	int ok = 1, exact = 1, same = 1;

	for (size_t i = 0; i < n; i++) {
		v[i] = draw(round);
		ok &= pcb_hist_add(&h, v[i]) == 0;
		/* The durations split unevenly between two histograms, some negative ones too. */
		int64_t w = i % 97 == 0 ? -1 : v[i];

		ok &= pcb_hist_add(&ref, w) == 0 && pcb_hist_add(&part[rng() % 3 == 0], w) == 0;
	}
	for (size_t i = 0; i < 2; i++)
		ok &= pcb_hist_merge(&merged, &part[i]) == 0;
	for (unsigned pct = 1; pct <= 100; pct++)
		same &= pcb_hist_percentile(&merged, pct) == pcb_hist_percentile(&ref, pct);
	tap_ok(ok && same && merged.count == ref.count && merged.negative == (n + 96) / 97 &&
		   merged.max == ref.max,
	       "round %u: two histograms merged hold every duration, the same percentiles", round);
	pcb_hist_free(&part[0]);
	pcb_hist_free(&part[1]);
	pcb_hist_free(&merged);
	pcb_hist_free(&ref);
	qsort(v, n, sizeof(*v), cmp_i64);
	tap_ok(ok && h.count == n && h.max == v[n - 1], "round %u: %zu durations counted, max exact", round,
	       n);
	for (size_t i = 0; i < sizeof(pcts) / sizeof(pcts[0]); i++) {
		int64_t want = sorted_percentile(v, n, pcts[i]), got = pcb_hist_percentile(&h, pcts[i]);

		if (want < PCB_HIST_EXACT)
			exact &= got == want;
		else
			exact &= got <= want && got >= PCB_HIST_EXACT && want - got <= want / PCB_HIST_SUB;
		if (!exact)
			tap_diag("p%u: got %lld, sorted %lld", pcts[i], (long long)got, (long long)want);
	}
	tap_ok(exact, "round %u: p1, p50, p90, p99, p100 as the sorted values say", round);
	check_cumulative(round, &h, v, n);
	pcb_hist_free(&h);
}

int main(void)
{
	struct pcb_hist h = { 0 };
	int64_t *v = malloc(N_VALUES * sizeof(*v));

	if (v == NULL)
		return 1;
	for (unsigned round = 0; round < ROUNDS; round++)
		check_round(round, v);
	free(v);

	tap_is_int(pcb_hist_percentile(&h, 50), 0, "an empty histogram says 0");
	tap_is_int(pcb_hist_add(&h, -5), 0, "a negative duration");
	tap_ok(h.negative == 1 && h.count == 0, "is counted apart");
	tap_is_int(pcb_hist_add(&h, 86399), 0, "23:59:59");
	tap_is_int(pcb_hist_add(&h, 86400), 0, "24:00:00");
	tap_is_int(pcb_hist_percentile(&h, 50), 86399, "p50 of two is the lower, exact");
	tap_is_int(pcb_hist_percentile(&h, 51), 86400, "p51 is 24 hours, never less");
	tap_is_int(pcb_hist_add(&h, INT64_MAX), 0, "the largest duration has a bucket");
	tap_is_int(pcb_hist_percentile(&h, 100), INT64_MAX, "p100 is the exact maximum");
	tap_is_int(pcb_hist_percentile(&h, 66), 86400, "p66 of three is the second");
	tap_is_int(pcb_hist_percentile(&h, 67), INT64_MAX, "p67 of three is the third");
	tap_ok(h.sum == (uint64_t)INT64_MAX + 86399 + 86400, "the sum of three");
	tap_is_int(pcb_hist_add(&h, INT64_MAX), 0, "the largest duration again");
	tap_ok(h.sum == UINT64_MAX, "a sum past UINT64_MAX stays at it");
	pcb_hist_free(&h);
	return tap_done();
}
