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
#include <pthread.h>
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
#include "pcb_readfile.h"
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
/* The most threads -j takes. */
#define JOBS_MAX 256
/*
 * Chunks (pcb_readfile.h) a reading thread may have read of its file ahead of
 * the counting; the threads read at most their number + 1 files ahead, so
 * (threads + 1) * QUEUE_CHUNKS + threads chunks at most are held.
 */
#define QUEUE_CHUNKS 2
/*
 * Threads reading ahead at most, whatever -j: the counting, on one thread,
 * is the slower part, and more threads hold more chunks.
 */
#define READ_THREADS_MAX 4

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
    "  -j, --jobs N           N threads read files ahead of the counting\n"
    "                         (default: the online CPUs; the output is the same)\n"
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
	size_t jobs; /* -j: threads, the counting one included */
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
 * The same through each thread's span of one offset (pcb_tz_span): the C
 * library is asked again only past a clock change, so a named zone costs
 * about what a fixed offset does. _Thread_local: -j's threads parse at once.
 */
static int64_t tz_cached_offset(void *ctx, int64_t t)
{
	static _Thread_local int64_t lo = 0, hi = 0, off = 0; /* lo == hi: none yet */

	if (t >= lo && t < hi)
		return off;
	off = pcb_tz_span(tz_libc_offset, ctx, t, &lo, &hi);
	return off;
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
	if (pcb_tz_named(z, name, tz_cached_offset, NULL) != 0 || setenv("TZ", name, 1) != 0)
		return -1;
	tzset();
	return 0;
}

