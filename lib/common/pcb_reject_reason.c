/* pcb_reject_reason.c: see pcb_reject_reason.h. */
#include <config.h>

#include "pcb_reject_reason.h"

#include <string.h>

#include "pcb_logformat.h"

static const struct {
	const char *text, *name;
} event_reasons[PCB_RR_NEVENT] = {
	[PCB_RR_NOT_OBJECT] = { "event is not an object", "not_object" },
	[PCB_RR_NOT_INTEGER] = { "not an integer", "not_integer" },
	[PCB_RR_OUT_OF_RANGE] = { "out of range ", "out_of_range" },
	[PCB_RR_NOT_STRING] = { "not a string", "not_string" },
	[PCB_RR_TOO_LONG] = { "longer than ", "too_long" },
	[PCB_RR_CONTAINS_NUL] = { "contains NUL", "contains_nul" },
	[PCB_RR_WRONG_COMMAND] = { "not ", "wrong_command" },
	[PCB_RR_MISSING] = { "missing", "missing" },
};

const char *pcb_rr_event_text(enum pcb_rr_event e)
{
	return event_reasons[e].text;
}

/* Whether [s] of [len] bytes is [text] (or starts with it when [prefix]). */
static int says(const char *s, size_t len, const char *text, int prefix)
{
	size_t n = strlen(text);

	return (prefix ? len > n : len == n) && memcmp(s, text, n) == 0;
}

/* The kind of an event's reason [s] of [len] bytes after "FIELD: ", or PCB_RR_NEVENT. */
static enum pcb_rr_event event_kind(const struct pcb_command *cmd, const char *s, size_t len)
{
	static const struct {
		enum pcb_rr_event e;
		int prefix;
	} order[] = {
		/* The exact texts before "not " + COMMAND, which starts like two of them. */
		{ PCB_RR_NOT_INTEGER, 0 }, { PCB_RR_NOT_STRING, 0 },   { PCB_RR_CONTAINS_NUL, 0 },
		{ PCB_RR_MISSING, 0 },     { PCB_RR_OUT_OF_RANGE, 1 }, { PCB_RR_TOO_LONG, 1 },
	};
	size_t n = strlen(event_reasons[PCB_RR_WRONG_COMMAND].text);

	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		if (says(s, len, event_reasons[order[i].e].text, order[i].prefix))
			return order[i].e;
	if (says(s, len, event_reasons[PCB_RR_WRONG_COMMAND].text, 1) && len - n == strlen(cmd->name) &&
	    memcmp(s + n, cmd->name, len - n) == 0)
		return PCB_RR_WRONG_COMMAND;
	return PCB_RR_NEVENT;
}

unsigned pcb_reject_reason(const struct pcb_command *cmd, int batch, const char *reason, size_t len)
{
	if (batch) {
		for (unsigned e = 0; e < PCB_ERR_COUNT; e++)
			if (pcb_err_is_batch((enum pcb_err)e) &&
			    says(reason, len, pcb_err_info((enum pcb_err)e)->reason, 0))
				return e;
		return PCB_RR_OTHER;
	}
	if (cmd == NULL)
		return PCB_RR_OTHER;
	if (says(reason, len, event_reasons[PCB_RR_NOT_OBJECT].text, 0))
		return PCB_RR_EVENT + PCB_RR_NOT_OBJECT;
	/* "FIELD: TEXT", FIELD one of the command's or the unknown members' column. */
	for (size_t i = 0; i <= cmd->nfields; i++) {
		const char *name = i < cmd->nfields ? cmd->fields[i].name : PCB_LOG_UNKNOWN_COLUMN;
		size_t n = strlen(name);

		if (len > n + 2 && memcmp(reason, name, n) == 0 && reason[n] == ':' && reason[n + 1] == ' ') {
			enum pcb_rr_event e = event_kind(cmd, reason + n + 2, len - n - 2);

			return e == PCB_RR_NEVENT || e == PCB_RR_NOT_OBJECT ? PCB_RR_OTHER : PCB_RR_EVENT + e;
		}
	}
	return PCB_RR_OTHER;
}

const char *pcb_reject_reason_name(unsigned rr)
{
	if (rr < PCB_ERR_COUNT)
		return pcb_err_info((enum pcb_err)rr)->name;
	if (rr < PCB_RR_OTHER)
		return event_reasons[rr - PCB_RR_EVENT].name;
	return "other";
}
