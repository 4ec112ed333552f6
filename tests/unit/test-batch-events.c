/*
 * test-batch-events: the field rules of each command's table, one case per
 * rule: exact JSON types, ranges at their boundaries (including the values
 * json-c clamps overflowing literals to), required and conditional fields,
 * the command inside the event, NUL and length of strings, unknown fields.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pcb_batch.h"
#include "pcb_limits.h"
#include "tap.h"

struct kv {
	const char *key;
	const char *raw; /* JSON text of the value */
};

static const struct kv offline_base[] = {
	{ "CallbackCommand", "\"Push.OfflinePush\"" },
	{ "EventType", "1" },
	{ "EventTime", "1557481127" },
	{ "From_Account", "\"user1\"" },
	{ "To_Account", "\"user2\"" },
	{ "PushPlatform", "1" },
	{ "PushStage", "1" },
	{ "MsgKey", "\"k\"" },
	{ "MsgSeq", "48374" },
	{ "MsgRandom", "2837546" },
	{ "MsgTime", "1557481126" },
	{ "PushID", "\"p\"" },
	{ "ErrCode", "0" },
	{ "ErrInfo", "\"OK\"" },
	{ NULL, NULL },
};

static const struct kv allmember_base[] = {
	{ "CallbackCommand", "\"Push.AllMemberPush\"" },
	{ "EventType", "1" },
	{ "TaskId", "\"t\"" },
	{ "DataId", "\"d\"" },
	{ "TaskTime", "1700000000" },
	{ "EventTime", "1700000001" },
	{ "To_Account", "\"u\"" },
	{ "PushPlatform", "2" },
	{ "DeviceType", "2" },
	{ "PushStage", "1" },
	{ "ErrCode", "0" },
	{ "ErrInfo", "\"\"" },
	{ NULL, NULL },
};

#define DROP ((const char *)1)

struct ecase {
	int allmember;
	const char *key;  /* the field to change or add */
	const char *raw;  /* its new JSON text; DROP removes it */
	const char *key2; /* a second change, or NULL */
	const char *raw2;
	const char *reason; /* NULL: the event is valid */
};

