/*
 * pcb_report.h: the push-result report's counting: which lines count, the
 * funnel per group, the duplicate window, the error codes.
 *
 * Lines come in one at a time with the column positions of their file
 * (pcb_report_bind); memory grows with the number of groups, of distinct
 * error keys (capped) and the duplicate window, never with the input.
 *
 * Every value read from a line is used only where its arithmetic cannot
 * overflow: a line whose EventTime lies outside [PCB_REPORT_TIME_MIN,
 * PCB_REPORT_TIME_MAX] is malformed, whatever the grouping and the zone
 * (within it every zone's wall-clock time has a calendar day). Counters only
 * ever add one per line, so none exceeds summary.lines.
 */
#ifndef PCB_REPORT_H
#define PCB_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "pcb_caltime.h"
#include "pcb_dedup.h"
#include "pcb_hist.h"
#include "pcb_latency.h"
#include "pcb_reject_reason.h"
#include "pcb_logread.h"
#include "pcb_schema.h"
#include "pcb_tz.h"

/*
 * Duplicate window: default and ceiling, in events remembered. The window
 * keeps each identity whole (command, PushStage, PushID or TaskId and
 * To_Account as escaped in the log) and compares it byte for byte; a hash
 * only places it in the table. Memory per entry: 16 bytes in the ring, 16 to
 * 32 in the table (8-byte slots, at most half full), and a block of 17 bytes
 * plus the identity's, with the allocator's overhead: about 100 bytes for a
 * 20-byte PushID and a 10-byte To_Account.
 */
#define PCB_REPORT_DEDUP_DEFAULT 1000000
#define PCB_REPORT_DEDUP_MAX PCB_DEDUP_WINDOW_MAX
/*
 * Identity bytes the window keeps, on average per entry: a window of N holds
 * at most N times this (or one longer identity alone). Past it the oldest
 * identities are forgotten sooner: a copy of one is counted again, never dropped.
 */
#define PCB_REPORT_IDENT_BYTES_AVG 256
/*
 * Match window of --latency: default and ceiling, in identities waiting for
 * their other stages (pcb_latency.h). Memory per entry: the duplicate
 * window's, plus 48 bytes of what the identity has seen.
 */
#define PCB_REPORT_MATCH_DEFAULT 1000000
#define PCB_REPORT_MATCH_MAX PCB_DEDUP_WINDOW_MAX
/* Distinct (vendor, stage, ErrCode, ErrInfo) keys kept; errors past it are only counted. */
#define PCB_REPORT_ERRKEYS_MAX 100000
/*
 * ErrInfo bytes (escaped, as in the log) all the error keys keep together;
 * a new key past it is only counted, as past PCB_REPORT_ERRKEYS_MAX. One
 * ErrInfo is at most PCB_MAX_FIELD_BYTES unescaped (push_callback refuses
 * longer fields: a longer one is malformed), so at most
 * PCB_LOG_MAX_GROWTH times that escaped.
 */
#define PCB_REPORT_ERRINFO_BYTES_MAX (16 * 1024 * 1024)
/*
 * The EventTimes a line may have: within them, the wall-clock time of every
 * zone (at most PCB_TZ_OFFSET_MAX away) has a calendar day and an hour, so
 * whether a line is malformed never depends on --tz.
 */
#define PCB_REPORT_TIME_MIN (PCB_CALTIME_MIN + PCB_TZ_OFFSET_MAX)
#define PCB_REPORT_TIME_MAX (INT64_MAX - PCB_TZ_OFFSET_MAX)
/* Groups kept; the most any grouping of real logs needs is far below. */
#define PCB_REPORT_GROUPS_MAX (16 * 1024 * 1024)
/*
 * Points of the trend kept: (command, hour) pairs, enough for a year and
 * more of hours of both commands. A point is a struct pcb_report_group (about
 * 100 bytes) and 8 bytes of its table: 3.5 MiB at most. Events whose point did
 * not fit are only counted (pcb_report_trend).
 */
#define PCB_REPORT_TREND_MAX (32 * 1024)
/* Top error rows: default and ceiling. */
#define PCB_REPORT_TOP_DEFAULT 10
#define PCB_REPORT_TOP_MAX 10000

/*
 * A command is its index in pcb_commands (pcb_schema.h), whose tables say
 * all the report needs of it; the commands a report reads are bits of
 * pcb_report_opts.commands.
 */
