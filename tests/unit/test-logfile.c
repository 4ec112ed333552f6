/*
 * test-logfile: the rotating writer with an injected clock: names by period,
 * one header per file, size-capped segments, files moved or removed from
 * outside, a torn tail cut back, failures reported, and many processes
 * appending at once with nothing lost, torn or duplicated.
 */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pcb_logfile.h"
#include "tap.h"

#define HEADER "#fields\tA\tB\n"
#define DAY1 1764028800 /* 2025-11-25T00:00:00Z */
#define HOUR (3600)

static char dir[256];

static char *slurp(const char *name, size_t *len)
{
	char path[512];
	FILE *f;
	static char buf[1 << 20];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "rb");
	if (f == NULL) {
		*len = 0;
		return NULL;
	}
	*len = fread(buf, 1, sizeof(buf) - 1, f);
	buf[*len] = '\0';
	fclose(f);
	return buf;
}

/* Renames [from] to [to], both in the test directory, as logrotate or gzip would. */
static void move(const char *from, const char *to)
{
	char a[512], b[512];

	snprintf(a, sizeof(a), "%s/%s", dir, from);
	snprintf(b, sizeof(b), "%s/%s", dir, to);
	if (rename(a, b) < 0)
		tap_diag("rename %s %s failed", from, to);
}

static int count_files(const char *prefix)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	while ((e = readdir(d)) != NULL)
		n += strncmp(e->d_name, prefix, strlen(prefix)) == 0 && strcmp(e->d_name, ".") != 0 &&
		     strcmp(e->d_name, "..") != 0;
	closedir(d);
	return n;
}

static void clean(void)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[512];

	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' && (e->d_name[1] == '\0' || e->d_name[1] == '.'))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		unlink(path);
	}
	closedir(d);
}

static void test_basic(void)
{
	struct pcb_logfile lf;
	size_t len;

	pcb_logfile_init(&lf, dir, "offlinepush", HEADER, PCB_ROTATE_DAILY, 0, 0);
	tap_is_int(pcb_logfile_append(&lf, DAY1 + 5, "1\t2\n", 4), PCB_OK, "first append");
	tap_is_int(pcb_logfile_append(&lf, DAY1 + 6, "3\t4\n5\t6\n", 8), PCB_OK, "second append");
	char *s = slurp("offlinepush-2025-11-25.tsv", &len);
	tap_is_str(s, HEADER "1\t2\n3\t4\n5\t6\n", "daily name BASE-YYYY-MM-DD.tsv: header once, then the lines in order");
	tap_is_int(pcb_logfile_append(&lf, DAY1 + 24 * HOUR, "7\t8\n", 4), PCB_OK, "next day");
	s = slurp("offlinepush-2025-11-26.tsv", &len);
	tap_is_str(s, HEADER "7\t8\n", "a new day is a new file with its own header");
	s = slurp("offlinepush-2025-11-25.tsv", &len);
	tap_is_str(s, HEADER "1\t2\n3\t4\n5\t6\n", "the closed day is untouched");
	pcb_logfile_close(&lf);
	tap_is_int(count_files("."), 0, "no temporary file is left behind");

	pcb_logfile_init(&lf, dir, "h", HEADER, PCB_ROTATE_HOURLY, 0, 0);
	pcb_logfile_append(&lf, DAY1 + 3 * HOUR + 59, "a\tb\n", 4);
	pcb_logfile_append(&lf, DAY1 + 4 * HOUR, "c\td\n", 4);
	tap_ok(slurp("h-2025-11-25T03.tsv", &len) != NULL && slurp("h-2025-11-25T04.tsv", &len) != NULL,
	       "hourly: BASE-YYYY-MM-DDTHH.tsv, UTC, one per hour");
	pcb_logfile_close(&lf);
	clean();
}

