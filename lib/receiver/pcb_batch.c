/* pcb_batch.c: see pcb_batch.h. */
#include <config.h>

#include "pcb_batch.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include "pcb_diag.h"
#include "pcb_limits.h"
#include "pcb_logformat.h"
#include "pcb_reject_reason.h"

/* A field of the table as found in one event. */
struct slot {
	json_object *v; /* NULL when absent or null */
	int64_t i;      /* PCB_FT_INT: the value */
	size_t len;     /* PCB_FT_STRING: its length in bytes */
};

/* The longest table any command has; checked when a table is used. */
enum { REASON_MAX = 160 };

int pcb_batch_init(struct pcb_batch *b)
{
	b->nsaid = 0;
	b->said_full = 0;
	pcb_scan_init(&b->scan);
	b->tok = json_tokener_new_ex(PCB_JSON_MAX_DEPTH + 1);
	if (b->tok == NULL)
		return -1;
	json_tokener_set_flags(b->tok, JSON_TOKENER_STRICT);
	return 0;
}

void pcb_batch_free(struct pcb_batch *b)
{
	if (b == NULL)
		return;
	if (b->tok != NULL)
		json_tokener_free(b->tok);
	b->tok = NULL;
	pcb_scan_free(&b->scan);
}

static int is_container(json_object *o)
{
	enum json_type t = json_object_get_type(o); /* json_type_null for NULL */
	return t == json_type_object || t == json_type_array;
}

/*
 * Compares the key counts json-c kept with those pcb_scan saw, object by
 * object in document order. json-c keeps the last of duplicate keys in place
 * of the first, so the first object that differs is the one with a duplicate
 * and the walk stops there, before any mismatch of order could matter.
 * Returns 0 when every object kept all its keys.
 */
static int same_key_counts(json_object *o, const struct pcb_scan *s, size_t *k)
{
	/* Only containers are visited: a call per scalar member was half the cost. */
	if (json_object_is_type(o, json_type_object)) {
		if (*k >= s->nobjects || (size_t)json_object_object_length(o) != s->keys[*k])
			return -1;
		(*k)++;
		json_object_object_foreach (o, key, child) {
			(void)key;
			if (is_container(child) && same_key_counts(child, s, k) < 0)
				return -1;
		}
	} else if (json_object_is_type(o, json_type_array)) {
		size_t n = json_object_array_length(o);
		for (size_t i = 0; i < n; i++) {
			json_object *child = json_object_array_get_idx(o, i);
			if (is_container(child) && same_key_counts(child, s, k) < 0)
				return -1;
		}
	}
	return 0;
}

/*
 * Checks the value [v] (NULL when absent or null) of field [f] of one event;
 * [plain] when the body has no escape (pcb_scan's escaped == 0). Fills
 * [slot]; on refusal writes the reason to [reason] and returns -1.
 */
static int check_field(const struct pcb_command *cmd, const struct pcb_field *f, json_object *v, int plain,
		       struct slot *slot, char *reason)
{
	slot->v = NULL;
	slot->i = 0;
	slot->len = 0;
	if (v == NULL)
		return 0; /* absent or null: the required rules come later */
	if (f->type == PCB_FT_INT) {
		if (!json_object_is_type(v, json_type_int)) {
			snprintf(reason, REASON_MAX, "%s: %s", f->name,
				 pcb_rr_event_text(PCB_RR_NOT_INTEGER));
			return -1;
		}
		/* Beyond int64, json-c gives INT64_MAX (clamped), out of every range. */
		slot->i = json_object_get_int64(v);
		if (slot->i < f->min || slot->i > f->max) {
			snprintf(reason, REASON_MAX, "%s: %s%lld..%lld", f->name,
				 pcb_rr_event_text(PCB_RR_OUT_OF_RANGE), (long long)f->min,
				 (long long)f->max);
			return -1;
		}
	} else {
		if (!json_object_is_type(v, json_type_string)) {
			snprintf(reason, REASON_MAX, "%s: %s", f->name, pcb_rr_event_text(PCB_RR_NOT_STRING));
			return -1;
		}
		size_t len = (size_t)json_object_get_string_len(v);
		const char *s = json_object_get_string(v);
		if (len > PCB_MAX_FIELD_BYTES) {
			snprintf(reason, REASON_MAX, "%s: %s%d bytes", f->name,
				 pcb_rr_event_text(PCB_RR_TOO_LONG), PCB_MAX_FIELD_BYTES);
			return -1;
		}
		/* A NUL can only come from \u0000: not in a [plain] body. */
		if (!plain && memchr(s, '\0', len) != NULL) {
			snprintf(reason, REASON_MAX, "%s: %s", f->name,
				 pcb_rr_event_text(PCB_RR_CONTAINS_NUL));
			return -1;
		}
		if (f->req == PCB_REQ_COMMAND && strcmp(s, cmd->name) != 0) {
			snprintf(reason, REASON_MAX, "%s: %s%s", f->name,
				 pcb_rr_event_text(PCB_RR_WRONG_COMMAND), cmd->name);
			return -1;
		}
		slot->len = len;
	}
	slot->v = v;
	return 0;
}

