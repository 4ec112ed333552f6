/* pcb_report.c: see pcb_report.h. */
#include <config.h>

#include "pcb_report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pcb_caltime.h"
#include "pcb_hashtab.h"
#include "pcb_limits.h"
#include "pcb_logformat.h"

/* Seeds of the hashes that place identities and table keys (never trusted to tell keys apart). */
#define RP_SEED_IDENT 0x9e3779b97f4a7c15ULL
#define RP_SEED_KEY 0x165667b19e3779f9ULL
/* An identity's fixed head: the command (1 byte), PushStage and the PushID/TaskId length. */
#define RP_IDENT_HEAD (1 + sizeof(int64_t) + sizeof(size_t))
/* In an identity's command byte: an online push, never the same event as an offline one. */
#define RP_IDENT_ONLINE 0x80u
_Static_assert(PCB_MAX_COMMANDS <= RP_IDENT_ONLINE, "a command index leaves RP_IDENT_ONLINE free");

struct pcb_report {
	struct pcb_report_opts opts;
	struct pcb_report_summary sum;
	struct pcb_dedup dedup;
	struct pcb_latency lat; /* with opts.latency */
	struct pcb_report_group *groups;
	size_t ngroups, capgroups;
	struct pcb_itab gtab;
	struct pcb_report_error *errors;
	size_t nerrors, caperrors;
	size_t errinfo_bytes; /* kept by the error keys: at most PCB_REPORT_ERRINFO_BYTES_MAX */
	struct pcb_itab etab;
	struct pcb_report_group *trend; /* pcb_report_trend's points */
	size_t ntrend, captrend;
	struct pcb_itab ttab;
	uint64_t trend_unlisted;
	const void **sorted; /* the last sorted view handed out */
	char *ident;         /* the identity being looked up (rp_ident_key) */
	size_t identcap;
};

/* A span of [seconds] in group [group] (pcb_latency_span_fn). */
static int rp_span(void *ctx, size_t group, enum pcb_span s, int64_t seconds)
{
	struct pcb_report *r = ctx;

	return pcb_hist_add(&r->groups[group].lat[s], seconds);
}

struct pcb_report *pcb_report_new(const struct pcb_report_opts *o)
{
	struct pcb_report *r = calloc(1, sizeof(*r));

	if (r == NULL)
		goto fail;
	r->opts = *o;
	if (o->dedup_window > PCB_REPORT_DEDUP_MAX ||
	    pcb_dedup_init(&r->dedup, o->dedup_window, PCB_REPORT_IDENT_BYTES_AVG) != 0)
		goto fail;
	if (o->latency &&
	    (o->match_window > PCB_REPORT_MATCH_MAX ||
	     pcb_latency_init(&r->lat, o->match_window, PCB_REPORT_IDENT_BYTES_AVG, rp_span, r) != 0))
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
	pcb_dedup_free(&r->dedup);
	if (r->opts.latency)
		pcb_latency_free(&r->lat);
	for (size_t i = 0; i < r->ngroups; i++) {
		free(r->groups[i].taskid);
		if (r->groups[i].lat != NULL)
			for (size_t s = 0; s < PCB_NSPANS; s++)
				pcb_hist_free(&r->groups[i].lat[s]);
		free(r->groups[i].lat);
	}
	free(r->groups);
	pcb_itab_free(&r->gtab);
	for (size_t i = 0; i < r->nerrors; i++)
		free(r->errors[i].errinfo);
	free(r->errors);
	pcb_itab_free(&r->etab);
	free(r->trend);
	pcb_itab_free(&r->ttab);
	free(r->sorted);
	free(r->ident);
	free(r);
}

void pcb_report_finish(struct pcb_report *r)
{
	if (!r->opts.latency)
		return;
	pcb_latency_finish(&r->lat);
	r->sum.unmatched = r->lat.unmatched;
}

struct pcb_report_summary *pcb_report_summary(struct pcb_report *r)
{
	return &r->sum;
}

