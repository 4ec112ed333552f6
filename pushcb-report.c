/*
 * pushcb-report: the funnel of push results (sent, delivered, clicked) per
 * vendor, period or TaskId, read from push_callback's event logs.
 *
 * This file is the edge: options, finding and ordering the files, the
 * progress line, diagnostics and the exit status. Reading the log format is
 * pcb_logread's, counting pcb_report's, writing pcb_report_out's.
 *
 * Exit status: 0 all input read; 1 some input unreadable, without a header,
 * with malformed lines, or the report could not be written; 2 usage.
 */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "pcb_diag.h"
#include "pcb_logformat.h"
#include "pcb_logread.h"
#include "pcb_report.h"
#include "pcb_report_confine.h"
#include "pcb_report_out.h"

#define PROG "pushcb-report"
#define EXIT_INPUT 1
#define EXIT_USAGE 2
/* Lines between two looks at the clock for the progress line. */
#define PROGRESS_LINES_MASK 0xffff
/* Time between two progress lines, in nanoseconds. */
#define PROGRESS_INTERVAL_NS 250000000LL

static const char usage_text[] =
    "Usage: " PROG " [OPTION]... FILE|DIR...\n"
    "Reports the push funnel (sent, delivered, clicked), reach and click rates\n"
    "and the top error codes from push_callback's event logs. A DIR is read for\n"
    "its *.tsv and *.tsv.gz files (not recursively); gzip files are read as is.\n"
    "\n"
    "  -b, --by GROUPING      vendor (default), vendor,hour, vendor,day or taskid\n"
    "                         (taskid: Push.AllMemberPush by TaskId)\n"
    "  -f, --from TIME        count events with EventTime >= TIME\n"
    "  -t, --to TIME          count events with EventTime < TIME\n"
    "                         TIME is YYYY-MM-DD[THH[:MM[:SS]]][Z], in --tz\n"
    "                         unless it ends in Z (UTC)\n"
    "  -z, --tz ZONE          hours, days and TIMEs in ZONE: UTC (default),\n"
    "                         +HH[:MM], -HH[:MM] or a tz database name such\n"
    "                         as Asia/Shanghai\n"
    "  -c, --command CMD      Push.OfflinePush or Push.AllMemberPush only\n"
    "                         (default: both, reported on separate rows)\n"
    "  -F, --format FORMAT    text (default), tsv, json, html or openmetrics\n"
    "  -n, --top N            error rows to show (default 10, 0 to 10000)\n"
    "  -w, --dedup-window N   distinct events remembered to drop retried\n"
    "                         duplicates (default 1000000, 0 turns it off)\n"
    "  -L, --latency          also the spans created/sent/delivered/clicked:\n"
    "                         count, p50, p90, p99, max in seconds\n"
    "  -m, --match-window N   with --latency, pushes held while their stages\n"
    "                         are matched (default 1000000, 1 to 67108864)\n"
    "      --fallback-dir DIR push_callback's PUSHCB_FALLBACK_DIR: read like a\n"
    "                         DIR, the summary says how many lines came from it\n"
    "  -q, --quiet            no progress line on a terminal\n"
    "  -h, --help             this help\n"
    "  -V, --version          the version\n"
    "\n"
    "Exit status: 0 all input read; 1 some input unreadable or malformed (the\n"
    "report is still written); 2 usage error. See pushcb-report(1).\n";

struct options {
	struct pcb_report_opts report;
	struct pcb_tz tz;     /* report.tz points here */
	int from_utc, to_utc; /* --from, --to ended in Z: UTC whatever --tz */
	enum pcb_report_format format;
	size_t top;
	int quiet;
	const char *fallback_dir; /* --fallback-dir, or NULL */
};

struct progress {
	int on;
	size_t file, files;
	struct timespec last;
};

/*
 * Parses the decimal [s] into [*out] within [min, max]. Returns 0 or -1.
 */
