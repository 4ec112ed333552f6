/*
 * test-metrics: the host's shared counters. The first open makes the file,
 * every mapping of it (in any process) adds to the same counters, a file of
 * another layout is refused and left as it is, and the text exposition is
 * exactly the golden one.
 */
#include <config.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
	struct pcb_metrics a, b, ro, closed = { NULL };

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

	/* Another layout is refused, and the file left as it is. */
	char other[600];
	snprintf(other, sizeof(other), "%s.v", path);
	copy_changed(path, other, 8); /* the version */
	long long size = file_size(other);
	tap_is_int(pcb_metrics_open(&b, other, 1, NOW, err, sizeof(err)), -1, "another version: refused");
	tap_ok(strstr(err, "another version") != NULL, "saying so: %s", err);
	tap_is_int(file_size(other), size, "and the file is left as it was");
	snprintf(other, sizeof(other), "%s.short", path);
	int fd = open(other, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	tap_ok(fd >= 0 && write(fd, "PCBMETR", 8) == 8 && close(fd) == 0, "a file of 8 bytes");
	tap_is_int(pcb_metrics_open(&b, other, 1, NOW, err, sizeof(err)), -1, "another size: refused");
	tap_is_int(file_size(other), 8, "and not grown");
	tap_is_int(pcb_metrics_open(&b, tap_tmpdir(), 0, NOW, err, sizeof(err)), -1, "a directory: refused");

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
	pcb_buf_init(&out, 0);
	pcb_metrics_write(&a, &out);
	tap_is_mem(out.data, out.len, want, wantlen,
		   "the text exposition, as in tests/data/metrics/counters.prom");
	pcb_buf_free(&out);
	free(want);
	pcb_metrics_close(&a);
	return tap_done();
}