/* -j's default: the online CPUs, within 1 to JOBS_MAX. */
static size_t default_jobs(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > JOBS_MAX ? JOBS_MAX : (size_t)n;
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
		if (pcb_report_format_parse(arg, &o->format) == 0)
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
	case 'j':
		if (parse_size(arg, 1, JOBS_MAX, &o->jobs) == 0)
			return 0;
		pcb_diag("--jobs: '%s' is not a number from 1 to %d", arg, JOBS_MAX);
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
		{ "jobs", required_argument, NULL, 'j' },
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
	o->jobs = default_jobs();
	while ((c = getopt_long(argc, argv, "b:f:t:c:F:n:w:Lm:z:j:qhV", longopts, NULL)) != -1) {
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

/* A file to read and count: its reading (on a thread of the pool, or in turn) and its chunks read ahead. */
struct job {
	struct pcb_rf_file rf;
	struct pcb_rf_chunk *head, *tail; /* read, not counted yet */
	size_t queued;
	int nomem; /* no chunk to read into */
	int done;  /* read to its end: rf.res is final */
};

/*
 * The threads that read and parse files ahead of the counting, each its next
 * file in reading order, at most QUEUE_CHUNKS chunks ahead of the counting
 * per file; the main thread counts every file's lines in reading order.
 */
struct pool {
	pthread_mutex_t mu;
	pthread_cond_t ready; /* a chunk, or a file's end, for the counting */
	pthread_cond_t room;  /* a chunk counted, or stop */
	struct job *jobs;
	size_t njobs, next;         /* next: the next job a thread takes */
	size_t counting;            /* the job being counted: threads read at most nthreads + 1 files ahead */
	struct pcb_rf_chunk *spare; /* counted chunks, to read into again */
	int stop;
	pthread_t *threads;
	size_t nthreads;
};

/* A chunk to read into: a spare one or a new one. NULL on ENOMEM. Call with p->mu held. */
static struct pcb_rf_chunk *pool_chunk(struct pool *p)
{
	struct pcb_rf_chunk *c = p->spare;

	if (c == NULL)
		return pcb_rf_chunk_new();
	p->spare = c->next;
	c->next = NULL;
	return c;
}

/* Reads the file of job [j] into its queue, waiting while QUEUE_CHUNKS wait already. */
static void pool_read(struct pool *p, struct job *j)
{
	int more = pcb_rf_open(&j->rf);

	while (more) {
		struct pcb_rf_chunk *c;

		pthread_mutex_lock(&p->mu);
		c = pool_chunk(p);
		pthread_mutex_unlock(&p->mu);
		if (c == NULL) {
			j->nomem = 1;
			break;
		}
		more = pcb_rf_fill(&j->rf, c);
		pthread_mutex_lock(&p->mu);
		while (j->queued >= QUEUE_CHUNKS && !p->stop)
			pthread_cond_wait(&p->room, &p->mu);
		if (j->tail != NULL)
			j->tail->next = c;
		else
			j->head = c;
		j->tail = c;
		j->queued++;
		pthread_cond_broadcast(&p->ready);
		if (p->stop)
			more = 0;
		pthread_mutex_unlock(&p->mu);
	}
}

static void *pool_thread(void *arg)
{
	struct pool *p = arg;

	pthread_mutex_lock(&p->mu);
	while (!p->stop && p->next < p->njobs) {
		struct job *j;

		/* Files read ahead hold chunks: so many and no more, whatever their sizes. */
		if (p->next > p->counting + p->nthreads) {
			pthread_cond_wait(&p->room, &p->mu);
			continue;
		}
		j = &p->jobs[p->next++];
		pthread_mutex_unlock(&p->mu);
		pool_read(p, j);
		pthread_mutex_lock(&p->mu);
		j->done = 1;
		pthread_cond_broadcast(&p->ready);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

/* Starts [n] reading threads over [p]'s jobs. Returns 0, or -1 (said why; none left running). */
static int pool_start(struct pool *p, size_t n)
{
	int err;

	p->threads = calloc(n > 0 ? n : 1, sizeof(*p->threads));
	if (p->threads == NULL) {
		pcb_diag("out of memory for %zu threads", n);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		err = pthread_create(&p->threads[i], NULL, pool_thread, p);
		if (err != 0) {
			pcb_diag("cannot start a reading thread: %s", strerror(err));
			return -1;
		}
		p->nthreads++;
	}
	return 0;
}

/* Stops and joins [p]'s threads, and frees its chunks. */
static void pool_stop(struct pool *p)
{
	pthread_mutex_lock(&p->mu);
	p->stop = 1;
	pthread_cond_broadcast(&p->room);
	pthread_mutex_unlock(&p->mu);
	for (size_t i = 0; i < p->nthreads; i++)
		pthread_join(p->threads[i], NULL);
	free(p->threads);
	for (size_t i = 0; i < p->njobs; i++) {
		while (p->jobs[i].head != NULL) {
			struct pcb_rf_chunk *c = p->jobs[i].head;

			p->jobs[i].head = c->next;
			pcb_rf_chunk_free(c);
		}
		pcb_rf_close(&p->jobs[i].rf);
	}
	while (p->spare != NULL) {
		struct pcb_rf_chunk *c = p->spare;

		p->spare = c->next;
		pcb_rf_chunk_free(c);
	}
}

/*
 * The next chunk of job [j] to count, or NULL at the end of its file. With
 * threads, waits for them; without, reads it now into [*mine].
 */
static struct pcb_rf_chunk *next_chunk(struct pool *p, struct job *j, struct pcb_rf_chunk **mine, int *opened)
{
	struct pcb_rf_chunk *c = NULL;

	if (p->nthreads == 0) {
		if (!*opened) {
			*opened = 1;
			if (!pcb_rf_open(&j->rf)) {
				j->done = 1;
				return NULL;
			}
		}
		if (j->done)
			return NULL;
		if (*mine == NULL && (*mine = pcb_rf_chunk_new()) == NULL) {
			j->nomem = j->done = 1;
			return NULL;
		}
		j->done = !pcb_rf_fill(&j->rf, *mine);
		return *mine;
	}
	pthread_mutex_lock(&p->mu);
	while (j->head == NULL && !j->done)
		pthread_cond_wait(&p->ready, &p->mu);
	if (j->head != NULL) {
		c = j->head;
		j->head = c->next;
		if (j->head == NULL)
			j->tail = NULL;
		j->queued--;
		pthread_cond_broadcast(&p->room);
	}
	pthread_mutex_unlock(&p->mu);
	return c;
}

/* Gives counted chunk [c] back to [p] (without threads it is reused as it is). */
static void done_chunk(struct pool *p, struct pcb_rf_chunk *c)
{
	if (p->nthreads == 0)
		return;
	pthread_mutex_lock(&p->mu);
	c->next = p->spare;
	p->spare = c;
	pthread_mutex_unlock(&p->mu);
}

/* What counting a chunk found. */
struct file_count {
	uint64_t malformed, first_bad;
	int nomem; /* at line first_nomem */
	uint64_t nomem_line;
};

/* Counts the lines of chunk [c] of file [f] into [r]. Returns 0, or -1 out of memory. */
static int count_chunk(struct pcb_report *r, const struct pcb_rf_file *f, const struct pcb_rf_chunk *c,
		       struct progress *pg, struct file_count *fc)
{
	const struct pcb_report_summary *sum = pcb_report_summary(r);

	for (size_t i = 0; i < c->n; i++) {
		const struct pcb_rf_line *l = &c->lines[i];
		enum pcb_report_line lr;

		/* The windows' slots of a later event, fetched while this one counts. */
		if (i + PCB_DEDUP_PREFETCH_AHEAD < c->n && !f->is_rejects &&
		    c->lines[i + PCB_DEDUP_PREFETCH_AHEAD].st == PCB_LR_LINE)
			pcb_report_prefetch(r, &c->lines[i + PCB_DEDUP_PREFETCH_AHEAD].ev);

		if (f->is_rejects)
			lr = pcb_report_add_reject(r, &f->cols, l->st, l->p, l->len);
		else if (l->st == PCB_LR_LINE)
			lr = pcb_report_add_event(r, &l->ev);
		else
			lr = pcb_report_add_read(r, &f->cols, l->st, l->p, l->len);
		if (lr == PCB_LINE_NOMEM) {
			fc->nomem_line = l->lineno;
			return -1;
		}
		if (lr == PCB_LINE_MALFORMED && fc->malformed++ == 0)
			fc->first_bad = l->lineno;
		if (pg->on && (sum->lines & PROGRESS_LINES_MASK) == 0)
			progress_show(pg, sum->lines);
	}
	return 0;
}

/* Says the notes of [f] and what counting it found. */
static void say_file(const struct pcb_rf_file *f, const struct file_count *fc, struct progress *pg)
{
	const char *p = f->notes != NULL ? f->notes : "";

	progress_clear(pg);
	while (*p != '\0') {
		const char *nl = strchr(p, '\n');

		pcb_diag("%.*s", (int)(nl - p), p);
		p = nl + 1;
	}
	if (fc->malformed > 0)
		pcb_diag("%s: %llu malformed line%s (the first is line %llu)", f->opened,
			 (unsigned long long)fc->malformed, fc->malformed == 1 ? "" : "s",
			 (unsigned long long)fc->first_bad);
	if (f->twin_differs != 0 && (f->res == PCB_RF_READ || f->res == PCB_RF_REJECTS))
		pcb_diag("%s and %s differ from line %llu: only the second was read (join them by hand)",
			 f->twin, f->opened, (unsigned long long)f->twin_differs);
}

/*
 * Counts job [j] into [r], its chunks as they come. Returns its result:
 * PCB_RF_FATAL out of memory (said).
 */
static enum pcb_rf_result count_job(struct pcb_report *r, struct pool *p, struct job *j, struct progress *pg)
{
	struct file_count fc = { 0 };
	struct pcb_rf_chunk *c, *mine = NULL;
	int opened = 0, nomem = 0;

	while (!nomem && (c = next_chunk(p, j, &mine, &opened)) != NULL) {
		nomem = count_chunk(r, &j->rf, c, pg, &fc) != 0;
		done_chunk(p, c);
	}
	pcb_rf_chunk_free(mine);
	say_file(&j->rf, &fc, pg);
	if (nomem) {
		pcb_diag("%s: out of memory at line %llu", j->rf.opened, (unsigned long long)fc.nomem_line);
		return PCB_RF_FATAL;
	}
	if (j->nomem) {
		pcb_diag("%s: out of memory", j->rf.opened);
		return PCB_RF_FATAL;
	}
	return j->rf.res;
}

/* Whether the twin (pcb_rf_twin_path) of the log file [path] exists: [path] was housekept since it was named. */
static int twin_exists(const char *path)
{
	char *twin = pcb_rf_twin_path(path);
	struct stat st;
	int there = twin != NULL && stat(twin, &st) == 0 && !S_ISDIR(st.st_mode);

	free(twin);
	return there;
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
		int gone = stat(operands[i], &st) != 0, err = errno;

		/* A file named, then compressed (or the reverse): pcb_readfile opens its twin. */
		if (gone && !twin_exists(operands[i])) {
			pcb_diag("%s: %s", operands[i], strerror(err));
			failed++;
		} else if (!gone && S_ISDIR(st.st_mode)) {
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

/*
 * Confines the report (pcb_report_confine) to reading the files of [p] and
 * their directories: a file housekeeping compresses or restores after the
 * listing is read by its other name (pcb_readfile), which is not there yet
 * to be named. Returns 0, or -1 after a message.
 */
static int confine(const struct paths *p)
{
	char **v = calloc(2 * p->n + 1, sizeof(*v));
	size_t n = 0, ndirs = 0;
	int rc = -1;

	if (v == NULL) {
		pcb_diag("out of memory");
		return -1;
	}
	for (size_t i = 0; i < p->n; i++) {
		const char *slash = strrchr(p->v[i], '/');
		size_t len = slash == NULL ? 1 : slash == p->v[i] ? 1 : (size_t)(slash - p->v[i]);
		char *dir = malloc(len + 1);
		int seen = 0;

		if (dir == NULL) {
			pcb_diag("out of memory");
			goto out;
		}
		memcpy(dir, slash == NULL ? "." : p->v[i], len);
		dir[len] = '\0';
		for (size_t d = 0; d < ndirs && !seen; d++)
			seen = strcmp(v[d], dir) == 0;
		if (seen)
			free(dir);
		else
			v[ndirs++] = dir;
	}
	n = ndirs;
	for (size_t i = 0; i < p->n; i++)
		v[n++] = p->v[i];
	rc = pcb_report_confine(v, n);
out:
	for (size_t d = 0; d < ndirs; d++)
		free(v[d]);
	free(v);
	return rc;
}

/*
 * Makes [p]'s jobs of the [n] files [v] in reading order for options [o]: a
 * NAME.tsv listed just before its NAME.tsv.gz is the twin of the .gz job.
 * Returns 0, or -1 on ENOMEM.
 */
static int make_jobs(struct pool *p, char **v, size_t n, const struct options *o, const char *identities)
{
	p->jobs = calloc(n > 0 ? n : 1, sizeof(*p->jobs));
	if (p->jobs == NULL)
		return -1;
	for (size_t i = 0; i < n; i++) {
		struct pcb_rf_file *f = &p->jobs[p->njobs++].rf;

		/* NAME.tsv and NAME.tsv.gz both (sorted together): the same lines, read once, from the .gz. */
		if (i + 1 < n && pcb_rf_is_twin(v[i], v[i + 1])) {
			f->twin = v[i];
			i++;
		}
		f->path = v[i];
		/* Reject files only for -F openmetrics's rejected events by reason. */
		f->rejects = o->format == PCB_FMT_OPENMETRICS;
		f->opts = &o->report;
		f->identities = identities;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct options o;
	struct paths paths = { 0 };
	struct pool pool = { .mu = PTHREAD_MUTEX_INITIALIZER,
			     .ready = PTHREAD_COND_INITIALIZER,
			     .room = PTHREAD_COND_INITIALIZER };
	struct pcb_report *r = NULL;
	struct pcb_report_summary *sum;
	struct progress pg = { 0 };
	const char *example_reject = NULL;
	char identities[COMMAND_NAMES_MAX];
	uint64_t events_files = 0;
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
	list_commands(PCB_CMD_BIT(pcb_ncommands) - 1, 1, ", ", identities, sizeof(identities));
	if (make_jobs(&pool, paths.v, paths.n, &o, identities) != 0) {
		pcb_diag("out of memory");
		goto out;
	}
	/* Confined before the threads start: they are its children, confined alike. */
	if (confine(&paths) < 0)
		goto out;
	/* -j N: N - 1 threads read ahead, this one counts; -j 1: this one does both in turn. */
	if (pool_start(&pool, o.jobs - 1 < READ_THREADS_MAX ? o.jobs - 1 : READ_THREADS_MAX) != 0)
		goto out;
	pg.on = !o.quiet && isatty(STDERR_FILENO);
	pg.files = pool.njobs;
	for (size_t i = 0; i < pool.njobs; i++) {
		struct pcb_rf_file *f = &pool.jobs[i].rf;
		enum pcb_rf_result res;
		uint64_t lines_before = sum->lines;

		pg.file = i + 1;
		pthread_mutex_lock(&pool.mu);
		pool.counting = i;
		pthread_cond_broadcast(&pool.room);
		pthread_mutex_unlock(&pool.mu);
		res = count_job(r, &pool, &pool.jobs[i], &pg);
		if (res == PCB_RF_FATAL)
			goto out;
		events_files += f->had_events;
		sum->files_failed += f->twin_differs != 0 && (res == PCB_RF_READ || res == PCB_RF_REJECTS);
		if (res == PCB_RF_SKIPPED && example_reject == NULL)
			example_reject = f->path;
		sum->files_read += res == PCB_RF_READ;
		sum->reject_files += res == PCB_RF_REJECTS;
		sum->files_skipped += res == PCB_RF_SKIPPED;
		sum->files_failed += res == PCB_RF_FAILED;
		if (in_dir(f->path, o.fallback_dir))
			sum->fallback_lines += sum->lines - lines_before;
		/* Read and counted: its descriptor and buffers go (f->path stays, it is paths'). */
		pcb_rf_close(f);
	}
	progress_clear(&pg);
	pg.on = 0;
	if (sum->files_skipped > 0)
		pcb_diag("note: skipped %llu reject file%s (such as %s)",
			 (unsigned long long)sum->files_skipped, sum->files_skipped == 1 ? "" : "s",
			 example_reject);
	if (events_files == 0)
		pcb_diag("no events file was read");
	if (pcb_report_write(stdout, o.format, r, o.top) != 0) {
		pcb_diag("cannot write the report: %s", strerror(errno));
		goto out;
	}
	if (sum->files_failed == 0 && sum->malformed == 0 && sum->files_read > 0)
		status = EXIT_SUCCESS;
out:
	progress_clear(&pg);
	pool_stop(&pool);
	free(pool.jobs);
	pcb_report_destroy(r);
	paths_free(&paths);
	return status;
}