static int parse_size(const char *s, long long min, long long max, size_t *out)
{
	char *end;
	long long v;
	int rc = -1;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < min || v > max)
		goto out;
	*out = (size_t)v;
	rc = 0;
out:
	return rc;
}

static int parse_by(const char *s, enum pcb_report_by *by)
{
	static const enum pcb_report_by all[] = { PCB_BY_VENDOR, PCB_BY_VENDOR_HOUR, PCB_BY_VENDOR_DAY,
						  PCB_BY_TASKID };
	int rc = -1;

	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		if (strcmp(s, pcb_report_by_name(all[i])) == 0) {
			*by = all[i];
			rc = 0;
		}
	}
	return rc;
}

static int parse_command(const char *s, unsigned *commands)
{
	int c = pcb_command_index(s);

	if (c < 0)
		return -1;
	*commands = PCB_CMD_BIT(c);
	return 0;
}

/*
 * Lists the commands in [commands] into [out] (cut to fit), separated by
 * [sep]: their names, or with [identities] their identity columns.
 */
static void list_commands(unsigned commands, int identities, const char *sep, char *out, size_t outlen)
{
	size_t n = 0;

	out[0] = '\0';
	for (size_t c = 0; c < pcb_ncommands && n < outlen; c++) {
		const struct pcb_command *cmd = pcb_commands[c];
		int w;

		if (!(commands & PCB_CMD_BIT(c)))
			continue;
		w = snprintf(out + n, outlen - n, "%s%s", n > 0 ? sep : "",
			     identities ? cmd->identity : cmd->name);
		if (w < 0)
			return;
		n += (size_t)w;
	}
}

static int parse_format(const char *s, enum pcb_report_format *fmt)
{
	static const struct {
		const char *name;
		enum pcb_report_format fmt;
	} all[] = { { "text", PCB_FMT_TEXT },
		    { "tsv", PCB_FMT_TSV },
		    { "json", PCB_FMT_JSON },
		    { "html", PCB_FMT_HTML },
		    { "openmetrics", PCB_FMT_OPENMETRICS } };
	int rc = -1;

	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		if (strcmp(s, all[i].name) == 0) {
			*fmt = all[i].fmt;
			rc = 0;
		}
	}
	return rc;
}

/* Room for a list_commands list. */
#define COMMAND_NAMES_MAX (PCB_MAX_COMMANDS * 64)

/* The offset at [t] of the zone TZ names (tz_named sets it): the C library reads the tz database. */
static int64_t tz_libc_offset(void *ctx, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	(void)ctx;
	if ((int64_t)tt != t || localtime_r(&tt, &tm) == NULL)
		return 0;
	return (int64_t)tm.tm_gmtoff;
}

/*
 * Makes [z] the tz database zone [name] (such as Asia/Shanghai): a relative
 * path of letters, digits and _+-/ to a TZif file under $TZDIR or
 * /usr/share/zoneinfo, which the C library then reads (TZ is set). Returns
 * 0, or -1 when there is no such zone.
 */
static int tz_named(struct pcb_tz *z, const char *name)
{
	const char *dir = getenv("TZDIR");
	char path[PATH_MAX], magic[4];
	FILE *f;
	size_t got;
	int n;

	if (name[0] == '\0' || name[0] == '/' || strstr(name, "..") != NULL ||
	    strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_+-/") !=
		strlen(name))
		return -1;
	n = snprintf(path, sizeof(path), "%s/%s", dir != NULL && dir[0] != '\0' ? dir : "/usr/share/zoneinfo",
		     name);
	if (n < 0 || (size_t)n >= sizeof(path))
		return -1;
	f = fopen(path, "rb");
	if (f == NULL)
		return -1;
	got = fread(magic, 1, sizeof(magic), f);
	fclose(f);
	if (got != sizeof(magic) || memcmp(magic, "TZif", sizeof(magic)) != 0)
		return -1;
	if (pcb_tz_named(z, name, tz_libc_offset, NULL) != 0 || setenv("TZ", name, 1) != 0)
		return -1;
	tzset();
	return 0;
}

