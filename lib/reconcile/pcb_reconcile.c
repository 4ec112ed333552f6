/* pcb_reconcile.c: see pcb_reconcile.h. */
#include <config.h>

#include "pcb_reconcile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pcb_logformat.h"

/* A day [s] (YYYY-MM-DD) into its midnight in wall-clock seconds. */
static int rc_parse_day(const char *opt, const char *s, int64_t *out, char *err, size_t errlen)
{
	if (strlen(s) != 10 || pcb_caltime_parse(s, out) != 0) {
		snprintf(err, errlen, "%s %s: not a day (YYYY-MM-DD)", opt, s);
		return -1;
	}
	return 0;
}

int pcb_rc_days(int64_t now, const char *from, const char *to, struct pcb_rc_days *d, char *err,
		size_t errlen)
{
	const int64_t span = (PCB_RC_DEFAULT_DAYS - 1) * PCB_CALTIME_DAY;
	int64_t local, today;

	if (now > INT64_MAX - PCB_RC_UTC_OFFSET ||
	    pcb_caltime_floor(now + PCB_RC_UTC_OFFSET, PCB_CALTIME_DAY, &today) != 0) {
		snprintf(err, errlen, "the clock is out of range");
		return -1;
	}
	local = now + PCB_RC_UTC_OFFSET;
	d->to = today - PCB_CALTIME_DAY;
	d->from = d->to - span;
	if ((from != NULL && rc_parse_day("--from", from, &d->from, err, errlen) != 0) ||
	    (to != NULL && rc_parse_day("--to", to, &d->to, err, errlen) != 0))
		return -1;
	/* One bound alone: the default span from or to it, up to today. */
	if (from != NULL && to == NULL)
		d->to = d->from <= today - span ? d->from + span : today;
	if (to != NULL && from == NULL)
		d->from = d->to - span;
	if (d->from > d->to) {
		snprintf(err, errlen, "--from is after --to");
		return -1;
	}
	if (d->to > today) {
		snprintf(err, errlen, "--to: a day to come (today in Beijing is the last there can be)");
		return -1;
	}
	if (d->from < today - PCB_RC_STATS_DAYS * PCB_CALTIME_DAY) {
		snprintf(err, errlen, "--from: Tencent's push statistics reach %d days back, no further",
			 PCB_RC_STATS_DAYS);
		return -1;
	}
	d->loss_from = today - PCB_RC_LOSS_DAYS * PCB_CALTIME_DAY;
	d->partial_from =
	    local - today < PCB_RC_PARTIAL_UNTIL_HOUR * PCB_CALTIME_HOUR ? today - PCB_CALTIME_DAY : today;
	return 0;
}

void pcb_rc_init(struct pcb_rc *rc, int64_t partial_from)
{
	memset(rc, 0, sizeof(*rc));
	rc->partial_from = partial_from;
}

void pcb_rc_free(struct pcb_rc *rc)
{
	if (rc == NULL)
		return;
	free(rc->rows);
	rc->rows = NULL;
	rc->n = rc->cap = 0;
}

/* A new row of [day], [cmd], [push], [vendor], [stage] at the end of [rc], task "", numbers 0; NULL when full. */
static struct pcb_rc_row *rc_row(struct pcb_rc *rc, int64_t day, unsigned cmd, enum pcb_rc_push push,
				 int64_t vendor, enum pcb_tapi_stage stage)
{
	struct pcb_rc_row *row;

	if (rc->n == rc->cap) {
		size_t cap = rc->cap == 0 ? 256 : rc->cap * 2;
		struct pcb_rc_row *v;

		if (cap > PCB_RC_ROWS_MAX)
			cap = PCB_RC_ROWS_MAX;
		if (rc->n == cap)
			return NULL;
		v = realloc(rc->rows, cap * sizeof(*v));
		if (v == NULL)
			return NULL;
		rc->rows = v;
		rc->cap = cap;
	}
	row = &rc->rows[rc->n++];
	memset(row, 0, sizeof(*row));
	row->day = day;
	row->cmd = cmd;
	row->push = push;
	row->vendor = vendor;
	row->stage = stage;
	row->partial = day >= rc->partial_from;
	return row;
}

