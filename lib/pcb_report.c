/* pcb_report.c: see pcb_report.h. */
#include <config.h>

#include "pcb_report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pcb_logformat.h"

#define RP_SECONDS_PER_HOUR 3600
#define RP_SECONDS_PER_DAY PCB_REPORT_SECONDS_PER_DAY
/* First size of the group and error tables (slots; a power of two). */
#define RP_TABLE_MIN 64

/* Seeds of the hashes that place identities and table keys (never trusted to tell keys apart). */
#define RP_SEED_IDENT 0x9e3779b97f4a7c15ULL
#define RP_SEED_KEY 0x165667b19e3779f9ULL
/* An identity's fixed head: the command (1 byte), PushStage and the PushID/TaskId length. */
#define RP_IDENT_HEAD (1 + sizeof(int64_t) + sizeof(size_t))

/*
 * MurmurHash64A (Austin Appleby, public domain) of [len] bytes at [p] with
 * [seed]: fast and well mixed; not meant to resist chosen input.
 */
static uint64_t rp_hash(const void *p, size_t len, uint64_t seed)
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

/* Hashes three integers with [seed]. */
static uint64_t rp_hash_ints(int64_t a, int64_t b, int64_t c, uint64_t seed)
{
	int64_t v[3] = { a, b, c };

	return rp_hash(v, sizeof(v), seed);
}

/*
 * An open-addressing table of indices into an array of entries whose first
 * member is their uint64_t hash; the entries' owner compares keys.
 */
struct rp_itab {
	uint32_t *slots; /* entry index + 1; 0 is empty */
	size_t mask;
	size_t count;
};

typedef int (*rp_eq_fn)(const void *entries, uint32_t idx, const void *key);

/* The hash of entry [idx] of an array of entries [size] bytes each. */
static uint64_t rp_entry_hash(const void *entries, size_t size, uint32_t idx)
{
	uint64_t h;

	memcpy(&h, (const char *)entries + (size_t)idx * size, sizeof(h));
	return h;
}

/* The slot holding the entry equal to [key] (hash [h]), or the empty slot where it goes. */
static uint32_t *rp_itab_probe(const struct rp_itab *t, uint64_t h, const void *entries,
		size_t size, rp_eq_fn eq, const void *key)
{
	size_t i = (size_t)h & t->mask;

	while (t->slots[i] != 0) {
		uint32_t idx = t->slots[i] - 1;

		if (rp_entry_hash(entries, size, idx) == h && eq(entries, idx, key))
			break;
		i = (i + 1) & t->mask;
	}
	return &t->slots[i];
}

/* Makes room for one more entry, keeping the load at most a half. Returns 0 or -1. */
static int rp_itab_reserve(struct rp_itab *t, const void *entries, size_t size)
{
	size_t cap = t->mask + 1, newcap;
	uint32_t *slots;
	int rc = 0;

	if (t->slots != NULL && t->count + 1 <= cap / 2)
		goto out;
	newcap = t->slots == NULL ? RP_TABLE_MIN : cap * 2;
	rc = -1;
	if (newcap > SIZE_MAX / sizeof(*slots))
		goto out;
	slots = calloc(newcap, sizeof(*slots));
	if (slots == NULL)
		goto out;
	for (size_t i = 0; t->slots != NULL && i < cap; i++) {
		size_t j;

		if (t->slots[i] == 0)
			continue;
		j = (size_t)rp_entry_hash(entries, size, t->slots[i] - 1) & (newcap - 1);
		while (slots[j] != 0)
			j = (j + 1) & (newcap - 1);
		slots[j] = t->slots[i];
	}
	free(t->slots);
	t->slots = slots;
	t->mask = newcap - 1;
	rc = 0;
out:
	return rc;
}

/* Grows the array [*arr] of [*cap] entries of [size] bytes to hold [need]. Returns 0 or -1. */
static int rp_vec_reserve(void **arr, size_t *cap, size_t need, size_t size)
{
	size_t newcap;
	void *p;
	int rc = 0;

	if (need <= *cap)
		goto out;
	newcap = *cap == 0 ? RP_TABLE_MIN : *cap * 2;
	rc = -1;
	if (newcap > SIZE_MAX / size)
		goto out;
	p = realloc(*arr, newcap * size);
	if (p == NULL)
		goto out;
	*arr = p;
	*cap = newcap;
	rc = 0;
out:
	return rc;
}

