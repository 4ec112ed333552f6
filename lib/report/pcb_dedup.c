/* pcb_dedup.c: see pcb_dedup.h. */
#include <config.h>

#include "pcb_dedup.h"

#include <stdlib.h>
#include <string.h>

#include "pcb_hashtab.h"

int pcb_dedup_init(struct pcb_dedup *d, size_t window, size_t ident_bytes_avg)
{
	size_t cap = PCB_ITAB_MIN;

	memset(d, 0, sizeof(*d));
	if (window > PCB_DEDUP_WINDOW_MAX || ident_bytes_avg == 0)
		return -1;
	d->window = window;
	if (window == 0)
		return 0;
	d->key_budget = window <= SIZE_MAX / ident_bytes_avg ? window * ident_bytes_avg : SIZE_MAX;
	/* window <= PCB_DEDUP_WINDOW_MAX: twice as many slots fit a uint32_t index and hash32 home. */
	while (cap < window * 2)
		cap *= 2;
	d->ring = calloc(window, sizeof(*d->ring));
	d->slots = calloc(cap, sizeof(*d->slots));
	if (d->ring == NULL || d->slots == NULL)
		return -1;
	d->mask = cap - 1;
	return 0;
}

void pcb_dedup_free(struct pcb_dedup *d)
{
	for (size_t i = 0; i < d->used; i++)
		free(d->ring[(d->head + i) % d->window].key);
	free(d->ring);
	free(d->slots);
}

/* The slot holding [key] of [len] bytes and [hash], or the empty slot where it goes. */
static size_t probe(const struct pcb_dedup *d, uint64_t hash, const char *key, size_t len)
{
	size_t i = (size_t)(uint32_t)hash & d->mask;

	while (d->slots[i].idx1 != 0) {
		const struct pcb_dedup_ident *e = &d->ring[d->slots[i].idx1 - 1];

		if (d->slots[i].hash32 == (uint32_t)hash && e->len == len && memcmp(e->key, key, len) == 0)
			break;
		i = (i + 1) & d->mask;
	}
	return i;
}

/* Forgets the oldest identity (backward-shift deletion keeps probing exact). */
static void forget(struct pcb_dedup *d)
{
	size_t idx = d->head;
	size_t i = (size_t)d->ring[idx].hash32 & d->mask, j;

	if (d->on_forget != NULL)
		d->on_forget(d->ctx, idx);
	while (d->slots[i].idx1 != idx + 1)
		i = (i + 1) & d->mask;
	j = i;
	for (;;) {
		size_t home;

		j = (j + 1) & d->mask;
		if (d->slots[j].idx1 == 0)
			break;
		home = (size_t)d->slots[j].hash32 & d->mask;
		/* The entry at j may move to i unless its home lies cyclically in (i, j]. */
		if (i <= j ? (home <= i || home > j) : (home <= i && home > j)) {
			d->slots[i] = d->slots[j];
			i = j;
		}
	}
	d->slots[i].idx1 = 0;
	d->key_bytes -= d->ring[idx].len;
	free(d->ring[idx].key);
	d->ring[idx].key = NULL;
	d->head = (d->head + 1) % d->window;
	d->used--;
}

/* Whether one more identity of [len] bytes needs the oldest forgotten first. */
static int full(const struct pcb_dedup *d, size_t len)
{
	return d->used == d->window || len > d->key_budget || d->key_bytes > d->key_budget - len;
}

int pcb_dedup_seen(struct pcb_dedup *d, uint64_t hash, const char *key, size_t len)
{
	size_t idx;

	return pcb_dedup_find(d, hash, key, len, &idx);
}

void pcb_dedup_prefetch(const struct pcb_dedup *d, uint64_t hash)
{
	if (d->window == 0)
		return;
	__builtin_prefetch(&d->slots[(size_t)(uint32_t)hash & d->mask]);
	/* The identity forgotten a few insertions from now: its slot is searched then. */
	if (d->used == d->window)
		__builtin_prefetch(
		    &d->slots[(size_t)d->ring[(d->head + PCB_DEDUP_PREFETCH_AHEAD) % d->window].hash32 &
			      d->mask]);
}

void pcb_dedup_drain(struct pcb_dedup *d)
{
	while (d->used > 0)
		forget(d);
}

int pcb_dedup_find(struct pcb_dedup *d, uint64_t hash, const char *key, size_t len, size_t *idx)
{
	size_t i, slot;
	char *copy;

	if (len > UINT32_MAX)
		return -1; /* never a line's parts (PCB_LR_LINE_MAX) */
	i = probe(d, hash, key, len);
	if (d->slots[i].idx1 != 0) {
		*idx = d->slots[i].idx1 - 1;
		return 1;
	}
	copy = malloc(len > 0 ? len : 1);
	if (copy == NULL)
		return -1;
	memcpy(copy, key, len);
	if (full(d, len)) {
		while (d->used > 0 && full(d, len))
			forget(d);
		/* Deletion may have shifted entries: find the empty slot again. */
		i = probe(d, hash, key, len);
	}
	slot = (d->head + d->used) % d->window;
	d->ring[slot] = (struct pcb_dedup_ident){ copy, (uint32_t)hash, (uint32_t)len };
	d->slots[i].hash32 = (uint32_t)hash;
	d->slots[i].idx1 = (uint32_t)(slot + 1);
	d->used++;
	d->key_bytes += len;
	*idx = slot;
	return 0;
}
