/*
 * pushcb-reconcile: Tencent's push statistics beside the logs' counts, per
 * Beijing day, command, task, vendor and stage (issue 24). The edge:
 * options, the configuration, reading the logs, the HTTPS calls (libcurl).
 * What is compared and how it is written is lib/reconcile's.
 *
 * Exit status: 0 compared, nothing missing beyond --tolerance on a complete
 * day; 1 something is; 2 usage or configuration; 3 Tencent's API could not
 * be reached or refused the call.
 */
#include <config.h>

#include <curl/curl.h>
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "pcb_config.h"
#include "pcb_diag.h"
#include "pcb_logformat.h"
#include "pcb_readfile.h"
#include "pcb_reconcile.h"
#include "pcb_report.h"
#include "pcb_usersig.h"

#define PROG "pushcb-reconcile"

enum { EXIT_MISSING = 1, EXIT_USAGE = 2, EXIT_API = 3 };

/* The conffile the package installs, read when neither --config nor PUSHCB_CONFIG names one. */
#define RC_DEFAULT_CONFIG "/etc/push_callback.conf"
/* The documented rate: one call per second (per command; we keep it over all of them). */
#define RC_CALL_INTERVAL_NS 1000000000LL
/* After ErrorCode 60007: this many retries, each after this pause. */
#define RC_RATE_RETRIES 3
#define RC_RATE_PAUSE_S 2
/* The UserSig's lifetime (short: a run takes minutes), and how much of it left when it is made again. */
#define RC_USERSIG_LIFETIME 3600
#define RC_USERSIG_MARGIN 300
/* libcurl's timeouts, in seconds: connecting, and a whole call (--timeout, up to the ceiling). */
#define RC_CONNECT_TIMEOUT 10
#define RC_TIMEOUT_DEFAULT 30
#define RC_TIMEOUT_MAX 600
/* A TaskID list per day, at most (each group of 5 is a call a second). */
#define RC_TASKS_PER_DAY_MAX 20000

static const struct {
	const char *name, *host;
} rc_regions[] = {
	{ "china", "console.tim.qq.com" },
	{ "singapore", "adminapisgp.im.qcloud.com" },
	{ "seoul", "adminapikr.im.qcloud.com" },
	{ "frankfurt", "adminapiger.im.qcloud.com" },
	{ "siliconvalley", "adminapiusa.im.qcloud.com" },
	{ "jakarta", "adminapiidn.im.qcloud.com" },
};

struct options {
	const char *config, *from, *to, *api, *region, *cacert, *sdkappid;
	enum pcb_rc_format format;
	double tolerance;
	long timeout;
};

/* The run: what the options and configuration came to. */
struct run {
	struct options o;
	struct pcb_config cfg;
	char base[PCB_TAPI_URL_BYTES]; /* https://HOST or --api */
	const char *appid;
	int64_t from, to;     /* first and last day, Beijing wall-clock seconds of their midnight */
	int64_t loss_from;    /* first day with loss figures */
	int64_t partial_from; /* first partial day */
	int64_t appid_n;      /* appid as a number, for the UserSig */
	CURL *curl;
	struct curl_slist *headers;
	struct timespec last_call;
	int called;
	char usersig[PCB_USERSIG_BYTES];
	int64_t usersig_time;
};

static void usage(FILE *f)
{
	fprintf(f, "Usage: " PROG " [OPTION]... [LOGDIR]...\n"
		   "Compare Tencent's push statistics with the callbacks in the logs, per\n"
		   "Beijing day, command, task, vendor and stage.\n"
		   "\n"
		   "  --config FILE        push_callback's configuration (default: PUSHCB_CONFIG,\n"
		   "                       else " RC_DEFAULT_CONFIG " when it exists)\n"
		   "  --from DAY, --to DAY the days compared, YYYY-MM-DD (default: the last 7\n"
		   "                       complete days; at most 30 days back)\n"
		   "  --region NAME        china (default), singapore, seoul, frankfurt,\n"
		   "                       siliconvalley, jakarta\n"
		   "  --api URL            the API's https:// base instead of the region's host\n"
		   "  --cacert FILE        trust this CA instead of the system's\n"
		   "  --sdkappid ID        the app (default: the first of PUSHCB_SDKAPPID)\n"
		   "  -F FORMAT            text (default), tsv, json, openmetrics\n"
		   "  --tolerance PERCENT  missing callbacks allowed per row (default 0)\n"
		   "  --timeout SECONDS    the longest a call may take (default 30)\n"
		   "  --help, --version\n"
		   "\n"
		   "LOGDIR defaults to PUSHCB_LOG_DIR and PUSHCB_FALLBACK_DIR. Exit status: 0\n"
		   "nothing missing, 1 callbacks missing on a complete day, 2 usage or\n"
		   "configuration, 3 the API failed.\n"
		   "See pushcb-reconcile(1).\n");
}

