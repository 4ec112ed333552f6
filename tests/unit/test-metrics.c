/*
 * test-metrics: the host's shared counters. The first open makes the file,
 * every mapping of it (in any process) adds to the same counters, a file of
 * another layout is refused by a reader and replaced by a worker (once, even
 * when another worker waits for the old file's lock), a FIFO is refused
 * without a wait, and the text
 * exposition is exactly the golden one.
 */
#include <config.h>

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pcb_metrics.h"
#include "tap.h"

#define NOW 1764072000 /* 2025-11-25T12:00:00Z */
#define CHILD_ADDS 100000

static long long file_size(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? (long long)st.st_size : -1;
}

/* Opens [path] read-write in a child process and adds 1 to [i] CHILD_ADDS times. */
static pid_t adder(const char *path, enum pcb_metric i)
{
	pid_t pid = fork();

	if (pid != 0)
		return pid;
	struct pcb_metrics m;
	char err[512];
	if (pcb_metrics_open(&m, path, 1, NOW, err, sizeof(err)) < 0)
		_exit(1);
	for (int k = 0; k < CHILD_ADDS; k++)
		pcb_metrics_add(&m, i, 1);
	pcb_metrics_close(&m);
	_exit(0);
}

/* Waits (up to about a minute: a busy machine) until a process waits for a lock on the file of [fd] (/proc/locks). */
static int lock_waited(int fd)
{
	struct stat st;
	char want[64], line[256];

	if (fstat(fd, &st) != 0)
		return 0;
	snprintf(want, sizeof(want), ":%llu ", (unsigned long long)st.st_ino);
	for (int i = 0; i < 6000; i++) {
		FILE *f = fopen("/proc/locks", "r");
		int found = 0;

		while (f != NULL && !found && fgets(line, sizeof(line), f) != NULL)
			found = strstr(line, "->") != NULL && strstr(line, want) != NULL;
		if (f != NULL)
			fclose(f);
		if (found)
			return 1;
		usleep(10000);
	}
	return 0;
}

/* Whether [dir] holds no file named like a counter file's temporary one ("*.XXXXXX"). */
static int no_temp_files(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int none = d != NULL;

	while (d != NULL && (e = readdir(d)) != NULL) {
		const char *dot = strrchr(e->d_name, '.');

		if (dot != NULL && strlen(dot) == 7 && strstr(e->d_name, ".metrics.") != NULL)
			none = 0;
	}
	if (d != NULL)
		closedir(d);
	return none;
}

