/*
 * pcb_reject_reason.h: the Reason of a reject log line as one of a fixed
 * small set of names, for metrics: a refused batch's reason is its
 * pcb_err's name (pcb_error.c: "json_syntax"...), a refused event's is the
 * kind of its refusal ("missing", "out_of_range"...), whatever the field
 * and values it names; anything else is "other". The texts of the event
 * reasons are here, and pcb_batch writes them from here, so the two agree.
 */
#ifndef PCB_REJECT_REASON_H
#define PCB_REJECT_REASON_H

#include <stddef.h>
#include <stdint.h>

#include "pcb_error.h"
#include "pcb_schema.h"

/* Why an event was refused: its reason is "FIELD: TEXT" but for PCB_RR_NOT_OBJECT. */
enum pcb_rr_event {
	PCB_RR_NOT_OBJECT,    /* "event is not an object" */
	PCB_RR_NOT_INTEGER,   /* "not an integer" */
	PCB_RR_OUT_OF_RANGE,  /* "out of range MIN..MAX" */
	PCB_RR_NOT_STRING,    /* "not a string" */
	PCB_RR_TOO_LONG,      /* "longer than N bytes" */
	PCB_RR_CONTAINS_NUL,  /* "contains NUL" */
	PCB_RR_WRONG_COMMAND, /* "not COMMAND" */
	PCB_RR_MISSING,       /* "missing" */
	PCB_RR_NEVENT
};

/* Reason numbers: a pcb_err, then PCB_RR_EVENT + an enum pcb_rr_event, then PCB_RR_OTHER. */
enum { PCB_RR_EVENT = PCB_ERR_COUNT, PCB_RR_OTHER = PCB_RR_EVENT + PCB_RR_NEVENT, PCB_RR_COUNT };

/*
 * The text of [e] as pcb_batch writes it after "FIELD: " (the whole reason
 * for PCB_RR_NOT_OBJECT); for PCB_RR_OUT_OF_RANGE, PCB_RR_TOO_LONG and
 * PCB_RR_WRONG_COMMAND the start of it, the values follow.
 */
const char *pcb_rr_event_text(enum pcb_rr_event e);

/*
 * The reason number of a reject line of [cmd] (NULL: a command not handled
 * here) whose Reason is [reason] of [len] bytes: [batch] when its Index is
 * empty (the whole batch was refused).
 */
unsigned pcb_reject_reason(const struct pcb_command *cmd, int batch, const char *reason, size_t len);

/* The name of reason number [rr] ("json_syntax", "missing", "other"), [a-z0-9_] only. */
const char *pcb_reject_reason_name(unsigned rr);

/* Reject lines by command (PCB_MAX_COMMANDS: a command not handled here) and reason number. */
struct pcb_reject_counts {
	uint64_t n[PCB_MAX_COMMANDS + 1][PCB_RR_COUNT];
};

#endif
