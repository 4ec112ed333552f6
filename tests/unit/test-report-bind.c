/* test-report-bind: which files count (events of either command, any column order) and which do not. */
#include <config.h>

#include <string.h>

#include "pcb_logread.h"
#include "pcb_report.h"
#include "tap.h"

static enum pcb_report_bind_status bind(const char *hdr, struct pcb_report_cols *c, const char **missing)
{
	struct pcb_lr_header h;
	enum pcb_report_bind_status st = PCB_BIND_MISSING;

	*missing = NULL;
	if (pcb_lr_header_parse(&h, hdr, strlen(hdr)) == 0)
		st = pcb_report_bind(&h, c, missing);
	pcb_lr_header_clear(&h);
	return st;
}

int main(void)
{
	struct pcb_report_cols c;
	const char *missing;

	tap_is_int(bind("#fields\tRecvTime\tSdkAppid\tCallbackCommand\tEventType\tEventTime\tFrom_Account"
			"\tTo_Account\tPushPlatform\tPushStage\tMsgKey\tGroupID\tMsgSeq\tMsgRandom\tMsgTime"
			"\tPushID\tErrCode\tErrInfo",
			&c, &missing),
		   PCB_BIND_OK, "the Push.OfflinePush header binds");
	tap_ok(c.cmd == (unsigned)pcb_command_index("Push.OfflinePush") && c.id == 14 && c.stage == 8 &&
		   c.ncols == 17 && c.task == -1,
	       "as Push.OfflinePush, with PushID and PushStage where they are");
	tap_is_int(bind("#fields\tRecvTime\tSdkAppid\tCallbackCommand\tEventType\tTaskId\tDataId\tTaskTime"
			"\tEventTime\tTo_Account\tPushPlatform\tDeviceType\tPushStage\tErrCode\tErrInfo",
			&c, &missing),
		   PCB_BIND_OK, "the Push.AllMemberPush header binds");
	tap_ok(c.cmd == (unsigned)pcb_command_index("Push.AllMemberPush") && c.id == 4 && c.task == 4 &&
		   c.event_time == 7,
	       "as Push.AllMemberPush, by TaskId, which is also its task");
	tap_is_int(
	    bind("#fields\tPushID\tErrCode\tPushStage\tPushPlatform\tTo_Account\tEventTime", &c, &missing),
	    PCB_BIND_OK, "another column order, without ErrInfo, binds");
	tap_ok(c.errinfo == -1 && c.errcode == 1 && c.event_time == 5, "columns are found by name");
	tap_is_int(bind("#fields\tRecvTime\tSdkAppid\tCallbackCommand\tIndex\tReason\tData", &c, &missing),
		   PCB_BIND_REJECTS, "a reject file is recognised by its Reason column");
	tap_is_int(bind("#fields\tPushID\tErrCode\tPushPlatform\tTo_Account\tEventTime", &c, &missing),
		   PCB_BIND_MISSING, "a file without PushStage is not an events file");
	tap_is_str(missing, "PushStage", "and the missing column is named");
	tap_is_int(bind("#fields\tPushID\tTaskId\tErrCode\tPushStage\tPushPlatform\tTo_Account\tEventTime",
			&c, &missing),
		   PCB_BIND_AMBIGUOUS, "both PushID and TaskId: which command is unclear");
	tap_is_int(bind("#fields\tErrCode\tPushStage\tPushPlatform\tTo_Account\tEventTime", &c, &missing),
		   PCB_BIND_AMBIGUOUS, "neither PushID nor TaskId");
	return tap_done();
}