/*
 * Applies option [c] with argument [arg] to [o]; sets [*commands_given] for
 * --command. Returns 0, 1 (done: --help, --version) or -1 (said why).
 */
static int parse_option(int c, const char *arg, struct options *o, int *commands_given)
{
	char names[COMMAND_NAMES_MAX];

	switch (c) {
	case 'b':
		if (parse_by(arg, &o->report.by) == 0)
			return 0;
		pcb_diag("--by: '%s' is not vendor, vendor,hour, vendor,day or taskid", arg);
		return -1;
	case 'f':
	case 't':
		if (pcb_caltime_parse(arg, c == 'f' ? &o->report.from : &o->report.to) != 0) {
			pcb_diag("--%s: '%s' is not YYYY-MM-DD[THH[:MM[:SS]]][Z]", c == 'f' ? "from" : "to",
				 arg);
			return -1;
		}
		*(c == 'f' ? &o->report.has_from : &o->report.has_to) = 1;
		*(c == 'f' ? &o->from_utc : &o->to_utc) =
		    arg[0] != '\0' && strchr("Zz", arg[strlen(arg) - 1]) != NULL;
		return 0;
	case 'z':
		if (pcb_tz_fixed(&o->tz, arg) == 0 || tz_named(&o->tz, arg) == 0)
			return 0;
		pcb_diag("--tz: '%s' is not UTC, +HH[:MM], -HH[:MM] or a zone of the tz database", arg);
		return -1;
	case 'c':
		if (parse_command(arg, &o->report.commands) != 0) {
			list_commands(PCB_CMD_BIT(pcb_ncommands) - 1, 0, " or ", names, sizeof(names));
			pcb_diag("--command: '%s' is not %s", arg, names);
			return -1;
		}
		*commands_given = 1;
		return 0;
	case 'F':
		if (parse_format(arg, &o->format) == 0)
			return 0;
		pcb_diag("--format: '%s' is not text, tsv, json, html or openmetrics", arg);
		return -1;
	case 'n':
		if (parse_size(arg, 0, PCB_REPORT_TOP_MAX, &o->top) == 0)
			return 0;
		pcb_diag("--top: '%s' is not a number from 0 to %d", arg, PCB_REPORT_TOP_MAX);
		return -1;
	case 'w':
		if (parse_size(arg, 0, PCB_REPORT_DEDUP_MAX, &o->report.dedup_window) == 0)
			return 0;
		pcb_diag("--dedup-window: '%s' is not a number from 0 to %d", arg, PCB_REPORT_DEDUP_MAX);
		return -1;
	case 'L':
		o->report.latency = 1;
		return 0;
	case 'm':
		if (parse_size(arg, 1, PCB_REPORT_MATCH_MAX, &o->report.match_window) == 0)
			return 0;
		pcb_diag("--match-window: '%s' is not a number from 1 to %d", arg, PCB_REPORT_MATCH_MAX);
		return -1;
	case 'q':
		o->quiet = 1;
		return 0;
	case 'D':
		o->fallback_dir = arg;
		return 0;
	case 'h':
		fputs(usage_text, stdout);
		return 1;
	case 'V':
		printf("%s %s\n", PROG, PACKAGE_VERSION);
		return 1;
	default:
		return -1; /* getopt said why */
	}
}

