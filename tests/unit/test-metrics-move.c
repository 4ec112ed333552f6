/*
 * test-metrics-move: the counter file where 0.2 kept it (the log directory)
 * is moved to where it now lives, whole, with its mode, and the counts go
 * on; nothing to move is no change; when both exist the newer place's file
 * is kept and the older one removed; a move that cannot be made leaves the
 * older file as it was.
 */
#include <config.h>

#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pcb_metrics.h"
#include "tap.h"

#define NOW 1764072000 /* 2025-11-25T12:00:00Z */

/* Makes the counter file [path] with [n] events logged; returns 0 or -1. */
static int make_counters(const char *path, unsigned n)
{
	struct pcb_metrics m;
	char err[1024];

	if (pcb_metrics_open(&m, path, 1, NOW, err, sizeof(err)) < 0)
		return -1;
	pcb_metrics_add(&m, PCB_M_EVENTS_LOGGED, n);
	pcb_metrics_close(&m);
	return 0;
}

/* The events logged in the counter file [path]; -1 when it cannot be read. */
static long long events_in(const char *path)
{
	struct pcb_metrics m;
	char err[1024];
	long long n;

	if (pcb_metrics_open(&m, path, 0, 0, err, sizeof(err)) < 0)
		return -1;
	n = (long long)pcb_metrics_get(&m, PCB_M_EVENTS_LOGGED);
	pcb_metrics_close(&m);
	return n;
}

/* How many entries [dir] holds besides . and ..; -1 when it cannot be read. */
static int entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (d == NULL)
		return -1;
	while ((e = readdir(d)) != NULL)
		n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	closedir(d);
	return n;
}

int main(void)
{
	char logs[512], state[512], old[600], to[600], err[2048], want[2048];
	struct stat st;

	snprintf(logs, sizeof(logs), "%s", tap_tmppath("logs"));
	snprintf(state, sizeof(state), "%s", tap_tmppath("state"));
	if (mkdir(logs, 0750) < 0 || mkdir(state, 0750) < 0)
		return tap_ok(0, "make the directories"), tap_done();
	snprintf(old, sizeof(old), "%s/%s", logs, PCB_METRICS_FILE);
	snprintf(to, sizeof(to), "%s/%s", state, PCB_METRICS_FILE);

	tap_is_int(pcb_metrics_move(old, to, err, sizeof(err)), 0, "nothing to move: 0");
	tap_ok(access(to, F_OK) < 0, "and nothing made");

	tap_is_int(make_counters(old, 7), 0, "0.2's counters in the log directory");
	chmod(old, 0604);
	tap_is_int(pcb_metrics_move(old, to, err, sizeof(err)), 1, "moved: 1");
	snprintf(want, sizeof(want), "moved %s to %s", old, to);
	tap_is_str(err, want, "saying so");
	tap_is_int(events_in(to), 7, "the counts are in the new place");
	tap_ok(stat(to, &st) == 0 && (st.st_mode & 07777) == 0604, "with the old file's mode");
	tap_ok(access(old, F_OK) < 0, "the old file is gone");
	tap_is_int(pcb_metrics_move(old, to, err, sizeof(err)), 0, "a second start has nothing to move");
	tap_is_int(entries(state), 1, "no temporary file is left in the state directory");

	/* Both: the state directory's counts win, the other file goes. */
	tap_is_int(make_counters(old, 2), 0, "0.2's file again (a downgrade, then an upgrade)");
	tap_is_int(pcb_metrics_move(old, to, err, sizeof(err)), 1, "with both: 1");
	snprintf(want, sizeof(want), "removed %s: %s holds the counters", old, to);
	tap_is_str(err, want, "saying which is kept");
	tap_is_int(events_in(to), 7, "the state directory's counts are kept");
	tap_ok(access(old, F_OK) < 0, "the older file is removed");

	/* A state directory that does not exist: the old file stays as it was. */
	char nodir[700];
	snprintf(nodir, sizeof(nodir), "%s/missing/%s", state, PCB_METRICS_FILE);
	tap_is_int(make_counters(old, 5), 0, "0.2's file once more");
	tap_is_int(pcb_metrics_move(old, nodir, err, sizeof(err)), -1, "no state directory: -1");
	tap_ok(strstr(err, "cannot move") != NULL && strstr(err, nodir) != NULL, "saying why: %s", err);
	tap_is_int(events_in(old), 5, "the old file stays, counts and all");
	unlink(old);
	unlink(to);
	rmdir(logs);
	rmdir(state);
	return tap_done();
}
