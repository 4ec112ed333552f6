/*
 * report-lines.h: what the report unit tests share: a report over a small
 * Push.OfflinePush column set, and one event line fed to it.
 */
#ifndef REPORT_LINES_H
#define REPORT_LINES_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pcb_logread.h"
#include "pcb_report.h"
#include "tap.h"

#define RL_HEADER "#fields\tEventTime\tPushPlatform\tPushStage\tErrCode\tErrInfo\tTo_Account\tPushID"
/* 2026-11-25T13:00:00Z */
#define RL_T13 1795611600LL

/* Binds [c] to [header]; bails out when it does not bind. */
static inline void rl_bind_header(const char *header, struct pcb_report_cols *c)
{
	struct pcb_lr_header h;
	const char *missing = NULL;

	if (pcb_lr_header_parse(&h, header, strlen(header)) != 0 ||
	    pcb_report_bind(&h, c, &missing) != PCB_BIND_OK) {
		printf("Bail out! %s does not bind\n", header);
		exit(1);
	}
	pcb_lr_header_clear(&h);
}

/* Binds [c] to RL_HEADER. */
static inline void rl_bind(struct pcb_report_cols *c)
{
	rl_bind_header(RL_HEADER, c);
}

/* Feeds one event to [r] and returns what the report did with it. */
static inline enum pcb_report_line rl_add(struct pcb_report *r, const struct pcb_report_cols *c,
					  long long when, int platform, int stage, int err, const char *info,
					  const char *to, const char *pushid)
{
	char line[512];
	int n = snprintf(line, sizeof(line), "%lld\t%d\t%d\t%d\t%s\t%s\t%s", when, platform, stage, err, info,
			 to, pushid);

	return pcb_report_add(r, c, line, (size_t)n);
}

/* The index of the command named [name] (pcb_commands); bails out when there is none. */
static inline unsigned rl_cmd(const char *name)
{
	int i = pcb_command_index(name);

	if (i < 0) {
		printf("Bail out! no command %s\n", name);
		exit(1);
	}
	return (unsigned)i;
}

/* A report with the defaults, grouping [by] and zone [tz] (NULL: UTC); bails out on ENOMEM. */
static inline struct pcb_report *rl_new_tz(enum pcb_report_by by, size_t window, const struct pcb_tz *tz)
{
	struct pcb_report_opts o = {
		.by = by, .dedup_window = window, .tz = tz, .commands = PCB_CMD_BIT(pcb_ncommands) - 1
	};
	struct pcb_report *r = pcb_report_new(&o);

	if (r == NULL) {
		puts("Bail out! pcb_report_new");
		exit(1);
	}
	return r;
}

/* A report of both commands by [by] in UTC, with a duplicate window of [window]. */
static inline struct pcb_report *rl_new(enum pcb_report_by by, size_t window)
{
	return rl_new_tz(by, window, NULL);
}

#endif
