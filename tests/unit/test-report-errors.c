/* test-report-errors: error keys (vendor, stage, ErrCode, ErrInfo), their order and the top N. */
#include <config.h>

#include <stdlib.h>

#include "pcb_limits.h"
#include "report-lines.h"

/* Feeds an error event whose ErrInfo is [len] bytes (10 or more): [fill], ending in [id] in decimal. */
static enum pcb_report_line add_long(struct pcb_report *r, const struct pcb_report_cols *c, size_t len,
				     char fill, unsigned id)
{
	static char line[3 * PCB_MAX_FIELD_BYTES];
	int head = snprintf(line, sizeof(line), "%lld\t3\t1\t80100003\t", RL_T13);
	size_t n = (size_t)head;
	char idtext[11];
	int tail;

	memset(line + n, fill, len);
	n += len;
	snprintf(idtext, sizeof(idtext), "%010u", id);
	memcpy(line + n - 10, idtext, 10); /* len is at least 10 */
	tail = snprintf(line + n, sizeof(line) - n, "\tu%u\tp%u", id, id);
	return pcb_report_add(r, c, line, n + (size_t)tail);
}

/* The error keys' memory: ErrInfo at most PCB_MAX_FIELD_BYTES, all of them at most a budget. */
static void bounded_keys(void)
{
	struct pcb_report_cols c;
	struct pcb_report *r = rl_new(PCB_BY_VENDOR, 0);
	const struct pcb_report_error *const *e;
	size_t n, keys = PCB_REPORT_ERRINFO_BYTES_MAX / PCB_MAX_FIELD_BYTES;
	int all = 1;

	rl_bind(&c);
	tap_is_int(
	    add_long(r, &c, PCB_MAX_FIELD_BYTES + 1, 'x', 0), PCB_LINE_MALFORMED,
	    "an ErrInfo one byte over PCB_MAX_FIELD_BYTES is malformed (push_callback never writes it)");
	tap_is_int(add_long(r, &c, PCB_MAX_FIELD_BYTES, 'x', 0), PCB_LINE_COUNTED,
		   "one of PCB_MAX_FIELD_BYTES is counted");
	for (unsigned i = 1; i < keys + 10; i++)
		all &= add_long(r, &c, PCB_MAX_FIELD_BYTES, 'y', i) == PCB_LINE_COUNTED;
	tap_ok(all, "distinct long ErrInfos past the byte budget are all counted");
	n = pcb_report_errors(r, PCB_REPORT_TOP_MAX, &e);
	tap_ok(n == keys, "but their keys stop at PCB_REPORT_ERRINFO_BYTES_MAX (%zu keys)", n);
	tap_ok(pcb_report_summary(r)->errors_unlisted >= 10, "the rest are errors_unlisted (%llu)",
	       (unsigned long long)pcb_report_summary(r)->errors_unlisted);
	tap_is_int(add_long(r, &c, PCB_MAX_FIELD_BYTES, 'x', 0), PCB_LINE_COUNTED,
		   "a key kept before the budget ran out still counts");
	n = pcb_report_errors(r, 1, &e);
	tap_ok(n == 1 && e[0]->count == 2, "into its own row");
	pcb_report_destroy(r);
}

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
	bounded_keys();
	return tap_done();
}
