/*
 * pcb_dedup.h: the duplicate window of the report: the last N distinct
 * identities, each kept whole and compared byte for byte.
 */
#ifndef PCB_DEDUP_H
#define PCB_DEDUP_H

#include <stddef.h>
#include <stdint.h>

/* The largest window: twice its slots still fit a uint32_t index. */
#define PCB_DEDUP_WINDOW_MAX (64 * 1024 * 1024)
/* Insertions ahead whose forgetting pcb_dedup_prefetch prepares (the callers' distance). */
#define PCB_DEDUP_PREFETCH_AHEAD 8

/*
 * The duplicate window: the last [window] distinct identities, first in first
 * out, each kept whole (the caller's bytes) and compared byte for byte. The hash
 * only places an identity in the table: two identities are one only when
 * their bytes are.
 */
struct pcb_dedup_ident {
	char *key;       /* malloc'd */
	uint32_t hash32; /* the hash's low bits (its home slot); the bytes tell identities apart */
	uint32_t len;    /* at most UINT32_MAX (callers' identities are lines' parts: 1 MiB at most) */
};

struct pcb_dedup_slot {
	uint32_t hash32; /* the hash's low bits: its home slot, and most mismatches end here */
	uint32_t idx1;   /* ring index + 1; 0 is empty */
};

struct pcb_dedup {
	size_t window;
	size_t key_budget, key_bytes; /* identity bytes allowed (window * ident_bytes_avg) and held */
	struct pcb_dedup_ident *ring;
	size_t used, head; /* entries in the ring, and the oldest one */
	struct pcb_dedup_slot *slots;
	size_t mask;
	/* Called with an identity's ring index just before it is forgotten; NULL: none. */
	void (*on_forget)(void *ctx, size_t idx);
	void *ctx;
};

/*
 * Makes an empty window of [window] identities (0: none; at most
 * PCB_DEDUP_WINDOW_MAX), whose identity bytes are at most [window] times
 * [ident_bytes_avg] (not 0): past that the oldest are forgotten sooner.
 * Returns 0, or -1 on ENOMEM or a bad argument (free it all the same).
 */
int pcb_dedup_init(struct pcb_dedup *d, size_t window, size_t ident_bytes_avg);

/* Frees what the window holds. */
void pcb_dedup_free(struct pcb_dedup *d);

/*
 * Returns 1 when the identity [key] of [len] bytes and [hash] is in the
 * window, else remembers it (forgetting the oldest while the window is full)
 * and returns 0. Returns -1 on ENOMEM (or [len] over UINT32_MAX), the window
 * unchanged.
 */
int pcb_dedup_seen(struct pcb_dedup *d, uint64_t hash, const char *key, size_t len);

/*
 * The same, and sets [*idx] to the identity's index in the ring (below
 * [window]), which stays its own until on_forget is called with it: the
 * caller may keep a value per identity in an array of [window] entries.
 */
int pcb_dedup_find(struct pcb_dedup *d, uint64_t hash, const char *key, size_t len, size_t *idx);

/*
 * Fetches into the cache the slot where an identity of [hash] is looked up,
 * and the slot of the identity a later insertion forgets: a hint, called
 * ahead of pcb_dedup_find; it changes nothing.
 */
void pcb_dedup_prefetch(const struct pcb_dedup *d, uint64_t hash);

/* Calls on_forget for each identity still held, oldest first, and forgets them all. */
void pcb_dedup_drain(struct pcb_dedup *d);

#endif
