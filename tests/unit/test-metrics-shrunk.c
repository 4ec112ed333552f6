/*
 * test-metrics-shrunk: a counter file shrunk under the mapping (truncate -s
 * 0) never kills the process that adds to it: the add completes, counting
 * is off until pcb_metrics_check opens the file again (at once, then, while
 * that fails, once every PCB_METRICS_RECHECK_SECONDS), and a SIGBUS that has
 * nothing to do with the counters still ends the process.
 */
#include <config.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pcb_limits.h"
#include "pcb_metrics.h"
#include "tap.h"

#define NOW 1764072000 /* 2025-11-25T12:00:00Z */

static long long file_size(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? (long long)st.st_size : -1;
}

/* Runs [fn] in a child; returns its wait status. */
static int in_child(void (*fn)(const char *), const char *path)
{
	int st = -1;
	pid_t pid = fork();

	if (pid == 0) {
		fn(path);
		_exit(0);
	}
	waitpid(pid, &st, 0);
	return st;
}

/* Maps the file, has it truncated to 0, adds: must not die. */
static void add_after_truncate(const char *path)
{
	struct pcb_metrics m;
	char err[1024];

	if (pcb_metrics_open(&m, path, 1, NOW, err, sizeof(err)) < 0)
		_exit(2);
	if (truncate(path, 0) < 0)
		_exit(3);
	pcb_metrics_add(&m, PCB_M_BATCHES, 1);
	pcb_metrics_close(&m);
}

static void exit_42(int sig)
{
	(void)sig;
	_exit(42);
}

/*
 * With a counter file mapped, a SIGBUS raised elsewhere, SIGBUS's action
 * before the mapping having been [before] (the default, or exit_42).
 */
static void unrelated_sigbus(const char *path, void (*before)(int))
{
	struct pcb_metrics m;
	struct sigaction sa;
	char err[1024];

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = before;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGBUS, &sa, NULL) < 0)
		_exit(3);
	if (pcb_metrics_open(&m, path, 1, NOW, err, sizeof(err)) < 0)
		_exit(2);
	raise(SIGBUS);
}

static void sigbus_default(const char *path)
{
	unrelated_sigbus(path, SIG_DFL);
}

static void sigbus_handled(const char *path)
{
	unrelated_sigbus(path, exit_42);
}

int main(void)
{
	char path[512], err[1024];
	struct pcb_metrics m;
	long long size;
	int st;

	snprintf(path, sizeof(path), "%s", tap_tmppath(PCB_METRICS_FILE));

	st = in_child(add_after_truncate, path);
	tap_ok(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	       "an add to a file truncated to 0 under the mapping completes (status %d, signal %d)",
	       WIFEXITED(st) ? WEXITSTATUS(st) : -1, WIFSIGNALED(st) ? WTERMSIG(st) : 0);
	st = in_child(sigbus_default, path);
	tap_ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGBUS,
	       "a SIGBUS elsewhere still ends the process (signal %d)", WIFSIGNALED(st) ? WTERMSIG(st) : 0);
	st = in_child(sigbus_handled, path);
	tap_ok(WIFEXITED(st) && WEXITSTATUS(st) == 42,
	       "a SIGBUS elsewhere goes to the handler installed before (status %d)",
	       WIFEXITED(st) ? WEXITSTATUS(st) : -1);

	unlink(path);
	tap_is_int(pcb_metrics_open(&m, path, 1, NOW, err, sizeof(err)), 0, "a worker maps the counters");
	size = file_size(path);
	pcb_metrics_add(&m, PCB_M_BATCHES, 5);
	tap_is_int(pcb_metrics_check(&m, NOW), 1, "counting goes to the file");
	tap_is_int(truncate(path, 0), 0, "the file is truncated to 0 under it");
	pcb_metrics_add(&m, PCB_M_BATCHES, 1); /* faults, caught: this process goes on */
	tap_is_int(pcb_metrics_check(&m, NOW + 1), 1, "the next check opens the file again");
	tap_is_int(file_size(path), size, "made anew, of its whole size");
	tap_is_int(pcb_metrics_created(&m), NOW + 1, "at the time of the check");
	pcb_metrics_add(&m, PCB_M_BATCHES, 2);
	tap_is_int(pcb_metrics_get(&m, PCB_M_BATCHES), 2, "counting resumes in it, from zero");

	/* Opening it again fails (a directory at the path): off, tried again later. */
	tap_is_int(truncate(path, 0), 0, "truncated again");
	pcb_metrics_add(&m, PCB_M_BATCHES, 1);
	unlink(path);
	tap_is_int(mkdir(path, 0700), 0, "and a directory put at its path");
	tap_is_int(pcb_metrics_check(&m, NOW + 2), 0, "the check cannot open it: counting is off");
	pcb_metrics_add(&m, PCB_M_BATCHES, 1);
	tap_is_int(pcb_metrics_get(&m, PCB_M_BATCHES), 0, "an add while off counts nowhere");
	rmdir(path);
	tap_is_int(pcb_metrics_check(&m, NOW + 3), 0, "not tried again before PCB_METRICS_RECHECK_SECONDS");
	tap_ok(file_size(path) < 0, "nothing made meanwhile");
	tap_is_int(pcb_metrics_check(&m, NOW + 2 + PCB_METRICS_RECHECK_SECONDS), 1, "then it is made again");
	pcb_metrics_add(&m, PCB_M_BATCHES, 3);
	tap_is_int(pcb_metrics_get(&m, PCB_M_BATCHES), 3, "and counting resumes");

	/* Shrunk by less than a page: no add faults; the size check sees it. */
	tap_is_int(truncate(path, 100), 0, "the file cut to 100 bytes, its header whole");
	pcb_metrics_add(&m, PCB_M_BATCHES, 1);
	tap_is_int(pcb_metrics_check(&m, NOW + 100), 1, "the next check opens it again");
	tap_is_int(file_size(path), size, "replaced by a whole one");
	tap_is_int(pcb_metrics_created(&m), NOW + 100, "made at the time of the check");
	pcb_metrics_add(&m, PCB_M_BATCHES, 4);
	tap_is_int(pcb_metrics_get(&m, PCB_M_BATCHES), 4, "counting resumes in it");
	pcb_metrics_close(&m);
	tap_is_int(pcb_metrics_check(&m, NOW + 1000), 0, "a closed mapping stays closed");

	/* At start, a file of the wrong size: refused by a reader, replaced by a worker. */
	tap_is_int(truncate(path, 100), 0, "cut to 100 bytes again, no one mapping it");
	tap_is_int(pcb_metrics_open(&m, path, 0, NOW, err, sizeof(err)), -1, "a reader refuses it");
	tap_is_int(pcb_metrics_open(&m, path, 1, NOW + 200, err, sizeof(err)), 1, "a worker replaces it");
	tap_is_int(file_size(path), size, "with a whole one");
	pcb_metrics_close(&m);
	return tap_done();
}