/*
 * The index of [key] in [cmd]'s table, or -1 when it is not a field of
 * ours. Senders write the fields in the table's order, so the search starts
 * at [*next], just after the field found last, and usually ends there.
 */
static int field_index(const struct pcb_command *cmd, const char *key, size_t *next)
{
	size_t i = *next;

	for (size_t n = 0; n < cmd->nfields; n++, i++) {
		if (i == cmd->nfields)
			i = 0;
		if (strcmp(cmd->fields[i].name, key) == 0) {
			*next = i + 1;
			return (int)i;
		}
	}
	return -1;
}

static char *copy(char *dst, const char *s, size_t len)
{
	memcpy(dst, s, len);
	return dst + len;
}

/* Is [f] required in an event whose fields are in [slots]? */
static int required(const struct pcb_field *f, const struct slot *slots)
{
	switch (f->req) {
	case PCB_REQ_ALWAYS:
	case PCB_REQ_COMMAND:
		return 1;
	case PCB_REQ_WHEN:
		return slots[f->when_field].v != NULL && slots[f->when_field].i == f->when_value;
	case PCB_REQ_OPTIONAL:
		break;
	}
	return 0;
}

/*
 * Says on stderr, once per worker, that members named [key] of [cmd]'s events
 * are kept in the last column; past PCB_UNKNOWN_NAMES_SAID names, says once
 * that no more are named. The name is cut and made printable: it is the
 * sender's.
 */
static void say_unknown(struct pcb_batch *b, const struct pcb_command *cmd, const char *key)
{
	char shown[PCB_UNKNOWN_NAME_SHOWN + 1];
	size_t n = 0;

	for (; key[n] != '\0' && n < PCB_UNKNOWN_NAME_SHOWN; n++)
		shown[n] = key[n] > ' ' && key[n] < 0x7f ? key[n] : '?';
	shown[n] = '\0';
	for (unsigned i = 0; i < b->nsaid; i++)
		if (strcmp(b->said[i], shown) == 0)
			return;
	if (b->nsaid == PCB_UNKNOWN_NAMES_SAID) {
		if (!b->said_full)
			pcb_diag("%s: more than %d unknown field names: no more are named here "
				 "(pushcb_unknown_fields_total counts them)",
				 cmd->name, PCB_UNKNOWN_NAMES_SAID);
		b->said_full = 1;
		return;
	}
	memcpy(b->said[b->nsaid++], shown, n + 1);
	pcb_diag("%s: unknown field \"%s\" kept in the last column (%s) of the event log", cmd->name, shown,
		 PCB_LOG_UNKNOWN_COLUMN);
}

/*
 * The members of [event] that are no field of [cmd] ([n] of them), as compact
 * JSON in [*json] of [*len] bytes, owned by [*holder] (json_object_put it).
 * Returns 0; -1 with [reason] when the JSON is longer than
 * PCB_MAX_UNKNOWN_BYTES; -2 when out of memory.
 */
static int unknown_json(const struct pcb_command *cmd, json_object *event, json_object **holder,
			const char **json, size_t *len, char *reason)
{
	json_object *o = json_object_new_object();
	size_t next = 0;

	*holder = o;
	if (o == NULL)
		return -2;
	json_object_object_foreach (event, key, member) {
		json_object *ref;
		if (field_index(cmd, key, &next) >= 0)
			continue;
		ref = json_object_get(member); /* shared with the event, which keeps its own */
		if (json_object_object_add(o, key, ref) < 0) {
			json_object_put(ref);
			return -2;
		}
	}
	*json = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
	if (*json == NULL)
		return -2;
	*len = strlen(*json);
	if (*len > PCB_MAX_UNKNOWN_BYTES) {
		snprintf(reason, REASON_MAX, "%s: %s%d bytes", PCB_LOG_UNKNOWN_COLUMN,
			 pcb_rr_event_text(PCB_RR_TOO_LONG), PCB_MAX_UNKNOWN_BYTES);
		return -1;
	}
	return 0;
}

