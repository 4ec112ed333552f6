/*
 * test-latency: the spans of a push are matched from its events in any
 * order, once each; a later stage whose earlier one is not met in the window
 * is counted unmatched; failed sends and deliveries start no span.
 */
#include <config.h>

#include <string.h>

#include "pcb_latency.h"
#include "tap.h"

#define MAX_SPANS 32

struct got {
	size_t n;
	size_t group[MAX_SPANS];
	enum pcb_span span[MAX_SPANS];
	int64_t secs[MAX_SPANS];
};

static int collect(void *ctx, size_t group, enum pcb_span s, int64_t seconds)
{
	struct got *g = ctx;

	if (g->n == MAX_SPANS)
		return -1;
	g->group[g->n] = group;
	g->span[g->n] = s;
	g->secs[g->n++] = seconds;
	return 0;
}

/* Event of identity [id] at [stage], ErrCode 0 when [ok], at [when], created at 100, in [group]. */
static int ev(struct pcb_latency *l, const char *id, int64_t stage, int ok, int64_t when, size_t group)
{
	struct pcb_latency_event e = { stage, ok, when, 100, 1, group };

	return pcb_latency_add(l, id[0], id, strlen(id), &e);
}

/* Whether the [i]th span given is [s] of [secs] in [group]. */
static int is_span(const struct got *g, size_t i, enum pcb_span s, int64_t secs, size_t group)
{
	return i < g->n && g->span[i] == s && g->secs[i] == secs && g->group[i] == group;
}

int main(void)
{
	struct pcb_latency l;
	struct got g = { 0 };

	tap_ok(pcb_latency_init(&l, 0, 64, collect, &g) != 0, "a match window of 0 is refused");
	pcb_latency_free(&l);
	tap_is_int(pcb_latency_init(&l, 2, 64, collect, &g), 0, "a match window of 2");

	/* In order: sent at 110, delivered at 115, clicked at 175. */
	ev(&l, "a", 1, 1, 110, 7);
	ev(&l, "a", 2, 1, 115, 8);
	ev(&l, "a", 3, 0, 175, 9);
	tap_ok(g.n == 4 && is_span(&g, 0, PCB_SPAN_CREATED_SENT, 10, 7) &&
		   is_span(&g, 1, PCB_SPAN_CREATED_DELIVERED, 15, 8) &&
		   is_span(&g, 2, PCB_SPAN_SENT_DELIVERED, 5, 8) &&
		   is_span(&g, 3, PCB_SPAN_DELIVERED_CLICKED, 60, 9),
	       "in order: four spans, each in its later event's group, a failed click ends one");
	ev(&l, "a", 2, 1, 116, 8);
	ev(&l, "a", 3, 1, 180, 9);
	tap_is_int((long long)g.n, 4, "a repeated delivery or click gives nothing more");

	/* Backwards: clicked, then delivered, then sent. */
	g.n = 0;
	ev(&l, "b", 3, 1, 300, 3);
	tap_is_int((long long)g.n, 0, "a click alone waits");
	ev(&l, "b", 2, 1, 200, 2);
	tap_ok(g.n == 2 && is_span(&g, 0, PCB_SPAN_CREATED_DELIVERED, 100, 2) &&
		   is_span(&g, 1, PCB_SPAN_DELIVERED_CLICKED, 100, 3),
	       "its delivery ends the waiting click's span, in the click's group");
	ev(&l, "b", 1, 1, 205, 1);
	tap_ok(g.n == 4 && is_span(&g, 2, PCB_SPAN_CREATED_SENT, 105, 1) &&
		   is_span(&g, 3, PCB_SPAN_SENT_DELIVERED, -5, 2),
	       "a send read last still matches, into the delivery's group, negative as it is");
	pcb_latency_finish(&l);
	tap_is_int((long long)l.unmatched, 0, "nothing left waiting");

	/* Failed stages. */
	g.n = 0;
	ev(&l, "c", 1, 0, 110, 1);
	ev(&l, "c", 2, 1, 120, 2);
	tap_ok(g.n == 1 && is_span(&g, 0, PCB_SPAN_CREATED_DELIVERED, 20, 2), "a failed send starts no span");
	ev(&l, "d", 1, 1, 110, 1);
	ev(&l, "d", 2, 0, 120, 2);
	ev(&l, "d", 3, 1, 130, 3);
	tap_ok(g.n == 2, "a failed delivery neither ends nor starts one");

	/* The window of 2 now holds c and d: two more identities forget them. */
	ev(&l, "e", 2, 1, 150, 1);
	tap_is_int((long long)l.unmatched, 1, "c's delivery, forgotten without its send, is unmatched");
	ev(&l, "f", 1, 1, 150, 1);
	tap_is_int((long long)l.unmatched, 2, "so is d's click, forgotten without its delivery");
	ev(&l, "c", 1, 1, 160, 1);
	tap_is_int((long long)l.unmatched, 3, "c comes back too late: e's delivery is forgotten in turn");
	pcb_latency_finish(&l);
	tap_is_int((long long)l.unmatched, 3,
		   "the end of input leaves f's send and c's send, which wait for nothing");

	/* No identity: only the spans from creation. */
	g.n = 0;
	{
		struct pcb_latency_event e = { 2, 1, 130, 100, 1, 4 };

		tap_is_int(pcb_latency_add(&l, 0, NULL, 0, &e), 0, "an event without identity");
		tap_ok(g.n == 1 && is_span(&g, 0, PCB_SPAN_CREATED_DELIVERED, 30, 4),
		       "gives its span from creation");
		e.has_created = 0;
		pcb_latency_add(&l, 0, NULL, 0, &e);
		tap_is_int((long long)g.n, 1, "none without a creation time");
	}
	pcb_latency_free(&l);
	tap_is_str(pcb_span_name(PCB_SPAN_DELIVERED_CLICKED), "delivered_to_clicked", "the spans' names");
	return tap_done();
}
