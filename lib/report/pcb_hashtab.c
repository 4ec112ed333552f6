/* pcb_hashtab.c: see pcb_hashtab.h. */
#include <config.h>

#include "pcb_hashtab.h"

#include <stdlib.h>
#include <string.h>

uint64_t pcb_hash64(const void *p, size_t len, uint64_t seed)
{
	const uint64_t m = 0xc6a4a7935bd1e995ULL;
	const unsigned char *b = p;
	uint64_t h = seed ^ (len * m);
	size_t tail = len & 7;

	for (size_t i = 0; i < len / 8; i++, b += 8) {
		uint64_t k;

		memcpy(&k, b, sizeof(k));
		k *= m;
		k ^= k >> 47;
		k *= m;
		h ^= k;
		h *= m;
	}
	if (tail > 0) {
		uint64_t k = 0;

		for (size_t i = tail; i > 0; i--)
			k = (k << 8) | b[i - 1];
		h ^= k;
		h *= m;
	}
	h ^= h >> 47;
	h *= m;
	h ^= h >> 47;
	return h;
}

uint64_t pcb_hash64_ints(int64_t a, int64_t b, int64_t c, uint64_t seed)
{
	int64_t v[3] = { a, b, c };

	return pcb_hash64(v, sizeof(v), seed);
}

/* The hash of entry [idx] of an array of entries [size] bytes each. */
static uint64_t entry_hash(const void *entries, size_t size, uint32_t idx)
{
	uint64_t h;

	memcpy(&h, (const char *)entries + (size_t)idx * size, sizeof(h));
	return h;
}

/* The slot holding the entry equal to [key] (hash [h]), or the empty slot where it goes. */
static uint32_t *probe(const struct pcb_itab *t, uint64_t h, const void *entries, size_t size,
		       pcb_itab_eq_fn eq, const void *key)
{
	size_t i = (size_t)h & t->mask;

	while (t->slots[i] != 0) {
		uint32_t idx = t->slots[i] - 1;

		if (entry_hash(entries, size, idx) == h && eq(entries, idx, key))
			break;
		i = (i + 1) & t->mask;
	}
	return &t->slots[i];
}

/* Makes room for one more entry, keeping the load at most a half. Returns 0 or -1. */
static int reserve(struct pcb_itab *t, const void *entries, size_t size)
{
	size_t cap = t->mask + 1, newcap;
	uint32_t *slots;

	if (t->slots != NULL && t->count + 1 <= cap / 2)
		return 0;
	newcap = t->slots == NULL ? PCB_ITAB_MIN : cap * 2;
	if (newcap > SIZE_MAX / sizeof(*slots))
		return -1;
	slots = calloc(newcap, sizeof(*slots));
	if (slots == NULL)
		return -1;
	for (size_t i = 0; t->slots != NULL && i < cap; i++) {
		size_t j;

		if (t->slots[i] == 0)
			continue;
		j = (size_t)entry_hash(entries, size, t->slots[i] - 1) & (newcap - 1);
		while (slots[j] != 0)
			j = (j + 1) & (newcap - 1);
		slots[j] = t->slots[i];
	}
	free(t->slots);
	t->slots = slots;
	t->mask = newcap - 1;
	return 0;
}

/* Grows the array [*arr] of [*cap] entries of [size] bytes to hold [need]. Returns 0 or -1. */
static int vec_reserve(void **arr, size_t *cap, size_t need, size_t size)
{
	size_t newcap;
	void *p;

	if (need <= *cap)
		return 0;
	newcap = *cap == 0 ? PCB_ITAB_MIN : *cap * 2;
	if (newcap > SIZE_MAX / size)
		return -1;
	p = realloc(*arr, newcap * size);
	if (p == NULL)
		return -1;
	*arr = p;
	*cap = newcap;
	return 0;
}

/*
 * The index of the entry equal to [key] (hash [h]) among the [*n] entries of
 * [size] bytes at [*arr], indexed by [t]. When there is none and fewer than
 * [max], appends a zeroed entry holding [h], sets [*added] and returns its
 * index: the caller fills in its key. Returns PCB_ITAB_FULL when there is none
 * and no room, PCB_ITAB_NOMEM on ENOMEM.
 */
long pcb_itab_find_or_add(struct pcb_itab *t, void **arr, size_t *n, size_t *cap, size_t size, size_t max,
			  uint64_t h, pcb_itab_eq_fn eq, const void *key, int *added)
{
	uint32_t *slot;
	char *e;
	long idx;

	*added = 0;
	if (reserve(t, *arr, size) != 0)
		return PCB_ITAB_NOMEM;
	slot = probe(t, h, *arr, size, eq, key);
	if (*slot != 0)
		return (long)*slot - 1;
	if (*n >= max)
		return PCB_ITAB_FULL;
	/* The slot found stays right: growing the entries leaves the table as it is. */
	if (vec_reserve(arr, cap, *n + 1, size) != 0)
		return PCB_ITAB_NOMEM;
	e = (char *)*arr + *n * size;
	memset(e, 0, size);
	memcpy(e, &h, sizeof(h));
	idx = (long)(*n)++;
	*slot = (uint32_t)*n;
	t->count++;
	*added = 1;
	return idx;
}

void pcb_itab_free(struct pcb_itab *t)
{
	free(t->slots);
	t->slots = NULL;
	t->mask = t->count = 0;
}
