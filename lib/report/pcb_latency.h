/*
 * pcb_latency.h: the spans of a push, matched from its events whatever
 * order they arrive in.
 *
 * An event is one stage (1 sent, 2 delivered, 3 clicked) of one identity
 * (the caller's bytes: command, PushID or TaskId, To_Account). From an
 * event alone come created_to_sent (stage 1) and created_to_delivered
 * (stage 2), from the message's creation time; from two events of one
 * identity come sent_to_delivered (stages 1 and 2) and
 * delivered_to_clicked (stages 2 and 3), whichever arrives first. Only a
 * stage 1 or 2 with ErrCode 0 starts or ends a span (a failed send or
 * delivery is no sent or delivered event); a click ends one whatever its
 * ErrCode. A span belongs to the group of its later stage's event.
 *
 * Identities waiting for a partner are held in a window of the last N
 * identities (pcb_dedup): a later stage whose earlier one was not met in
 * it, by the time it is forgotten or the input ends, is counted unmatched.
 * Each identity gives each span at most once: a repeated event never
 * counts twice.
 */
#ifndef PCB_LATENCY_H
#define PCB_LATENCY_H

#include <stddef.h>
#include <stdint.h>

#include "pcb_dedup.h"

enum pcb_span {
	PCB_SPAN_CREATED_SENT,
	PCB_SPAN_SENT_DELIVERED,
	PCB_SPAN_DELIVERED_CLICKED,
	PCB_SPAN_CREATED_DELIVERED,
	PCB_NSPANS
};

/* One event as the matching needs it. */
struct pcb_latency_event {
	int64_t stage;   /* PushStage */
	int ok;          /* ErrCode 0 */
	int64_t when;    /* EventTime */
	int64_t created; /* MsgTime or TaskTime */
	int has_created; /* created is known: the spans from creation are measured */
	size_t group;    /* the caller's group of the event */
};

/* Receives span [s] of [seconds] (may be negative) in [group]. Returns 0, or -1 to stop (ENOMEM). */
typedef int (*pcb_latency_span_fn)(void *ctx, size_t group, enum pcb_span s, int64_t seconds);

struct lat_pending;

struct pcb_latency {
	struct pcb_dedup win;
	struct lat_pending *pend; /* one per ring index of win */
	uint64_t unmatched;
	pcb_latency_span_fn span;
	void *ctx;
};

/*
 * An empty matcher holding at most [window] identities (1 to
 * PCB_DEDUP_WINDOW_MAX; identity bytes as pcb_dedup_init), giving spans to
 * [span] with [ctx]. Returns 0, or -1 on ENOMEM or a bad window (free it
 * all the same).
 */
int pcb_latency_init(struct pcb_latency *l, size_t window, size_t ident_bytes_avg, pcb_latency_span_fn span,
		     void *ctx);

/*
 * Takes event [e] of identity [ident] ([len] bytes, [hash]); [ident] NULL
 * when the event has none (it then only gives the spans from creation).
 * Returns 0, or -1 on ENOMEM or when [span] said stop.
 */
int pcb_latency_add(struct pcb_latency *l, uint64_t hash, const char *ident, size_t len,
		    const struct pcb_latency_event *e);

/* Ends the input: the identities still waiting are counted unmatched, and forgotten. */
void pcb_latency_finish(struct pcb_latency *l);

void pcb_latency_free(struct pcb_latency *l);

/* The name of span [s] ("created_to_sent"...). */
const char *pcb_span_name(enum pcb_span s);

#endif