const struct pcb_report_opts *pcb_report_opts(const struct pcb_report *r)
{
	return &r->opts;
}

enum pcb_report_bind_status pcb_report_bind(const struct pcb_lr_header *h, struct pcb_report_cols *c,
					    const char **missing)
{
	static const char *const required[] = { "EventTime", "PushPlatform", "PushStage", "ErrCode",
						"To_Account" };
	int *const slots[] = { &c->event_time, &c->platform, &c->stage, &c->errcode, &c->to_account };
	size_t found = 0;

	c->reason = pcb_lr_header_find(h, "Reason");
	if (c->reason >= 0) {
		c->index = pcb_lr_header_find(h, "Index");
		c->event_time = pcb_lr_header_find(h, "RecvTime");
		c->command =
		    c->index < 0 || c->event_time < 0 ? -1 : pcb_lr_header_find(h, "CallbackCommand");
		c->ncols = c->ncols_max = h->count;
		return PCB_BIND_REJECTS;
	}
	for (size_t i = 0; i < sizeof(required) / sizeof(required[0]); i++) {
		*slots[i] = pcb_lr_header_find(h, required[i]);
		if (*slots[i] < 0) {
			*missing = required[i];
			return PCB_BIND_MISSING;
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
	if (found != 1)
		return PCB_BIND_AMBIGUOUS;
	c->task = pcb_commands[c->cmd]->task != NULL ? pcb_lr_header_find(h, pcb_commands[c->cmd]->task) : -1;
	c->created =
	    pcb_commands[c->cmd]->created != NULL ? pcb_lr_header_find(h, pcb_commands[c->cmd]->created) : -1;
	c->online_vendor = pcb_commands[c->cmd]->online_vendor != NULL
			       ? pcb_lr_header_find(h, pcb_commands[c->cmd]->online_vendor)
			       : -1;
	c->event_type = pcb_commands[c->cmd]->online_vendor != NULL ? pcb_lr_header_find(h, "EventType") : -1;
	c->errinfo = pcb_lr_header_find(h, "ErrInfo");
	c->ncols = h->count;
	c->ncols_max = c->ncols + (pcb_lr_header_find(h, PCB_LOG_UNKNOWN_COLUMN) < 0 ? 1 : 0);
	return PCB_BIND_OK;
}

struct rp_group_key {
	unsigned cmd;
	int online;
	int64_t platform, period;
	const char *taskid;
	size_t taskid_len;
};

static int rp_group_eq(const void *entries, uint32_t idx, const void *key)
{
	const struct pcb_report_group *g = (const struct pcb_report_group *)entries + idx;
	const struct rp_group_key *k = key;

	return g->cmd == k->cmd && g->online == k->online && g->platform == k->platform &&
	       g->period == k->period && g->taskid_len == k->taskid_len &&
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
	uint64_t h =
	    k->taskid != NULL
		? pcb_hash64(k->taskid, k->taskid_len,
			     pcb_hash64_ints(k->online, k->platform, k->period, RP_SEED_KEY))
		: pcb_hash64_ints((int64_t)k->cmd * 2 + k->online, k->platform, k->period, RP_SEED_KEY);
	struct pcb_report_group *g;
	int added;
	long i = pcb_itab_find_or_add(&r->gtab, (void **)&r->groups, &r->ngroups, &r->capgroups,
				      sizeof(*r->groups), PCB_REPORT_GROUPS_MAX, h, rp_group_eq, k, &added);

	if (i < 0)
		return NULL;
	g = &r->groups[i];
	if (!added)
		return g;
	g->cmd = k->cmd;
	g->online = k->online;
	g->platform = k->platform;
	g->period = k->period;
	if (r->opts.latency) {
		/* On failure the run stops (PCB_LINE_NOMEM): the half-made group is never looked at. */
		g->lat = calloc(PCB_NSPANS, sizeof(*g->lat));
		if (g->lat == NULL)
			return NULL;
	}
	if (k->taskid != NULL) {
		/* On failure the run stops (PCB_LINE_NOMEM): the half-made group is never looked at. */
		g->taskid = rp_memdup(k->taskid, k->taskid_len);
		if (g->taskid == NULL)
			g = NULL;
		else
			g->taskid_len = k->taskid_len;
	}
	return g;
}

struct rp_error_key {
	unsigned cmd;
	int online;
	int64_t period;
	int64_t platform, stage, errcode;
	const char *errinfo;
	size_t errinfo_len;
};

static int rp_error_eq(const void *entries, uint32_t idx, const void *key)
{
	const struct pcb_report_error *e = (const struct pcb_report_error *)entries + idx;
	const struct rp_error_key *k = key;

	return e->cmd == k->cmd && e->online == k->online && e->period == k->period &&
	       e->platform == k->platform && e->stage == k->stage && e->errcode == k->errcode &&
	       e->errinfo_len == k->errinfo_len && memcmp(e->errinfo, k->errinfo, k->errinfo_len) == 0;
}

/* Counts one failed event of key [k]. Returns 0, or -1 on ENOMEM. */
static int rp_error_count(struct pcb_report *r, const struct rp_error_key *k)
{
	uint64_t h = pcb_hash64(
	    k->errinfo, k->errinfo_len,
	    pcb_hash64_ints(k->platform, k->stage, k->errcode,
			    pcb_hash64_ints((int64_t)k->cmd * 2 + k->online, k->period, 0, RP_SEED_KEY)));
	struct pcb_report_error *e;
	int added;
	/* No new key past the byte budget: only the keys already kept are found. */
	size_t max = k->errinfo_len > PCB_REPORT_ERRINFO_BYTES_MAX - r->errinfo_bytes
			 ? r->nerrors
			 : PCB_REPORT_ERRKEYS_MAX;
	long i = pcb_itab_find_or_add(&r->etab, (void **)&r->errors, &r->nerrors, &r->caperrors,
				      sizeof(*r->errors), max, h, rp_error_eq, k, &added);

	if (i == PCB_ITAB_FULL) {
		r->sum.errors_unlisted++;
		return 0;
	}
	if (i < 0)
		return -1;
	e = &r->errors[i];
	e->count++;
	if (!added)
		return 0;
	e->cmd = k->cmd;
	e->online = k->online;
	e->period = k->period;
	e->platform = k->platform;
	e->stage = k->stage;
	e->errcode = k->errcode;
	/* On failure the run stops (PCB_LINE_NOMEM): the half-made key is never looked at. */
	e->errinfo = rp_memdup(k->errinfo, k->errinfo_len);
	if (e->errinfo == NULL)
		return -1;
	e->errinfo_len = k->errinfo_len;
	r->errinfo_bytes += k->errinfo_len;
	return 0;
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

/* The length of a period of grouping [by]: an hour, a day, or 0 when not by time. */
static int64_t period_unit(enum pcb_report_by by)
{
	switch (by) {
	case PCB_BY_VENDOR_HOUR:
		return PCB_CALTIME_HOUR;
	case PCB_BY_VENDOR_DAY:
	case PCB_BY_TASKID_VENDOR_DAY:
		return PCB_CALTIME_DAY;
	case PCB_BY_VENDOR:
	case PCB_BY_TASKID:
		break;
	}
	return 0;
}

/*
 * The period of [when] under grouping [by] in zone [tz] (NULL: UTC) into
 * [*period]: the start of its hour or day in the zone's wall-clock
 * seconds, 0 when not by time. Returns 0, or -1 when its local time has no
 * calendar day: never for a [when] within PCB_REPORT_TIME_MIN..MAX (rp_parse).
 */
static int rp_period(int64_t when, enum pcb_report_by by, const struct pcb_tz *tz, int64_t *period)
{
	int64_t local = when, unit = period_unit(by);

	*period = 0;
	if (unit == 0)
		return 0;
	if (tz != NULL && pcb_tz_to_local(tz, when, &local) != 0)
		return -1;
	return pcb_caltime_floor(local, unit, period);
}

/*
 * Writes the identity of an event of command [cmd] at [stage] with PushID or
 * TaskId [id] and To_Account [to] into r->ident; sets [*len]. Returns 0, or
 * -1 on ENOMEM. The PushID's length keeps the two fields from running together.
 */
static int rp_ident_key(struct pcb_report *r, unsigned cmd, int64_t stage, const struct pcb_lr_field *id,
			const struct pcb_lr_field *to, size_t *len)
{
	unsigned char c = (unsigned char)cmd;
	size_t need;
	char *p;

	if (id->len > SIZE_MAX - RP_IDENT_HEAD || to->len > SIZE_MAX - RP_IDENT_HEAD - id->len)
		return -1;
	need = RP_IDENT_HEAD + id->len + to->len;
	if (need > r->identcap) {
		p = realloc(r->ident, need);
		if (p == NULL)
			return -1;
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
	return 0;
}

/* Whether the event's identity is in the window (1), was added to it (0), or ENOMEM (-1). */
static int rp_duplicate(struct pcb_report *r, unsigned cmd, int64_t stage, const struct pcb_lr_field *id,
			const struct pcb_lr_field *to, uint64_t hash)
{
	size_t len;
	int seen = -1;

	if (rp_ident_key(r, cmd, stage, id, to, &len) == 0)
		seen = pcb_dedup_seen(&r->dedup, hash, r->ident, len);
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

enum pcb_report_line pcb_report_add_reject(struct pcb_report *r, const struct pcb_report_cols *c,
					   enum pcb_lr_status st, const char *line, size_t len)
{
	struct pcb_lr_field f[PCB_LR_COLUMNS_MAX];
	unsigned cmd = PCB_MAX_COMMANDS; /* a command not handled here */
	char when[PCB_CALTIME_BYTES];
	int64_t t;

	if (st == PCB_LR_TORN) {
		r->sum.torn++;
		return PCB_LINE_TORN;
	}
	if (st != PCB_LR_LINE || c->command < 0 ||
	    pcb_lr_split(line, len, f, PCB_LR_COLUMNS_MAX) != c->ncols || pcb_lr_raw_ctl(line, len)) {
		r->sum.malformed++;
		return PCB_LINE_MALFORMED;
	}
	/* The period by RecvTime: a reject line has no EventTime. */
	if (f[c->event_time].len >= sizeof(when)) {
		r->sum.malformed++;
		return PCB_LINE_MALFORMED;
	}
	memcpy(when, f[c->event_time].p, f[c->event_time].len);
	when[f[c->event_time].len] = '\0';
	if (pcb_caltime_parse(when, &t) != 0) {
		r->sum.malformed++;
		return PCB_LINE_MALFORMED;
	}
	if ((r->opts.has_from && t < r->opts.from) || (r->opts.has_to && t >= r->opts.to)) {
		r->sum.outside_period++;
		return PCB_LINE_SKIPPED;
	}
	for (unsigned i = 0; i < pcb_ncommands; i++)
		if (f[c->command].len == strlen(pcb_commands[i]->name) &&
		    memcmp(f[c->command].p, pcb_commands[i]->name, f[c->command].len) == 0)
			cmd = i;
	r->sum.rejects.n[cmd][pcb_reject_reason(cmd < pcb_ncommands ? pcb_commands[cmd] : NULL,
						f[c->index].len == 0, f[c->reason].p, f[c->reason].len)]++;
	return PCB_LINE_COUNTED;
}

/*
 * Whether event [e] is an online push (EventType PCB_EVENT_ONLINE of a
 * command with pcb_command.online_vendor): its platform is then that field's.
 * Returns 0, or -1 when that field is not an integer (an empty or absent one
 * leaves the platform).
 */
static int rp_online(const struct pcb_report_cols *c, const struct pcb_lr_field *f,
		     struct pcb_report_event *e)
{
	int64_t type;

	e->online = 0;
	if (c->event_type < 0 || pcb_lr_int(f[c->event_type].p, f[c->event_type].len, &type) != 0 ||
	    type != PCB_EVENT_ONLINE)
		return 0;
	e->online = 1;
	if (c->online_vendor < 0 || f[c->online_vendor].len == 0)
		return 0;
	return pcb_lr_int(f[c->online_vendor].p, f[c->online_vendor].len, &e->platform);
}

/*
 * Splits [line] into [f] and reads event [e] from it. Returns 0, or -1 when
 * the line is malformed: the wrong number of fields, a bad integer, a field
 * the report shows that does not unescape, or an EventTime without a day.
 */
static int rp_parse(const struct pcb_report_opts *o, const struct pcb_report_cols *c, const char *line,
		    size_t len, struct pcb_report_event *e)
{
	struct pcb_lr_field f[PCB_LR_COLUMNS_MAX];
	static const struct pcb_lr_field none = { NULL, 0 };
	long info_len;
	size_t n = pcb_lr_split(line, len, f, PCB_LR_COLUMNS_MAX);

	if (n < c->ncols || n > c->ncols_max || pcb_lr_raw_ctl(line, len))
		return -1;
	e->id = f[c->id];
	e->to = f[c->to_account];
	e->info = c->errinfo >= 0 ? f[c->errinfo] : none;
	e->task =
	    o->by == PCB_BY_TASKID || (o->by == PCB_BY_TASKID_VENDOR_DAY && c->task >= 0) ? f[c->task] : none;
	if (pcb_lr_int(f[c->event_time].p, f[c->event_time].len, &e->when) != 0 ||
	    pcb_lr_int(f[c->platform].p, f[c->platform].len, &e->platform) != 0 ||
	    pcb_lr_int(f[c->stage].p, f[c->stage].len, &e->stage) != 0 ||
	    pcb_lr_int(f[c->errcode].p, f[c->errcode].len, &e->errcode) != 0 ||
	    e->when < PCB_REPORT_TIME_MIN || e->when > PCB_REPORT_TIME_MAX)
		return -1;
	/*
	 * The fields shown in a report must unescape; the others are only
	 * compared. An ErrInfo, an error key's, is no longer than push_callback
	 * writes: that bounds the memory of the keys.
	 */
	if (e->info.p != NULL && e->errcode != 0 &&
	    ((info_len = pcb_log_unescape(e->info.p, e->info.len, NULL)) < 0 ||
	     info_len > PCB_MAX_FIELD_BYTES))
		return -1;
	if (e->task.p != NULL && pcb_log_unescape(e->task.p, e->task.len, NULL) < 0)
		return -1;
	if (rp_online(c, f, e) != 0)
		return -1;
	/* The creation time only starts spans: without a good one, the event counts all the same. */
	e->has_created =
	    o->latency && c->created >= 0 && pcb_lr_int(f[c->created].p, f[c->created].len, &e->created) == 0;
	/* Its hour in the zone, whatever the grouping: a point of the trend (the same as --by vendor,hour's). */
	if (rp_period(e->when, PCB_BY_VENDOR_HOUR, o->tz, &e->hour) != 0)
		return -1;
	return rp_period(e->when, o->by, o->tz, &e->period);
}

/* The command byte of the identity of event [e] of command [cmd]. */
static unsigned rp_ident_cmd(unsigned cmd, const struct pcb_report_event *e)
{
	return e->online ? cmd | RP_IDENT_ONLINE : cmd;
}

/* Gives event [e] of command [cmd], counted in group [group], to the span matching. Returns 0, or -1 on ENOMEM. */
static int rp_latency(struct pcb_report *r, unsigned cmd, const struct pcb_report_event *e, size_t group)
{
	struct pcb_latency_event le = { .stage = e->stage,
					.ok = e->errcode == 0,
					.when = e->when,
					.created = e->created,
					.has_created = e->has_created,
					.group = group };
	size_t len;

	if (e->id.len == 0 || e->to.len == 0)
		return pcb_latency_add(&r->lat, 0, NULL, 0, &le);
	/* The identity of every stage: stage 0 in its key. */
	if (rp_ident_key(r, rp_ident_cmd(cmd, e), 0, &e->id, &e->to, &len) != 0)
		return -1;
	return pcb_latency_add(&r->lat, e->lat_hash, r->ident, len, &le);
}

/* Counts event [e] of command [cmd] into its point of the trend. Returns 0, or -1 on ENOMEM. */
static int rp_trend_count(struct pcb_report *r, unsigned cmd, const struct pcb_report_event *e)
{
	struct rp_group_key k = { .cmd = cmd, .period = e->hour };
	int added;
	long i;

	i = pcb_itab_find_or_add(&r->ttab, (void **)&r->trend, &r->ntrend, &r->captrend, sizeof(*r->trend),
				 PCB_REPORT_TREND_MAX, pcb_hash64_ints(cmd, 0, k.period, RP_SEED_KEY),
				 rp_group_eq, &k, &added);
	if (i == PCB_ITAB_FULL) {
		r->trend_unlisted++;
		return 0;
	}
	if (i < 0)
		return -1;
	r->trend[i].cmd = cmd;
	r->trend[i].period = k.period;
	rp_count_stage(&r->trend[i].n, e->stage, e->errcode != 0);
	return 0;
}

/* Counts event [e] of command [cmd] into its group, the trend and, when it failed, the errors. */
static enum pcb_report_line rp_count(struct pcb_report *r, unsigned cmd, const struct pcb_report_event *e)
{
	struct rp_group_key gk = { .cmd = cmd, .online = e->online, .period = e->period };
	struct pcb_report_group *g;

	if (e->task.p != NULL) {
		gk.taskid = e->task.p;
		gk.taskid_len = e->task.len;
	}
	if (r->opts.by != PCB_BY_TASKID)
		gk.platform = e->platform;
	g = rp_group(r, &gk);
	if (g == NULL)
		return PCB_LINE_NOMEM;
	rp_count_stage(&g->n, e->stage, e->errcode != 0);
	if (r->opts.latency && rp_latency(r, cmd, e, (size_t)(g - r->groups)) != 0)
		return PCB_LINE_NOMEM;
	if (rp_trend_count(r, cmd, e) != 0)
		return PCB_LINE_NOMEM;
	if (e->errcode != 0) {
		struct rp_error_key ek = { 0, 0, 0, e->platform, e->stage, e->errcode, "", 0 };

		if (r->opts.by == PCB_BY_TASKID_VENDOR_DAY) {
			ek.cmd = cmd;
			ek.online = e->online;
			ek.period = e->period;
		}

		if (e->info.p != NULL) {
			ek.errinfo = e->info.p;
			ek.errinfo_len = e->info.len;
		}
		if (rp_error_count(r, &ek) != 0)
			return PCB_LINE_NOMEM;
	}
	r->sum.counted++;
	return PCB_LINE_COUNTED;
}

/*
 * The hash that places the identity rp_ident_key makes of ([cmd], [stage],
 * [id], [to]) in a window: of its parts, so that the parse computes it
 * without making the key (the window compares the keys themselves).
 */
static uint64_t rp_ident_hash(unsigned cmd, int64_t stage, const struct pcb_lr_field *id,
			      const struct pcb_lr_field *to)
{
	uint64_t h = pcb_hash64_ints((int64_t)cmd, stage, (int64_t)id->len, RP_SEED_IDENT);

	return pcb_hash64(to->p, to->len, pcb_hash64(id->p, id->len, h));
}

void pcb_report_parse(const struct pcb_report_opts *o, const struct pcb_report_cols *c, const char *line,
		      size_t len, struct pcb_report_event *e)
{
	e->cmd = c->cmd;
	if (!(o->commands & PCB_CMD_BIT(c->cmd)) || (o->by == PCB_BY_TASKID && c->task < 0))
		e->verdict = PCB_EV_OTHER_COMMAND;
	else if (rp_parse(o, c, line, len, e) != 0)
		e->verdict = PCB_EV_MALFORMED;
	else if ((o->has_from && e->when < o->from) || (o->has_to && e->when >= o->to))
		e->verdict = PCB_EV_OUTSIDE;
	else
		e->verdict = PCB_EV_EVENT;
	if (e->verdict != PCB_EV_EVENT || e->id.len == 0 || e->to.len == 0)
		return;
	/* The windows' hashes, here where it costs the counting nothing. */
	e->ident_hash = rp_ident_hash(rp_ident_cmd(c->cmd, e), e->stage, &e->id, &e->to);
	e->lat_hash = o->latency ? rp_ident_hash(rp_ident_cmd(c->cmd, e), 0, &e->id, &e->to) : 0;
}

void pcb_report_prefetch(const struct pcb_report *r, const struct pcb_report_event *e)
{
	if (e->verdict != PCB_EV_EVENT || e->id.len == 0 || e->to.len == 0)
		return;
	if (r->dedup.window > 0)
		pcb_dedup_prefetch(&r->dedup, e->ident_hash);
	if (r->opts.latency)
		pcb_dedup_prefetch(&r->lat.win, e->lat_hash);
}

enum pcb_report_line pcb_report_add_event(struct pcb_report *r, const struct pcb_report_event *e)
{
	r->sum.lines++;
	switch (e->verdict) {
	case PCB_EV_OTHER_COMMAND:
		r->sum.other_command++;
		return PCB_LINE_SKIPPED;
	case PCB_EV_MALFORMED:
		/* Before the window: a line refused for its time must not hide a later good copy. */
		r->sum.malformed++;
		return PCB_LINE_MALFORMED;
	case PCB_EV_OUTSIDE:
		r->sum.outside_period++;
		return PCB_LINE_SKIPPED;
	case PCB_EV_EVENT:
		break;
	}
	if (e->id.len == 0 || e->to.len == 0) {
		r->sum.no_identity++;
	} else if (r->dedup.window > 0) {
		int seen = rp_duplicate(r, rp_ident_cmd(e->cmd, e), e->stage, &e->id, &e->to, e->ident_hash);

		if (seen < 0)
			return PCB_LINE_NOMEM;
		if (seen > 0) {
			r->sum.duplicates++;
			return PCB_LINE_DUPLICATE;
		}
	}
	return rp_count(r, e->cmd, e);
}

enum pcb_report_line pcb_report_add(struct pcb_report *r, const struct pcb_report_cols *c, const char *line,
				    size_t len)
{
	struct pcb_report_event e;

	pcb_report_parse(&r->opts, c, line, len, &e);
	return pcb_report_add_event(r, &e);
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
		c = rp_cmp(a->online, b->online);
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
	const void **v;

	free(r->sorted);
	r->sorted = NULL;
	if (n > SIZE_MAX / sizeof(*v))
		return 0;
	v = malloc((n > 0 ? n : 1) * sizeof(*v));
	if (v == NULL)
		return 0;
	for (size_t i = 0; i < n; i++)
		v[i] = (const char *)base + i * size;
	qsort(v, n, sizeof(*v), order);
	r->sorted = v;
	return n;
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

size_t pcb_report_trend(struct pcb_report *r, const struct pcb_report_group *const **out, uint64_t *unlisted)
{
	size_t n = rp_sorted(r, r->trend, r->ntrend, sizeof(*r->trend), rp_group_order);

	*out = (const struct pcb_report_group *const *)r->sorted;
	*unlisted = r->trend_unlisted;
	return n;
}

const char *pcb_report_vendor_name(int64_t platform)
{
	static const char *const names[] = { "unknown", "APNs", "Xiaomi", "Huawei", "FCM",
					     "Meizu",   "OPPO", "vivo",   "Honor" };
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

int pcb_report_format_period(int64_t t, enum pcb_report_by by, char buf[PCB_CALTIME_BYTES])
{
	return pcb_caltime_format_period(t, period_unit(by), buf);
}
