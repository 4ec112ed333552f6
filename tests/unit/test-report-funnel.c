/* test-report-funnel: what each stage and ErrCode counts as, grouping by vendor and hour, the period. */
#include <config.h>

#include <stdlib.h>

#include "report-lines.h"

int main(void)
{
	struct pcb_report_cols c;
	struct pcb_report *r = rl_new(PCB_BY_VENDOR_HOUR, 100);
	struct pcb_report_opts o = { .by = PCB_BY_VENDOR,
				     .commands = PCB_CMD_BIT(rl_cmd("Push.OfflinePush")),
				     .has_from = 1,
				     .has_to = 1,
				     .from = RL_T13,
				     .to = RL_T13 + 3600 };
	const struct pcb_report_group *const *g;
	const struct pcb_report_summary *s;
	size_t n;

	rl_bind(&c);
	tap_is_int(c.cmd, rl_cmd("Push.OfflinePush"), "a PushID column makes a Push.OfflinePush file");
	rl_add(r, &c, RL_T13 + 1, 3, 1, 0, "OK", "u1", "p1");
	rl_add(r, &c, RL_T13 + 2, 3, 1, 5, "bad", "u2", "p1");
	rl_add(r, &c, RL_T13 + 3, 3, 2, 0, "OK", "u1", "p1");
	rl_add(r, &c, RL_T13 + 4, 3, 2, 7, "gone", "u3", "p1");
	rl_add(r, &c, RL_T13 + 5, 3, 3, 0, "", "u1", "p1");
	rl_add(r, &c, RL_T13 + 6, 3, 3, 9, "odd", "u4", "p1");
	rl_add(r, &c, RL_T13 + 7, 3, 4, 0, "", "u1", "p1");
	rl_add(r, &c, RL_T13 + 3600, 3, 1, 0, "OK", "u5", "p1");
	rl_add(r, &c, RL_T13 + 8, 1, 1, 0, "OK", "u6", "p1");
	tap_is_int(pcb_report_add(r, &c, "1\t2\t3", 5), PCB_LINE_MALFORMED, "too few fields is malformed");
	/* One field more is the UnknownFields column under an older header (pcb_report_cols.ncols_max). */
	tap_is_int(rl_add(r, &c, RL_T13, 3, 1, 0, "OK", "u7", "p1\tx\ty"), PCB_LINE_MALFORMED,
		   "too many fields is malformed");
	tap_is_int(pcb_report_add(r, &c, "t\t3\t1\t0\tOK\tu8\tp1", 17), PCB_LINE_MALFORMED,
		   "a non-numeric EventTime is malformed");
	tap_is_int(rl_add(r, &c, RL_T13, 3, 1, 5, "bad\\q", "u9", "p1"), PCB_LINE_MALFORMED,
		   "a failed event whose ErrInfo does not unescape is malformed");

	n = pcb_report_groups(r, &g);
	tap_is_int((long long)n, 3, "three groups: APNs 13h, Huawei 13h, Huawei 14h");
	tap_ok(n == 3 && g[0]->platform == 1 && g[1]->platform == 3 && g[2]->platform == 3 &&
		   g[1]->period == RL_T13 && g[2]->period == RL_T13 + 3600,
	       "sorted by vendor number, then period");
	if (n == 3) {
		tap_is_int((long long)g[1]->n.sent, 1, "sent: stage 1, ErrCode 0");
		tap_is_int((long long)g[1]->n.send_failed, 1, "send_failed: stage 1, ErrCode != 0");
		tap_is_int((long long)g[1]->n.delivered, 1, "delivered: stage 2, ErrCode 0");
		tap_is_int((long long)g[1]->n.deliver_failed, 1, "deliver_failed: stage 2, ErrCode != 0");
		tap_is_int((long long)g[1]->n.clicked, 2, "clicked: every stage 3 event");
		tap_is_int((long long)g[1]->n.click_failed, 1, "click_failed: stage 3, ErrCode != 0");
		tap_is_int((long long)g[1]->n.other_stage, 1, "an unknown stage is counted apart");
		tap_is_int((long long)g[2]->n.sent, 1, "the next hour is its own group");
	}
	s = pcb_report_summary(r);
	tap_is_int((long long)s->lines, 13, "every line is counted as read");
	tap_is_int((long long)s->counted, 9, "nine events in the funnel");
	tap_is_int((long long)s->malformed, 4, "four malformed lines");
	pcb_report_destroy(r);

	r = pcb_report_new(&o);
	rl_add(r, &c, RL_T13 - 1, 3, 1, 0, "OK", "u1", "p1");
	rl_add(r, &c, RL_T13, 3, 1, 0, "OK", "u2", "p1");
	rl_add(r, &c, RL_T13 + 3599, 3, 1, 0, "OK", "u3", "p1");
	rl_add(r, &c, RL_T13 + 3600, 3, 1, 0, "OK", "u4", "p1");
	n = pcb_report_groups(r, &g);
	tap_ok(n == 1 && g[0]->n.sent == 2, "--from is inclusive, --to exclusive");
	tap_is_int((long long)pcb_report_summary(r)->outside_period, 2, "two events outside the period");
	pcb_report_destroy(r);

	o.commands = PCB_CMD_BIT(rl_cmd("Push.AllMemberPush"));
	o.has_from = o.has_to = 0;
	r = pcb_report_new(&o);
	tap_is_int(rl_add(r, &c, RL_T13, 3, 1, 0, "OK", "u1", "p1"), PCB_LINE_SKIPPED,
		   "an event of a command not asked for is skipped");
	tap_is_int((long long)pcb_report_summary(r)->other_command, 1, "and counted as another command");
	pcb_report_destroy(r);

	/* By task, a file of a command without a task field (pcb_command.task) is another command. */
	r = rl_new(PCB_BY_TASKID, 100);
	tap_is_int(rl_add(r, &c, RL_T13, 3, 1, 0, "OK", "u1", "p1"), PCB_LINE_SKIPPED,
		   "by task, a Push.OfflinePush event is skipped");
	tap_is_int((long long)pcb_report_summary(r)->other_command, 1, "and counted as another command");
	pcb_report_destroy(r);
	pcb_report_destroy(NULL); /* a no-op: a crash ends the run */
	return tap_done();
}