int pcb_rc_add_tencent(struct pcb_rc *rc, int64_t day, unsigned cmd, const struct pcb_tapi_answer *a)
{
	for (size_t i = 0; i < a->n; i++) {
		const struct pcb_tapi_figure *f = &a->fig[i];
		enum pcb_rc_push push = f->online ? PCB_RC_ONLINE : PCB_RC_OFFLINE;
		int64_t vendor = f->online ? PCB_RC_VENDOR_ALL : f->platform;
		struct pcb_rc_row *row;

		if (f->platform == PCB_TAPI_ALL_PLATFORMS) {
			push = PCB_RC_ANY;
			vendor = PCB_RC_VENDOR_ALL;
		}
		row = rc_row(rc, day, cmd, push, vendor, f->stage);
		if (row == NULL)
			return -1;
		memcpy(row->task, f->task, sizeof(row->task));
		row->errcode = f->errcode;
		row->tencent = f->count;
	}
	return 0;
}

/* Adds [n] logged events of stage [stage] to a row of group [g] (task [task]); 0 adds nothing. */
static int rc_logged(struct pcb_rc *rc, const struct pcb_report_group *g, const char *task,
		     enum pcb_tapi_stage stage, uint64_t n)
{
	struct pcb_rc_row *row;

	if (n == 0)
		return 0;
	row = rc_row(rc, g->period, g->cmd, g->online ? PCB_RC_ONLINE : PCB_RC_OFFLINE,
		     g->online ? PCB_RC_VENDOR_ALL : g->platform, stage);
	if (row == NULL)
		return -1;
	memcpy(row->task, task, strlen(task) + 1);
	row->logged = n;
	return 0;
}

/* The counts of group [g], under the four stages Tencent counts. */
static int rc_group(struct pcb_rc *rc, const struct pcb_report_group *g)
{
	char task[PCB_TAPI_TASK_BYTES] = "";
	const struct pcb_report_counts *n = &g->n;
	long len = -1;

	/* A TaskId too long to ask Tencent about (pcb_tapi_body) is compared under no task. */
	if (g->taskid != NULL && g->taskid_len < sizeof(task))
		len = pcb_log_unescape(g->taskid, g->taskid_len, task);
	task[len > 0 ? len : 0] = '\0';
	if (rc_logged(rc, g, task, PCB_STAGE_TOTAL, n->sent + n->send_failed) != 0 ||
	    rc_logged(rc, g, task, PCB_STAGE_SENT, n->sent) != 0 ||
	    rc_logged(rc, g, task, PCB_STAGE_DELIVERED, n->delivered) != 0 ||
	    rc_logged(rc, g, task, PCB_STAGE_CLICKED, n->clicked - n->click_failed) != 0)
		return -1;
	return 0;
}

/* Failed events of error key [e] as losses: over every vendor, and under its own. */
static int rc_error(struct pcb_rc *rc, const struct pcb_report_error *e)
{
	enum pcb_tapi_stage stage = e->stage == 1 ? PCB_STAGE_SEND_LOSS : PCB_STAGE_DELIVER_LOSS;
	struct pcb_rc_row *all, *own;

	if (e->stage != 1 && e->stage != 2)
		return 0;
	all = rc_row(rc, e->period, e->cmd, PCB_RC_ANY, PCB_RC_VENDOR_ALL, stage);
	if (all == NULL)
		return -1;
	all->errcode = e->errcode;
	all->logged = e->count;
	own = rc_row(rc, e->period, e->cmd, e->online ? PCB_RC_ONLINE : PCB_RC_OFFLINE,
		     e->online ? PCB_RC_VENDOR_ALL : e->platform, stage);
	if (own == NULL)
		return -1;
	own->errcode = e->errcode;
	own->logged = e->count;
	return 0;
}

int pcb_rc_add_logged(struct pcb_rc *rc, struct pcb_report *r, int64_t loss_from)
{
	const struct pcb_report_group *const *g;
	const struct pcb_report_error *const *e;
	size_t n = pcb_report_groups(r, &g);

	for (size_t i = 0; i < n; i++)
		if (rc_group(rc, g[i]) != 0)
			return -1;
	n = pcb_report_errors(r, SIZE_MAX, &e);
	for (size_t i = 0; i < n; i++)
		if (e[i]->period >= loss_from && rc_error(rc, e[i]) != 0)
			return -1;
	return 0;
}

static int rc_cmp(int64_t a, int64_t b)
{
	return (a > b) - (a < b);
}