static const struct ecase cases[] = {
	{ 0, "EventType", "\"1\"", NULL, NULL, "EventType: not an integer" },
	{ 0, "EventType", "1.0", NULL, NULL, "EventType: not an integer" },
	{ 0, "EventType", "true", NULL, NULL, "EventType: not an integer" },
	{ 0, "EventType", "3", NULL, NULL, "EventType: out of range 1..2" },
	{ 0, "EventType", "0", NULL, NULL, "EventType: out of range 1..2" },
	{ 0, "MsgSeq", "4294967295", NULL, NULL, NULL },
	{ 0, "MsgSeq", "2147483648", NULL, NULL, NULL },
	{ 0, "MsgSeq", "4294967296", NULL, NULL, "MsgSeq: out of range 0..4294967295" },
	{ 0, "MsgSeq", "-1", NULL, NULL, "MsgSeq: out of range 0..4294967295" },
	{ 0, "MsgSeq", "1e3", NULL, NULL, "MsgSeq: not an integer" },
	{ 0, "MsgRandom", "4294967296", NULL, NULL, "MsgRandom: out of range 0..4294967295" },
	{ 0, "MsgRandom", DROP, NULL, NULL, NULL },
	{ 0, "MsgRandom", "null", NULL, NULL, NULL },
	{ 0, "EventTime", "-1", NULL, NULL, "EventTime: out of range 0..9223372036854775806" },
	{ 0, "EventTime", "9223372036854775806", NULL, NULL, NULL },
	{ 0, "EventTime", "9223372036854775807", NULL, NULL, "EventTime: out of range" },
	{ 0, "EventTime", "9223372036854775808", NULL, NULL, "EventTime: out of range" },
	{ 0, "EventTime", "18446744073709551615", NULL, NULL, "EventTime: out of range" },
	{ 0, "EventTime", "18446744073709551616", NULL, NULL, "EventTime: out of range" },
	{ 0, "EventTime", "99999999999999999999999999", NULL, NULL, "EventTime: out of range" },
	{ 0, "ErrCode", "-9223372036854775807", NULL, NULL, NULL },
	{ 0, "ErrCode", "-9223372036854775808", NULL, NULL, "ErrCode: out of range" },
	{ 0, "ErrCode", "-9223372036854775809", NULL, NULL, "ErrCode: out of range" },
	{ 0, "ErrCode", "-2147483649", NULL, NULL, NULL },
	{ 0, "From_Account", "5", NULL, NULL, "From_Account: not a string" },
	{ 0, "From_Account", "null", NULL, NULL, "From_Account: missing" },
	{ 0, "From_Account", DROP, NULL, NULL, "From_Account: missing" },
	{ 0, "PushID", "[\"p\"]", NULL, NULL, "PushID: not a string" },
	{ 0, "CallbackCommand", "\"Push.AllMemberPush\"", NULL, NULL,
	  "CallbackCommand: not Push.OfflinePush" },
	{ 0, "CallbackCommand", DROP, NULL, NULL, "CallbackCommand: missing" },
	{ 0, "MsgKey", DROP, NULL, NULL, "MsgKey: missing" },
	{ 0, "MsgKey", "null", NULL, NULL, "MsgKey: missing" },
	{ 0, "EventType", "2", NULL, NULL, "GroupID: missing" },
	{ 0, "EventType", "2", "GroupID", "\"@TGS#1\"", NULL },
	{ 0, "EventType", "2", "MsgKey", DROP, "GroupID: missing" },
	{ 0, "GroupID", "\"g\"", NULL, NULL, NULL },
	{ 0, "ErrInfo", "\"a\\u0000b\"", NULL, NULL, "ErrInfo: contains NUL" },
	{ 0, "ErrInfo", DROP, NULL, NULL, NULL },
	{ 0, "ErrInfo", "null", NULL, NULL, NULL },
	{ 0, "ErrInfo", "0", NULL, NULL, "ErrInfo: not a string" },
	{ 0, "PushPlatform", "99", NULL, NULL, NULL },
	{ 0, "PushStage", "7", NULL, NULL, NULL },
	{ 0, "PushPlatform", "-1", NULL, NULL, "PushPlatform: out of range" },
	{ 0, "Unknown", "{\"deep\":[1,{\"x\":null}]}", NULL, NULL, NULL },
	{ 0, "Unknown", "18446744073709551616", NULL, NULL, NULL },
	{ 1, NULL, NULL, NULL, NULL, NULL },
	{ 1, "TaskId", DROP, NULL, NULL, "TaskId: missing" },
	{ 1, "DataId", DROP, NULL, NULL, NULL },
	{ 1, "DeviceType", DROP, NULL, NULL, NULL },
	{ 1, "DeviceType", "\"2\"", NULL, NULL, "DeviceType: not an integer" },
	{ 1, "EventType", "3", NULL, NULL, "EventType: out of range 1..2" },
	{ 1, "TaskTime", "-1", NULL, NULL, "TaskTime: out of range" },
	{ 1, "CallbackCommand", "\"Push.OfflinePush\"", NULL, NULL,
	  "CallbackCommand: not Push.AllMemberPush" },
	{ 1, "PushStage", DROP, NULL, NULL, "PushStage: missing" },
};

static void build(char *out, size_t outlen, const struct kv *base, const struct ecase *c)
{
	size_t used = (size_t)snprintf(out, outlen, "{\"Events\":[{");
	int first = 1, seen1 = 0, seen2 = 0;

	for (const struct kv *kv = base; kv->key; kv++) {
		const char *raw = kv->raw;
		if (c->key && strcmp(kv->key, c->key) == 0) {
			raw = c->raw;
			seen1 = 1;
		} else if (c->key2 && strcmp(kv->key, c->key2) == 0) {
			raw = c->raw2;
			seen2 = 1;
		}
		if (raw == DROP)
			continue;
		used += (size_t)snprintf(out + used, outlen - used, "%s\"%s\":%s", first ? "" : ",", kv->key,
					 raw);
		first = 0;
	}
	if (c->key && !seen1 && c->raw != DROP)
		used += (size_t)snprintf(out + used, outlen - used, ",\"%s\":%s", c->key, c->raw);
	if (c->key2 && !seen2 && c->raw2 != DROP)
		used += (size_t)snprintf(out + used, outlen - used, ",\"%s\":%s", c->key2, c->raw2);
	snprintf(out + used, outlen - used, "}]}");
}