/* The checks across options, once all are read. Returns 0 or -1 (said why). */
static int check_options(struct options *o, int commands_given)
{
	char names[COMMAND_NAMES_MAX];

	/* Metrics carry no time or TaskId label: one series per command and vendor. */
	if (o->format == PCB_FMT_OPENMETRICS && o->report.by != PCB_BY_VENDOR) {
		pcb_diag("-F openmetrics reports by vendor only (no --by)");
		return -1;
	}
	if (o->report.by == PCB_BY_TASKID) {
		unsigned tasks = pcb_report_task_commands();
		if (commands_given && (o->report.commands & ~tasks) != 0) {
			list_commands(tasks, 0, " or ", names, sizeof(names));
			pcb_diag("--by taskid reads %s only", names);
			return -1;
		}
		if (!commands_given)
			o->report.commands = tasks;
	}
	/* --from and --to without a Z are wall-clock times of the zone. */
	if ((o->report.has_from && !o->from_utc &&
	     pcb_tz_from_local(&o->tz, o->report.from, &o->report.from) != 0) ||
	    (o->report.has_to && !o->to_utc && pcb_tz_from_local(&o->tz, o->report.to, &o->report.to) != 0)) {
		pcb_diag("--from or --to has no instant in --tz %s", o->tz.name);
		return -1;
	}
	if (o->report.has_from && o->report.has_to && o->report.from >= o->report.to) {
		pcb_diag("--from must be before --to");
		return -1;
	}
	return 0;
}

/* Parses the command line into [o]; sets [*first] to the first operand. Returns 0, 1 (done) or -1. */
static int parse_options(int argc, char **argv, struct options *o, int *first)
{
	static const struct option longopts[] = {
		{ "by", required_argument, NULL, 'b' },
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "command", required_argument, NULL, 'c' },
		{ "format", required_argument, NULL, 'F' },
		{ "top", required_argument, NULL, 'n' },
		{ "dedup-window", required_argument, NULL, 'w' },
		{ "latency", no_argument, NULL, 'L' },
		{ "tz", required_argument, NULL, 'z' },
		{ "match-window", required_argument, NULL, 'm' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "fallback-dir", required_argument, NULL, 'D' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int c, commands_given = 0;

	memset(o, 0, sizeof(*o));
	o->report.by = PCB_BY_VENDOR;
	o->report.commands = PCB_CMD_BIT(pcb_ncommands) - 1;
	o->report.dedup_window = PCB_REPORT_DEDUP_DEFAULT;
	o->report.match_window = PCB_REPORT_MATCH_DEFAULT;
	(void)pcb_tz_fixed(&o->tz, "UTC");
	o->report.tz = &o->tz;
	o->format = PCB_FMT_TEXT;
	o->top = PCB_REPORT_TOP_DEFAULT;
	while ((c = getopt_long(argc, argv, "b:f:t:c:F:n:w:Lm:z:qhV", longopts, NULL)) != -1) {
		int rc = parse_option(c, optarg, o, &commands_given);
		if (rc != 0)
			return rc;
	}
	if (check_options(o, commands_given) != 0)
		return -1;
	if (optind >= argc && o->fallback_dir == NULL) {
		pcb_diag("no FILE or DIR given");
		return -1;
	}
	*first = optind;
	return 0;
}

/* The paths to read, in reading order. */
struct paths {
	char **v;
	size_t n, cap;
};

static int paths_add(struct paths *p, const char *dir, const char *name)
{
	size_t len = (dir != NULL ? strlen(dir) + 1 : 0) + strlen(name) + 1;
	char *s = malloc(len);
	int rc = -1;

	if (s == NULL)
		goto out;
	if (dir != NULL)
		snprintf(s, len, "%s/%s", dir, name);
	else
		snprintf(s, len, "%s", name);
	if (p->n == p->cap) {
		size_t cap = p->cap == 0 ? 64 : p->cap * 2;
		char **v = cap <= SIZE_MAX / sizeof(*v) ? realloc(p->v, cap * sizeof(*v)) : NULL;

		if (v == NULL) {
			free(s);
			goto out;
		}
		p->v = v;
		p->cap = cap;
	}
	p->v[p->n++] = s;
	rc = 0;
out:
	return rc;
}

static void paths_free(struct paths *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->v[i]);
	free(p->v);
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash != NULL ? slash + 1 : path;
}

/*
 * Reading order: by file name without ".gz" (which holds the period), then
 * by path, so that the same period's files of several hosts come together and
 * a retried event meets its first copy within the duplicate window.
 */