#define PCB_CMD_BIT(c) (1u << (c))
_Static_assert(PCB_MAX_COMMANDS <= 32, "pcb_report_opts.commands holds a bit per command");

/* How events are grouped. Every grouping but TASKID also splits by command. */
enum pcb_report_by {
	PCB_BY_VENDOR,
	PCB_BY_VENDOR_HOUR,
	PCB_BY_VENDOR_DAY,
	PCB_BY_TASKID, /* the commands with a task field (pcb_command.task) only */
	/*
	 * pushcb-reconcile's: by day and vendor, and by task for the commands
	 * with one; the errors are then also kept apart by command, online and day.
	 */
	PCB_BY_TASKID_VENDOR_DAY
};

struct pcb_report_opts {
	enum pcb_report_by by;
	unsigned commands; /* PCB_CMD_BIT()s */
	int has_from, has_to;
	int64_t from, to;        /* EventTime in [from, to), Unix seconds */
	const struct pcb_tz *tz; /* the zone of the hours and days (kept by the caller); NULL: UTC */
	size_t dedup_window;     /* 0: no duplicate detection */
	int latency;             /* measure the spans (pcb_latency.h) */
	size_t match_window;     /* with latency: identities held for matching, 1 to PCB_REPORT_MATCH_MAX */
};

/* The funnel of one group. */
struct pcb_report_counts {
	uint64_t sent;           /* PushStage 1, ErrCode 0 */
	uint64_t send_failed;    /* PushStage 1, ErrCode != 0 */
	uint64_t delivered;      /* PushStage 2, ErrCode 0 */
	uint64_t deliver_failed; /* PushStage 2, ErrCode != 0 */
	uint64_t clicked;        /* PushStage 3, whatever ErrCode */
	uint64_t click_failed;   /* PushStage 3, ErrCode != 0 (also in clicked) */
	uint64_t other_stage;    /* any other PushStage */
};

struct pcb_report_group {
	uint64_t hash;
	unsigned cmd;     /* index in pcb_commands */
	int online;       /* online pushes (pcb_command.online_vendor), apart from offline ones */
	int64_t platform; /* PushPlatform, or an online push's vendor field; 0 with PCB_BY_TASKID */
	int64_t period;   /* start of the hour or day in opts.tz's wall-clock seconds; 0 when not by time */
	char *taskid;     /* escaped as in the log; NULL unless PCB_BY_TASKID */
	size_t taskid_len;
	struct pcb_report_counts n;
	struct pcb_hist *lat; /* with latency: PCB_NSPANS histograms, by enum pcb_span; else NULL */
};

struct pcb_report_error {
	uint64_t hash;
	unsigned cmd;   /* with PCB_BY_TASKID_VENDOR_DAY; else 0 */
	int online;     /* with PCB_BY_TASKID_VENDOR_DAY; else 0 */
	int64_t period; /* with PCB_BY_TASKID_VENDOR_DAY: the event's day; else 0 */
	int64_t platform, stage, errcode;
	char *errinfo; /* escaped as in the log */
	size_t errinfo_len;
	uint64_t count;
};

/* Everything the report says about its input. The caller fills the files_* counts. */
struct pcb_report_summary {
	uint64_t files_read;      /* events files read to their end */
	uint64_t files_skipped;   /* reject files */
	uint64_t files_failed;    /* unreadable, no header, missing columns, read errors */
	uint64_t lines;           /* event lines seen (headers excluded) */
	uint64_t malformed;       /* wrong field count, bad integer, bad escape, too long, cut, raw
				     CR or NUL, long ErrInfo, EventTime out of PCB_REPORT_TIME_* */
	uint64_t other_command;   /* events of a command not asked for */
	uint64_t torn;            /* the part of a line whose write did not finish (a "#torn"
				     line follows it): left by a batch never acknowledged */
	uint64_t outside_period;  /* EventTime outside [from, to) */
	uint64_t duplicates;      /* dropped: the same whole identity seen within the window */
	uint64_t no_identity;     /* empty identity (PushID, TaskId) or To_Account: counted, never
				     deduplicated */
	uint64_t counted;         /* events in the funnel */
	uint64_t errors_unlisted; /* failed events past PCB_REPORT_ERRKEYS_MAX or _ERRINFO_BYTES_MAX */
	uint64_t unmatched;       /* with latency: delivered or clicked events whose earlier stage the
				     match window never met (set by pcb_report_finish) */
	uint64_t reject_files;    /* reject files read for their reasons (pcb_report_add_reject) */
	uint64_t fallback_lines;  /* event lines read from push_callback's fallback directory */
	struct pcb_reject_counts rejects; /* their lines by command and reason, RecvTime in the period */
};