static int reaped_ok(pid_t pid)
{
	int st;

	return pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

/* Copies [from] to [to] with the byte at [offset] changed. */
static void copy_changed(const char *from, const char *to, size_t offset)
{
	size_t len;
	char *data = tap_read_file(from, &len);
	FILE *f = fopen(to, "wb");

	if (data == NULL || f == NULL || offset >= len) {
		printf("Bail out! cannot copy %s\n", from);
		exit(1);
	}
	data[offset] ^= 0x40;
	fwrite(data, 1, len, f);
	fclose(f);
	free(data);
}

int main(void)
{
	char path[512], err[1024];
	struct pcb_metrics a, b, c, ro, closed = { NULL };

	snprintf(path, sizeof(path), "%s", tap_tmppath(PCB_METRICS_FILE));

	/* Made by the first open, every counter 0. */
	tap_is_int(pcb_metrics_open(&ro, path, 0, NOW, err, sizeof(err)), -1,
		   "read-only: no file, no counters");
	tap_ok(strstr(err, path) != NULL, "and the message names the file: %s", err);
	tap_is_int(pcb_metrics_open(&a, path, 1, NOW, err, sizeof(err)), 0,
		   "the first worker makes the file");
	tap_ok(file_size(path) > 0, "which has its size at once");
	tap_is_int(pcb_metrics_created(&a), NOW, "and the time it was made");
	int zero = 1;
	for (int i = 0; i < PCB_M_COUNT; i++)
		zero &= pcb_metrics_get(&a, (enum pcb_metric)i) == 0;
	tap_ok(zero, "every counter starts at 0");

	/* Two mappings, one file. */
	pcb_metrics_add(&a, PCB_M_EVENTS_LOGGED, 3);
	tap_is_int(pcb_metrics_open(&b, path, 1, NOW + 100, err, sizeof(err)), 0, "a second worker opens it");
	tap_is_int(pcb_metrics_created(&b), NOW, "without making it again");
	tap_is_int(pcb_metrics_get(&b, PCB_M_EVENTS_LOGGED), 3, "and sees the first one's adds");
	pcb_metrics_add(&b, PCB_M_EVENTS_LOGGED, 4);
	tap_is_int(pcb_metrics_get(&a, PCB_M_EVENTS_LOGGED), 7, "which sees the second one's");
	pcb_metrics_set(&a, PCB_M_LAST_SUCCESS, NOW);
	tap_is_int(pcb_metrics_get(&b, PCB_M_LAST_SUCCESS), NOW, "a gauge set by one is read by the other");
	tap_is_int(pcb_metrics_open(&ro, path, 0, 0, err, sizeof(err)), 0, "a reader maps it read-only");
	tap_is_int(pcb_metrics_get(&ro, PCB_M_EVENTS_LOGGED), 7, "and reads the same");

	/* Processes adding at once lose nothing. */
	pid_t p1 = adder(path, PCB_M_BATCHES + 1), p2 = adder(path, PCB_M_BATCHES + 1);
	for (int k = 0; k < CHILD_ADDS; k++)
		pcb_metrics_add(&a, PCB_M_BATCHES + 1, 1);
	tap_ok(reaped_ok(p1) && reaped_ok(p2), "two more processes mapped it and added");
	tap_is_int(pcb_metrics_get(&ro, PCB_M_BATCHES + 1), 3 * CHILD_ADDS,
		   "three processes adding at once: not one add lost");
	tap_is_int(pcb_metrics_get(&ro, PCB_M_BATCHES), 0, "and the counter beside it untouched");
	pcb_metrics_close(&b);
	pcb_metrics_close(&b);
	pcb_metrics_close(&ro);

	/* Out of range and closed: nothing happens. */
	pcb_metrics_add(&a, PCB_M_COUNT, 1);
	tap_is_int(pcb_metrics_get(&a, PCB_M_COUNT), 0, "an index past the last reads 0");
	pcb_metrics_add(&closed, PCB_M_REQUESTS, 1);
	tap_is_int(pcb_metrics_get(&closed, PCB_M_REQUESTS), 0, "closed counters add nothing and read 0");

	/* Another layout: a reader refuses it; a worker replaces it, whole, and counts from zero. */
	char other[600];
	struct stat before, after;
	snprintf(other, sizeof(other), "%s.v", path);
	copy_changed(path, other, 8); /* the version */
	tap_ok(chmod(other, 0604) == 0 && stat(other, &before) == 0, "a file of another version, mode 0604");
	tap_is_int(pcb_metrics_open(&b, other, 0, NOW, err, sizeof(err)), -1,
		   "another version: a reader refuses it");
	tap_ok(strstr(err, "another version") != NULL, "saying so: %s", err);
	tap_is_int(pcb_metrics_open(&b, other, 1, NOW + 5, err, sizeof(err)), 1, "a worker replaces it");
	tap_ok(strstr(err, "replaced") != NULL && strstr(err, "from zero") != NULL, "saying so: %s", err);
	tap_ok(stat(other, &after) == 0 && after.st_ino != before.st_ino,
	       "by another file (renamed over it)");
	tap_is_int(after.st_mode & 07777, 0604, "of the same mode");
	tap_is_int(file_size(other), (long long)file_size(path), "of this version's size");
	tap_is_int(pcb_metrics_created(&b), NOW + 5, "made now");
	tap_is_int(pcb_metrics_get(&b, PCB_M_EVENTS_LOGGED), 0, "counting from zero");
	pcb_metrics_add(&b, PCB_M_EVENTS_LOGGED, 2);
	tap_is_int(pcb_metrics_open(&ro, other, 0, 0, err, sizeof(err)), 0, "a reader maps the new one");
	tap_is_int(pcb_metrics_get(&ro, PCB_M_EVENTS_LOGGED), 2, "and reads the worker's adds");
	pcb_metrics_close(&ro);
	tap_is_int(pcb_metrics_open(&c, other, 1, NOW + 9, err, sizeof(err)), 0,
		   "the next worker opens it as it is");
	tap_is_int(pcb_metrics_get(&c, PCB_M_EVENTS_LOGGED), 2, "with the counts");
	pcb_metrics_close(&c);
	pcb_metrics_close(&b);
	tap_ok(no_temp_files(tap_tmpdir()), "no temporary file left");
	/*
	 * A worker that opened the old file and waits for its lock while another
	 * replaces it opens the new one once it holds the lock, not replacing it again.
	 */
	char good[600];
	snprintf(good, sizeof(good), "%s.good", path);
	copy_changed(path, other, 8);
	int held = open(other, O_RDWR);
	tap_ok(held >= 0 && flock(held, LOCK_EX) == 0, "a process holds the old file's lock");
	pid_t waiter = fork();
	if (waiter == 0) {
		struct pcb_metrics w;
		_exit(pcb_metrics_open(&w, other, 1, NOW + 20, err, sizeof(err)) == 0 &&
			      pcb_metrics_get(&w, PCB_M_EVENTS_LOGGED) == 7
			  ? 0
			  : 1);
	}
	tap_ok(lock_waited(held), "a worker waits for it");
	tap_ok(pcb_metrics_open(&b, good, 1, NOW + 10, err, sizeof(err)) == 0, "the holder makes a new file");
	pcb_metrics_add(&b, PCB_M_EVENTS_LOGGED, 7);
	pcb_metrics_close(&b);
	tap_ok(rename(good, other) == 0 && flock(held, LOCK_UN) == 0 && close(held) == 0,
	       "renames it over the old one and unlocks");
	tap_ok(reaped_ok(waiter), "the worker then maps the new file, with its counts");

	snprintf(other, sizeof(other), "%s.short", path);
	int fd = open(other, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	tap_ok(fd >= 0 && write(fd, "PCBMETR", 8) == 8 && close(fd) == 0, "a file of 8 bytes");
	tap_is_int(pcb_metrics_open(&b, other, 0, NOW, err, sizeof(err)), -1,
		   "another size: a reader refuses it");
	tap_is_int(file_size(other), 8, "and leaves it");
	tap_is_int(pcb_metrics_open(&b, other, 1, NOW, err, sizeof(err)), 1, "a worker replaces it");
	tap_is_int(file_size(other), file_size(path), "with this version's size");
	pcb_metrics_close(&b);
	tap_is_int(pcb_metrics_open(&b, tap_tmpdir(), 0, NOW, err, sizeof(err)), -1, "a directory: refused");
	/* A FIFO: refused at once by a reader and a worker, not waited on (the alarm ends a wait). */
	snprintf(other, sizeof(other), "%s.fifo", path);
	tap_ok(mkfifo(other, 0600) == 0, "a FIFO");
	alarm(10);
	tap_ok(pcb_metrics_open(&b, other, 0, NOW, err, sizeof(err)) == -1 &&
		   strstr(err, "not a regular") != NULL,
	       "a FIFO: a reader refuses it at once: %s", err);
	tap_ok(pcb_metrics_open(&b, other, 1, NOW, err, sizeof(err)) == -1 &&
		   strstr(err, "not a regular") != NULL,
	       "and so does a worker: %s", err);
	alarm(0);

	/* The exposition, exactly. */
	struct pcb_buf out;
	size_t wantlen;
	char *want = tap_slurp("metrics/counters.prom", &wantlen);

	pcb_metrics_set(&a, PCB_M_BATCHES + 1, 0);
	pcb_metrics_set(&a, PCB_M_EVENTS_LOGGED, 0);
	pcb_metrics_add(&a, PCB_M_REQUESTS + PCB_OK, 5);
	pcb_metrics_add(&a, PCB_M_REQUESTS + PCB_ERR_SIGN_WRONG, 2);
	pcb_metrics_add(&a, PCB_M_REQUESTS + PCB_ERR_LOG_WRITE, 1);
	pcb_metrics_add(&a, PCB_M_DROPPED, 1);
	pcb_metrics_add(&a, PCB_M_BATCHES, 4);
	pcb_metrics_add(&a, PCB_M_BATCHES + 1, 1);
	pcb_metrics_add(&a, PCB_M_EVENTS_LOGGED, 350);
	pcb_metrics_add(&a, PCB_M_EVENTS_LOGGED + 1, 100);
	pcb_metrics_add(&a, PCB_M_EVENTS_REJECTED, 2);
	pcb_metrics_add(&a, PCB_M_BYTES_EVENTS, 123456);
	pcb_metrics_add(&a, PCB_M_BYTES_REJECTS, 789);
	pcb_metrics_add(&a, PCB_M_EVENTS_REFUSED + PCB_REFUSAL_LOG_WRITE, 100);
	pcb_metrics_add(&a, PCB_M_EVENTS_REFUSED + PCB_REFUSAL_COUNT + PCB_REFUSAL_NO_MEMORY, 3);
	pcb_metrics_add(&a, PCB_M_BATCHES_REFUSED_UNPARSED + PCB_REFUSAL_LOG_SYNC, 1);
	pcb_metrics_add(&a, PCB_M_FALLBACK_WRITES + 1, 6);
	pcb_metrics_set(&a, PCB_M_LOG_DIR_FAILING, 1);
	pcb_metrics_add(&a, PCB_M_UNKNOWN_FIELDS, 2);
	pcb_buf_init(&out, 0);
	pcb_metrics_write(&a, &out);
	tap_is_mem(out.data, out.len, want, wantlen,
		   "the text exposition, as in tests/data/metrics/counters.prom");
	pcb_buf_free(&out);
	free(want);
	pcb_metrics_close(&a);
	return tap_done();
}