static int path_order(const void *pa, const void *pb)
{
	const char *a = *(char *const *)pa, *b = *(char *const *)pb;
	const char *ba = base_name(a), *bb = base_name(b);
	size_t la = pcb_log_plain_name_len(ba), lb = pcb_log_plain_name_len(bb);
	int c = strncmp(ba, bb, la < lb ? la : lb);

	if (c == 0)
		c = (la > lb) - (la < lb);
	if (c == 0)
		c = strcmp(a, b);
	return c;
}

/* Adds the log files of directory [dir]. Returns 0, or -1 (reported) when it cannot be read. */
static int add_dir(struct paths *p, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int rc = -1;

	if (d == NULL) {
		pcb_diag("%s: %s", dir, strerror(errno));
		goto out;
	}
	rc = 0;
	while (rc == 0 && (e = readdir(d)) != NULL) {
		if (!pcb_log_is_file_name(e->d_name))
			continue;
		if (paths_add(p, dir, e->d_name) != 0) {
			pcb_diag("out of memory");
			rc = -1;
		}
	}
	closedir(d);
out:
	return rc;
}

static int64_t elapsed_ns(const struct timespec *a, const struct timespec *b)
{
	return (int64_t)(b->tv_sec - a->tv_sec) * 1000000000LL + (b->tv_nsec - a->tv_nsec);
}

static void progress_show(struct progress *pg, uint64_t lines)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (elapsed_ns(&pg->last, &now) < PROGRESS_INTERVAL_NS)
		return;
	pg->last = now;
	fprintf(stderr, "\r" PROG ": file %zu of %zu, %.1fM lines ", pg->file, pg->files,
		(double)lines / 1e6);
}

static void progress_clear(const struct progress *pg)
{
	if (pg->on)
		fprintf(stderr, "\r%60s\r", "");
}

/* What one file came to; FILE_REJECTS: a reject file to read for its reasons. */
enum file_result { FILE_READ, FILE_REJECTS, FILE_SKIPPED, FILE_FAILED, FILE_FATAL };

/* An events file being read: its reader, header and columns. */
struct events_file {
	const char *path;
	struct pcb_lr_file *f;
	struct pcb_lr_header h;
	struct pcb_report_cols cols;
	char *header; /* line 1 as it is, to recognise it repeated */
	size_t header_len;
};

/*
 * Opens [e->path] and reads its header into [e]. Returns FILE_READ when its
 * lines may be read, FILE_REJECTS for a reject file, else why not (said on
 * stderr).
 */
static enum file_result open_events(struct events_file *e)
{
	char names[COMMAND_NAMES_MAX];
	const char *missing = NULL;
	char *line;
	size_t len;
	enum pcb_lr_status st;

	e->f = pcb_lr_open(e->path);
	if (e->f == NULL) {
		pcb_diag("%s: %s", e->path, strerror(errno));
		return FILE_FAILED;
	}
	st = pcb_lr_next(e->f, &line, &len);
	if (st == PCB_LR_ERROR) {
		pcb_diag("%s: %s", e->path, pcb_lr_strerror(e->f));
		return FILE_FAILED;
	}
	if (st != PCB_LR_LINE || pcb_lr_header_parse(&e->h, line, len) != 0) {
		pcb_diag("%s: no " PCB_LOG_FIELDS_TAG " header on line 1: not a push_callback log", e->path);
		return FILE_FAILED;
	}
	/* Kept to recognise the header repeated by an at-least-once shipper (rsyslog). */
	e->header = malloc(len);
	if (e->header == NULL) {
		pcb_diag("%s: out of memory", e->path);
		return FILE_FATAL;
	}
	memcpy(e->header, line, len);
	e->header_len = len;
	switch (pcb_report_bind(&e->h, &e->cols, &missing)) {
	case PCB_BIND_OK:
		return FILE_READ;
	case PCB_BIND_REJECTS:
		if (e->cols.command >= 0)
			return FILE_REJECTS;
		pcb_diag("%s: no CallbackCommand or Index column: not a reject file", e->path);
		return FILE_FAILED;
	case PCB_BIND_MISSING:
		pcb_diag("%s: no %s column: not an events file", e->path, missing);
		return FILE_FAILED;
	case PCB_BIND_AMBIGUOUS:
		break;
	}
	list_commands(PCB_CMD_BIT(pcb_ncommands) - 1, 1, ", ", names, sizeof(names));
	pcb_diag("%s: needs exactly one identity column (%s)", e->path, names);
	return FILE_FAILED;
}

