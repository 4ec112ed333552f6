/* test-report-errors: error keys (vendor, stage, ErrCode, ErrInfo), their order and the top N. */
#include <config.h>

#include <stdlib.h>

#include "report-lines.h"

int main(void)
{
	struct pcb_report_cols c;
	struct pcb_report *r = rl_new(PCB_BY_VENDOR, 0);
	const struct pcb_report_error *const *e;
	size_t n;

	rl_bind(&c);
	rl_add(r, &c, RL_T13, 3, 1, 80100003, "token invalid", "u1", "p1");
	rl_add(r, &c, RL_T13, 3, 1, 80100003, "token invalid", "u2", "p1");
	rl_add(r, &c, RL_T13, 3, 1, 80100003, "token expired", "u3", "p1");
	rl_add(r, &c, RL_T13, 3, 2, 80100003, "token invalid", "u4", "p1");
	rl_add(r, &c, RL_T13, 1, 1, 5, "", "u5", "p1");
	rl_add(r, &c, RL_T13, 1, 1, 5, "", "u6", "p1");
	rl_add(r, &c, RL_T13, 1, 1, 0, "OK", "u7", "p1");

	n = pcb_report_errors(r, 10, &e);
	tap_is_int((long long)n, 4, "four distinct error keys; successes are not errors");
	if (n == 4) {
		tap_ok(e[0]->platform == 1 && e[0]->count == 2, "ties on count: lower vendor first");
		tap_ok(e[1]->platform == 3 && e[1]->stage == 1 && e[1]->count == 2,
		       "then the other count of 2");
		tap_is_mem(e[1]->errinfo, e[1]->errinfo_len, "token invalid", 13, "its ErrInfo");
		tap_ok(e[2]->stage == 1 && e[3]->stage == 2, "count 1: stage 1 before stage 2");
		tap_is_mem(e[2]->errinfo, e[2]->errinfo_len, "token expired", 13,
			   "ErrInfo is part of the key");
	}
	n = pcb_report_errors(r, 2, &e);
	tap_is_int((long long)n, 2, "--top cuts the list");
	n = pcb_report_errors(r, 0, &e);
	tap_is_int((long long)n, 0, "--top 0 shows none");
	pcb_report_destroy(r);
	return tap_done();
}