/*
 * Validates one event; appends its line to [line] or returns -1 with
 * [reason], or -2 when out of memory. [plain]: the body holds no escape and no DEL (pcb_scan), so its
 * strings go into the line as they are. Members that are no field go, as
 * JSON, into the last column; [*nunknown] is their count.
 */
static int event_line(struct pcb_batch *b, const struct pcb_command *cmd, json_object *event, int plain,
		      const char *recvtime, const char *appid, struct pcb_buf *line, char *reason,
		      unsigned *nunknown)
{
	json_object *found[PCB_MAX_FIELDS] = { NULL };
	struct slot slots[PCB_MAX_FIELDS];
	size_t next = 0, recvtime_len = strlen(recvtime), appid_len = strlen(appid), room, unknown_len = 0;
	json_object *unknown = NULL;
	const char *unknown_text = "";
	char *w;
	int rc = -1;

	if (!json_object_is_type(event, json_type_object)) {
		snprintf(reason, REASON_MAX, "%s", pcb_rr_event_text(PCB_RR_NOT_OBJECT));
		return -1;
	}
	/*
	 * One walk over the event's members finds every field (a lookup per
	 * field hashed each name again); keys are unique here, pcb_scan and
	 * same_key_counts saw to that. The checks then run in the table's order,
	 * so the first bad field named is the same whatever the member order.
	 */
	*nunknown = 0;
	json_object_object_foreach (event, key, member) {
		int i = field_index(cmd, key, &next);
		if (i >= 0)
			found[i] = member;
		else
			(*nunknown)++;
	}
	for (size_t i = 0; i < cmd->nfields; i++)
		if (check_field(cmd, &cmd->fields[i], found[i], plain, &slots[i], reason) < 0)
			return -1;
	/* The line's longest form, to format it in place with a single check. */
	room = recvtime_len + 1 + PCB_LOG_MAX_GROWTH * appid_len + 1;
	for (size_t i = 0; i < cmd->nfields; i++) {
		if (slots[i].v == NULL && required(&cmd->fields[i], slots)) {
			snprintf(reason, REASON_MAX, "%s: %s", cmd->fields[i].name,
				 pcb_rr_event_text(PCB_RR_MISSING));
			return -1;
		}
		room += 1 + (cmd->fields[i].type == PCB_FT_INT ? PCB_I64_MAX_CHARS
							       : PCB_LOG_MAX_GROWTH * slots[i].len);
	}
	if (*nunknown > 0) {
		int u = unknown_json(cmd, event, &unknown, &unknown_text, &unknown_len, reason);
		if (u == -1)
			goto out;
		if (u < 0) {
			rc = -2;
			goto out;
		}
	}
	room += 1 + PCB_LOG_MAX_GROWTH * unknown_len;
	rc = 0;
	w = pcb_buf_space(line, room);
	if (w == NULL)
		goto out; /* the buffer is failed: the caller sees it */
	w = copy(w, recvtime, recvtime_len);
	*w++ = '\t';
	w = pcb_log_escape_to(w, appid, appid_len);
	for (size_t i = 0; i < cmd->nfields; i++) {
		*w++ = '\t';
		if (slots[i].v == NULL)
			continue;
		if (cmd->fields[i].type == PCB_FT_INT)
			w = pcb_buf_write_i64(w, slots[i].i);
		else if (plain)
			w = copy(w, json_object_get_string(slots[i].v), slots[i].len);
		else
			w = pcb_log_escape_to(w, json_object_get_string(slots[i].v), slots[i].len);
	}
	*w++ = '\t';
	w = pcb_log_escape_to(w, unknown_text, unknown_len);
	*w++ = '\n';
	pcb_buf_commit(line, w);
	if (*nunknown > 0) {
		json_object_object_foreach (event, name, value) {
			size_t from = 0;
			(void)value;
			if (field_index(cmd, name, &from) < 0)
				say_unknown(b, cmd, name);
		}
	}
out:
	json_object_put(unknown);
	return rc;
}

/*
 * Scans [body] strictly, then parses it with json-c into [*root] (NULL for
 * the literal null) and checks that json-c kept every key the scan saw.
 */
static enum pcb_err parse(struct pcb_batch *b, const char *body, size_t len, json_object **root)
{
	enum pcb_err err = pcb_scan_json(&b->scan, body, len);
	size_t k = 0;

