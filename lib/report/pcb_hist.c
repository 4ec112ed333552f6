/* pcb_hist.c: see pcb_hist.h. */
#include <config.h>

#include "pcb_hist.h"

#include <stdlib.h>

/* The bucket of duration [v] >= 0. */
static size_t bucket_of(int64_t v)
{
	int e = PCB_HIST_EXACT_LOG2;
	uint64_t u = (uint64_t)v;

	if (v < PCB_HIST_EXACT)
		return (size_t)v;
	while (e < 62 && (u >> (e + 1)) != 0)
		e++;
	/* u in [2^e, 2^(e+1)): its top PCB_HIST_SUB_BITS bits after the leading one. */
	return PCB_HIST_EXACT + (size_t)(e - PCB_HIST_EXACT_LOG2) * PCB_HIST_SUB +
	       (size_t)((u >> (e - PCB_HIST_SUB_BITS)) - PCB_HIST_SUB);
}

/* The smallest duration of bucket [b], raised to PCB_HIST_EXACT for the buckets that straddle it. */
static int64_t bucket_value(size_t b)
{
	size_t e, sub;
	int64_t v;

	if (b < PCB_HIST_EXACT)
		return (int64_t)b;
	e = PCB_HIST_EXACT_LOG2 + (b - PCB_HIST_EXACT) / PCB_HIST_SUB;
	sub = (b - PCB_HIST_EXACT) % PCB_HIST_SUB;
	v = (int64_t)((PCB_HIST_SUB + sub) << (e - PCB_HIST_SUB_BITS));
	return v < PCB_HIST_EXACT ? PCB_HIST_EXACT : v;
}

/* [a] + [b], or UINT64_MAX when that would overflow (and from then on). */
static uint64_t sum_add(uint64_t a, uint64_t b)
{
	if (b >= UINT64_MAX - a)
		return UINT64_MAX;
	return a + b;
}

int pcb_hist_add(struct pcb_hist *h, int64_t v)
{
	size_t b, page;

	if (v < 0) {
		h->negative++;
		return 0;
	}
	b = bucket_of(v);
	page = b / PCB_HIST_PAGE;
	if (h->pages == NULL) {
		h->pages = calloc(PCB_HIST_PAGES, sizeof(*h->pages));
		if (h->pages == NULL)
			return -1;
	}
	if (h->pages[page] == NULL) {
		h->pages[page] = calloc(PCB_HIST_PAGE, sizeof(**h->pages));
		if (h->pages[page] == NULL)
			return -1;
	}
	h->pages[page][b % PCB_HIST_PAGE]++;
	h->count++;
	h->sum = sum_add(h->sum, (uint64_t)v);
	if (v > h->max)
		h->max = v;
	return 0;
}

int pcb_hist_merge(struct pcb_hist *dst, const struct pcb_hist *src)
{
	if (src->pages != NULL && dst->pages == NULL) {
		dst->pages = calloc(PCB_HIST_PAGES, sizeof(*dst->pages));
		if (dst->pages == NULL)
			return -1;
	}
	for (size_t p = 0; src->pages != NULL && p < PCB_HIST_PAGES; p++) {
		if (src->pages[p] == NULL)
			continue;
		if (dst->pages[p] == NULL) {
			dst->pages[p] = calloc(PCB_HIST_PAGE, sizeof(**dst->pages));
			if (dst->pages[p] == NULL)
				return -1;
		}
		for (size_t i = 0; i < PCB_HIST_PAGE; i++)
			dst->pages[p][i] += src->pages[p][i];
	}
	dst->count += src->count;
	dst->negative += src->negative;
	dst->sum = sum_add(dst->sum, src->sum);
	if (src->max > dst->max)
		dst->max = src->max;
	return 0;
}

void pcb_hist_cumulative(const struct pcb_hist *h, const int64_t *le, size_t n, uint64_t *out)
{
	uint64_t seen = 0;
	size_t b = 0;

	for (size_t i = 0; i < n; i++) {
		/* Buckets 0 to le[i] are the durations 0 to le[i]: one second each below PCB_HIST_EXACT. */
		for (; h->pages != NULL && b <= (size_t)le[i]; b++) {
			const uint64_t *page = h->pages[b / PCB_HIST_PAGE];

			if (page == NULL) {
				b = b - b % PCB_HIST_PAGE + PCB_HIST_PAGE - 1;
				continue;
			}
			seen += page[b % PCB_HIST_PAGE];
		}
		out[i] = seen;
	}
}

/* ceil(n * pct / 100) without overflow, at least 1. */
static uint64_t rank_of(uint64_t n, unsigned pct)
{
	uint64_t r = n / 100 * pct + (n % 100 * pct + 99) / 100;

	return r > 0 ? r : 1;
}

int64_t pcb_hist_percentile(const struct pcb_hist *h, unsigned pct)
{
	uint64_t rank, seen = 0;

	if (h->count == 0 || pct == 0 || pct > 100)
		return 0;
	rank = rank_of(h->count, pct);
	if (rank == h->count)
		return h->max;
	for (size_t p = 0; p < PCB_HIST_PAGES; p++) {
		if (h->pages[p] == NULL)
			continue;
		for (size_t i = 0; i < PCB_HIST_PAGE; i++) {
			seen += h->pages[p][i];
			if (seen >= rank) {
				int64_t v = bucket_value(p * PCB_HIST_PAGE + i);

				return v < h->max ? v : h->max;
			}
		}
	}
	return h->max;
}

void pcb_hist_free(struct pcb_hist *h)
{
	if (h->pages != NULL)
		for (size_t p = 0; p < PCB_HIST_PAGES; p++)
			free(h->pages[p]);
	free(h->pages);
	h->pages = NULL;
}
