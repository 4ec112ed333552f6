/* pcb_tapi.c: see pcb_tapi.h. */
#include <config.h>

#include "pcb_tapi.h"

#include <errno.h>
#include <json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pcb_utf8.h"

#define FAIL(...)                                   \
	do {                                        \
		snprintf(err, errlen, __VA_ARGS__); \
		goto out;                           \
	} while (0)

/* The four counts of a statistics entry, in enum pcb_tapi_stage order. */
static const char *const ta_count_names[PCB_STAGE_NCOUNTS] = { "TotalCount", "SentCount", "DeliveredCount",
							       "ClickCount" };

/* The loss blocks: name, stage, whether its entries name a PushPlatform. */
static const struct {
	const char *name;
	enum pcb_tapi_stage stage;
	int per_platform;
} ta_loss_blocks[] = {
	{ "ReadyToSendLoss", PCB_STAGE_SEND_LOSS, 0 },
	{ "PostSendDeliveredLoss", PCB_STAGE_DELIVER_LOSS, 0 },
	{ "PlatformReadyToSendLoss", PCB_STAGE_SEND_LOSS, 1 },
	{ "PlatformPostSendDeliveredLoss", PCB_STAGE_DELIVER_LOSS, 1 },
};

const char *pcb_tapi_name(enum pcb_tapi_cmd cmd)
{
	static const char *const names[PCB_TAPI_NCMDS] = { "normal_push_statistics",
							   "all_member_push_statistics", "normal_push_loss",
							   "all_member_push_loss" };

	return cmd < PCB_TAPI_NCMDS ? names[cmd] : "?";
}

int pcb_tapi_has_tasks(enum pcb_tapi_cmd cmd)
{
	return cmd == PCB_TAPI_ALL_STATS || cmd == PCB_TAPI_ALL_LOSS;
}

