/*
 * test-reject-reason: the reasons pcb_batch writes into the reject log, for
 * each way an event is refused, come back from pcb_reject_reason as their
 * names; a refused batch's reason as its pcb_err's name; a reason of
 * another field, another command or another text as "other".
 */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include "pcb_batch.h"
#include "pcb_reject_reason.h"
#include "tap.h"

/* A valid Push.OfflinePush event but for [change], spliced in before its end. */
#define EVENT(change)                                                                                   \
	"{\"Events\":[{\"CallbackCommand\":\"Push.OfflinePush\",\"EventTime\":1557481127,"              \
	"\"From_Account\":\"user1\",\"PushPlatform\":1,\"PushStage\":1,\"MsgKey\":\"k\",\"MsgSeq\":1,"  \
	"\"MsgRandom\":2,\"MsgTime\":1557481126,\"PushID\":\"p\",\"ErrCode\":0,\"ErrInfo\":\"\"" change \
	"}]}"

static const struct {
	const char *body, *want;
} events[] = {
	{ "{\"Events\":[1]}", "not_object" },
	{ EVENT(",\"EventType\":\"1\",\"To_Account\":\"u\""), "not_integer" },
	{ EVENT(",\"EventType\":3,\"To_Account\":\"u\""), "out_of_range" },
	{ EVENT(",\"EventType\":1,\"To_Account\":2"), "not_string" },
	{ EVENT(",\"EventType\":1,\"To_Account\":\"a\\u0000b\""), "contains_nul" },
	{ EVENT(",\"EventType\":1"), "missing" },
};

/* The Reason column (the fifth) of reject line [line]. */
static void reason_of(const char *line, char *out, size_t size)
{
	const char *p = line;

	for (int i = 0; i < 4 && p != NULL; i++) {
		p = strchr(p, '\t');
		p = p != NULL ? p + 1 : NULL;
	}
	out[0] = '\0';
	if (p != NULL)
		snprintf(out, size, "%.*s", (int)strcspn(p, "\t"), p);
}

int main(void)
{
	const struct pcb_command *off = pcb_command_find("Push.OfflinePush", 16);
	const struct pcb_command *all = pcb_command_find("Push.AllMemberPush", 18);
	struct pcb_batch b;
	struct pcb_buf ev, rj;
	char reason[256], longer[8192];
	int batch_ok = 1;

	if (pcb_batch_init(&b) < 0)
		return 1;
	pcb_buf_init(&ev, 0);
	pcb_buf_init(&rj, 0);
	for (size_t i = 0; i < sizeof(events) / sizeof(events[0]); i++) {
		struct pcb_batch_out out = { &ev, &rj, 0, 0, 0 };

		pcb_buf_reset(&ev);
		pcb_buf_reset(&rj);
		tap_ok(pcb_batch_process(&b, off, events[i].body, strlen(events[i].body), "T", "1", &out) ==
			       PCB_OK &&
			   out.nrejected == 1,
		       "%s: refused", events[i].want);
		reason_of(rj.data != NULL ? rj.data : "", reason, sizeof(reason));
		tap_is_str(pcb_reject_reason_name(pcb_reject_reason(off, 0, reason, strlen(reason))),
			   events[i].want, reason);
	}
	/* A string over the limit, and the command field naming another command. */
	snprintf(longer, sizeof(longer), EVENT(",\"EventType\":1,\"To_Account\":\"%0*d\""), 5000, 0);
	{
		struct pcb_batch_out out = { &ev, &rj, 0, 0, 0 };

		pcb_buf_reset(&ev);
		pcb_buf_reset(&rj);
		pcb_batch_process(&b, off, longer, strlen(longer), "T", "1", &out);
		reason_of(rj.data != NULL ? rj.data : "", reason, sizeof(reason));
		tap_is_str(pcb_reject_reason_name(pcb_reject_reason(off, 0, reason, strlen(reason))),
			   "too_long", reason);
	}
	tap_is_str(
	    pcb_reject_reason_name(pcb_reject_reason(off, 0, "CallbackCommand: not Push.OfflinePush", 37)),
	    "wrong_command", "CallbackCommand: not the command");
	tap_is_str(
	    pcb_reject_reason_name(pcb_reject_reason(all, 0, "CallbackCommand: not Push.OfflinePush", 37)),
	    "other", "not another command: other");
	tap_is_str(pcb_reject_reason_name(pcb_reject_reason(off, 0, "TaskId: missing", 15)), "other",
		   "a field of another command: other");
	tap_is_str(pcb_reject_reason_name(pcb_reject_reason(off, 0, "To_Account: lost", 16)), "other",
		   "an unknown text: other");
	tap_is_str(pcb_reject_reason_name(pcb_reject_reason(NULL, 0, "To_Account: missing", 19)), "other",
		   "an unknown command: other");
	tap_is_str(pcb_reject_reason_name(pcb_reject_reason(off, 0, "To_Account: missing!", 19)), "missing",
		   "only [len] bytes are read");
	for (unsigned e = 0; e < PCB_ERR_COUNT; e++) {
		const struct pcb_err_info *info = pcb_err_info((enum pcb_err)e);
		unsigned rr = pcb_reject_reason(off, 1, info->reason, strlen(info->reason));

		if (pcb_err_is_batch((enum pcb_err)e))
			batch_ok &= strcmp(pcb_reject_reason_name(rr), info->name) == 0;
		else
			batch_ok &= rr == PCB_RR_OTHER;
	}
	tap_ok(batch_ok, "a refused batch's reason is its pcb_err's name; another error's is other");
	tap_is_str(pcb_reject_reason_name(pcb_reject_reason(off, 1, "To_Account: missing", 19)), "other",
		   "an event's reason without an Index: other");
	pcb_buf_free(&ev);
	pcb_buf_free(&rj);
	pcb_batch_free(&b);
	return tap_done();
}