/*
 * Counts the lines of [e] after its header into [r] (a reject file's by
 * reason when [rejects]); the malformed ones into
 * [*malformed], the first of them into [*first_bad]. Returns FILE_READ at
 * the end of the file, FILE_FAILED on a read error, FILE_FATAL out of memory.
 */
static enum file_result read_events(struct pcb_report *r, struct events_file *e, int rejects,
				    struct progress *pg, uint64_t *malformed, uint64_t *first_bad)
{
	const struct pcb_report_summary *sum = pcb_report_summary(r);
	char *line;
	size_t len;

	for (;;) {
		enum pcb_lr_status st = pcb_lr_next(e->f, &line, &len);
		enum pcb_report_line lr;

		if (st == PCB_LR_EOF)
			return FILE_READ;
		if (st == PCB_LR_ERROR) {
			pcb_diag("%s: read error after line %llu: %s", e->path,
				 (unsigned long long)pcb_lr_lineno(e->f), pcb_lr_strerror(e->f));
			return FILE_FAILED;
		}
		/* The file's own header again (a collector that received it twice): not data. */
		if (st == PCB_LR_LINE && len == e->header_len && memcmp(line, e->header, len) == 0)
			continue;
		lr = rejects ? pcb_report_add_reject(r, &e->cols, st, line, len)
			     : pcb_report_add_read(r, &e->cols, st, line, len);
		if (lr == PCB_LINE_NOMEM) {
			pcb_diag("%s: out of memory at line %llu", e->path,
				 (unsigned long long)pcb_lr_lineno(e->f));
			return FILE_FATAL;
		}
		if (lr == PCB_LINE_MALFORMED && (*malformed)++ == 0)
			*first_bad = pcb_lr_lineno(e->f);
		if (pg->on && (sum->lines & PROGRESS_LINES_MASK) == 0)
			progress_show(pg, sum->lines);
	}
}

/*
 * Reads the events file at [path] into [r]; a reject file, by reason, only
 * when [rejects] (else FILE_SKIPPED). Reports its problems on stderr.
 */
static enum file_result read_file(struct pcb_report *r, const char *path, int rejects, struct progress *pg)
{
	struct events_file e = { .path = path };
	uint64_t malformed = 0, first_bad = 0;
	enum file_result res = open_events(&e);

	if (res == FILE_READ) {
		res = read_events(r, &e, 0, pg, &malformed, &first_bad);
	} else if (res == FILE_REJECTS && rejects) {
		res = read_events(r, &e, 1, pg, &malformed, &first_bad);
		if (res == FILE_READ)
			res = FILE_REJECTS;
	} else if (res == FILE_REJECTS) {
		res = FILE_SKIPPED;
	}
	if (malformed > 0) {
		progress_clear(pg);
		pcb_diag("%s: %llu malformed line%s (the first is line %llu)", path,
			 (unsigned long long)malformed, malformed == 1 ? "" : "s",
			 (unsigned long long)first_bad);
	}
	free(e.header);
	pcb_lr_header_clear(&e.h);
	pcb_lr_close(e.f);
	return res;
}

/* Is [path] a file of directory [dir] (NULL: no directory) as add_dir names them? */
static int in_dir(const char *path, const char *dir)
{
	size_t n = dir != NULL ? strlen(dir) : 0;

	return dir != NULL && strncmp(path, dir, n) == 0 && path[n] == '/' &&
	       strchr(path + n + 1, '/') == NULL;
}