/* Appends [s] to [out] at [*used], percent-encoding all but RFC 3986's unreserved bytes. */
static int ta_append_escaped(char *out, size_t size, size_t *used, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		int plain = (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
			    (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' || *p == '.' || *p == '~';
		size_t need = plain ? 1 : 3;

		if (need >= size - *used)
			return -1;
		if (plain) {
			out[(*used)++] = (char)*p;
		} else {
			out[(*used)++] = '%';
			out[(*used)++] = hex[*p >> 4];
			out[(*used)++] = hex[*p & 15];
		}
	}
	out[*used] = '\0';
	return 0;
}

int pcb_tapi_url(const char *base, enum pcb_tapi_cmd cmd, const char *sdkappid, const char *identifier,
		 const char *usersig, uint32_t random, char out[PCB_TAPI_URL_BYTES])
{
	size_t used;
	int n = snprintf(out, PCB_TAPI_URL_BYTES, "%s/v4/timpush/%s?sdkappid=%s&identifier=", base,
			 pcb_tapi_name(cmd), sdkappid);

	if (n < 0 || (size_t)n >= PCB_TAPI_URL_BYTES)
		return -1;
	used = (size_t)n;
	if (ta_append_escaped(out, PCB_TAPI_URL_BYTES, &used, identifier) != 0)
		return -1;
	n = snprintf(out + used, PCB_TAPI_URL_BYTES - used, "&usersig=%s&random=%lu&contenttype=json",
		     usersig, (unsigned long)random);
	return n < 0 || (size_t)n >= PCB_TAPI_URL_BYTES - used ? -1 : 0;
}

int pcb_tapi_body(enum pcb_tapi_cmd cmd, int64_t start, int64_t end, const char *const *tasks, size_t ntasks,
		  char out[PCB_TAPI_BODY_BYTES])
{
	json_object *o = json_object_new_object(), *ids = NULL;
	const char *s;
	int rc = -1;

	if (o == NULL || start < 0 || end <= start)
		goto out;
	if (json_object_object_add(o, "StartTime", json_object_new_int64(start)) != 0 ||
	    json_object_object_add(o, "EndTime", json_object_new_int64(end)) != 0)
		goto out;
	if (pcb_tapi_has_tasks(cmd)) {
		if (ntasks == 0 || ntasks > PCB_TAPI_TASKS_PER_CALL)
			goto out;
		ids = json_object_new_array();
		if (ids == NULL || json_object_object_add(o, "TaskID", ids) != 0) {
			json_object_put(ids);
			goto out;
		}
		for (size_t i = 0; i < ntasks; i++)
			if (strlen(tasks[i]) >= PCB_TAPI_TASK_BYTES ||
			    json_object_array_add(ids, json_object_new_string(tasks[i])) != 0)
				goto out;
	}
	s = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
	if (s == NULL || strlen(s) >= PCB_TAPI_BODY_BYTES)
		goto out;
	memcpy(out, s, strlen(s) + 1);
	rc = 0;
out:
	json_object_put(o);
	return rc;
}

void pcb_tapi_answer_free(struct pcb_tapi_answer *a)
{
	free(a->fig);
	a->fig = NULL;
	a->n = a->cap = 0;
}

/* A new zeroed figure at the end of [a]; NULL when full or out of memory. */
static struct pcb_tapi_figure *ta_new_figure(struct pcb_tapi_answer *a)
{
	if (a->n == a->cap) {
		size_t cap = a->cap == 0 ? 64 : a->cap * 2;
		struct pcb_tapi_figure *f;

		if (cap > PCB_TAPI_FIGURES_MAX)
			cap = PCB_TAPI_FIGURES_MAX;
		if (a->n == cap)
			return NULL;
		f = realloc(a->fig, cap * sizeof(*f));
		if (f == NULL)
			return NULL;
		a->fig = f;
		a->cap = cap;
	}
	memset(&a->fig[a->n], 0, sizeof(a->fig[a->n]));
	return &a->fig[a->n++];
}

/* Member [name] of object [o] if it has type [type], else NULL. */
static json_object *ta_get(json_object *o, const char *name, json_type type)
{
	json_object *v;

	if (!json_object_object_get_ex(o, name, &v) || !json_object_is_type(v, type))
		return NULL;
	return v;
}

/*
 * A non-negative integer member into [*out]; -1 when absent, not an integer,
 * negative or beyond INT64_MAX (json-c clamps a greater number to INT64_MAX:
 * no count is that large).
 */
static int ta_count(json_object *o, const char *name, int64_t *out)
{
	json_object *v = ta_get(o, name, json_type_int);

	if (v == NULL)
		return -1;
	errno = 0;
	*out = json_object_get_int64(v);
	return *out < 0 || *out == INT64_MAX || errno != 0 ? -1 : 0;
}

/* An ErrCode string ("-1", "20003") into [*out]; -1 when it is not a decimal integer. */
static int ta_errcode(json_object *v, int64_t *out)
{
	const char *s;
	char *end;
	long long n;

	if (v == NULL)
		return -1;
	/* Documented as a string; a number is taken too. */
	if (json_object_is_type(v, json_type_int)) {
		*out = json_object_get_int64(v);
		return 0;
	}
	if (!json_object_is_type(v, json_type_string))
		return -1;
	s = json_object_get_string(v);
	errno = 0;
	n = strtoll(s, &end, 10);
	if (*s == '\0' || *end != '\0' || errno != 0)
		return -1;
	*out = n;
	return 0;
}

/* The four counts of statistics entry [e] as figures with [proto]'s task, push and platform. */
static int ta_counts(struct pcb_tapi_answer *a, json_object *e, const struct pcb_tapi_figure *proto,
		     char *err, size_t errlen)
{
	for (int s = 0; s < PCB_STAGE_NCOUNTS; s++) {
		struct pcb_tapi_figure *f;
		int64_t n;

		if (ta_count(e, ta_count_names[s], &n) != 0) {
			snprintf(err, errlen, "an entry's %s is missing or not an integer from 0 to 2^63-2",
				 ta_count_names[s]);
			return -1;
		}
		f = ta_new_figure(a);
		if (f == NULL) {
			snprintf(err, errlen, "more than %d figures or out of memory", PCB_TAPI_FIGURES_MAX);
			return -1;
		}
		*f = *proto;
		f->stage = (enum pcb_tapi_stage)s;
		f->count = (uint64_t)n;
	}
	return 0;
}

/* The PlatformStatistics of statistics object [o] (for TaskID [task], "" for none). */
static int ta_platforms(struct pcb_tapi_answer *a, json_object *o, const char *task, char *err, size_t errlen)
{
	json_object *list = ta_get(o, "PlatformStatistics", json_type_array);
	struct pcb_tapi_figure proto;

	/* An app without pushes that day may have no list. */
	if (list == NULL)
		return json_object_object_get_ex(o, "PlatformStatistics", NULL) ? -1 : 0;
	memset(&proto, 0, sizeof(proto));
	snprintf(proto.task, sizeof(proto.task), "%s", task);
	for (size_t i = 0; i < json_object_array_length(list); i++) {
		json_object *e = json_object_array_get_idx(list, i);
		int64_t type = 1;

		if (!json_object_is_type(e, json_type_object) ||
		    ta_count(e, "PushPlatform", &proto.platform) != 0) {
			snprintf(err, errlen, "a PlatformStatistics entry without a PushPlatform");
			return -1;
		}
		if (json_object_object_get_ex(e, "EventType", NULL) && ta_count(e, "EventType", &type) != 0) {
			snprintf(err, errlen, "a PlatformStatistics entry whose EventType is not a number");
			return -1;
		}
		proto.online = type == 2;
		if (ta_counts(a, e, &proto, err, errlen) != 0)
			return -1;
	}
	return 0;
}

/* The loss blocks of object [o]. */
static int ta_losses(struct pcb_tapi_answer *a, json_object *o, char *err, size_t errlen)
{
	for (size_t b = 0; b < sizeof(ta_loss_blocks) / sizeof(ta_loss_blocks[0]); b++) {
		json_object *list = ta_get(o, ta_loss_blocks[b].name, json_type_array);

		if (list == NULL) {
			if (json_object_object_get_ex(o, ta_loss_blocks[b].name, NULL)) {
				snprintf(err, errlen, "%s is not a list", ta_loss_blocks[b].name);
				return -1;
			}
			continue;
		}
		for (size_t i = 0; i < json_object_array_length(list); i++) {
			json_object *e = json_object_array_get_idx(list, i), *code = NULL;
			struct pcb_tapi_figure *f;
			int64_t count, type = 1, platform = PCB_TAPI_ALL_PLATFORMS, errcode;

			if (!json_object_is_type(e, json_type_object) ||
			    !json_object_object_get_ex(e, "ErrCode", &code) ||
			    ta_errcode(code, &errcode) != 0 || ta_count(e, "ErrCount", &count) != 0) {
				snprintf(err, errlen, "a %s entry without a numeric ErrCode and ErrCount",
					 ta_loss_blocks[b].name);
				return -1;
			}
			if (ta_loss_blocks[b].per_platform &&
			    (ta_count(e, "PushPlatform", &platform) != 0 ||
			     (json_object_object_get_ex(e, "EventType", NULL) &&
			      ta_count(e, "EventType", &type) != 0))) {
				snprintf(err, errlen, "a %s entry without a PushPlatform",
					 ta_loss_blocks[b].name);
				return -1;
			}
			f = ta_new_figure(a);
			if (f == NULL) {
				snprintf(err, errlen, "more than %d figures or out of memory",
					 PCB_TAPI_FIGURES_MAX);
				return -1;
			}
			f->online = type == 2;
			f->platform = platform;
			f->stage = ta_loss_blocks[b].stage;
			f->errcode = errcode;
			f->count = (uint64_t)count;
		}
	}
	return 0;
}

/* Whether the [len] bytes at [s] are valid UTF-8 without a NUL (a JSON "\u0000"). */
static int ta_utf8(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;

	while (p < end) {
		size_t n = *p >= 0x80 ? pcb_utf8_seq_len(p, (size_t)(end - p)) : *p != 0;

		if (n == 0)
			return 0;
		p += n;
	}
	return 1;
}

/*
 * The Results of an all_member_* answer: per TaskID, statistics or losses;
 * with [tasks] only the [ntasks] TaskIDs asked, each at most once.
 */
static int ta_results(enum pcb_tapi_cmd cmd, struct pcb_tapi_answer *a, json_object *o,
		      const char *const *tasks, size_t ntasks, char *err, size_t errlen)
{
	json_object *list = ta_get(o, "Results", json_type_array);
	int seen[PCB_TAPI_TASKS_PER_CALL] = { 0 };

	if (list == NULL) {
		snprintf(err, errlen, "no Results list");
		return -1;
	}
	for (size_t i = 0; i < json_object_array_length(list); i++) {
		json_object *e = json_object_array_get_idx(list, i), *id;

		if (!json_object_is_type(e, json_type_object) ||
		    (id = ta_get(e, "TaskID", json_type_string)) == NULL ||
		    strlen(json_object_get_string(id)) >= PCB_TAPI_TASK_BYTES) {
			snprintf(err, errlen, "a Results entry without a TaskID (or one past %d bytes)",
				 PCB_TAPI_TASK_BYTES - 1);
			return -1;
		}
		/* It reaches the output (JSON, openmetrics): only valid UTF-8 is taken. */
		if (!ta_utf8(json_object_get_string(id), (size_t)json_object_get_string_len(id))) {
			snprintf(err, errlen, "a Results entry's TaskID is not valid UTF-8");
			return -1;
		}
		if (tasks != NULL) {
			size_t k = 0;

			while (k < ntasks && strcmp(tasks[k], json_object_get_string(id)) != 0)
				k++;
			/* Not asked in this call: not this call's figures. */
			if (k == ntasks)
				continue;
			if (seen[k]++) {
				snprintf(err, errlen, "a TaskID asked about in two Results entries");
				return -1;
			}
		}
		if (cmd == PCB_TAPI_ALL_LOSS ? ta_losses(a, e, err, errlen)
					     : ta_platforms(a, e, json_object_get_string(id), err, errlen))
			return -1;
	}
	return 0;
}

int pcb_tapi_parse(enum pcb_tapi_cmd cmd, const char *body, size_t len, const char *const *tasks,
		   size_t ntasks, struct pcb_tapi_answer *a, char *err, size_t errlen)
{
	json_tokener *tok = NULL;
	json_object *o = NULL, *v;
	int rc = -1;

	if (errlen > 0)
		err[0] = '\0';
	a->n = 0;
	a->error_code = 0;
	a->error_info[0] = '\0';
	if (tasks != NULL && ntasks > PCB_TAPI_TASKS_PER_CALL)
		FAIL("more than %d TaskIDs asked", PCB_TAPI_TASKS_PER_CALL);
	if (len > PCB_TAPI_ANSWER_MAX || len > INT32_MAX)
		FAIL("answer larger than %d bytes", PCB_TAPI_ANSWER_MAX);
	tok = json_tokener_new();
	if (tok == NULL)
		FAIL("out of memory");
	o = json_tokener_parse_ex(tok, body, (int)len);
	if (o == NULL || json_tokener_get_error(tok) != json_tokener_success ||
	    json_tokener_get_parse_end(tok) != len)
		FAIL("answer is not valid JSON (%s at byte %zu)",
		     json_tokener_error_desc(json_tokener_get_error(tok)), json_tokener_get_parse_end(tok));
	if (!json_object_is_type(o, json_type_object))
		FAIL("answer is not a JSON object");
	v = ta_get(o, "ErrorCode", json_type_int);
	if (v == NULL)
		FAIL("answer has no numeric ErrorCode");
	a->error_code = json_object_get_int64(v);
	v = ta_get(o, "ErrorInfo", json_type_string);
	snprintf(a->error_info, sizeof(a->error_info), "%s", v != NULL ? json_object_get_string(v) : "");
	/* It goes into a message line: no control bytes, nor invalid UTF-8 (nor a sequence cut). */
	for (unsigned char *p = (unsigned char *)a->error_info; *p; p++) {
		size_t n = *p >= 0x80 ? pcb_utf8_seq_len(p, strlen((char *)p)) : 1;

		if (n == 0 || *p < 0x20 || *p == 0x7f)
			*p = '?';
		else
			p += n - 1;
	}
	if (a->error_code != 0) {
		rc = 0;
		goto out;
	}
	switch (cmd) {
	case PCB_TAPI_NORMAL_STATS:
		rc = ta_platforms(a, o, "", err, errlen);
		break;
	case PCB_TAPI_NORMAL_LOSS:
		rc = ta_losses(a, o, err, errlen);
		break;
	case PCB_TAPI_ALL_STATS:
	case PCB_TAPI_ALL_LOSS:
		rc = ta_results(cmd, a, o, tasks, ntasks, err, errlen);
		break;
	case PCB_TAPI_NCMDS:
		FAIL("no such command");
	}
	if (rc != 0 && err[0] == '\0')
		snprintf(err, errlen, "answer not of the documented shape");
out:
	json_object_put(o);
	if (tok != NULL)
		json_tokener_free(tok);
	return rc;
}
