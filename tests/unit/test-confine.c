/*
 * test-confine: each mode of push_callback, confined by pcb_confine, still
 * does its whole job with the real library code: a worker takes batches
 * into hourly, size-capped, fsync'd logs across periods and a SIGHUP reopen,
 * with rejects; --housekeep compresses closed periods; --metrics reads the
 * counters; --check-config looks at the directory. And a confined worker
 * cannot read /etc/passwd, and dies of SIGSYS on a socket, setuid, mount or
 * fork. Each case runs in a child.
 */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pcb_confine.h"
#include "pcb_handler.h"
#include "pcb_housekeep.h"
#include "pcb_metrics.h"
#include "pcb_sandbox.h"
#include "tap.h"

#define NOW 1764072000 /* 2025-11-25T12:00:00Z */
#define HOUR 3600
#define Q "SdkAppid=1400000000&CallbackCommand=Push.OfflinePush&contenttype=json"
#define EVENT                                                                                                \
	"{\"CallbackCommand\":\"Push.OfflinePush\",\"EventType\":1,\"EventTime\":1,\"From_Account\":\"a\","  \
	"\"To_Account\":\"b\",\"PushPlatform\":1,\"PushStage\":1,\"MsgKey\":\"k\",\"MsgSeq\":1,\"MsgTime\":" \
	"1,\"PushID\":\"p\",\"ErrCode\":0}"
#define BATCH "{\"Events\":[" EVENT "," EVENT "]}"
#define REJECTED "{\"Events\":[{\"MsgSeq\":\"x\"}]}"

static char logdir[4096];
static struct pcb_config cfg;

static const char *env_none(const char *name)
{
	(void)name;
	return NULL;
}

/* One request through the handler, the whole policy. Returns its error. */
static enum pcb_err post(struct pcb_handler *h, const char *body, int64_t now)
{
	char cl[32];
	struct pcb_request r = { "POST", Q, cl, "192.0.2.1" };
	size_t want = 0;
	enum pcb_err err;

	snprintf(cl, sizeof(cl), "%zu", strlen(body));
	err = pcb_handler_head(h, &r, now, &want);
	if (err != PCB_OK)
		return err;
	char *copy = strdup(body);
	err = copy == NULL ? PCB_ERR_NO_MEMORY : pcb_handler_body(h, copy, strlen(copy), 0);
	pcb_handler_count(h, err);
	free(copy);
	return err;
}

/* A worker's life, confined: batches across three hours and segments, a reopen, a reject. */
static int worker(void)
{
	static struct pcb_handler h;
	char path[4200], err[256];

	if (pcb_handler_init(&h, &cfg) < 0)
		return 100;
	snprintf(path, sizeof(path), "%s/%s", logdir, PCB_METRICS_FILE);
	if (pcb_metrics_open(&h.metrics, path, 1, NOW, err, sizeof(err)) < 0)
		return 101;
	if (pcb_confine(&cfg, PCB_CONFINE_WORKER, 0) < 0)
		return 102;
	for (int i = 0; i < 30; i++) {
		if (i == 15)
			pcb_handler_reopen(&h); /* SIGHUP */
		if (post(&h, BATCH, NOW + (i / 10) * HOUR) != PCB_OK)
			return 1 + i;
	}
	if (post(&h, REJECTED, NOW + 2 * HOUR) != PCB_OK)
		return 50;
	pcb_handler_free(&h);
	return 0;
}

/*
 * A confined worker whose log directory is not there (gone before it was
 * confined) writes the batch to its fallback directory, which the sandbox
 * lets it write beneath.
 */
static int worker_falls_back(void)
{
	static struct pcb_handler h;
	struct pcb_config fb = cfg;
	char err[256];

	if (pcb_config_set(&fb, "PUSHCB_LOG_DIR", tap_tmppath("gone"), "test", err, sizeof(err)) < 0 ||
	    pcb_config_set(&fb, "PUSHCB_FALLBACK_DIR", tap_tmppath("spare"), "test", err, sizeof(err)) < 0 ||
	    pcb_handler_init(&h, &fb) < 0)
		return 100;
	if (pcb_confine(&fb, PCB_CONFINE_WORKER, 0) < 0)
		return 102;
	if (post(&h, BATCH, NOW) != PCB_OK)
		return 1;
	pcb_handler_free(&h);
	return 0;
}

static int worker_reads_passwd(void)
{
	if (pcb_confine(&cfg, PCB_CONFINE_WORKER, 0) < 0)
		return 102;
	return open("/etc/passwd", O_RDONLY | O_CLOEXEC) < 0 ? errno : 0;
}

static int worker_opens_socket(void)
{
	if (pcb_confine(&cfg, PCB_CONFINE_WORKER, 0) < 0)
		return 102;
	return socket(AF_INET, SOCK_DGRAM, 0) < 0 ? errno : 0;
}

/* What else an exploit would try next, each of which must kill a confined worker. */
static int worker_tries(int what)
{
	if (pcb_confine(&cfg, PCB_CONFINE_WORKER, 0) < 0)
		return 102;
	switch (what) {
	case 0:
		return setuid(0) < 0 ? errno : 0;
	case 1:
		return mount("none", logdir, "tmpfs", 0, NULL) < 0 ? errno : 0;
	default:
		return fork() < 0 ? errno : 0;
	}
}