static void test_segments(void)
{
	struct pcb_logfile lf;
	size_t len;
	const char *line = "0123456789abcdefghi\n"; /* 20 bytes */

	/* Header is 12 bytes; cap 52 holds the header and two lines. */
	pcb_logfile_init(&lf, dir, "s", HEADER, PCB_ROTATE_DAILY, 52, 0);
	for (int i = 0; i < 5; i++)
		pcb_logfile_append(&lf, DAY1, line, 20);
	tap_ok(slurp("s-2025-11-25.0000.tsv", &len) && len == 52, "segment 0 filled to the cap exactly");
	tap_ok(slurp("s-2025-11-25.0001.tsv", &len) && len == 52, "segment 1 too");
	char *s = slurp("s-2025-11-25.0002.tsv", &len);
	tap_is_str(s, HEADER "0123456789abcdefghi\n", "segment 2 has the fifth line after its header");
	char big[100];
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\n';
	pcb_logfile_append(&lf, DAY1, big, sizeof(big));
	tap_ok(slurp("s-2025-11-25.0003.tsv", &len) && len == 12 + sizeof(big),
	       "a batch larger than the cap fills a fresh segment alone");
	pcb_logfile_close(&lf);
	/* A new writer (a restarted worker) goes on in the newest segment, never an older one. */
	pcb_logfile_init(&lf, dir, "s", HEADER, PCB_ROTATE_DAILY, 52, 0);
	pcb_logfile_append(&lf, DAY1, line, 20);
	tap_ok(slurp("s-2025-11-25.0002.tsv", &len) && len == 32, "a restarted writer leaves older segments alone");
	tap_ok(slurp("s-2025-11-25.0004.tsv", &len) && len == 32, "and goes on after the newest one");
	pcb_logfile_close(&lf);
	clean();
}

static void test_outside(void)
{
	struct pcb_logfile lf;
	size_t len;
	char a[512];

	pcb_logfile_init(&lf, dir, "o", HEADER, PCB_ROTATE_DAILY, 0, 0);
	pcb_logfile_append(&lf, DAY1, "1\n", 2);
	snprintf(a, sizeof(a), "%s/o-2025-11-25.tsv", dir);
	move("o-2025-11-25.tsv", "o-2025-11-25.tsv.1");
	pcb_logfile_append(&lf, DAY1, "2\n", 2);
	tap_is_str(slurp("o-2025-11-25.tsv.1", &len), HEADER "1\n", "a renamed file keeps what it had");
	tap_is_str(slurp("o-2025-11-25.tsv", &len), HEADER "2\n", "after a rename the next line goes to a new file");
	unlink(a);
	pcb_logfile_append(&lf, DAY1, "3\n", 2);
	tap_is_str(slurp("o-2025-11-25.tsv", &len), HEADER "3\n", "after a removal the file is made again");

	/* A writer killed mid-write leaves a tail without a newline: cut back. */
	int fd = open(a, O_WRONLY | O_APPEND);
	if (write(fd, "torn-li", 7) != 7)
		tap_diag("write failed");
	close(fd);
	pcb_logfile_append(&lf, DAY1, "4\n", 2);
	tap_is_str(slurp("o-2025-11-25.tsv", &len), HEADER "3\n4\n", "a torn tail is cut back before appending");

	/* SIGHUP's close: the next append reopens. */
	pcb_logfile_close(&lf);
	pcb_logfile_append(&lf, DAY1, "5\n", 2);
	tap_is_str(slurp("o-2025-11-25.tsv", &len), HEADER "3\n4\n5\n", "close then append reopens the same file");
	pcb_logfile_close(&lf);
	clean();
}

static void test_failure(void)
{
	struct pcb_logfile lf;
	char missing[512];

	snprintf(missing, sizeof(missing), "%s/does-not-exist", dir);
	pcb_logfile_init(&lf, missing, "f", HEADER, PCB_ROTATE_DAILY, 0, 0);
	tap_is_int(pcb_logfile_append(&lf, DAY1, "1\n", 2), PCB_ERR_LOG_WRITE, "a missing directory is a write error");
	tap_is_int(pcb_logfile_append(&lf, DAY1, "1\n", 2), PCB_ERR_LOG_WRITE, "and stays one");
	mkdir(missing, 0755);
	tap_is_int(pcb_logfile_append(&lf, DAY1, "1\n", 2), PCB_OK, "writing resumes once the directory exists");
	pcb_logfile_close(&lf);
	char path[600];
	snprintf(path, sizeof(path), "%s/f-2025-11-25.tsv", missing);
	unlink(path);
	rmdir(missing);
}