int main(void)
{
	struct pcb_batch b;
	struct pcb_buf ev, rj;
	char body[8192], name[256];

	if (pcb_batch_init(&b) < 0)
		return 1;
	pcb_buf_init(&ev, 0);
	pcb_buf_init(&rj, 0);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct ecase *c = &cases[i];
		const struct pcb_command *cmd = pcb_command_find(
		    c->allmember ? "Push.AllMemberPush" : "Push.OfflinePush", c->allmember ? 18 : 16);
		build(body, sizeof(body), c->allmember ? allmember_base : offline_base, c);
		struct pcb_batch_out out = { &ev, &rj, 0, 0, 0 };
		pcb_buf_reset(&ev);
		pcb_buf_reset(&rj);
		enum pcb_err err = pcb_batch_process(&b, cmd, body, strlen(body), "T", "1", &out);
		snprintf(name, sizeof(name), "%s %s=%s%s%s: %s", cmd->name, c->key ? c->key : "(base)",
			 c->raw == DROP ? "(absent)"
			 : c->raw       ? c->raw
					: "",
			 c->key2 ? " and " : "", c->key2 ? c->key2 : "", c->reason ? c->reason : "valid");
		if (err != PCB_OK) {
			tap_ok(0, "%s (batch refused: %s)", name, pcb_err_info(err)->reason);
			continue;
		}
		if (c->reason == NULL) {
			/* A valid event: one line, all columns (2 common + the table + the unknown members). */
			size_t tabs = 0;
			for (size_t j = 0; j < ev.len; j++)
				tabs += ev.data[j] == '\t';
			tap_ok(out.nvalid == 1 && out.nrejected == 0 && tabs == cmd->nfields + 2, "%s", name);
		} else {
			int good = out.nvalid == 0 && out.nrejected == 1 && ev.len == 0 &&
				   strstr(rj.data, c->reason) != NULL;
			tap_ok(good, "%s", name);
			if (!good)
				tap_diag("reject line: %s", rj.data ? rj.data : "(none)");
		}
	}

	/* The line of a valid event holds the values, in table order. */
	struct ecase plain = { 0, NULL, NULL, NULL, NULL, NULL };
	build(body, sizeof(body), offline_base, &plain);
	struct pcb_batch_out out = { &ev, &rj, 0, 0, 0 };
	pcb_buf_reset(&ev);
	pcb_batch_process(&b, pcb_commands[0], body, strlen(body), "T", "1", &out);
	tap_is_str(
	    ev.data,
	    "T\t1\tPush."
	    "OfflinePush\t1\t1557481127\tuser1\tuser2\t1\t1\tk\t\t48374\t2837546\t1557481126\tp\t0\tOK\t\n",
	    "an OfflinePush line: columns in table order, absent GroupID empty, no unknown member");

	/* String length limit, at and over. */
	char *longval = malloc(PCB_MAX_FIELD_BYTES + 4); /* quotes, one over, NUL */
	for (int over = 0; over <= 1; over++) {
		size_t n = PCB_MAX_FIELD_BYTES + (size_t)over;
		longval[0] = '"';
		memset(longval + 1, 'x', n);
		longval[n + 1] = '"';
		longval[n + 2] = '\0';
		struct ecase lc = { 0, "ErrInfo", longval, NULL, NULL, NULL };
		char *big = malloc(n + 1024);
		build(big, n + 1024, offline_base, &lc);
		pcb_buf_reset(&ev);
		pcb_buf_reset(&rj);
		struct pcb_batch_out o = { &ev, &rj, 0, 0, 0 };
		pcb_batch_process(&b, pcb_commands[0], big, strlen(big), "T", "1", &o);
		if (over)
			tap_ok(o.nrejected == 1 && strstr(rj.data, "ErrInfo: longer than 4096 bytes") != NULL,
			       "a string one byte over PCB_MAX_FIELD_BYTES is refused");
		else
			tap_ok(o.nvalid == 1, "a string of exactly PCB_MAX_FIELD_BYTES is fine");
		free(big);
	}
	free(longval);

	/* Batch sizes: 1 and 100 pass, 0 and 101 do not. */
	static char batch[200000];
	static const int sizes[] = { 1, 100, 101 };
	for (size_t s = 0; s < 3; s++) {
		size_t used = (size_t)snprintf(batch, sizeof(batch), "{\"Events\":[");
		for (int i = 0; i < sizes[s]; i++)
			used += (size_t)snprintf(batch + used, sizeof(batch) - used, "%s{}", i ? "," : "");
		snprintf(batch + used, sizeof(batch) - used, "]}");
		pcb_buf_reset(&ev);
		pcb_buf_reset(&rj);
		struct pcb_batch_out o = { &ev, &rj, 0, 0, 0 };
		enum pcb_err err = pcb_batch_process(&b, pcb_commands[0], batch, strlen(batch), "T", "1", &o);
		if (sizes[s] <= PCB_MAX_EVENTS)
			tap_ok(err == PCB_OK && o.nrejected == (unsigned)sizes[s], "%d events are a batch",
			       sizes[s]);
		else
			tap_ok(err == PCB_ERR_BATCH_TOO_MANY && rj.len == 0 && ev.len == 0,
			       "%d events are refused whole, no line left behind", sizes[s]);
	}

	pcb_buf_free(&ev);
	pcb_buf_free(&rj);
	pcb_batch_free(&b);
	pcb_batch_free(NULL);
	return tap_done();
}
