/*
 * pcb_serve.h: one request, from a connection's bytes to its answer: the
 * head checked (pcb_handler_head), the body read and handled, the outcome
 * counted, the answer written. The connection is a set of calls, so the
 * same step serves libfcgi's streams and CGI's stdio (push_callback.c), and
 * a unit test's buffers.
 */
#ifndef PCB_SERVE_H
#define PCB_SERVE_H

#include <stddef.h>
#include <stdint.h>

#include "pcb_buf.h"
#include "pcb_handler.h"

/* How a body read ended. */
enum pcb_read_end {
	PCB_READ_DONE,   /* every byte asked for, or the end of input */
	PCB_READ_FAILED, /* a read failed: the body is short */
	PCB_READ_LATE    /* the read deadline passed (pcb_signals.h) */
};

/* Where a request's bytes come from and its answer goes. */
struct pcb_conn {
	/* A request variable (REQUEST_METHOD...); NULL when absent. */
	const char *(*param)(struct pcb_conn *c, const char *name);
	/* Reads up to [n] bytes into [buf]; stops short only at end of input or on error, said in [*end]. */
	size_t (*read)(struct pcb_conn *c, char *buf, size_t n, enum pcb_read_end *end);
	/* Writes all [n] bytes. Returns 0, or -1 when the client went away. */
	int (*write)(struct pcb_conn *c, const char *buf, size_t n);
	void *ctx; /* the backend's own */
};

/*
 * Serves one request of [c] with [h] at time [now]; [body] and [out] are
 * reused between requests. Returns 0 when answered (a refusal too), -1 when
 * the body did not arrive within the read deadline: nothing is answered or
 * counted then, and the caller drops the request (the web server answers
 * 5xx), never refused with a 4xx that would blame the sender; Tencent does
 * not resend it either way.
 */
int pcb_serve_one(struct pcb_handler *h, struct pcb_conn *c, int64_t now, struct pcb_buf *body,
		  struct pcb_buf *out);

/*
 * Says on stderr that the request from [remote_addr] (NULL: unknown) is
 * dropped unanswered because it did not arrive within PUSHCB_READ_TIMEOUT,
 * and counts it (PCB_M_DROPPED).
 */
void pcb_serve_dropped(struct pcb_handler *h, const char *remote_addr);

#endif