static int parse_format(const char *s, enum pcb_rc_format *f)
{
	static const char *const names[] = { "text", "tsv", "json", "openmetrics" };

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(s, names[i]) == 0) {
			*f = (enum pcb_rc_format)i;
			return 0;
		}
	pcb_diag("-F %s: not text, tsv, json or openmetrics", s);
	return -1;
}

static int parse_tolerance(const char *s, double *out)
{
	char *end;

	errno = 0;
	*out = strtod(s, &end);
	if (*s == '\0' || *end != '\0' || errno != 0 || !isfinite(*out) || *out < 0 || *out > 100) {
		pcb_diag("--tolerance %s: not a percentage from 0 to 100", s);
		return -1;
	}
	return 0;
}

static int parse_timeout(const char *s, long *out)
{
	char *end;

	errno = 0;
	*out = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || errno != 0 || *out < 1 || *out > RC_TIMEOUT_MAX) {
		pcb_diag("--timeout %s: not a number of seconds from 1 to %d", s, RC_TIMEOUT_MAX);
		return -1;
	}
	return 0;
}

/* Parses the options into [o]; [*first] is the first operand. Returns 0, 1 (done: --help), or -1. */
static int parse_options(int argc, char **argv, struct options *o, int *first)
{
	static const struct option longs[] = {
		{ "config", required_argument, NULL, 'c' },   { "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },       { "api", required_argument, NULL, 'a' },
		{ "region", required_argument, NULL, 'r' },   { "cacert", required_argument, NULL, 'k' },
		{ "sdkappid", required_argument, NULL, 's' }, { "tolerance", required_argument, NULL, 'T' },
		{ "timeout", required_argument, NULL, 'w' },  { "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },        { NULL, 0, NULL, 0 },
	};
	int c;

	memset(o, 0, sizeof(*o));
	o->timeout = RC_TIMEOUT_DEFAULT;
	while ((c = getopt_long(argc, argv, "F:", longs, NULL)) != -1) {
		switch (c) {
		case 'c':
			o->config = optarg;
			break;
		case 'f':
			o->from = optarg;
			break;
		case 't':
			o->to = optarg;
			break;
		case 'a':
			o->api = optarg;
			break;
		case 'r':
			o->region = optarg;
			break;
		case 'k':
			o->cacert = optarg;
			break;
		case 's':
			o->sdkappid = optarg;
			break;
		case 'F':
			if (parse_format(optarg, &o->format) != 0)
				return -1;
			break;
		case 'T':
			if (parse_tolerance(optarg, &o->tolerance) != 0)
				return -1;
			break;
		case 'w':
			if (parse_timeout(optarg, &o->timeout) != 0)
				return -1;
			break;
		case 'h':
			usage(stdout);
			return 1;
		case 'V':
			printf(PROG " (push_callback) " PACKAGE_VERSION "\n");
			return 1;
		default:
			return -1;
		}
	}
	if (o->api != NULL && o->region != NULL) {
		pcb_diag("--api and --region exclude each other");
		return -1;
	}
	*first = optind;
	return 0;
}

/* The file [path] into [buf] of [size] bytes (NUL added). Returns its length, or -1 (errno set). */
static long read_small(const char *path, char *buf, size_t size)
{
	FILE *f = fopen(path, "re");
	size_t n;
	long rc = -1;

	if (f == NULL)
		return -1;
	n = fread(buf, 1, size - 1, f);
	if (ferror(f))
		goto out;
	if (n == size - 1 && fgetc(f) != EOF) {
		errno = EFBIG;
		goto out;
	}
	buf[n] = '\0';
	rc = (long)n;
out:
	fclose(f);
	return rc;
}

/*
 * Wipes PUSHCB_ADMIN_KEY's value where the process's environment holds it
 * (also what /proc/PID/environ shows), then removes it: no child, and no
 * reader of /proc, finds it there after the configuration is read.
 */
static void scrub_key_from_environment(void)
{
	char *v = getenv("PUSHCB_ADMIN_KEY");

	if (v == NULL)
		return;
	memset(v, 'x', strlen(v));
	unsetenv("PUSHCB_ADMIN_KEY");
}

static const char *env_lookup(const char *name)
{
	return getenv(name);
}

/* Loads push_callback's configuration as it does: a file, then the environment. */
static int load_config(struct run *r)
{
	static char text[PCB_MAX_CONFIG_FILE + 1];
	const char *file = r->o.config != NULL ? r->o.config : getenv("PUSHCB_CONFIG");
	int required = file != NULL;
	char err[512];
	long len = -1;

	if (file == NULL)
		file = RC_DEFAULT_CONFIG;
	len = read_small(file, text, sizeof(text));
	if (len < 0 && (required || errno != ENOENT)) {
		pcb_diag("configuration file %s: %s", file, errno == EFBIG ? "too large" : strerror(errno));
		return -1;
	}
	if (pcb_config_load(&r->cfg, len >= 0 ? text : NULL, len >= 0 ? (size_t)len : 0, file, env_lookup,
			    err, sizeof(err)) != 0) {
		pcb_diag("configuration: %s", err);
		return -1;
	}
	scrub_key_from_environment();
	memset(text, 0, sizeof(text));
	if (r->cfg.admin_key[0] == '\0') {
		pcb_diag("configuration: PUSHCB_ADMIN_KEY is not set: the secret key of the app, from the IM "
			 "console (in the configuration file, mode 0600, or the environment)");
		return -1;
	}
	r->appid = r->o.sdkappid;
	if (r->appid == NULL) {
		if (pcb_config_check_appid(&r->cfg, err, sizeof(err)) != 0) {
			pcb_diag("configuration: %s", err);
			return -1;
		}
		r->appid = r->cfg.appids[0];
	}
	errno = 0;
	r->appid_n = (int64_t)strtoll(r->appid, NULL, 10);
	if (r->appid[0] == '\0' || strspn(r->appid, "0123456789") != strlen(r->appid) || errno != 0 ||
	    r->appid_n <= 0) {
		pcb_diag("%s %s: not a decimal SdkAppid",
			 r->o.sdkappid != NULL ? "--sdkappid" : "PUSHCB_SDKAPPID", r->appid);
		return -1;
	}
	return 0;
}

/* The API's base URL: --api (https:// only) or the region's host. */
static int choose_api(struct run *r)
{
	const char *region = r->o.region != NULL ? r->o.region : "china";

	if (r->o.api != NULL) {
		if (strncmp(r->o.api, "https://", 8) != 0 || strlen(r->o.api) >= sizeof(r->base) / 2) {
			pcb_diag("--api %s: not an https:// URL", r->o.api);
			return -1;
		}
		snprintf(r->base, sizeof(r->base), "%s", r->o.api);
		for (size_t len = strlen(r->base); len > 8 && r->base[len - 1] == '/'; len--)
			r->base[len - 1] = '\0';
		return 0;
	}
	for (size_t i = 0; i < sizeof(rc_regions) / sizeof(rc_regions[0]); i++)
		if (strcmp(region, rc_regions[i].name) == 0) {
			snprintf(r->base, sizeof(r->base), "https://%s", rc_regions[i].host);
			return 0;
		}
	pcb_diag("--region %s: not china, singapore, seoul, frankfurt, siliconvalley or jakarta", region);
	return -1;
}

/* The days compared, which have losses and which are partial, from the options and [now]. */
static int choose_days(struct run *r, int64_t now)
{
	struct pcb_rc_days d;
	char err[256];

	if (pcb_rc_days(now, r->o.from, r->o.to, &d, err, sizeof(err)) != 0) {
		pcb_diag("%s", err);
		return -1;
	}
	r->from = d.from;
	r->to = d.to;
	r->loss_from = d.loss_from;
	r->partial_from = d.partial_from;
	return 0;
}

/* ---- Reading the logs: pushcb-report's counting, by Beijing day ---------------------------- */

struct files {
	char **v;
	size_t n, cap;
};

static int files_add(struct files *fs, const char *dir, const char *name)
{
	size_t len = strlen(dir) + strlen(name) + 2;
	char *s = malloc(len);

	if (s == NULL)
		return -1;
	snprintf(s, len, "%s/%s", dir, name);
	if (fs->n == fs->cap) {
		size_t cap = fs->cap == 0 ? 64 : fs->cap * 2;
		char **v = cap <= SIZE_MAX / sizeof(*v) ? realloc(fs->v, cap * sizeof(*v)) : NULL;

		if (v == NULL) {
			free(s);
			return -1;
		}
		fs->v = v;
		fs->cap = cap;
	}
	fs->v[fs->n++] = s;
	return 0;
}

/* The events files of [dir] (not the reject files). Returns 0, or -1 after a message. */
static int files_of(struct files *fs, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int rc = 0;

	if (d == NULL) {
		pcb_diag("%s: %s", dir, strerror(errno));
		return -1;
	}
	while (rc == 0 && (e = readdir(d)) != NULL)
		if (pcb_log_is_file_name(e->d_name) && !pcb_log_is_reject_name(e->d_name) &&
		    files_add(fs, dir, e->d_name) != 0) {
			pcb_diag("out of memory");
			rc = -1;
		}
	closedir(d);
	return rc;
}

/* Period order (the name without ".gz"), then path: retried events meet their first copy in the window. */
static int file_order(const void *pa, const void *pb)
{
	const char *a = *(char *const *)pa, *b = *(char *const *)pb;
	const char *ba = strrchr(a, '/') + 1, *bb = strrchr(b, '/') + 1;
	size_t la = pcb_log_plain_name_len(ba), lb = pcb_log_plain_name_len(bb);
	int c = strncmp(ba, bb, la < lb ? la : lb);

	return c != 0 ? c : la != lb ? (la > lb) - (la < lb) : strcmp(a, b);
}

/* Says the notes pcb_readfile kept of [f]. */
static void say_notes(const struct pcb_rf_file *f)
{
	const char *p = f->notes != NULL ? f->notes : "";

	while (*p != '\0') {
		const char *nl = strchr(p, '\n');

		pcb_diag("%.*s", (int)(nl - p), p);
		p = nl + 1;
	}
}

/*
 * Counts the events of the file at [path] into [rep], parsed by [ro]; [twin]:
 * its plain NAME.tsv listed beside it (the same lines: compared, not
 * counted), or NULL. Returns 0, or -1 after a message.
 */
static int count_file(struct pcb_report *rep, const struct pcb_report_opts *ro, const char *path,
		      const char *twin)
{
	struct pcb_rf_file f = { .path = path, .twin = twin, .opts = ro, .identities = "TaskId" };
	struct pcb_rf_chunk *c = pcb_rf_chunk_new();
	int more, rc = -1;

	if (c == NULL) {
		pcb_diag("out of memory");
		return -1;
	}
	more = pcb_rf_open(&f);
	if (!more && f.res == PCB_RF_SKIPPED)
		pcb_diag("%s: not an events file of push_callback", path);
	while (more) {
		more = pcb_rf_fill(&f, c);
		for (size_t i = 0; i < c->n && f.res != PCB_RF_FATAL; i++) {
			const struct pcb_rf_line *l = &c->lines[i];
			enum pcb_report_line lr =
			    l->st == PCB_LR_LINE ? pcb_report_add_event(rep, &l->ev)
						 : pcb_report_add_read(rep, &f.cols, l->st, l->p, l->len);

			if (lr == PCB_LINE_NOMEM) {
				pcb_diag("%s: out of memory", f.opened);
				goto out;
			}
		}
	}
	if (f.res == PCB_RF_READ) {
		rc = 0;
		if (f.twin_differs != 0)
			pcb_diag("%s and %s differ from line %llu: only the second was counted (join them by "
				 "hand)",
				 f.twin, f.opened, (unsigned long long)f.twin_differs);
	}
out:
	say_notes(&f);
	pcb_rf_close(&f);
	pcb_rf_chunk_free(c);
	return rc;
}

/*
 * Counts every events file of the [n] directories [dirs] into [rep], parsed
 * by [ro]; a NAME.tsv beside its NAME.tsv.gz (a housekeeping run stopped
 * between the two) once, from the .gz. Returns 0, or -1 after a message.
 */
static int count_logs(struct pcb_report *rep, const struct pcb_report_opts *ro, char **dirs, size_t n)
{
	struct files fs = { 0 };
	int rc = 0;

	for (size_t i = 0; i < n && rc == 0; i++)
		rc = files_of(&fs, dirs[i]);
	if (rc == 0 && fs.n > 0)
		qsort(fs.v, fs.n, sizeof(*fs.v), file_order);
	for (size_t i = 0; i < fs.n && rc == 0; i++) {
		const char *twin = NULL;

		if (i + 1 < fs.n && pcb_rf_is_twin(fs.v[i], fs.v[i + 1]))
			twin = fs.v[i++];
		rc = count_file(rep, ro, fs.v[i], twin);
	}
	if (rc == 0 && fs.n == 0)
		pcb_diag("note: no events file in the log directories");
	if (rc == 0 && pcb_report_summary(rep)->malformed > 0)
		pcb_diag("note: %llu malformed lines were not counted (pushcb-report names their files)",
			 (unsigned long long)pcb_report_summary(rep)->malformed);
	for (size_t i = 0; i < fs.n; i++)
		free(fs.v[i]);
	free(fs.v);
	return rc;
}

/* ---- Tencent's API -------------------------------------------------------------------------- */

struct answer {
	char *p;
	size_t len;
};

static size_t on_data(char *data, size_t size, size_t nmemb, void *arg)
{
	struct answer *a = arg;
	size_t n = size * nmemb;
	char *p;

	if (n > PCB_TAPI_ANSWER_MAX - a->len)
		return 0;
	p = realloc(a->p, a->len + n + 1);
	if (p == NULL)
		return 0;
	memcpy(p + a->len, data, n);
	a->p = p;
	a->len += n;
	p[a->len] = '\0';
	return n;
}

/* Which setting to fix after Tencent's ErrorCode [code]; "" when none is known. */
static const char *advice(int64_t code)
{
	switch (code) {
	case 70001:
		return ": the UserSig expired; check this machine's clock";
	case 70003:
	case 70009:
		return ": check PUSHCB_ADMIN_KEY (the app's secret key in the IM console)";
	case 70013:
		return ": check PUSHCB_ADMIN_IDENTIFIER";
	case 70014:
		return ": check PUSHCB_SDKAPPID or --sdkappid";
	case 60010:
	case 90009:
		return ": PUSHCB_ADMIN_IDENTIFIER must name an app administrator";
	case 70016:
	case 70020:
		return ": the key or app is not in this data centre; check --region";
	case 60021:
		return ": this machine's address is not allowed in the IM console";
	}
	return "";
}

/*
 * Waits until a second has passed since the previous call ended (the
 * documented limit). From its end, not its start: Tencent sees a call when it
 * arrives, and the previous one had arrived by the time it was answered.
 */
static void pace(const struct run *r)
{
	struct timespec now, wait;
	int64_t ns;

	if (!r->called)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	ns =
	    (int64_t)(now.tv_sec - r->last_call.tv_sec) * 1000000000LL + (now.tv_nsec - r->last_call.tv_nsec);
	if (ns >= RC_CALL_INTERVAL_NS)
		return;
	wait.tv_sec = 0;
	wait.tv_nsec = (long)(RC_CALL_INTERVAL_NS - ns);
	while (nanosleep(&wait, &wait) != 0 && errno == EINTR)
		;
}

/* A UserSig with time left, made again when it nears expiry. Returns 0, or -1 after a message. */
static int usersig(struct run *r)
{
	int64_t now = (int64_t)time(NULL);

	if (r->usersig[0] != '\0' &&
	    !pcb_usersig_stale(r->usersig_time, RC_USERSIG_LIFETIME, now, RC_USERSIG_MARGIN))
		return 0;
	if (pcb_usersig_make(r->cfg.admin_key, strlen(r->cfg.admin_key), r->cfg.admin_identifier, r->appid_n,
			     now, RC_USERSIG_LIFETIME, r->usersig) != 0) {
		pcb_diag("cannot make a UserSig (check PUSHCB_ADMIN_IDENTIFIER and PUSHCB_ADMIN_KEY)");
		return -1;
	}
	r->usersig_time = now;
	return 0;
}

/* One HTTPS POST of [body] to command [cmd]; the answer into [ans]. Returns 0, or -1 after a message. */
static int post(struct run *r, enum pcb_tapi_cmd cmd, const char *body, struct answer *ans)
{
	char url[PCB_TAPI_URL_BYTES];
	uint32_t random;
	long status = 0;
	CURLcode res;

	if (usersig(r) != 0)
		return -1;
	if (RAND_bytes((unsigned char *)&random, sizeof(random)) != 1 ||
	    pcb_tapi_url(r->base, cmd, r->appid, r->cfg.admin_identifier, r->usersig, random, url) != 0) {
		pcb_diag("%s: cannot make the request URL", pcb_tapi_name(cmd));
		return -1;
	}
	pace(r);
	ans->len = 0;
	curl_easy_setopt(r->curl, CURLOPT_URL, url);
	curl_easy_setopt(r->curl, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(r->curl, CURLOPT_WRITEDATA, ans);
	res = curl_easy_perform(r->curl);
	clock_gettime(CLOCK_MONOTONIC, &r->last_call);
	r->called = 1;
	/* The URL holds the UserSig: it goes no further than this function. */
	memset(url, 0, sizeof(url));
	if (res != CURLE_OK) {
		pcb_diag("%s: %s: %s", pcb_tapi_name(cmd), r->base, curl_easy_strerror(res));
		return -1;
	}
	curl_easy_getinfo(r->curl, CURLINFO_RESPONSE_CODE, &status);
	if (status != 200) {
		pcb_diag("%s: %s answered HTTP status %ld", pcb_tapi_name(cmd), r->base, status);
		return -1;
	}
	return 0;
}

/*
 * Calls [cmd] with [body], which asks about the [ntasks] TaskIDs [tasks]
 * (or NULL), and reads its answer into [a]; ErrorCode 60007
 * (rate limit) is retried after a pause. Returns 0, or -1 after a message
 * naming Tencent's ErrorCode and ErrorInfo.
 */
static int call(struct run *r, enum pcb_tapi_cmd cmd, const char *body, const char *const *tasks,
		size_t ntasks, struct pcb_tapi_answer *a)
{
	struct answer ans = { NULL, 0 };
	char err[256];
	int rc = -1;

	for (int attempt = 0;; attempt++) {
		if (post(r, cmd, body, &ans) != 0)
			goto out;
		if (pcb_tapi_parse(cmd, ans.p != NULL ? ans.p : "", ans.len, tasks, ntasks, a, err,
				   sizeof(err)) != 0) {
			pcb_diag("%s: %s", pcb_tapi_name(cmd), err);
			goto out;
		}
		if (a->error_code != PCB_TAPI_RATE_LIMITED || attempt == RC_RATE_RETRIES)
			break;
		sleep(RC_RATE_PAUSE_S);
	}
	if (a->error_code != 0) {
		pcb_diag("%s: Tencent refused the call: ErrorCode %lld, ErrorInfo \"%s\"%s",
			 pcb_tapi_name(cmd), (long long)a->error_code, a->error_info,
			 a->error_code == PCB_TAPI_RATE_LIMITED ? ": still over the rate limit after retries"
								: advice(a->error_code));
		goto out;
	}
	rc = 0;
out:
	free(ans.p);
	return rc;
}

/* The distinct TaskIDs of [day] in the logs, sorted, into [*tasks]; their number, or -1. */
static long day_tasks(struct pcb_rc *logged, int64_t day, unsigned cmd, const char ***tasks)
{
	const char **v = malloc(RC_TASKS_PER_DAY_MAX * sizeof(*v));
	long n = 0;

	if (v == NULL)
		return -1;
	/* logged is finished: sorted by day, command, task, so each task comes once in a row. */
	for (size_t i = 0; i < logged->n; i++) {
		const struct pcb_rc_row *row = &logged->rows[i];

		if (row->day != day || row->cmd != cmd || row->task[0] == '\0' ||
		    (n > 0 && strcmp(v[n - 1], row->task) == 0))
			continue;
		if (n == RC_TASKS_PER_DAY_MAX) {
			pcb_diag("more than %d TaskIDs on one day: the rest are not asked about",
				 RC_TASKS_PER_DAY_MAX);
			break;
		}
		v[n++] = row->task;
	}
	*tasks = v;
	return n;
}

/* Tencent's figures of command [api] for [day] into [rc]: once, or per group of 5 TaskIDs. */
static int ask(struct run *r, struct pcb_rc *rc, struct pcb_rc *logged, int64_t day, enum pcb_tapi_cmd api,
	       unsigned cmd)
{
	struct pcb_tapi_answer a = { 0 };
	char body[PCB_TAPI_BODY_BYTES];
	int64_t start = day - PCB_RC_UTC_OFFSET;
	const char **tasks = NULL;
	long ntasks = 1;
	int rc_ = -1;

	if (pcb_tapi_has_tasks(api) && (ntasks = day_tasks(logged, day, cmd, &tasks)) < 0) {
		pcb_diag("out of memory");
		return -1;
	}
	for (long i = 0; i < ntasks; i += PCB_TAPI_TASKS_PER_CALL) {
		size_t n =
		    (size_t)(ntasks - i < PCB_TAPI_TASKS_PER_CALL ? ntasks - i : PCB_TAPI_TASKS_PER_CALL);

		if (pcb_tapi_body(api, start, start + PCB_CALTIME_DAY, tasks != NULL ? tasks + i : NULL, n,
				  body) != 0) {
			pcb_diag("%s: cannot make the request body", pcb_tapi_name(api));
			goto out;
		}
		if (call(r, api, body, tasks != NULL ? tasks + i : NULL, n, &a) != 0)
			goto out;
		if (pcb_rc_add_tencent(rc, day, cmd, &a) != 0) {
			pcb_diag("out of memory");
			goto out;
		}
	}
	rc_ = 0;
out:
	free(tasks);
	pcb_tapi_answer_free(&a);
	return rc_;
}

/* Every call for every day into [rc]; [logged] says which TaskIDs each day has. */
static int ask_all(struct run *r, struct pcb_rc *rc, struct pcb_rc *logged)
{
	int offline = pcb_command_index("Push.OfflinePush"), all = pcb_command_index("Push.AllMemberPush");

	if (offline < 0 || all < 0)
		return -1;
	for (int64_t day = r->from; day <= r->to; day += PCB_CALTIME_DAY) {
		int losses = day >= r->loss_from;

		if (ask(r, rc, logged, day, PCB_TAPI_NORMAL_STATS, (unsigned)offline) != 0 ||
		    ask(r, rc, logged, day, PCB_TAPI_ALL_STATS, (unsigned)all) != 0 ||
		    (losses && ask(r, rc, logged, day, PCB_TAPI_NORMAL_LOSS, (unsigned)offline) != 0) ||
		    (losses && ask(r, rc, logged, day, PCB_TAPI_ALL_LOSS, (unsigned)all) != 0))
			return -1;
	}
	return 0;
}

static int setup_curl(struct run *r)
{
	r->curl = curl_easy_init();
	r->headers = curl_slist_append(NULL, "Content-Type: application/json");
	if (r->curl == NULL || r->headers == NULL) {
		pcb_diag("cannot start libcurl");
		return -1;
	}
	if (curl_easy_setopt(r->curl, CURLOPT_PROTOCOLS_STR, "https") != CURLE_OK ||
	    curl_easy_setopt(r->curl, CURLOPT_HTTPHEADER, r->headers) != CURLE_OK ||
	    curl_easy_setopt(r->curl, CURLOPT_WRITEFUNCTION, on_data) != CURLE_OK ||
	    curl_easy_setopt(r->curl, CURLOPT_SSL_VERIFYPEER, 1L) != CURLE_OK ||
	    curl_easy_setopt(r->curl, CURLOPT_SSL_VERIFYHOST, 2L) != CURLE_OK ||
	    curl_easy_setopt(r->curl, CURLOPT_CONNECTTIMEOUT, (long)RC_CONNECT_TIMEOUT) != CURLE_OK ||
	    curl_easy_setopt(r->curl, CURLOPT_TIMEOUT, r->o.timeout) != CURLE_OK ||
	    curl_easy_setopt(r->curl, CURLOPT_NOSIGNAL, 1L) != CURLE_OK ||
	    (r->o.cacert != NULL && curl_easy_setopt(r->curl, CURLOPT_CAINFO, r->o.cacert) != CURLE_OK)) {
		pcb_diag("libcurl refused an option (too old a libcurl?)");
		return -1;
	}
	return 0;
}

/* The report grouped as the comparison needs: per Beijing day, vendor and task. */
static struct pcb_report *new_report(const struct run *r, struct pcb_tz *tz, struct pcb_report_opts *ro)
{
	*ro = (struct pcb_report_opts){ 0 };
	if (pcb_tz_fixed(tz, "+08:00") != 0)
		return NULL;
	ro->by = PCB_BY_TASKID_VENDOR_DAY;
	ro->commands = PCB_CMD_BIT(pcb_ncommands) - 1;
	ro->has_from = ro->has_to = 1;
	ro->from = r->from - PCB_RC_UTC_OFFSET;
	ro->to = r->to + PCB_CALTIME_DAY - PCB_RC_UTC_OFFSET;
	ro->tz = tz;
	ro->dedup_window = PCB_REPORT_DEDUP_DEFAULT;
	return pcb_report_new(ro);
}

/* Reads the options, configuration and days into [r]. Returns 0, or an exit status. */
static int prepare(struct run *r, int argc, char **argv, int *first)
{
	int parsed = parse_options(argc, argv, &r->o, first);

	if (parsed > 0)
		return EXIT_SUCCESS;
	if (parsed < 0) {
		fputs("Try '" PROG " --help'.\n", stderr);
		return EXIT_USAGE;
	}
	if (load_config(r) != 0 || choose_api(r) != 0 || choose_days(r, (int64_t)time(NULL)) != 0)
		return EXIT_USAGE;
	return -1;
}

int main(int argc, char **argv)
{
	static struct run r;
	struct pcb_report *rep = NULL;
	struct pcb_report_opts ro;
	struct pcb_rc logged, rc;
	struct pcb_rc_summary sum;
	struct pcb_tz tz;
	char *default_dir[2];
	size_t ndefault = 1;
	int first, status;

	pcb_diag_set_name(PROG);
	/* PUSHCB_ADMIN_KEY will be in this process's memory: no core file holds it. */
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
		pcb_diag("warning: prctl(PR_SET_DUMPABLE): %s", strerror(errno));
	status = prepare(&r, argc, argv, &first);
	if (status >= 0)
		return status;
	status = EXIT_USAGE;
	pcb_rc_init(&logged, r.partial_from);
	pcb_rc_init(&rc, r.partial_from);
	rep = new_report(&r, &tz, &ro);
	if (rep == NULL) {
		pcb_diag("out of memory");
		goto out;
	}
	/* The events of a batch the log directory could not take are in the fallback directory. */
	default_dir[0] = r.cfg.log_dir;
	if (r.cfg.fallback_dir[0] != '\0')
		default_dir[ndefault++] = r.cfg.fallback_dir;
	if (count_logs(rep, &ro, first < argc ? argv + first : default_dir,
		       first < argc ? (size_t)(argc - first) : ndefault) != 0)
		goto out;
	if (pcb_rc_add_logged(&logged, rep, r.loss_from) != 0 || pcb_rc_finish(&logged) != 0 ||
	    pcb_rc_add_logged(&rc, rep, r.loss_from) != 0) {
		pcb_diag("out of memory");
		goto out;
	}
	status = EXIT_API;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0 || setup_curl(&r) != 0 ||
	    ask_all(&r, &rc, &logged) != 0)
		goto out;
	if (pcb_rc_finish(&rc) != 0) {
		pcb_diag("Tencent's answers: counts of one row add up beyond 2^63-1: not believable");
		goto out;
	}
	status = EXIT_USAGE;
	pcb_rc_summarize(&rc, (unsigned)((r.to - r.from) / PCB_CALTIME_DAY + 1), r.o.tolerance, &sum);
	if (pcb_rc_write(stdout, r.o.format, &rc, &sum) != 0) {
		pcb_diag("cannot write the comparison: %s", strerror(errno));
		goto out;
	}
	status = sum.over_tolerance ? EXIT_MISSING : EXIT_SUCCESS;
out:
	memset(r.cfg.admin_key, 0, sizeof(r.cfg.admin_key));
	if (r.curl != NULL)
		curl_easy_cleanup(r.curl);
	curl_slist_free_all(r.headers);
	curl_global_cleanup();
	pcb_report_destroy(rep);
	pcb_rc_free(&logged);
	pcb_rc_free(&rc);
	return status;
}
