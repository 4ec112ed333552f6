/*
 * pcb_reconcile.h: Tencent's push statistics beside what the logs hold, per
 * Beijing day, command, task, push (offline or online), vendor and stage,
 * and the loss figures per ErrCode. Which of our events a figure of
 * Tencent's counts is an inference from the field names (Tencent states
 * none): TotalCount the PushStage 1 events, SentCount those with ErrCode 0,
 * DeliveredCount and ClickCount the PushStage 2 and 3 events with ErrCode
 * 0; a ReadyToSendLoss or PostSendDeliveredLoss ErrCode the failed PushStage
 * 1 or 2 events with that ErrCode.
 *
 * Rows come in from both sides in any order (pcb_rc_add_tencent,
 * pcb_rc_add_logged); pcb_rc_finish() puts the two numbers of a key in one
 * row and works out what is missing and extra.
 */
#ifndef PCB_RECONCILE_H
#define PCB_RECONCILE_H

#include <stdint.h>
#include <stdio.h>

#include "pcb_report.h"
#include "pcb_tapi.h"

/* Beijing time, where Tencent's days begin (inferred: STATISTICS-API.md). */
#define PCB_RC_UTC_OFFSET (8 * 3600)
/* A row's vendor when it is every vendor (an online push, a loss block without PushPlatform). */
#define PCB_RC_VENDOR_ALL (-1)
/* How far back Tencent keeps statistics, and loss figures, in days before today (STATISTICS-API.md). */
#define PCB_RC_STATS_DAYS 30
#define PCB_RC_LOSS_DAYS 7
/* The days compared when neither bound is given: the last complete ones. */
#define PCB_RC_DEFAULT_DAYS 7
/* Yesterday is partial until this hour, Beijing time (inferred: Tencent's figures may still grow). */
#define PCB_RC_PARTIAL_UNTIL_HOUR 12
/* Rows kept, at most: days times tasks times vendors times stages, and losses. */
#define PCB_RC_ROWS_MAX (4 * 1024 * 1024)

enum pcb_rc_push { PCB_RC_OFFLINE, PCB_RC_ONLINE, PCB_RC_ANY };

struct pcb_rc_row {
	int64_t day;  /* the Beijing day's start in its wall-clock seconds (as pcb_report's periods) */
	unsigned cmd; /* index in pcb_commands */
	char task[PCB_TAPI_TASK_BYTES];
	enum pcb_rc_push push;
	int64_t vendor; /* PushPlatform, or PCB_RC_VENDOR_ALL */
	enum pcb_tapi_stage stage;
	int64_t errcode; /* the loss stages' ErrCode; 0 for the counts */
	uint64_t tencent, logged;
	uint64_t missing, extra; /* set by pcb_rc_finish */
	int partial;             /* a day whose figures Tencent may still change */
};

struct pcb_rc {
	struct pcb_rc_row *rows;
	size_t n, cap;
	int64_t partial_from; /* days from this one on are partial */
};

/* What the rows of complete days come to; the partial days' missing apart. */
struct pcb_rc_summary {
	unsigned days;    /* days compared (the caller's) */
	uint64_t tencent; /* callbacks Tencent counted: total + delivered + clicked rows */
	uint64_t missing; /* of them, not in the logs */
	uint64_t extra;   /* in the logs beyond Tencent's */
	uint64_t partial_missing;
	int over_tolerance; /* a count row of a complete day misses more than the tolerance */
};

/* The days of a run, each the Beijing midnight in wall-clock seconds (as pcb_rc_row.day). */
struct pcb_rc_days {
	int64_t from, to;     /* the first and last day compared */
	int64_t loss_from;    /* the first day Tencent has loss figures for */
	int64_t partial_from; /* the first partial day: yesterday before 12:00 Beijing time, else today */
};

/*
 * The days for --from [from] and --to [to] (YYYY-MM-DD; NULL when not
 * given: the last PCB_RC_DEFAULT_DAYS complete days, or that span from or to
 * the bound given) at [now] (Unix seconds) into [d]. Returns 0, or -1 with a
 * one-line message in [err]: not a day, from after to, a day to come, or
 * further back than PCB_RC_STATS_DAYS.
 */
int pcb_rc_days(int64_t now, const char *from, const char *to, struct pcb_rc_days *d, char *err,
		size_t errlen);

/* An empty table whose days from [partial_from] (wall-clock seconds, as pcb_rc_row.day) are partial. */
void pcb_rc_init(struct pcb_rc *rc, int64_t partial_from);

/* Frees the rows of [rc]; NULL is a no-op. */
void pcb_rc_free(struct pcb_rc *rc);

/*
 * Adds the figures of answer [a] for [day] of command [cmd] (index in
 * pcb_commands). Returns 0, or -1 when out of memory or past PCB_RC_ROWS_MAX.
 */
int pcb_rc_add_tencent(struct pcb_rc *rc, int64_t day, unsigned cmd, const struct pcb_tapi_answer *a);

/*
 * Adds the counts of report [r] (grouped PCB_BY_TASKID_VENDOR_DAY in
 * Beijing time) and, for the days from [loss_from] on, its failed events by
 * ErrCode. Returns 0, or -1 as pcb_rc_add_tencent().
 */
int pcb_rc_add_logged(struct pcb_rc *rc, struct pcb_report *r, int64_t loss_from);

/*
 * Puts each key's two numbers in one row, sorted, with missing and extra.
 * Returns 0, or -1 with errno ERANGE when a key's sum is beyond INT64_MAX
 * (Tencent's answers are then not believable).
 */
int pcb_rc_finish(struct pcb_rc *rc);

/*
 * The summary of a finished [rc] over [days] days: a count row is over
 * [tolerance] percent when missing * 100 > tolerance * tencent.
 */
void pcb_rc_summarize(const struct pcb_rc *rc, unsigned days, double tolerance, struct pcb_rc_summary *s);

/*
 * A finished copy of [rc] into [out] (initialised here) with the tasks
 * folded: tencent, logged, missing and extra summed over the TaskIDs of a
 * day, command, push, vendor and stage. Returns 0, or -1 on ENOMEM or
 * ERANGE (a sum beyond INT64_MAX; [out] is then to be freed).
 */
int pcb_rc_fold_tasks(const struct pcb_rc *rc, struct pcb_rc *out);

/* Whether a row is a loss (by ErrCode) rather than a count. */
int pcb_rc_is_loss(const struct pcb_rc_row *row);

/* The names shown: "total"..., "ready_to_send", "post_send_delivered"; "offline", "online", "all". */
const char *pcb_rc_stage_name(enum pcb_tapi_stage s);
const char *pcb_rc_push_name(enum pcb_rc_push p);
/* A vendor as pushcb-report names it, "all", or its number into [buf]. */
const char *pcb_rc_vendor_name(int64_t vendor, char buf[24]);

enum pcb_rc_format { PCB_RC_TEXT, PCB_RC_TSV, PCB_RC_JSON, PCB_RC_OPENMETRICS };

/*
 * Writes the finished [rc] and its summary [s] in [fmt]. Returns 0, or -1
 * when out of memory or the write failed (errno set).
 */
int pcb_rc_write(FILE *out, enum pcb_rc_format fmt, const struct pcb_rc *rc, const struct pcb_rc_summary *s);

#endif
