/* test-report-dedup: a retried event is counted once while it is within the window, twice after. */
#include <config.h>

#include <stdlib.h>

#include "report-lines.h"

int main(void)
{
	struct pcb_report_cols c;
	struct pcb_report *r = rl_new(PCB_BY_VENDOR, 2);
	const struct pcb_report_group *const *g;
	char name[32];

	rl_bind(&c);
	tap_is_int(rl_add(r, &c, RL_T13, 1, 1, 0, "OK", "u1", "p1"), PCB_LINE_COUNTED, "first copy counted");
	tap_is_int(rl_add(r, &c, RL_T13 + 9, 1, 1, 0, "OK", "u1", "p1"), PCB_LINE_DUPLICATE,
		   "same PushID, stage and To_Account: a duplicate, whatever the other fields");
	tap_is_int(rl_add(r, &c, RL_T13, 1, 2, 0, "OK", "u1", "p1"), PCB_LINE_COUNTED,
		   "another stage is another event");
	tap_is_int(rl_add(r, &c, RL_T13, 1, 1, 0, "OK", "u2", "p1"), PCB_LINE_COUNTED,
		   "another To_Account is another event");
	/* The window (2) now holds (p1,2,u1) and (p1,1,u2); (p1,1,u1) has left it. */
	tap_is_int(rl_add(r, &c, RL_T13, 1, 1, 0, "OK", "u1", "p1"), PCB_LINE_COUNTED,
		   "a copy farther than the window is counted again");
	tap_is_int(rl_add(r, &c, RL_T13, 1, 1, 0, "OK", "u2", "p1"), PCB_LINE_DUPLICATE,
		   "a copy within the window is still dropped");
	tap_is_int(rl_add(r, &c, RL_T13, 1, 1, 0, "OK", "u1", "p12"), PCB_LINE_COUNTED,
		   "identity fields do not run together (p1+2u1 vs p12+u1)");
	tap_is_int(rl_add(r, &c, RL_T13, 1, 1, 0, "OK", "u1", ""), PCB_LINE_COUNTED,
		   "an empty PushID is counted");
	tap_is_int(rl_add(r, &c, RL_T13, 1, 1, 0, "OK", "u1", ""), PCB_LINE_COUNTED,
		   "and never taken for a duplicate");
	tap_is_int((long long)pcb_report_summary(r)->duplicates, 2, "two duplicates dropped");
	tap_is_int((long long)pcb_report_summary(r)->no_identity, 2, "two events without identity");
	tap_ok(pcb_report_groups(r, &g) == 1 && g[0]->n.sent == 6, "the funnel has the six distinct sends");
	pcb_report_destroy(r);

	r = rl_new(PCB_BY_VENDOR, 0);
	rl_add(r, &c, RL_T13, 1, 1, 0, "OK", "u1", "p1");
	tap_is_int(rl_add(r, &c, RL_T13, 1, 1, 0, "OK", "u1", "p1"), PCB_LINE_COUNTED,
		   "window 0 keeps every copy");
	pcb_report_destroy(r);

	/* Many identities through a small window: every one evicted and re-added stays exact. */
	r = rl_new(PCB_BY_VENDOR, 1000);
	for (int round = 0; round < 2; round++) {
		for (int i = 0; i < 5000; i++) {
			snprintf(name, sizeof(name), "u%d", i);
			rl_add(r, &c, RL_T13, 1, 1, 0, "OK", name, "p1");
			if (i >= 1)
				snprintf(name, sizeof(name), "u%d", i - 1);
			rl_add(r, &c, RL_T13, 1, 1, 0, "OK", name, "p1");
		}
	}
	/* Round one: 5000 new, 4999 duplicates of the previous one plus u0 again. Round two likewise. */
	tap_is_int((long long)pcb_report_summary(r)->duplicates, 2 * 5000, "each immediate retry is dropped");
	tap_is_int((long long)pcb_report_summary(r)->counted, 2 * 5000,
		   "each identity is counted once per round");
	pcb_report_destroy(r);
	return tap_done();
}