/* The columns a file's lines are read by. */
struct pcb_report_cols {
	unsigned cmd; /* index in pcb_commands */
	size_t ncols;
	/*
	 * The most fields an event line may have: ncols, or one more when the
	 * header has no PCB_LOG_UNKNOWN_COLUMN (a file a writer older than that
	 * column began, and a newer one continued in the same period: its lines
	 * carry the column the header does not name).
	 */
	size_t ncols_max;
	int event_time, platform, stage, errcode, errinfo, to_account, id;
	int task;                      /* the command's task column, or -1 */
	int created;                   /* the command's creation time column (pcb_command.created), or -1 */
	int event_type, online_vendor; /* EventType and pcb_command.online_vendor's column, or -1 */
	int command, index, reason;    /* a reject file's CallbackCommand, Index and Reason columns
					  (event_time: its RecvTime) */
};

enum pcb_report_bind_status {
	PCB_BIND_OK,
	PCB_BIND_REJECTS,  /* a reject file (it has a Reason column); its columns are bound too
			      unless one is missing (then command is -1) */
	PCB_BIND_MISSING,  /* a required column is missing; *missing names it */
	PCB_BIND_AMBIGUOUS /* no command's identity column (PushID, TaskId), or several */
};

/*
 * Finds the columns the report needs in header [h]: the command is the one
 * whose identity column (pcb_command.identity: PushID for Push.OfflinePush,
 * TaskId for Push.AllMemberPush) the header names. ErrInfo may be absent.
 * On PCB_BIND_MISSING, [*missing] names the column.
 */
enum pcb_report_bind_status pcb_report_bind(const struct pcb_lr_header *h, struct pcb_report_cols *c,
					    const char **missing);

/* What pcb_report_add() did with a line. */
enum pcb_report_line {
	PCB_LINE_COUNTED,
	PCB_LINE_DUPLICATE,
	PCB_LINE_SKIPPED, /* other command or outside the period */
	PCB_LINE_MALFORMED,
	PCB_LINE_TORN, /* the part of a line whose write did not finish: not an event */
	PCB_LINE_NOMEM /* out of memory or a PCB_REPORT_GROUPS_MAX groups: stop */
};

struct pcb_report;

/* A new, empty report for [o] (copied). Returns NULL on ENOMEM. */
struct pcb_report *pcb_report_new(const struct pcb_report_opts *o);

/* Frees [r]; NULL is a no-op. */
void pcb_report_destroy(struct pcb_report *r);

/* What a line is, before the counting (pcb_report_parse). */
enum pcb_report_verdict {
	PCB_EV_EVENT,         /* an event to count (or to drop as a duplicate) */
	PCB_EV_OTHER_COMMAND, /* of a command not asked for */
	PCB_EV_OUTSIDE,       /* EventTime outside [from, to) */
	PCB_EV_MALFORMED
};

/* One event line, its fields found and checked (pcb_report_parse); it points into the line. */
struct pcb_report_event {
	enum pcb_report_verdict verdict;
	unsigned cmd; /* the file's command (pcb_report_cols.cmd) */
	int64_t when, platform, stage, errcode;
	int64_t period; /* the start of its --by period in opts.tz's wall-clock seconds; 0 when not by time */
	int64_t hour;   /* the start of its hour in opts.tz's wall-clock seconds: its point of the trend */
	int64_t created; /* with latency and has_created: MsgTime or TaskTime */
	int has_created; /* created is a number (any, negative too) */
	int online;      /* an online push: platform is its vendor field's */
	struct pcb_lr_field id, to;
	struct pcb_lr_field info; /* p NULL without an ErrInfo column */
	struct pcb_lr_field task; /* p NULL unless by task */
	uint64_t ident_hash;      /* with an identity: its hash in the duplicate window */
	uint64_t lat_hash;        /* with an identity and latency: its push's in the match window */
};

/*
 * Reads the event [line], [len] bytes, of a file with columns [c] into [e]
 * for a report with options [o], without any report's state: it may run on
 * any thread, for any line, in any order (with a zone whose offset function
 * may). [e] points into [line] and holds its verdict; fields of a line that
 * is not PCB_EV_EVENT may be unset.
 */
