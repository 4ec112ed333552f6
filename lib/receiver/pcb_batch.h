/*
 * pcb_batch.h: a body into log lines. The body is checked by pcb_scan,
 * parsed by json-c, checked as a batch (an object whose Events is an array
 * of PCB_MIN_EVENTS to PCB_MAX_EVENTS), then each event is validated against
 * its command's table (pcb_schema) and becomes either one line of the event
 * log or one line of the reject log. Nothing is written to a file here.
 * An event's members that are no field of its command are kept, as compact
 * JSON, in the line's last column (PCB_LOG_UNKNOWN_COLUMN); each new name is
 * said once on stderr, PCB_UNKNOWN_NAMES_SAID names at most.
 */
#ifndef PCB_BATCH_H
#define PCB_BATCH_H

#include <stddef.h>

#include "pcb_buf.h"
#include "pcb_error.h"
#include "pcb_limits.h"
#include "pcb_scan.h"
#include "pcb_schema.h"

struct json_tokener;

/* Reusable state: one tokener and one scanner for the life of the process. */
struct pcb_batch {
	struct json_tokener *tok;
	struct pcb_scan scan;
	/* Unknown member names already said on stderr (cut), and whether more were left unsaid. */
	char said[PCB_UNKNOWN_NAMES_SAID][PCB_UNKNOWN_NAME_SHOWN + 1];
	unsigned nsaid;
	int said_full;
};

/* Where the lines of one batch go. */
struct pcb_batch_out {
	struct pcb_buf *events;  /* event log lines are appended here */
	struct pcb_buf *rejects; /* reject log lines are appended here */
	unsigned nvalid;
	unsigned nrejected;
	unsigned nunknown; /* members of the valid events that are no field, kept in their last column */
};

/* Returns 0, or -1 when out of memory. */
int pcb_batch_init(struct pcb_batch *b);
/* Releases everything; [b] may be NULL. */
void pcb_batch_free(struct pcb_batch *b);

/*
 * Turns the body [body] of [len] bytes (body[len] must be '\0') into lines
 * for [cmd], each starting with [recvtime] and [appid]. Returns PCB_OK when
 * the batch as a whole is sound (then every event is in exactly one of the
 * two buffers; out->nvalid + out->nrejected events); a PCB_ERR_JSON_* or
 * PCB_ERR_BATCH_* when it is not (then nothing was added: the caller keeps
 * the body with pcb_log_reject_line); PCB_ERR_NO_MEMORY.
 */
enum pcb_err pcb_batch_process(struct pcb_batch *b, const struct pcb_command *cmd, const char *body,
			       size_t len, const char *recvtime, const char *appid,
			       struct pcb_batch_out *out);

#endif
