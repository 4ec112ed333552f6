/*
 * pcb_hashtab.h: hashing, and open-addressing tables of indices into an
 * array of entries (the report's groups and error keys). Each entry begins
 * with its uint64_t hash; the entries' owner keeps the array and compares
 * keys, so a hash only places a key and two keys are one only when the
 * owner's comparison says so.
 */
#ifndef PCB_HASHTAB_H
#define PCB_HASHTAB_H

#include <stddef.h>
#include <stdint.h>

/*
 * MurmurHash64A (Austin Appleby, public domain) of [len] bytes at [p] with
 * [seed]: fast and well mixed; not meant to resist chosen input.
 */
uint64_t pcb_hash64(const void *p, size_t len, uint64_t seed);
/* The same of three integers. */
uint64_t pcb_hash64_ints(int64_t a, int64_t b, int64_t c, uint64_t seed);

/* First size of a table and of its entry array (slots, entries; a power of two). */
enum { PCB_ITAB_MIN = 64 };

struct pcb_itab {
	uint32_t *slots; /* entry index + 1; 0 is empty; zeroed: an empty table */
	size_t mask;
	size_t count;
};

/* Whether entry [idx] of [entries] has the key [key]. */
typedef int (*pcb_itab_eq_fn)(const void *entries, uint32_t idx, const void *key);

/* What pcb_itab_find_or_add() returns besides an index. */
#define PCB_ITAB_FULL (-2)
#define PCB_ITAB_NOMEM (-1)

/*
 * The index of the entry equal to [key] (hash [h]) among the [*n] entries of
 * [size] bytes at [*arr] (room for [*cap]), indexed by [t]. When there is
 * none and fewer than [max], appends a zeroed entry holding [h], sets
 * [*added] and returns its index: the caller fills in its key. Returns
 * PCB_ITAB_FULL when there is none and no room, PCB_ITAB_NOMEM on ENOMEM.
 */
long pcb_itab_find_or_add(struct pcb_itab *t, void **arr, size_t *n, size_t *cap, size_t size, size_t max,
			  uint64_t h, pcb_itab_eq_fn eq, const void *key, int *added);

/* Frees the table's slots (not the entries) and leaves it empty. */
void pcb_itab_free(struct pcb_itab *t);

#endif