void pcb_report_parse(const struct pcb_report_opts *o, const struct pcb_report_cols *c, const char *line,
		      size_t len, struct pcb_report_event *e);

/*
 * Counts the event [e] read by pcb_report_parse with [r]'s options (its
 * line still there): what pcb_report_add does after the parse. Events must
 * come in the order of their lines: the windows depend on it.
 */
enum pcb_report_line pcb_report_add_event(struct pcb_report *r, const struct pcb_report_event *e);

/*
 * Fetches into the cache what counting [e] will look at in [r]'s windows:
 * called some events ahead of pcb_report_add_event, it hides the memory's
 * latency. It changes nothing.
 */
void pcb_report_prefetch(const struct pcb_report *r, const struct pcb_report_event *e);

/* Counts the event [line], [len] bytes, of a file with columns [c]: pcb_report_parse, pcb_report_add_event. */
enum pcb_report_line pcb_report_add(struct pcb_report *r, const struct pcb_report_cols *c, const char *line,
				    size_t len);

/*
 * Counts what pcb_lr_next() returned with status [st] (not EOF or ERROR): a
 * line is added (pcb_report_add), a torn line counted as torn, a line too
 * long or cut short by the end of the file as malformed.
 */
enum pcb_report_line pcb_report_add_read(struct pcb_report *r, const struct pcb_report_cols *c,
					 enum pcb_lr_status st, const char *line, size_t len);

/*
 * Counts the reject line of what pcb_lr_next() returned with status [st] (not
 * EOF or ERROR) of a file bound as PCB_BIND_REJECTS with [c] into the
 * summary's rejects, by command and reason (pcb_reject_reason), when its
 * RecvTime is within the period (else as outside_period); a torn
 * line as torn; a line without the columns, too long or cut short as
 * malformed (neither is an event line).
 */
enum pcb_report_line pcb_report_add_reject(struct pcb_report *r, const struct pcb_report_cols *c,
					   enum pcb_lr_status st, const char *line, size_t len);

/*
 * Ends the input: with latency, the identities still waiting are counted
 * unmatched. The writers (pcb_report_out.h) call it; calling it again does nothing more.
 */
void pcb_report_finish(struct pcb_report *r);

/* The summary, which the caller may update (files_*). */
struct pcb_report_summary *pcb_report_summary(struct pcb_report *r);

/* The options the report was made with. */
const struct pcb_report_opts *pcb_report_opts(const struct pcb_report *r);

/*
 * The groups, sorted by command, offline before online, vendor number,
 * period, then TaskId bytes.
 * Returns their number and sets [*out] to an array owned by [r], valid until
 * the next pcb_report_add() or pcb_report_destroy(); NULL on ENOMEM.
 */
size_t pcb_report_groups(struct pcb_report *r, const struct pcb_report_group *const **out);

/*
 * The [top] most frequent error keys, sorted by count (descending), then
 * vendor, stage, ErrCode and ErrInfo bytes. Same ownership as groups.
 */
size_t pcb_report_errors(struct pcb_report *r, size_t top, const struct pcb_report_error *const **out);

/*
 * The trend: every counted event is also counted into the point of its
 * command and hour in opts.tz (the start of the hour in its wall-clock
 * seconds, as --by vendor,hour's periods), whatever the grouping (platform
 * 0, period the hour, no TaskId). Returns the points, sorted by command then hour, as
 * pcb_report_groups() does (and replacing its view), and sets [*unlisted] to
 * the events counted in no point (past PCB_REPORT_TREND_MAX); NULL on ENOMEM.
 */
size_t pcb_report_trend(struct pcb_report *r, const struct pcb_report_group *const **out, uint64_t *unlisted);

/* The name of vendor [platform] ("APNs"...), or NULL for a number without one. */
const char *pcb_report_vendor_name(int64_t platform);

/* The commands whose task --by taskid groups by (pcb_command.task), as PCB_CMD_BIT()s. */
unsigned pcb_report_task_commands(void);

/*
 * Writes [t] as the period of grouping [by]: YYYY-MM-DD or YYYY-MM-DDTHH; ""
 * when not by time. Returns 0, or -1 when [t] is before PCB_CALTIME_MIN
 * ([buf] is then "").
 */
int pcb_report_format_period(int64_t t, enum pcb_report_by by, char buf[PCB_CALTIME_BYTES]);

#endif