/* What rp_find_or_add() found. */
#define RP_ADD_FULL (-2)
#define RP_ADD_NOMEM (-1)

/*
 * The index of the entry equal to [key] (hash [h]) among the [*n] entries of
 * [size] bytes at [*arr], indexed by [t]. When there is none and fewer than
 * [max], appends a zeroed entry holding [h], sets [*added] and returns its
 * index: the caller fills in its key. Returns RP_ADD_FULL when there is none
 * and no room, RP_ADD_NOMEM on ENOMEM.
 */
static long rp_find_or_add(struct rp_itab *t, void **arr, size_t *n, size_t *cap, size_t size,
		size_t max, uint64_t h, rp_eq_fn eq, const void *key, int *added)
{
	uint32_t *slot;
	char *e;
	long idx = RP_ADD_NOMEM;

	*added = 0;
	if (rp_itab_reserve(t, *arr, size) != 0)
		goto out;
	slot = rp_itab_probe(t, h, *arr, size, eq, key);
	if (*slot != 0) {
		idx = (long)*slot - 1;
		goto out;
	}
	idx = RP_ADD_FULL;
	if (*n >= max)
		goto out;
	idx = RP_ADD_NOMEM;
	/* The slot found stays right: growing the entries leaves the table as it is. */
	if (rp_vec_reserve(arr, cap, *n + 1, size) != 0)
		goto out;
	e = (char *)*arr + *n * size;
	memset(e, 0, size);
	memcpy(e, &h, sizeof(h));
	idx = (long)(*n)++;
	*slot = (uint32_t)*n;
	t->count++;
	*added = 1;
out:
	return idx;
}

/*
 * The duplicate window: the last [window] distinct identities, first in first
 * out, each kept whole (rp_ident_key) and compared byte for byte. The hash
 * only places an identity in the table: two identities are one only when
 * their bytes are.
 */
struct rp_ident {
	uint64_t hash;
	char *key; /* malloc'd */
	size_t len;
};

struct rp_dslot {
	uint32_t hash32; /* the hash's low bits: its home slot, and most mismatches end here */
	uint32_t idx1;   /* ring index + 1; 0 is empty */
};

struct rp_dedup {
	size_t window;
	size_t key_budget, key_bytes; /* identity bytes allowed (PCB_REPORT_IDENT_BYTES_AVG) and held */
	struct rp_ident *ring;
	size_t used, head; /* entries in the ring, and the oldest one */
	struct rp_dslot *slots;
	size_t mask;
};

static int rp_dedup_init(struct rp_dedup *d, size_t window)
{
	size_t cap = RP_TABLE_MIN;
	int rc = 0;

	memset(d, 0, sizeof(*d));
	d->window = window;
	if (window == 0)
		goto out;
	d->key_budget = window <= SIZE_MAX / PCB_REPORT_IDENT_BYTES_AVG
				? window * PCB_REPORT_IDENT_BYTES_AVG : SIZE_MAX;
	/* window <= PCB_REPORT_DEDUP_MAX: twice as many slots fit a uint32_t index and hash32 home. */
	while (cap < window * 2)
		cap *= 2;
	rc = -1;
	d->ring = calloc(window, sizeof(*d->ring));
	d->slots = calloc(cap, sizeof(*d->slots));
	if (d->ring == NULL || d->slots == NULL)
		goto out;
	d->mask = cap - 1;
	rc = 0;
out:
	return rc;
}

static void rp_dedup_free(struct rp_dedup *d)
{
	for (size_t i = 0; i < d->used; i++)
		free(d->ring[(d->head + i) % d->window].key);
	free(d->ring);
	free(d->slots);
}