/* What review found: an empty file at the path, compressed and left segments, take-back. */
static void test_review(void)
{
	struct pcb_logfile a, b;
	size_t len;
	char path[512];

	/* logrotate's "create": an empty file appears at the path. */
	pcb_logfile_init(&a, dir, "e", HEADER, PCB_ROTATE_DAILY, 0, 0);
	pcb_logfile_append(&a, DAY1, "1\n", 2);
	snprintf(path, sizeof(path), "%s/e-2025-11-25.tsv", dir);
	move("e-2025-11-25.tsv", "e-2025-11-25.tsv.1");
	close(open(path, O_WRONLY | O_CREAT, 0640));
	pcb_logfile_append(&a, DAY1, "2\n", 2);
	tap_is_str(slurp("e-2025-11-25.tsv", &len), HEADER "2\n", "an empty file at the path gets its header first");
	pcb_logfile_close(&a);

	/* A batch written past the committed size by a writer that died is cut back whole. */
	int fd = open(path, O_WRONLY | O_APPEND);
	if (write(fd, "3\n4\n", 4) != 4)
		tap_diag("write failed");
	close(fd);
	pcb_logfile_init(&a, dir, "e", HEADER, PCB_ROTATE_DAILY, 0, 0);
	pcb_logfile_append(&a, DAY1, "5\n", 2);
	tap_is_str(slurp("e-2025-11-25.tsv", &len), HEADER "2\n5\n",
	           "whole lines beyond the committed size (a killed writer's batch) are cut back");

	/* Take back: done while nobody appended since, refused after. */
	pcb_logfile_append(&a, DAY1, "6\n", 2);
	tap_is_int(pcb_logfile_take_back(&a), 0, "take back right after an append");
	tap_is_str(slurp("e-2025-11-25.tsv", &len), HEADER "2\n5\n", "the append is gone");
	pcb_logfile_init(&b, dir, "e", HEADER, PCB_ROTATE_DAILY, 0, 0);
	pcb_logfile_append(&a, DAY1, "7\n", 2);
	pcb_logfile_append(&b, DAY1, "8\n", 2);
	tap_is_int(pcb_logfile_take_back(&a), -1, "no take back once another writer appended");
	tap_is_str(slurp("e-2025-11-25.tsv", &len), HEADER "2\n5\n7\n8\n", "and both lines stay");
	pcb_logfile_append(&b, DAY1, "9\n", 2);
	tap_is_str(slurp("e-2025-11-25.tsv", &len), HEADER "2\n5\n7\n8\n9\n",
	           "a refused take back leaves the committed size right for the next writer");
	pcb_logfile_close(&a);
	pcb_logfile_close(&b);
	clean();

	/* Segments: a compressed one is never made again; a left one is not written again. */
	const char *line = "0123456789abcdefghi\n"; /* 20 bytes; cap 52 holds two */
	pcb_logfile_init(&a, dir, "g", HEADER, PCB_ROTATE_DAILY, 52, 0);
	for (int i = 0; i < 4; i++)
		pcb_logfile_append(&a, DAY1, line, 20);
	pcb_logfile_close(&a);
	move("g-2025-11-25.0000.tsv", "g-2025-11-25.0000.tsv.gz");
	move("g-2025-11-25.0001.tsv", "g-2025-11-25.0001.tsv.gz");
	pcb_logfile_init(&a, dir, "g", HEADER, PCB_ROTATE_DAILY, 52, 0);
	pcb_logfile_append(&a, DAY1, "x\n", 2);
	tap_ok(slurp("g-2025-11-25.0000.tsv", &len) == NULL && slurp("g-2025-11-25.0002.tsv", &len) != NULL,
	       "a writer starting after segments were compressed goes past them");
	pcb_logfile_init(&b, dir, "g", HEADER, PCB_ROTATE_DAILY, 52, 0);
	/* a is in 0002; b fills it and moves to 0003; a must follow, not write 0002 again. */
	pcb_logfile_append(&b, DAY1, line, 20);
	pcb_logfile_append(&b, DAY1, line, 20);
	pcb_logfile_append(&a, DAY1, "y\n", 2);
	char *s2 = slurp("g-2025-11-25.0003.tsv", &len);
	tap_ok(s2 != NULL && strstr(s2, "y\n") != NULL, "a writer leaves a segment another has left");
	pcb_logfile_close(&a);
	pcb_logfile_close(&b);
	clean();
}