static int worker_setuid(void)
{
	return worker_tries(0);
}

static int worker_mount(void)
{
	return worker_tries(1);
}

static int worker_fork(void)
{
	return worker_tries(2);
}

static int housekeeper(void)
{
	struct pcb_hk_counts counts;

	/* What it did goes to stdout: not into the TAP. */
	if (freopen("/dev/null", "w", stdout) == NULL)
		return 103;
	if (pcb_confine(&cfg, PCB_CONFINE_HOUSEKEEP, 0) < 0)
		return 102;
	if (pcb_hk_run(logdir, NOW + 3 * 24 * HOUR, 0, &counts) < 0)
		return 1;
	fflush(stdout);
	return counts.compressed > 0 && counts.failed == 0 ? 0 : 2;
}

static int metrics_reader(void)
{
	struct pcb_metrics m;
	char path[4200], err[256];

	if (pcb_confine(&cfg, PCB_CONFINE_METRICS, 0) < 0)
		return 102;
	snprintf(path, sizeof(path), "%s/%s", logdir, PCB_METRICS_FILE);
	if (pcb_metrics_open(&m, path, 0, 0, err, sizeof(err)) < 0)
		return 1;
	pcb_metrics_close(&m);
	return 0;
}

static int checker(void)
{
	struct stat st;

	if (pcb_confine(&cfg, PCB_CONFINE_CHECK, 0) < 0)
		return 102;
	return stat(logdir, &st) == 0 && access(logdir, W_OK | X_OK) == 0 ? 0 : errno;
}

/* Runs [body] in a child. Returns its exit status, or minus the signal that ended it. */
static int in_child(int (*body)(void))
{
	pid_t pid;
	int status;

	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return -1000;
	if (pid == 0)
		_exit(body());
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1000;
	return WIFSIGNALED(status) ? -WTERMSIG(status) : WEXITSTATUS(status);
}

static int count_files(const char *suffix)
{
	char cmd[4400];
	FILE *p;
	int n = -1;

	snprintf(cmd, sizeof(cmd), "ls '%s' | grep -c '%s$'", logdir, suffix);
	p = popen(cmd, "r");
	if (p == NULL || fscanf(p, "%d", &n) != 1)
		n = -1;
	if (p != NULL)
		pclose(p);
	return n;
}

int main(void)
{
	char conf[8192], err[256];
	int abi = pcb_sandbox_landlock_abi();

	if (!pcb_sandbox_built()) {
		printf("1..0 # SKIP built without the sandbox\n");
		return 0;
	}
	tap_plan(14);
	snprintf(logdir, sizeof(logdir), "%s/logs", tap_tmpdir());
	if (mkdir(logdir, 0750) < 0)
		return 1;
	snprintf(
	    conf, sizeof(conf),
	    "PUSHCB_SDKAPPID=1400000000\nPUSHCB_LOG_DIR=%s\nPUSHCB_ROTATE=hourly\nPUSHCB_MAX_BYTES=1500\n"
	    "PUSHCB_FSYNC=1\n",
	    logdir);
	if (pcb_config_load(&cfg, conf, strlen(conf), "test.conf", env_none, err, sizeof(err)) < 0) {
		tap_diag("%s", err);
		return 1;
	}

	tap_is_int(in_child(worker), 0,
		   "a confined worker logs 30 batches over 3 hours, a reopen and a reject");
	tap_ok(count_files(".tsv") >= 6, "in hourly, size-capped files (%d)", count_files(".tsv"));
	tap_is_int(count_files("reject-offlinepush-.*tsv"), 1, "and its reject log");
	tap_is_int(in_child(worker_opens_socket), -SIGSYS, "a confined worker's socket kills it (SIGSYS)");
	tap_is_int(in_child(worker_setuid), -SIGSYS, "so does setuid");
	tap_is_int(in_child(worker_mount), -SIGSYS, "so does mount");
	tap_is_int(in_child(worker_fork), -SIGSYS, "so does fork");
	if (abi > 0)
		tap_is_int(in_child(worker_reads_passwd), EACCES,
			   "a confined worker cannot read /etc/passwd");
	else
		tap_ok(1, "# SKIP the kernel has no Landlock");
	tap_is_int(in_child(housekeeper), 0, "a confined --housekeep compresses the closed periods");
	tap_ok(count_files(".tsv.gz") >= 2, "into .tsv.gz files (%d)", count_files(".tsv.gz"));
	tap_is_int(in_child(metrics_reader), 0, "a confined --metrics reads the counters");
	tap_is_int(in_child(checker), 0, "a confined --check-config looks at the log directory");
	if (mkdir(tap_tmppath("spare"), 0750) < 0)
		return 1;
	tap_is_int(in_child(worker_falls_back), 0,
		   "a confined worker without its log directory writes the batch to the fallback directory");
	struct stat st;
	char fbfile[4200];
	snprintf(fbfile, sizeof(fbfile), "%s/offlinepush-2025-11-25T12.0000.tsv", tap_tmppath("spare"));
	tap_ok(stat(fbfile, &st) == 0 && st.st_size > 0, "where the batch is (%s)", fbfile);
	return tap_done();
}