/* The order of rows: day, command, task, push, vendor, stage, ErrCode. */
static int rc_order(const void *pa, const void *pb)
{
	const struct pcb_rc_row *a = pa, *b = pb;
	int c = rc_cmp(a->day, b->day);

	if (c == 0)
		c = rc_cmp(a->cmd, b->cmd);
	if (c == 0)
		c = strcmp(a->task, b->task);
	if (c == 0)
		c = rc_cmp(a->push, b->push);
	if (c == 0)
		c = rc_cmp(a->vendor, b->vendor);
	if (c == 0)
		c = rc_cmp(a->stage, b->stage);
	if (c == 0)
		c = rc_cmp(a->errcode, b->errcode);
	return c;
}

/* Sorts the rows and sums those of one key into one. */
static int rc_merge(struct pcb_rc *rc)
{
	size_t out = 0;

	if (rc->n == 0)
		return 0;
	qsort(rc->rows, rc->n, sizeof(*rc->rows), rc_order);
	for (size_t i = 1; i < rc->n; i++) {
		struct pcb_rc_row *keep = &rc->rows[out];
		const struct pcb_rc_row *row = &rc->rows[i];

		if (rc_order(keep, row) != 0) {
			rc->rows[++out] = *row;
			continue;
		}
		/* Tencent's numbers are what its answers say: a sum past INT64_MAX is refused. */
		if (__builtin_add_overflow(keep->tencent, row->tencent, &keep->tencent) ||
		    __builtin_add_overflow(keep->logged, row->logged, &keep->logged) ||
		    __builtin_add_overflow(keep->missing, row->missing, &keep->missing) ||
		    __builtin_add_overflow(keep->extra, row->extra, &keep->extra) ||
		    keep->tencent > INT64_MAX || keep->logged > INT64_MAX) {
			errno = ERANGE;
			return -1;
		}
	}
	rc->n = out + 1;
	return 0;
}

int pcb_rc_finish(struct pcb_rc *rc)
{
	if (rc_merge(rc) != 0)
		return -1;
	for (size_t i = 0; i < rc->n; i++) {
		struct pcb_rc_row *row = &rc->rows[i];

		row->missing = row->tencent > row->logged ? row->tencent - row->logged : 0;
		row->extra = row->logged > row->tencent ? row->logged - row->tencent : 0;
	}
	return 0;
}

int pcb_rc_fold_tasks(const struct pcb_rc *rc, struct pcb_rc *out)
{
	pcb_rc_init(out, rc->partial_from);
	if (rc->n == 0)
		return 0;
	out->rows = malloc(rc->n * sizeof(*out->rows));
	if (out->rows == NULL)
		return -1;
	memcpy(out->rows, rc->rows, rc->n * sizeof(*out->rows));
	out->n = out->cap = rc->n;
	for (size_t i = 0; i < out->n; i++)
		out->rows[i].task[0] = '\0';
	return rc_merge(out);
}

int pcb_rc_is_loss(const struct pcb_rc_row *row)
{
	return row->stage >= PCB_STAGE_NCOUNTS;
}

void pcb_rc_summarize(const struct pcb_rc *rc, unsigned days, double tolerance, struct pcb_rc_summary *s)
{
	memset(s, 0, sizeof(*s));
	s->days = days;
	for (size_t i = 0; i < rc->n; i++) {
		const struct pcb_rc_row *row = &rc->rows[i];

		if (pcb_rc_is_loss(row))
			continue;
		if (!row->partial && (double)row->missing * 100.0 > tolerance * (double)row->tencent)
			s->over_tolerance = 1;
		/* A callback per attempt, per delivery, per click: SentCount's are among TotalCount's. */
		if (row->stage == PCB_STAGE_SENT)
			continue;
		if (row->partial) {
			s->partial_missing += row->missing;
			continue;
		}
		s->tencent += row->tencent;
		s->missing += row->missing;
		s->extra += row->extra;
	}
}

const char *pcb_rc_stage_name(enum pcb_tapi_stage s)
{
	static const char *const names[PCB_NSTAGES] = { "total",   "sent",          "delivered",
							"clicked", "ready_to_send", "post_send_delivered" };

	return s < PCB_NSTAGES ? names[s] : "?";
}

const char *pcb_rc_push_name(enum pcb_rc_push p)
{
	return p == PCB_RC_OFFLINE ? "offline" : p == PCB_RC_ONLINE ? "online" : "all";
}

const char *pcb_rc_vendor_name(int64_t vendor, char buf[24])
{
	const char *name = vendor == PCB_RC_VENDOR_ALL ? "all" : pcb_report_vendor_name(vendor);

	if (name != NULL)
		return name;
	snprintf(buf, 24, "%lld", (long long)vendor);
	return buf;
}