/* Many processes, one file: every line exactly once, whole, one header per file. */
static void test_processes(uint64_t cap, const char *label)
{
	enum { WORKERS = 8, BATCHES = 300, LINES = 5 };
	char prefix[32];

	snprintf(prefix, sizeof(prefix), "m%llu", (unsigned long long)cap);
	for (int w = 0; w < WORKERS; w++) {
		pid_t pid = fork();
		if (pid == 0) {
			struct pcb_logfile lf;
			char batch[LINES * 64];
			pcb_logfile_init(&lf, dir, prefix, HEADER, PCB_ROTATE_HOURLY, cap, 0);
			for (int i = 0; i < BATCHES; i++) {
				size_t used = 0;
				for (int l = 0; l < LINES; l++)
					used += (size_t)snprintf(batch + used, sizeof(batch) - used, "w%d\tb%d-l%d-padding-padding\n", w, i, l);
				/* The clock crosses an hour half way, in every worker. */
				time_t now = DAY1 + (i < BATCHES / 2 ? HOUR - 1 : HOUR);
				if (pcb_logfile_append(&lf, now, batch, used) != PCB_OK)
					_exit(1);
			}
			_exit(0);
		}
	}
	int failed = 0;
	for (int w = 0; w < WORKERS; w++) {
		int st;
		wait(&st);
		failed |= !WIFEXITED(st) || WEXITSTATUS(st) != 0;
	}
	tap_ok(!failed, "%s: every append succeeded", label);

	DIR *d = opendir(dir);
	struct dirent *e;
	long lines = 0, headers = 0, bad = 0, files = 0, headers_first = 0;
	static char seen[WORKERS][BATCHES][LINES];
	memset(seen, 0, sizeof(seen));
	long dups = 0;
	while ((e = readdir(d)) != NULL) {
		if (strncmp(e->d_name, prefix, strlen(prefix)) != 0)
			continue;
		files++;
		char path[512];
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		FILE *f = fopen(path, "r");
		char line[256];
		int first = 1;
		while (fgets(line, sizeof(line), f) != NULL) {
			int w, b, l;
			if (strcmp(line, HEADER) == 0) {
				headers++;
				headers_first += first;
			} else if (sscanf(line, "w%d\tb%d-l%d-padding-padding\n", &w, &b, &l) == 3 &&
			           line[strlen(line) - 1] == '\n' && w < WORKERS && b < BATCHES && l < LINES) {
				lines++;
				dups += seen[w][b][l]++ > 0;
			} else {
				bad++;
			}
			first = 0;
		}
		fclose(f);
	}
	closedir(d);
	tap_is_int(lines, (long)WORKERS * BATCHES * LINES, "every line is there");
	tap_is_int(dups, 0, "no line twice");
	tap_is_int(bad, 0, "no torn or interleaved line");
	tap_ok(headers == files && headers_first == files, "%s: exactly one header per file, first (%ld files)", label, files);
	clean();
}

int main(void)
{
	snprintf(dir, sizeof(dir), "%s/pcb-logfile-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(dir) == NULL) {
		puts("Bail out! mkdtemp");
		return 1;
	}
	test_basic();
	test_segments();
	test_outside();
	test_failure();
	test_review();
	test_processes(0, "8 processes, hourly, period change");
	test_processes(4096, "8 processes, 4 KiB segments");
	rmdir(dir);
	return tap_done();
}