	*root = NULL;
	if (err != PCB_OK)
		return err;
	/* The scan passed, so json-c must parse it; the final NUL ends a bare number. */
	json_tokener_reset(b->tok);
	*root = json_tokener_parse_ex(b->tok, body, (int)len + 1);
	if (json_tokener_get_error(b->tok) != json_tokener_success)
		return json_tokener_get_error(b->tok) == json_tokener_error_depth ? PCB_ERR_JSON_DEPTH
										  : PCB_ERR_JSON_SYNTAX;
	if (*root == NULL)
		return PCB_ERR_BATCH_NOT_OBJECT; /* the body is the JSON literal null */
	if (same_key_counts(*root, &b->scan, &k) < 0)
		return PCB_ERR_JSON_DUPLICATE;
	return PCB_OK;
}

/* The batch's Events array into [*events], with PCB_MIN_EVENTS to PCB_MAX_EVENTS events. */
static enum pcb_err events_of(json_object *root, json_object **events, size_t *nevents)
{
	if (!json_object_is_type(root, json_type_object))
		return PCB_ERR_BATCH_NOT_OBJECT;
	if (!json_object_object_get_ex(root, "Events", events) ||
	    !json_object_is_type(*events, json_type_array))
		return PCB_ERR_BATCH_NO_EVENTS;
	*nevents = json_object_array_length(*events);
	if (*nevents < PCB_MIN_EVENTS)
		return PCB_ERR_BATCH_EMPTY;
	if (*nevents > PCB_MAX_EVENTS)
		return PCB_ERR_BATCH_TOO_MANY;
	return PCB_OK;
}

/*
 * Event [i] of [nevents] as the sender wrote it, into [*json] and [*len]; as
 * json-c reprints it only when the scan did not note where the events lie.
 */
static enum pcb_err event_bytes(const struct pcb_batch *b, const char *body, json_object *event, size_t i,
				size_t nevents, const char **json, size_t *len)
{
	size_t start, end;

	if (b->scan.nevents == nevents && pcb_scan_event(&b->scan, i, &start, &end) == 0) {
		*json = body + start;
		*len = end - start;
		return PCB_OK;
	}
	*json = event != NULL ? json_object_to_json_string_ext(event, JSON_C_TO_STRING_PLAIN |
									  JSON_C_TO_STRING_NOSLASHESCAPE)
			      : "null";
	if (*json == NULL)
		return PCB_ERR_NO_MEMORY;
	*len = strlen(*json);
	return PCB_OK;
}

/* Each event of [events] to its line: an event line when valid, a reject line when not. */
static enum pcb_err event_lines(struct pcb_batch *b, const struct pcb_command *cmd, const char *body,
				json_object *events, size_t nevents, const char *recvtime, const char *appid,
				struct pcb_batch_out *out)
{
	for (size_t i = 0; i < nevents; i++) {
		json_object *event = json_object_array_get_idx(events, i);
		char reason[REASON_MAX];
		size_t mark = out->events->len;
		const char *json;
		size_t jsonlen;
		unsigned nunknown;
		enum pcb_err err;
		int rc = event_line(b, cmd, event, b->scan.escaped == 0, recvtime, appid, out->events, reason,
				    &nunknown);

		if (rc == 0) {
			out->nvalid++;
			out->nunknown += nunknown;
			continue;
		}
		if (rc == -2)
			return PCB_ERR_NO_MEMORY;
		pcb_buf_truncate(out->events, mark);
		err = event_bytes(b, body, event, i, nevents, &json, &jsonlen);
		if (err != PCB_OK)
			return err;
		pcb_log_reject_line(out->rejects, recvtime, appid, cmd->name, (long)i, reason, json, jsonlen);
		out->nrejected++;
	}
	if (pcb_buf_failed(out->events) || pcb_buf_failed(out->rejects))
		return PCB_ERR_NO_MEMORY;
	return PCB_OK;
}

enum pcb_err pcb_batch_process(struct pcb_batch *b, const struct pcb_command *cmd, const char *body,
			       size_t len, const char *recvtime, const char *appid, struct pcb_batch_out *out)
{
	json_object *root, *events = NULL;
	size_t nevents = 0;
	size_t events_mark = out->events->len, rejects_mark = out->rejects->len;
	enum pcb_err err;

	out->nvalid = out->nrejected = out->nunknown = 0;
	err = parse(b, body, len, &root);
	if (err == PCB_OK)
		err = events_of(root, &events, &nevents);
	if (err == PCB_OK)
		err = event_lines(b, cmd, body, events, nevents, recvtime, appid, out);
	if (err != PCB_OK) {
		/* All or nothing: a refused batch leaves no partial lines behind. */
		if (!pcb_buf_failed(out->events))
			pcb_buf_truncate(out->events, events_mark);
		if (!pcb_buf_failed(out->rejects))
			pcb_buf_truncate(out->rejects, rejects_mark);
		out->nvalid = out->nrejected = out->nunknown = 0;
	}
	json_object_put(root);
	return err;
}