/* The slot holding [key] of [len] bytes and [hash], or the empty slot where it goes. */
static size_t rp_dedup_probe(const struct rp_dedup *d, uint64_t hash, const char *key, size_t len)
{
	size_t i = (size_t)(uint32_t)hash & d->mask;

	while (d->slots[i].idx1 != 0) {
		const struct rp_ident *e = &d->ring[d->slots[i].idx1 - 1];

		if (d->slots[i].hash32 == (uint32_t)hash && e->hash == hash && e->len == len &&
		    memcmp(e->key, key, len) == 0)
			break;
		i = (i + 1) & d->mask;
	}
	return i;
}

/* Forgets the oldest identity (backward-shift deletion keeps probing exact). */
static void rp_dedup_forget(struct rp_dedup *d)
{
	size_t idx = d->head;
	size_t i = (size_t)(uint32_t)d->ring[idx].hash & d->mask, j;

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
static int rp_dedup_full(const struct rp_dedup *d, size_t len)
{
	return d->used == d->window || len > d->key_budget || d->key_bytes > d->key_budget - len;
}

/*
 * Returns 1 when the identity [key] of [len] bytes and [hash] is in the
 * window, else remembers it (forgetting the oldest while the window is full)
 * and returns 0. Returns -1 on ENOMEM, the window unchanged.
 */
static int rp_dedup_seen(struct rp_dedup *d, uint64_t hash, const char *key, size_t len)
{
	size_t i = rp_dedup_probe(d, hash, key, len), slot;
	char *copy;
	int seen = 1;

	if (d->slots[i].idx1 != 0)
		goto out;
	seen = -1;
	copy = malloc(len > 0 ? len : 1);
	if (copy == NULL)
		goto out;
	memcpy(copy, key, len);
	if (rp_dedup_full(d, len)) {
		while (d->used > 0 && rp_dedup_full(d, len))
			rp_dedup_forget(d);
		/* Deletion may have shifted entries: find the empty slot again. */
		i = rp_dedup_probe(d, hash, key, len);
	}
	slot = (d->head + d->used) % d->window;
	d->ring[slot] = (struct rp_ident){ hash, copy, len };
	d->slots[i].hash32 = (uint32_t)hash;
	d->slots[i].idx1 = (uint32_t)(slot + 1);
	d->used++;
	d->key_bytes += len;
	seen = 0;
out:
	return seen;
}

struct pcb_report {
	struct pcb_report_opts opts;
	struct pcb_report_summary sum;
	struct rp_dedup dedup;
	struct pcb_report_group *groups;
	size_t ngroups, capgroups;
	struct rp_itab gtab;
	struct pcb_report_error *errors;
	size_t nerrors, caperrors;
	struct rp_itab etab;
	const void **sorted; /* the last sorted view handed out */
	char *ident;         /* the identity being looked up (rp_ident_key) */
	size_t identcap;
};

struct pcb_report *pcb_report_new(const struct pcb_report_opts *o)
{
	struct pcb_report *r = calloc(1, sizeof(*r));

	if (r == NULL)
		goto fail;
	r->opts = *o;
	if (o->dedup_window > PCB_REPORT_DEDUP_MAX || rp_dedup_init(&r->dedup, o->dedup_window) != 0)
		goto fail;
	return r;
fail:
	pcb_report_destroy(r);
	return NULL;
}

void pcb_report_destroy(struct pcb_report *r)
{
	if (r == NULL)
		return;
	rp_dedup_free(&r->dedup);
	for (size_t i = 0; i < r->ngroups; i++)
		free(r->groups[i].taskid);
	free(r->groups);
	free(r->gtab.slots);
	for (size_t i = 0; i < r->nerrors; i++)
		free(r->errors[i].errinfo);
	free(r->errors);
	free(r->etab.slots);
	free(r->sorted);
	free(r->ident);
	free(r);
}

struct pcb_report_summary *pcb_report_summary(struct pcb_report *r)
{
	return &r->sum;
}

const struct pcb_report_opts *pcb_report_opts(const struct pcb_report *r)
{
	return &r->opts;
}

enum pcb_report_bind_status pcb_report_bind(const struct pcb_lr_header *h,
		struct pcb_report_cols *c, const char **missing)
{
	static const char *const required[] = {
		"EventTime", "PushPlatform", "PushStage", "ErrCode", "To_Account"
	};
	int *const slots[] = { &c->event_time, &c->platform, &c->stage, &c->errcode, &c->to_account };
	enum pcb_report_bind_status st = PCB_BIND_REJECTS;
	size_t found = 0;

	if (pcb_lr_header_find(h, "Reason") >= 0)
		goto out;
	st = PCB_BIND_MISSING;
	for (size_t i = 0; i < sizeof(required) / sizeof(required[0]); i++) {
		*slots[i] = pcb_lr_header_find(h, required[i]);
		if (*slots[i] < 0) {
			*missing = required[i];
			goto out;
		}
	}
	for (size_t i = 0; i < pcb_ncommands; i++) {
		int id = pcb_lr_header_find(h, pcb_commands[i]->identity);
		if (id >= 0) {
			found++;
			c->cmd = (unsigned)i;
			c->id = id;
		}
	}
	st = PCB_BIND_AMBIGUOUS;
	if (found != 1)
		goto out;
	c->task = pcb_commands[c->cmd]->task != NULL ? pcb_lr_header_find(h, pcb_commands[c->cmd]->task) : -1;
	c->errinfo = pcb_lr_header_find(h, "ErrInfo");
	c->ncols = h->count;
	st = PCB_BIND_OK;
out:
	return st;
}

struct rp_group_key {
	unsigned cmd;
	int64_t platform, period;
	const char *taskid;
	size_t taskid_len;
};

static int rp_group_eq(const void *entries, uint32_t idx, const void *key)
{
	const struct pcb_report_group *g = (const struct pcb_report_group *)entries + idx;
	const struct rp_group_key *k = key;

	return g->cmd == k->cmd && g->platform == k->platform && g->period == k->period &&
	       g->taskid_len == k->taskid_len &&
	       (k->taskid_len == 0 || memcmp(g->taskid, k->taskid, k->taskid_len) == 0);
}

/* Makes a NUL-terminated copy of [len] bytes at [p], or NULL. */
static char *rp_memdup(const char *p, size_t len)
{
	char *s = malloc(len + 1);

	if (s != NULL) {
		memcpy(s, p, len);
		s[len] = '\0';
	}
	return s;
}

/* The group of key [k], created empty when new; NULL on ENOMEM or too many groups. */
static struct pcb_report_group *rp_group(struct pcb_report *r, const struct rp_group_key *k)
{
	uint64_t h = k->taskid != NULL ? rp_hash(k->taskid, k->taskid_len, RP_SEED_KEY)
				       : rp_hash_ints(k->cmd, k->platform, k->period, RP_SEED_KEY);
	struct pcb_report_group *g = NULL;
	int added;
	long i = rp_find_or_add(&r->gtab, (void **)&r->groups, &r->ngroups, &r->capgroups,
				sizeof(*r->groups), PCB_REPORT_GROUPS_MAX, h, rp_group_eq, k, &added);

	if (i < 0)
		goto out;
	g = &r->groups[i];
	if (!added)
		goto out;
	g->cmd = k->cmd;
	g->platform = k->platform;
	g->period = k->period;
	if (k->taskid != NULL) {
		/* On failure the run stops (PCB_LINE_NOMEM): the half-made group is never looked at. */
		g->taskid = rp_memdup(k->taskid, k->taskid_len);
		if (g->taskid == NULL)
			g = NULL;
		else
			g->taskid_len = k->taskid_len;
	}
out:
	return g;
}

struct rp_error_key {
	int64_t platform, stage, errcode;
	const char *errinfo;
	size_t errinfo_len;
};

static int rp_error_eq(const void *entries, uint32_t idx, const void *key)
{
	const struct pcb_report_error *e = (const struct pcb_report_error *)entries + idx;
	const struct rp_error_key *k = key;

	return e->platform == k->platform && e->stage == k->stage && e->errcode == k->errcode &&
	       e->errinfo_len == k->errinfo_len && memcmp(e->errinfo, k->errinfo, k->errinfo_len) == 0;
}

/* Counts one failed event of key [k]. Returns 0, or -1 on ENOMEM. */
static int rp_error_count(struct pcb_report *r, const struct rp_error_key *k)
{
	uint64_t h = rp_hash(k->errinfo, k->errinfo_len,
			     rp_hash_ints(k->platform, k->stage, k->errcode, RP_SEED_KEY));
	struct pcb_report_error *e;
	int added, rc = 0;
	long i = rp_find_or_add(&r->etab, (void **)&r->errors, &r->nerrors, &r->caperrors,
				sizeof(*r->errors), PCB_REPORT_ERRKEYS_MAX, h, rp_error_eq, k, &added);

	if (i == RP_ADD_FULL) {
		r->sum.errors_unlisted++;
		goto out;
	}
	rc = -1;
	if (i < 0)
		goto out;
	e = &r->errors[i];
	e->count++;
	rc = 0;
	if (!added)
		goto out;
	e->platform = k->platform;
	e->stage = k->stage;
	e->errcode = k->errcode;
	/* On failure the run stops (PCB_LINE_NOMEM): the half-made key is never looked at. */
	e->errinfo = rp_memdup(k->errinfo, k->errinfo_len);
	if (e->errinfo == NULL)
		rc = -1;
	else
		e->errinfo_len = k->errinfo_len;
out:
	return rc;
}

static void rp_count_stage(struct pcb_report_counts *n, int64_t stage, int failed)
{
	switch (stage) {
	case 1:
		if (failed)
			n->send_failed++;
		else
			n->sent++;
		break;
	case 2:
		if (failed)
			n->deliver_failed++;
		else
			n->delivered++;
		break;
	case 3:
		n->clicked++;
		if (failed)
			n->click_failed++;
		break;
	default:
		n->other_stage++;
		break;
	}
}

/*
 * The start of the [unit] seconds (an hour or a day) holding [t] into [*out],
 * flooring before 1970 too. Returns 0, or -1 when that start is before INT64_MIN.
 */
static int rp_floor(int64_t t, int64_t unit, int64_t *out)
{
	int64_t q = t / unit;
	int rc = -1;

	if (t % unit < 0)
		q--;
	/* q * unit >= INT64_MIN exactly when q >= INT64_MIN / unit (which rounds up). */
	if (q < INT64_MIN / unit)
		goto out;
	*out = q * unit;
	rc = 0;
out:
	return rc;
}

/*
 * The period of [when] under grouping [by] into [*period]: the start of its
 * hour or day, 0 when not by time. Returns 0, or -1 when [when] has no
 * calendar day (before PCB_REPORT_TIME_MIN), whatever [by].
 */
static int rp_period(int64_t when, enum pcb_report_by by, int64_t *period)
{
	int64_t day;
	int rc = -1;

	*period = 0;
	if (rp_floor(when, RP_SECONDS_PER_DAY, &day) != 0)
		goto out;
	if (by == PCB_BY_VENDOR_DAY)
		*period = day;
	else if (by == PCB_BY_VENDOR_HOUR && rp_floor(when, RP_SECONDS_PER_HOUR, period) != 0)
		goto out;
	rc = 0;
out:
	return rc;
}

/*
 * Writes the identity of an event of command [cmd] at [stage] with PushID or
 * TaskId [id] and To_Account [to] into r->ident; sets [*len]. Returns 0, or
 * -1 on ENOMEM. The PushID's length keeps the two fields from running together.
 */
static int rp_ident_key(struct pcb_report *r, unsigned cmd, int64_t stage,
		const struct pcb_lr_field *id, const struct pcb_lr_field *to, size_t *len)
{
	unsigned char c = (unsigned char)cmd;
	size_t need;
	char *p;
	int rc = -1;

	if (id->len > SIZE_MAX - RP_IDENT_HEAD || to->len > SIZE_MAX - RP_IDENT_HEAD - id->len)
		goto out;
	need = RP_IDENT_HEAD + id->len + to->len;
	if (need > r->identcap) {
		p = realloc(r->ident, need);
		if (p == NULL)
			goto out;
		r->ident = p;
		r->identcap = need;
	}
	p = r->ident;
	memcpy(p, &c, 1);
	memcpy(p + 1, &stage, sizeof(stage));
	memcpy(p + 1 + sizeof(stage), &id->len, sizeof(id->len));
	memcpy(p + RP_IDENT_HEAD, id->p, id->len);
	memcpy(p + RP_IDENT_HEAD + id->len, to->p, to->len);
	*len = need;
	rc = 0;
out:
	return rc;
}

/* Whether the event's identity is in the window (1), was added to it (0), or ENOMEM (-1). */
static int rp_duplicate(struct pcb_report *r, unsigned cmd, int64_t stage,
		const struct pcb_lr_field *id, const struct pcb_lr_field *to)
{
	size_t len;
	int seen = -1;

	if (rp_ident_key(r, cmd, stage, id, to, &len) == 0)
		seen = rp_dedup_seen(&r->dedup, rp_hash(r->ident, len, RP_SEED_IDENT), r->ident, len);
	return seen;
}

enum pcb_report_line pcb_report_add_read(struct pcb_report *r, const struct pcb_report_cols *c,
		enum pcb_lr_status st, const char *line, size_t len)
{
	if (st == PCB_LR_LINE)
		return pcb_report_add(r, c, line, len);
	r->sum.lines++;
	if (st == PCB_LR_TORN) {
		r->sum.torn++;
		return PCB_LINE_TORN;
	}
	r->sum.malformed++;
	return PCB_LINE_MALFORMED;
}

enum pcb_report_line pcb_report_add(struct pcb_report *r, const struct pcb_report_cols *c,
		const char *line, size_t len)
{
	struct pcb_lr_field f[PCB_LR_COLUMNS_MAX];
	int64_t when, platform, stage, errcode;
	struct rp_group_key gk = { .cmd = c->cmd };
	struct pcb_report_group *g;
	const struct pcb_lr_field *id, *to, *info = NULL, *task = NULL;
	int by_task = r->opts.by == PCB_BY_TASKID;
	enum pcb_report_line st = PCB_LINE_SKIPPED;

	r->sum.lines++;
	if (!(r->opts.commands & PCB_CMD_BIT(c->cmd)) || (by_task && c->task < 0)) {
		r->sum.other_command++;
		goto out;
	}
	st = PCB_LINE_MALFORMED;
	if (pcb_lr_split(line, len, f, PCB_LR_COLUMNS_MAX) != c->ncols)
		goto malformed;
	id = &f[c->id];
	to = &f[c->to_account];
	if (c->errinfo >= 0)
		info = &f[c->errinfo];
	if (by_task)
		task = &f[c->task];
	if (pcb_lr_int(f[c->event_time].p, f[c->event_time].len, &when) != 0 ||
	    pcb_lr_int(f[c->platform].p, f[c->platform].len, &platform) != 0 ||
	    pcb_lr_int(f[c->stage].p, f[c->stage].len, &stage) != 0 ||
	    pcb_lr_int(f[c->errcode].p, f[c->errcode].len, &errcode) != 0)
		goto malformed;
	/* The fields shown in a report must unescape; the others are only compared. */
	if (info != NULL && errcode != 0 && pcb_log_unescape(info->p, info->len, NULL) < 0)
		goto malformed;
	if (task != NULL && pcb_log_unescape(task->p, task->len, NULL) < 0)
		goto malformed;
	/* Before the window: a line refused for its time must not hide a later good copy. */
	if (rp_period(when, r->opts.by, &gk.period) != 0)
		goto malformed;
	st = PCB_LINE_SKIPPED;
	if ((r->opts.has_from && when < r->opts.from) || (r->opts.has_to && when >= r->opts.to)) {
		r->sum.outside_period++;
		goto out;
	}
	if (id->len == 0 || to->len == 0) {
		r->sum.no_identity++;
	} else if (r->dedup.window > 0) {
		int seen = rp_duplicate(r, c->cmd, stage, id, to);

		if (seen != 0) {
			st = PCB_LINE_NOMEM;
			if (seen < 0)
				goto out;
			r->sum.duplicates++;
			st = PCB_LINE_DUPLICATE;
			goto out;
		}
	}
	if (task != NULL) {
		gk.taskid = task->p;
		gk.taskid_len = task->len;
	} else {
		gk.platform = platform;
	}
	st = PCB_LINE_NOMEM;
	g = rp_group(r, &gk);
	if (g == NULL)
		goto out;
	rp_count_stage(&g->n, stage, errcode != 0);
	if (errcode != 0) {
		struct rp_error_key ek = { platform, stage, errcode, "", 0 };

		if (info != NULL) {
			ek.errinfo = info->p;
			ek.errinfo_len = info->len;
		}
		if (rp_error_count(r, &ek) != 0)
			goto out;
	}
	r->sum.counted++;
	st = PCB_LINE_COUNTED;
	goto out;
malformed:
	r->sum.malformed++;
out:
	return st;
}

/* Three-way comparison of two integers. */
static int rp_cmp(int64_t a, int64_t b)
{
	return (a > b) - (a < b);
}

/* Three-way comparison of two byte strings, shorter first on a common prefix. */
static int rp_cmp_bytes(const char *a, size_t alen, const char *b, size_t blen)
{
	int c = memcmp(a, b, alen < blen ? alen : blen);

	return c != 0 ? c : rp_cmp((int64_t)alen, (int64_t)blen);
}

static int rp_group_order(const void *pa, const void *pb)
{
	const struct pcb_report_group *a = *(const struct pcb_report_group *const *)pa;
	const struct pcb_report_group *b = *(const struct pcb_report_group *const *)pb;
	int c = rp_cmp(a->cmd, b->cmd);

	if (c == 0)
		c = rp_cmp(a->platform, b->platform);
	if (c == 0)
		c = rp_cmp(a->period, b->period);
	if (c == 0 && a->taskid != NULL && b->taskid != NULL)
		c = rp_cmp_bytes(a->taskid, a->taskid_len, b->taskid, b->taskid_len);
	return c;
}

static int rp_error_order(const void *pa, const void *pb)
{
	const struct pcb_report_error *a = *(const struct pcb_report_error *const *)pa;
	const struct pcb_report_error *b = *(const struct pcb_report_error *const *)pb;
	int c = rp_cmp((int64_t)(b->count > a->count), (int64_t)(b->count < a->count));

	if (c == 0)
		c = rp_cmp(a->platform, b->platform);
	if (c == 0)
		c = rp_cmp(a->stage, b->stage);
	if (c == 0)
		c = rp_cmp(a->errcode, b->errcode);
	if (c == 0)
		c = rp_cmp_bytes(a->errinfo, a->errinfo_len, b->errinfo, b->errinfo_len);
	return c;
}

/* Replaces r->sorted by pointers to the [n] entries of [size] bytes at [base], sorted by [order]. */
static size_t rp_sorted(struct pcb_report *r, const void *base, size_t n, size_t size,
		int (*order)(const void *, const void *))
{
	const void **v = NULL;

	free(r->sorted);
	r->sorted = NULL;
	if (n > SIZE_MAX / sizeof(*v))
		goto out;
	v = malloc((n > 0 ? n : 1) * sizeof(*v));
	if (v == NULL)
		goto out;
	for (size_t i = 0; i < n; i++)
		v[i] = (const char *)base + i * size;
	qsort(v, n, sizeof(*v), order);
	r->sorted = v;
out:
	return v != NULL ? n : 0;
}

size_t pcb_report_groups(struct pcb_report *r, const struct pcb_report_group *const **out)
{
	size_t n = rp_sorted(r, r->groups, r->ngroups, sizeof(*r->groups), rp_group_order);

	*out = (const struct pcb_report_group *const *)r->sorted;
	return n;
}

size_t pcb_report_errors(struct pcb_report *r, size_t top, const struct pcb_report_error *const **out)
{
	size_t n = rp_sorted(r, r->errors, r->nerrors, sizeof(*r->errors), rp_error_order);

	*out = (const struct pcb_report_error *const *)r->sorted;
	return n < top ? n : top;
}

const char *pcb_report_vendor_name(int64_t platform)
{
	static const char *const names[] = {
		"unknown", "APNs", "Xiaomi", "Huawei", "FCM", "Meizu", "OPPO", "vivo", "Honor"
	};
	const char *name = NULL;

	if (platform >= 0 && platform < (int64_t)(sizeof(names) / sizeof(names[0])))
		name = names[platform];
	return name;
}

unsigned pcb_report_task_commands(void)
{
	unsigned bits = 0;

	for (size_t i = 0; i < pcb_ncommands; i++)
		if (pcb_commands[i]->task != NULL)
			bits |= PCB_CMD_BIT(i);
	return bits;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
static int64_t rp_days_from_civil(int64_t y, int64_t m, int64_t d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* The inverse of rp_days_from_civil. */
static void rp_civil_from_days(int64_t z, int64_t *y, int64_t *m, int64_t *d)
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
static int rp_digits(const char **s, int n, int64_t *v)
{
	int64_t x = 0;
	int rc = -1;

	for (int i = 0; i < n; i++) {
		char c = (*s)[i];

		if (c < '0' || c > '9')
			goto out;
		x = x * 10 + (c - '0');
	}
	*s += n;
	*v = x;
	rc = 0;
out:
	return rc;
}

int pcb_report_parse_time(const char *s, int64_t *out)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int64_t y, mo, d, h = 0, mi = 0, sec = 0;
	int rc = -1;

	if (rp_digits(&s, 4, &y) != 0 || *s++ != '-' || rp_digits(&s, 2, &mo) != 0 ||
	    *s++ != '-' || rp_digits(&s, 2, &d) != 0)
		goto out;
	if (*s == 'T') {
		s++;
		if (rp_digits(&s, 2, &h) != 0)
			goto out;
		if (*s == ':') {
			s++;
			if (rp_digits(&s, 2, &mi) != 0)
				goto out;
			if (*s == ':') {
				s++;
				if (rp_digits(&s, 2, &sec) != 0)
					goto out;
			}
		}
	}
	if (*s == 'Z')
		s++;
	if (*s != '\0' || mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] || h > 23 || mi > 59 ||
	    sec > 59)
		goto out;
	/* 29 February only in leap years. */
	if (mo == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
		goto out;
	/* Four-digit years: within +-3.7e5 days of 1970, far from any overflow. */
	*out = rp_days_from_civil(y, mo, d) * RP_SECONDS_PER_DAY + h * RP_SECONDS_PER_HOUR + mi * 60 + sec;
	rc = 0;
out:
	return rc;
}

/*
 * Splits [t] into its civil date and time of day. Returns 0, or -1 when [t]
 * has no whole day (before PCB_REPORT_TIME_MIN). From there on the day
 * number is within +-1.1e14 and no step of rp_civil_from_days overflows.
 */
static int rp_civil(int64_t t, int64_t *y, int64_t *m, int64_t *d, int64_t *secs)
{
	int64_t day;
	int rc = -1;

	if (rp_floor(t, RP_SECONDS_PER_DAY, &day) != 0)
		goto out;
	rp_civil_from_days(day / RP_SECONDS_PER_DAY, y, m, d);
	*secs = t - day;
	rc = 0;
out:
	return rc;
}

int pcb_report_format_time(int64_t t, char buf[PCB_REPORT_TIME_BYTES])
{
	int64_t y, m, d, s;
	int rc = -1;

	buf[0] = '\0';
	if (rp_civil(t, &y, &m, &d, &s) != 0)
		goto out;
	snprintf(buf, PCB_REPORT_TIME_BYTES, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lldZ",
		 (long long)y, (long long)m, (long long)d, (long long)(s / 3600),
		 (long long)(s / 60 % 60), (long long)(s % 60));
	rc = 0;
out:
	return rc;
}

int pcb_report_format_period(int64_t t, enum pcb_report_by by, char buf[PCB_REPORT_TIME_BYTES])
{
	int64_t y, m, d, s;
	int rc = -1;

	buf[0] = '\0';
	if (rp_civil(t, &y, &m, &d, &s) != 0)
		goto out;
	rc = 0;
	if (by == PCB_BY_VENDOR_HOUR)
		snprintf(buf, PCB_REPORT_TIME_BYTES, "%04lld-%02lld-%02lldT%02lld", (long long)y,
			 (long long)m, (long long)d, (long long)(s / 3600));
	else if (by == PCB_BY_VENDOR_DAY)
		snprintf(buf, PCB_REPORT_TIME_BYTES, "%04lld-%02lld-%02lld", (long long)y,
			 (long long)m, (long long)d);
out:
	return rc;
}
