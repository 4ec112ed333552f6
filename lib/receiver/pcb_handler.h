/*
 * pcb_handler.h: one callback request, from its head to its response. All of
 * push_callback's policy is here; the edge (push_callback.c) only moves bytes
 * between the web server and these functions:
 *
 *   pcb_handler_head()   the method, the query, the caller, the framing;
 *                        says how many body bytes to read
 *   pcb_handler_body()   the body: batch, events, log lines, the writes
 *   pcb_response()       the status lines and JSON for any outcome
 *
 * Checks run in this order, the first failure deciding the answer: method;
 * query string; Sign and RequestTime (when tokens are configured); SdkAppid;
 * CallbackCommand; contenttype; CONTENT_LENGTH; body framing; the batch; the
 * log writes. With a token, an unsigned caller thus learns nothing of which
 * SdkAppids are configured: every SdkAppid gets the same answer.
 * The answer is 200 only once every line of the batch is written.
 *
 * Where: the log directory, tried first for every batch; when it cannot take
 * the batch (full, gone, read-only, any failed write), the whole batch, its
 * event and its reject lines, goes to the same names in the fallback
 * directory (PUSHCB_FALLBACK_DIR, when set), with the same discipline
 * (pcb_logfile). Only when neither takes it is it refused (503), and its
 * events counted as refused: Tencent does not resend a push callback it was
 * refused, so a refusal is a loss. When the event lines went to the log
 * directory and the reject lines could not, the batch goes whole to the
 * fallback: its events are then in both, and readers drop the repeats by
 * identity.
 */
#ifndef PCB_HANDLER_H
#define PCB_HANDLER_H

#include <stddef.h>
#include <time.h>

#include "pcb_batch.h"
#include "pcb_buf.h"
#include "pcb_config.h"
#include "pcb_error.h"
#include "pcb_limits.h"
#include "pcb_logfile.h"
#include "pcb_logformat.h"
#include "pcb_metrics.h"
#include "pcb_schema.h"

struct pcb_request {
	const char *method;         /* REQUEST_METHOD */
	const char *query;          /* QUERY_STRING; NULL when absent */
	const char *content_length; /* CONTENT_LENGTH; NULL when absent */
	const char *remote_addr;    /* REMOTE_ADDR, for diagnostics; NULL when absent */
};

struct pcb_handler {
	const struct pcb_config *cfg;
	struct pcb_batch batch;
	struct pcb_logfile events[PCB_MAX_COMMANDS]; /* by index in pcb_commands */
	struct pcb_logfile rejects[PCB_MAX_COMMANDS];
	struct pcb_logfile fb_events[PCB_MAX_COMMANDS]; /* in cfg->fallback_dir, when set */
	struct pcb_logfile fb_rejects[PCB_MAX_COMMANDS];
	int log_dir_failing; /* the last batch could not be written to cfg->log_dir (said once) */
	struct pcb_buf headers[PCB_MAX_COMMANDS];
	struct pcb_buf evbuf, rjbuf; /* the lines of one batch */
	/* The request under way, set by pcb_handler_head. */
	size_t cmd_index;
	char appid[PCB_APPID_SIZE];
	size_t body_len;
	time_t now;
	char recvtime[PCB_LOG_RECVTIME_SIZE];
	char client[PCB_CLIENT_ADDR_SIZE];
	unsigned nvalid, nrejected; /* of the last batch */
	unsigned nunknown;          /* unknown members kept in its logged events */
	int parsed;                 /* its events were counted (nvalid + nrejected) before any refusal */
	struct pcb_metrics metrics; /* the host's counters; closed: not counted */
};

/* Returns 0, or -1 when out of memory (or a command's tag is too long for a file name). [cfg] must outlive [h]. */
int pcb_handler_init(struct pcb_handler *h, const struct pcb_config *cfg);
/* Releases everything; [h] may be NULL. */
void pcb_handler_free(struct pcb_handler *h);

/*
 * Checks everything but the body of [req], received at [now]. On PCB_OK,
 * [*read_size] is how many bytes the caller should try to read (one more
 * than announced, so that a longer body shows); it then calls
 * pcb_handler_body with what it got.
 */
enum pcb_err pcb_handler_head(struct pcb_handler *h, const struct pcb_request *req, time_t now,
			      size_t *read_size);

/*
 * Handles the [got] bytes read for the body at [body] (body[got] must be
 * '\0'); [read_failed] when the connection broke while reading.
 */
enum pcb_err pcb_handler_body(struct pcb_handler *h, const char *body, size_t got, int read_failed);

/*
 * Counts the request just answered [err] in h->metrics: its batch when 200,
 * its events as refused when [err] is a refusal of ours (pcb_refusal_of).
 */
void pcb_handler_count(struct pcb_handler *h, enum pcb_err err);

/* SIGHUP: closes every log file; the next batch opens the current ones. */
void pcb_handler_reopen(struct pcb_handler *h);

/* Appends the CGI response (Status, headers, blank line, JSON) for [err] to [out]. */
void pcb_response(enum pcb_err err, struct pcb_buf *out);

#endif
