/* pcb_latency.c: see pcb_latency.h. */
#include <config.h>

#include "pcb_latency.h"

#include <stdlib.h>
#include <string.h>

/* What an identity in the window has seen. */
enum {
	LAT_SENT = 1,           /* a stage 1 with ErrCode 0: t_sent */
	LAT_DELIVERED = 2,      /* a stage 2 with ErrCode 0: t_delivered */
	LAT_CLICKED = 4,        /* a stage 3 */
	LAT_WAIT_SENT = 8,      /* delivered, its sent not met yet: g_delivered */
	LAT_WAIT_DELIVERED = 16 /* clicked, its delivered not met yet: t_clicked, g_clicked */
};

struct lat_pending {
	unsigned flags;
	int64_t t_sent, t_delivered, t_clicked;
	size_t g_delivered, g_clicked;
};

/* An identity forgotten: what still waits for its earlier stage is unmatched. */
static void lat_forget(void *ctx, size_t idx)
{
	struct pcb_latency *l = ctx;
	unsigned f = l->pend[idx].flags;

	l->unmatched += (f & LAT_WAIT_SENT ? 1 : 0) + (f & LAT_WAIT_DELIVERED ? 1 : 0);
	l->pend[idx].flags = 0;
}

int pcb_latency_init(struct pcb_latency *l, size_t window, size_t ident_bytes_avg, pcb_latency_span_fn span,
		     void *ctx)
{
	memset(l, 0, sizeof(*l));
	if (window == 0 || pcb_dedup_init(&l->win, window, ident_bytes_avg) != 0)
		return -1;
	l->win.on_forget = lat_forget;
	l->win.ctx = l;
	l->span = span;
	l->ctx = ctx;
	l->pend = calloc(window, sizeof(*l->pend));
	return l->pend != NULL ? 0 : -1;
}

void pcb_latency_free(struct pcb_latency *l)
{
	l->win.on_forget = NULL;
	pcb_dedup_free(&l->win);
	free(l->pend);
	l->pend = NULL;
}

void pcb_latency_finish(struct pcb_latency *l)
{
	if (l->pend != NULL)
		pcb_dedup_drain(&l->win);
}

const char *pcb_span_name(enum pcb_span s)
{
	static const char *const names[PCB_NSPANS] = { "created_to_sent", "sent_to_delivered",
						       "delivered_to_clicked", "created_to_delivered" };

	return names[s];
}

/* Whether [e] is an event a span starts or ends at. */
static int lat_counts(const struct pcb_latency_event *e)
{
	return (e->ok && (e->stage == 1 || e->stage == 2)) || e->stage == 3;
}

/* The difference [later] - [earlier], saturated (times are checked fields, but any int64_t is safe here). */
static int64_t lat_diff(int64_t later, int64_t earlier)
{
	if (earlier < 0 && later > INT64_MAX + earlier)
		return INT64_MAX;
	if (earlier > 0 && later < INT64_MIN + earlier)
		return INT64_MIN;
	return later - earlier;
}

/* Stage [flag] (LAT_SENT or LAT_DELIVERED) reached by [e], kept in [*t]; its span [from_created]. */
static int lat_reach(struct pcb_latency *l, struct lat_pending *p, const struct pcb_latency_event *e,
		     unsigned flag, int64_t *t, enum pcb_span from_created)
{
	p->flags |= flag;
	*t = e->when;
	if (!e->has_created)
		return 0;
	return l->span(l->ctx, e->group, from_created, lat_diff(e->when, e->created));
}

/* Ends the span [s] of a later stage waiting in [p] ([wait_flag], at [later] in [group]) at [earlier]. */
static int lat_end_wait(struct pcb_latency *l, struct lat_pending *p, unsigned wait_flag, size_t group,
			int64_t later, int64_t earlier, enum pcb_span s)
{
	if (!(p->flags & wait_flag))
		return 0;
	p->flags &= ~wait_flag;
	return l->span(l->ctx, group, s, lat_diff(later, earlier));
}

/* Stage 1 (sent) of an identity whose state is [p]. */
static int lat_sent(struct pcb_latency *l, struct lat_pending *p, const struct pcb_latency_event *e)
{
	if (lat_reach(l, p, e, LAT_SENT, &p->t_sent, PCB_SPAN_CREATED_SENT) != 0)
		return -1;
	return lat_end_wait(l, p, LAT_WAIT_SENT, p->g_delivered, p->t_delivered, e->when,
			    PCB_SPAN_SENT_DELIVERED);
}

/* Stage 2 (delivered) of an identity whose state is [p]. */
static int lat_delivered(struct pcb_latency *l, struct lat_pending *p, const struct pcb_latency_event *e)
{
	if (lat_reach(l, p, e, LAT_DELIVERED, &p->t_delivered, PCB_SPAN_CREATED_DELIVERED) != 0)
		return -1;
	if (p->flags & LAT_SENT) {
		if (l->span(l->ctx, e->group, PCB_SPAN_SENT_DELIVERED, lat_diff(e->when, p->t_sent)) != 0)
			return -1;
	} else {
		p->flags |= LAT_WAIT_SENT;
		p->g_delivered = e->group;
	}
	return lat_end_wait(l, p, LAT_WAIT_DELIVERED, p->g_clicked, p->t_clicked, e->when,
			    PCB_SPAN_DELIVERED_CLICKED);
}

/* Stage 3 (clicked) of an identity whose state is [p]. */
static int lat_clicked(struct pcb_latency *l, struct lat_pending *p, const struct pcb_latency_event *e)
{
	p->flags |= LAT_CLICKED;
	if (p->flags & LAT_DELIVERED)
		return l->span(l->ctx, e->group, PCB_SPAN_DELIVERED_CLICKED,
			       lat_diff(e->when, p->t_delivered));
	p->flags |= LAT_WAIT_DELIVERED;
	p->t_clicked = e->when;
	p->g_clicked = e->group;
	return 0;
}

int pcb_latency_add(struct pcb_latency *l, uint64_t hash, const char *ident, size_t len,
		    const struct pcb_latency_event *e)
{
	static const unsigned stage_flag[] = { 0, LAT_SENT, LAT_DELIVERED, LAT_CLICKED };
	struct lat_pending none = { 0 }, *p = &none;
	size_t idx;

	if (!lat_counts(e))
		return 0;
	if (ident != NULL) {
		int seen = pcb_dedup_find(&l->win, hash, ident, len, &idx);

		if (seen < 0)
			return -1;
		p = &l->pend[idx];
		if (!seen)
			*p = none;
		/* A stage this identity has had already gives nothing more. */
		if (p->flags & stage_flag[e->stage])
			return 0;
	}
	if (e->stage == 1)
		return lat_sent(l, p, e);
	if (e->stage == 2)
		return lat_delivered(l, p, e);
	/* An identity-less click has no creation time to start from and nothing to match. */
	return ident != NULL ? lat_clicked(l, p, e) : 0;
}
