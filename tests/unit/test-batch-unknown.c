/*
 * test-batch-unknown: an event's members that are no field of its command
 * are kept, as compact JSON, in the event line's last column (empty when
 * there are none), escaped like any value, and counted; an event whose JSON
 * of them is over PCB_MAX_UNKNOWN_BYTES is refused with its reason, which
 * the reject counters read as too_long.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pcb_batch.h"
#include "pcb_limits.h"
#include "pcb_logformat.h"
#include "pcb_reject_reason.h"
#include "tap.h"

#define EVENT_START "{\"Events\":[" EVENT
#define EVENT                                                                                              \
	"{\"CallbackCommand\":\"Push.OfflinePush\",\"EventType\":1,\"EventTime\":1,"                       \
	"\"From_Account\":\"a\",\"To_Account\":\"b\",\"PushPlatform\":1,\"PushStage\":1,\"MsgKey\":\"k\"," \
	"\"MsgSeq\":2,"                                                                                    \
	"\"MsgTime\":1,\"PushID\":\"p\",\"ErrCode\":0"
#define LINE_START "T\t1\tPush.OfflinePush\t1\t1\ta\tb\t1\t1\tk\t\t2\t\t1\tp\t0\t\t"

static struct pcb_batch b;
static struct pcb_buf ev, rj;

/* Processes [body]; returns the batch's result in [*out]. */
static enum pcb_err run(const char *body, struct pcb_batch_out *out)
{
	pcb_buf_reset(&ev);
	pcb_buf_reset(&rj);
	out->events = &ev;
	out->rejects = &rj;
	return pcb_batch_process(&b, pcb_commands[0], body, strlen(body), "T", "1", out);
}

/* The last column of the one event line, or "(none)". */
static const char *last_column(void)
{
	char *tab;

	if (ev.len == 0 || (tab = strrchr(ev.data, '\t')) == NULL)
		return "(none)";
	ev.data[ev.len - 1] = '\0'; /* the newline */
	return tab + 1;
}

int main(void)
{
	struct pcb_batch_out out = { NULL, NULL, 0, 0, 0 };
	enum pcb_err err;

	tap_plan(12);
	if (pcb_batch_init(&b) < 0)
		return 1;
	pcb_buf_init(&ev, 0);
	pcb_buf_init(&rj, 0);

	err = run(EVENT_START "}]}", &out);
	tap_ok(err == PCB_OK && out.nvalid == 1 && out.nunknown == 0,
	       "an event of known fields: none counted");
	tap_is_str(ev.data, LINE_START "\n", "its last column is empty");

	err = run(EVENT_START ",\"NewField\":\"x\"}]}", &out);
	tap_ok(err == PCB_OK && out.nvalid == 1 && out.nunknown == 1, "one unknown member: logged, counted");
	tap_is_str(last_column(), "{\"NewField\":\"x\"}", "kept as compact JSON in the last column");

	err = run(EVENT_START ", \"Deep\" : {\"a\": [1, {\"x\": null}], \"b\": 1.50},\"Tab\":\"1\\t2\"}]}",
		  &out);
	tap_ok(err == PCB_OK && out.nunknown == 2, "two unknown members, one of them nested: counted");
	tap_is_str(last_column(), "{\"Deep\":{\"a\":[1,{\"x\":null}],\"b\":1.50},\"Tab\":\"1\\\\t2\"}",
		   "whole, in order, white space dropped, numbers as sent, escaped for TSV");

	err = run("{\"Events\":[" EVENT ",\"X\":1}," EVENT "}]}", &out);
	tap_ok(err == PCB_OK && out.nvalid == 2 && out.nunknown == 1, "counted per member of each event");

	/* The JSON of the unknown members at the limit, and one byte over: {"U":"xx...x"} */
	size_t overhead = strlen("{\"U\":\"\"}");
	char *body = malloc(PCB_MAX_UNKNOWN_BYTES + 1024);
	for (int over = 0; over <= 1; over++) {
		size_t n = PCB_MAX_UNKNOWN_BYTES - overhead + (size_t)over;
		int len = snprintf(body, PCB_MAX_UNKNOWN_BYTES + 1024, "%s,\"U\":\"%*s\"}]}", EVENT_START,
				   (int)n, "");
		memset(body + len - (int)n - 4, 'x', n);
		err = run(body, &out);
		if (!over) {
			tap_ok(err == PCB_OK && out.nvalid == 1 &&
				   strlen(last_column()) == PCB_MAX_UNKNOWN_BYTES,
			       "unknown members of exactly PCB_MAX_UNKNOWN_BYTES are kept");
			continue;
		}
		tap_ok(err == PCB_OK && out.nvalid == 0 && out.nrejected == 1 && out.nunknown == 0,
		       "one byte over: the event is refused");
		const char *reason =
		    strstr(rj.data ? rj.data : "", PCB_LOG_UNKNOWN_COLUMN ": longer than 4096 bytes");
		tap_ok(reason != NULL, "with the reason \"UnknownFields: longer than 4096 bytes\"");
		tap_is_str(pcb_reject_reason_name(pcb_reject_reason(
			       pcb_commands[0], 0, PCB_LOG_UNKNOWN_COLUMN ": longer than 4096 bytes",
			       strlen(PCB_LOG_UNKNOWN_COLUMN) + 24)),
			   "too_long", "which the reject counters read as too_long");
	}
	free(body);

	err = run(EVENT_START ",\"ErrInfo\":5,\"Z\":1}]}", &out);
	tap_ok(err == PCB_OK && out.nrejected == 1 && out.nunknown == 0,
	       "a refused event's unknown members are not counted (its whole JSON is in the reject log)");

	pcb_buf_free(&ev);
	pcb_buf_free(&rj);
	pcb_batch_free(&b);
	return tap_done();
}
