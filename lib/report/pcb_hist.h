/*
 * pcb_hist.h: a histogram of durations in whole seconds, for exact
 * nearest-rank percentiles: one bucket per second below PCB_HIST_EXACT
 * (24 hours), and above it buckets 1/PCB_HIST_SUB of a power of two wide,
 * so a percentile there is at most 1/PCB_HIST_SUB of itself below the
 * true value (never below PCB_HIST_EXACT, never above the maximum, which
 * is exact). Negative durations are counted apart and left out.
 *
 * Buckets live in pages allocated on first use: a histogram of spans under a
 * minute holds one page; the most any histogram holds is PCB_HIST_BUCKETS
 * counters of 8 bytes (about 740 KB).
 */
#ifndef PCB_HIST_H
#define PCB_HIST_H

#include <stddef.h>
#include <stdint.h>

/* Durations below this many seconds (24 hours) have a bucket each. */
#define PCB_HIST_EXACT 86400
/* Buckets per power of two above PCB_HIST_EXACT (2^PCB_HIST_SUB_BITS). */
#define PCB_HIST_SUB_BITS 7
#define PCB_HIST_SUB (1 << PCB_HIST_SUB_BITS)
/* The power of two PCB_HIST_EXACT lies in: 2^16 <= 86400 < 2^17. */
#define PCB_HIST_EXACT_LOG2 16
/* Buckets in all: the exact ones, then PCB_HIST_SUB per power of two from 2^16 to 2^62. */
#define PCB_HIST_BUCKETS (PCB_HIST_EXACT + (63 - PCB_HIST_EXACT_LOG2) * PCB_HIST_SUB)
/* Buckets per page. */
#define PCB_HIST_PAGE 256
#define PCB_HIST_PAGES ((PCB_HIST_BUCKETS + PCB_HIST_PAGE - 1) / PCB_HIST_PAGE)

_Static_assert(PCB_HIST_EXACT >= (1 << PCB_HIST_EXACT_LOG2) && PCB_HIST_EXACT < (2 << PCB_HIST_EXACT_LOG2),
	       "PCB_HIST_EXACT_LOG2 is the power of two of PCB_HIST_EXACT");

/* Zeroed: an empty histogram. */
struct pcb_hist {
	uint64_t count;    /* durations of 0 s or more */
	uint64_t negative; /* durations below 0, left out of the percentiles */
	int64_t max;       /* the largest of count; 0 when none */
	uint64_t sum;      /* of count, exact; UINT64_MAX once it would overflow */
	uint64_t **pages;  /* PCB_HIST_PAGES pointers, or NULL; each NULL or PCB_HIST_PAGE counts */
};

/* Counts duration [v] seconds. Returns 0, or -1 on ENOMEM (nothing counted). */
int pcb_hist_add(struct pcb_hist *h, int64_t v);

/*
 * The nearest-rank [pct] percentile (1 to 100) of the durations of 0 s or
 * more: the value of the ceil(count * pct / 100)th smallest one's bucket,
 * or the maximum when that is the largest. Returns 0 when there are none.
 */
int64_t pcb_hist_percentile(const struct pcb_hist *h, unsigned pct);

/*
 * Adds the durations of [src] to [dst], as if each had been added to it:
 * the percentiles of the sum are those of all the durations of both.
 * Returns 0, or -1 on ENOMEM ([dst] then holds part of [src]: free it).
 */
int pcb_hist_merge(struct pcb_hist *dst, const struct pcb_hist *src);

/*
 * The durations of 0 s to [le][i] seconds, exactly, in [out][i], for the
 * [n] bounds [le], ascending, each from 0 to below PCB_HIST_EXACT (where
 * a bucket is one second).
 */
void pcb_hist_cumulative(const struct pcb_hist *h, const int64_t *le, size_t n, uint64_t *out);

/* Frees [h]'s pages and leaves it empty. */
void pcb_hist_free(struct pcb_hist *h);

#endif