/*
 * Collects the operands' files, and those of [fallback_dir] (NULL: none),
 * into [p]. Returns the number of operands that failed.
 */
static size_t collect(struct paths *p, char **operands, int count, const char *fallback_dir)
{
	size_t failed = 0;

	if (fallback_dir != NULL && add_dir(p, fallback_dir) != 0)
		failed++;
	for (int i = 0; i < count; i++) {
		struct stat st;

		if (stat(operands[i], &st) != 0) {
			pcb_diag("%s: %s", operands[i], strerror(errno));
			failed++;
		} else if (S_ISDIR(st.st_mode)) {
			if (add_dir(p, operands[i]) != 0)
				failed++;
		} else if (paths_add(p, NULL, operands[i]) != 0) {
			pcb_diag("out of memory");
			failed++;
		}
	}
	qsort(p->v, p->n, sizeof(*p->v), path_order);
	return failed;
}

int main(int argc, char **argv)
{
	struct options o;
	struct paths paths = { 0 };
	struct pcb_report *r = NULL;
	struct pcb_report_summary *sum;
	struct progress pg = { 0 };
	const char *example_reject = NULL;
	int first, status = EXIT_USAGE, parsed;

	pcb_diag_set_name(PROG);
	parsed = parse_options(argc, argv, &o, &first);
	if (parsed != 0) {
		if (parsed > 0)
			status = EXIT_SUCCESS;
		else
			fputs("Try '" PROG " --help'.\n", stderr);
		goto out;
	}
	status = EXIT_INPUT;
	r = pcb_report_new(&o.report);
	if (r == NULL) {
		pcb_diag("out of memory for a duplicate window of %zu%s", o.report.dedup_window,
			 o.report.latency ? " and a match window" : "");
		goto out;
	}
	sum = pcb_report_summary(r);
	sum->files_failed = collect(&paths, argv + first, argc - first, o.fallback_dir);
	if (pcb_report_confine(paths.v, paths.n) < 0)
		goto out;
	pg.on = !o.quiet && isatty(STDERR_FILENO);
	pg.files = paths.n;
	for (size_t i = 0; i < paths.n; i++) {
		enum file_result res = FILE_SKIPPED;
		uint64_t lines_before = sum->lines;

		pg.file = i + 1;
		/* Reject files only for -F openmetrics's rejected events by reason. */
		if (!pcb_log_is_reject_name(base_name(paths.v[i])) || o.format == PCB_FMT_OPENMETRICS)
			res = read_file(r, paths.v[i], o.format == PCB_FMT_OPENMETRICS, &pg);
		if (res == FILE_FATAL)
			goto out;
		if (res == FILE_SKIPPED && example_reject == NULL)
			example_reject = paths.v[i];
		sum->files_read += res == FILE_READ;
		sum->reject_files += res == FILE_REJECTS;
		sum->files_skipped += res == FILE_SKIPPED;
		sum->files_failed += res == FILE_FAILED;
		if (in_dir(paths.v[i], o.fallback_dir))
			sum->fallback_lines += sum->lines - lines_before;
	}
	progress_clear(&pg);
	pg.on = 0;
	if (sum->files_skipped > 0)
		pcb_diag("note: skipped %llu reject file%s (such as %s)",
			 (unsigned long long)sum->files_skipped, sum->files_skipped == 1 ? "" : "s",
			 example_reject);
	if (sum->files_read == 0)
		pcb_diag("no events file was read");
	if (pcb_report_write(stdout, o.format, r, o.top) != 0) {
		pcb_diag("cannot write the report: %s", strerror(errno));
		goto out;
	}
	if (sum->files_failed == 0 && sum->malformed == 0 && sum->files_read > 0)
		status = EXIT_SUCCESS;
out:
	progress_clear(&pg);
	pcb_report_destroy(r);
	paths_free(&paths);
	return status;
}
