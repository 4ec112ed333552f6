/*
 * test-logfile: the rotating writer with an injected clock: names by period,
 * one header per file, size-capped segments, files moved or removed from
 * outside (also while a writer waits for the lock), a torn tail ended and
 * marked (also by the writer that leaves the file), files that only grow,
 * the clock stepped back, failures reported, and many processes appending at
 * once with nothing lost, torn or duplicated.
 */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "pcb_logfile.h"
#include "tap.h"

#define HEADER "#fields\tA\tB\n"
#define DAY1 1764028800 /* 2025-11-25T00:00:00Z */
#define HOUR (3600)

static const char *dir;

/* The file [name] in [dir], or NULL; valid until the next call ([name] NULL: none). */
static char *slurp(const char *name, size_t *len)
{
	static char *last;

	free(last);
	last = name != NULL ? tap_read_file(tap_tmppath(name), len) : NULL;
	return last;
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

/* Appends [text] to [name] behind the writer's back, as a writer killed mid-write leaves it. */
static void append_raw(const char *name, const char *text)
{
	char path[512];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_WRONLY | O_APPEND);
	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		tap_diag("append to %s failed", name);
	if (fd >= 0)
		close(fd);
}

static off_t size_of(const char *name)
{
	char path[512];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return stat(path, &st) == 0 ? st.st_size : -1;
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
	tap_is_str(s, HEADER "1\t2\n3\t4\n5\t6\n",
		   "daily name BASE-YYYY-MM-DD.tsv: header once, then the lines in order");
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

/*
 * The names are UTC whatever the zone: under TZ=Asia/Shanghai (UTC+8) a
 * period named in local time would be the next day's, or 8 hours on.
 */
static void test_zone(void)
{
	struct pcb_logfile lf;
	struct tm tm;
	time_t t = DAY1;
	size_t len;

	setenv("TZ", "Asia/Shanghai", 1);
	tzset();
	tap_ok(localtime_r(&t, &tm) != NULL && tm.tm_hour == 8,
	       "TZ=Asia/Shanghai is in effect (tzdata): 00:00Z is 08:00 there");
	pcb_logfile_init(&lf, dir, "offlinepush", HEADER, PCB_ROTATE_DAILY, 0, 0);
	pcb_logfile_append(&lf, DAY1 + 23 * HOUR + 1800, "1\t2\n", 4);
	pcb_logfile_close(&lf);
	tap_ok(slurp("offlinepush-2025-11-25.tsv", &len) != NULL && count_files("offlinepush-") == 1,
	       "under TZ=Asia/Shanghai, 23:30Z of 2025-11-25 is in that UTC day's file");
	pcb_logfile_init(&lf, dir, "h", HEADER, PCB_ROTATE_HOURLY, 0, 0);
	pcb_logfile_append(&lf, DAY1 + 23 * HOUR + 1800, "1\t2\n", 4);
	pcb_logfile_close(&lf);
	tap_ok(slurp("h-2025-11-25T23.tsv", &len) != NULL && count_files("h-") == 1,
	       "and hourly in the file of its UTC hour, T23");
	clean();
	test_basic();
	unsetenv("TZ");
	tzset();
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
	tap_ok(slurp("s-2025-11-25.0002.tsv", &len) && len == 32,
	       "a restarted writer leaves older segments alone");
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
	tap_is_str(slurp("o-2025-11-25.tsv", &len), HEADER "2\n",
		   "after a rename the next line goes to a new file");
	unlink(a);
	pcb_logfile_append(&lf, DAY1, "3\n", 2);
	tap_is_str(slurp("o-2025-11-25.tsv", &len), HEADER "3\n", "after a removal the file is made again");

	/* A writer killed mid-write leaves a tail without a newline: ended and marked, never cut. */
	append_raw("o-2025-11-25.tsv", "torn-li");
	pcb_logfile_append(&lf, DAY1, "4\n", 2);
	tap_is_str(slurp("o-2025-11-25.tsv", &len), HEADER "3\ntorn-li" PCB_LOG_TORN_END "4\n",
		   "a torn tail is ended with a newline and marked before the next lines");

	/* SIGHUP's close: the next append reopens. */
	pcb_logfile_close(&lf);
	pcb_logfile_append(&lf, DAY1, "5\n", 2);
	tap_is_str(slurp("o-2025-11-25.tsv", &len), HEADER "3\ntorn-li" PCB_LOG_TORN_END "4\n5\n",
		   "close then append reopens the same file");
	pcb_logfile_close(&lf);
	clean();
}

static void test_failure(void)
{
	struct pcb_logfile lf;
	char missing[512];

	snprintf(missing, sizeof(missing), "%s/does-not-exist", dir);
	pcb_logfile_init(&lf, missing, "f", HEADER, PCB_ROTATE_DAILY, 0, 0);
	tap_is_int(pcb_logfile_append(&lf, DAY1, "1\n", 2), PCB_ERR_LOG_WRITE,
		   "a missing directory is a write error");
	tap_is_int(pcb_logfile_append(&lf, DAY1, "1\n", 2), PCB_ERR_LOG_WRITE, "and stays one");
	mkdir(missing, 0755);
	tap_is_int(pcb_logfile_append(&lf, DAY1, "1\n", 2), PCB_OK,
		   "writing resumes once the directory exists");
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
	tap_is_str(slurp("e-2025-11-25.tsv", &len), HEADER "2\n",
		   "an empty file at the path gets its header first");
	pcb_logfile_close(&a);

	/* Whole lines of a batch whose writer died stay: a file only grows. */
	append_raw("e-2025-11-25.tsv", "3\n4\n");
	pcb_logfile_init(&a, dir, "e", HEADER, PCB_ROTATE_DAILY, 0, 0);
	pcb_logfile_append(&a, DAY1, "5\n", 2);
	tap_is_str(slurp("e-2025-11-25.tsv", &len), HEADER "2\n3\n4\n5\n",
		   "whole lines of an unfinished batch stay (readers drop repeats by identity)");
	pcb_logfile_close(&a);
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

/*
 * A writer that has the file open and waits for the lock while logrotate
 * moves the file away, creates a new one and removes the old (gzip) appends
 * to the new file: the path is checked under the lock.
 */
static int lock_waiter_exists(void)
{
	FILE *f = fopen("/proc/locks", "r");
	char line[256];
	int found = 0;

	if (f == NULL)
		return 0;
	while (!found && fgets(line, sizeof(line), f) != NULL)
		found = strstr(line, "->") != NULL;
	fclose(f);
	return found;
}

static void test_rename_while_waiting(void)
{
	struct pcb_logfile lf;
	char path[512], moved[512];
	size_t len;
	int ready[2], go[2], fd, st;
	char c = 0;

	snprintf(path, sizeof(path), "%s/r-2025-11-25.tsv", dir);
	snprintf(moved, sizeof(moved), "%s/r-2025-11-25.tsv.1", dir);
	if (pipe(ready) < 0 || pipe(go) < 0)
		return;
	pid_t pid = fork();
	if (pid == 0) {
		pcb_logfile_init(&lf, dir, "r", HEADER, PCB_ROTATE_DAILY, 0, 0);
		int rc = pcb_logfile_append(&lf, DAY1, "1\n", 2) != PCB_OK;
		if (write(ready[1], &c, 1) != 1 || read(go[0], &c, 1) != 1)
			_exit(2);
		rc |= pcb_logfile_append(&lf, DAY1, "2\n", 2) != PCB_OK; /* waits for the lock */
		_exit(rc);
	}
	if (read(ready[0], &c, 1) != 1)
		tap_diag("the writer did not start");
	fd = open(path, O_RDONLY);
	flock(fd, LOCK_EX);
	if (write(go[1], &c, 1) != 1)
		tap_diag("write to pipe failed");
	/* Up to a minute: on a busy machine the writer may be slow to get there. */
	for (int i = 0; i < 6000 && !lock_waiter_exists(); i++)
		usleep(10000);
	tap_ok(lock_waiter_exists(), "the writer waits for the lock with the file open");
	rename(path, moved);
	close(open(path, O_WRONLY | O_CREAT, 0640)); /* logrotate's create */
	unlink(moved);                               /* gzip removes what it compressed */
	flock(fd, LOCK_UN);
	close(fd);
	waitpid(pid, &st, 0);
	tap_ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "its append succeeds");
	tap_is_str(slurp("r-2025-11-25.tsv", &len), HEADER "2\n",
		   "and lands in the file at the path, not in the one removed");
	close(ready[0]);
	close(ready[1]);
	close(go[0]);
	close(go[1]);
	clean();
}

/* A torn tail in a file nobody appends to again is ended by whoever leaves it. */
static void test_leave_ends_torn(void)
{
	struct pcb_logfile a;
	size_t len;
	const char *line = "0123456789abcdefghi\n"; /* 20 bytes; cap 52 holds two */

	pcb_logfile_init(&a, dir, "l", HEADER, PCB_ROTATE_DAILY, 0, 0);
	pcb_logfile_append(&a, DAY1, "1\n", 2);
	append_raw("l-2025-11-25.tsv", "par");
	pcb_logfile_append(&a, DAY1 + 24 * HOUR, "2\n", 2);
	tap_is_str(slurp("l-2025-11-25.tsv", &len), HEADER "1\npar" PCB_LOG_TORN_END,
		   "the writer leaving a period ends its torn line");
	tap_is_str(slurp("l-2025-11-26.tsv", &len), HEADER "2\n", "and writes the next period whole");
	pcb_logfile_close(&a);

	pcb_logfile_init(&a, dir, "k", HEADER, PCB_ROTATE_DAILY, 52, 0);
	pcb_logfile_append(&a, DAY1, line, 20);
	append_raw("k-2025-11-25.0000.tsv", "x\ty");
	pcb_logfile_append(&a, DAY1, line, 20);
	pcb_logfile_append(&a, DAY1, line, 20);
	char *s0 = slurp("k-2025-11-25.0000.tsv", &len);
	tap_ok(s0 != NULL && len >= strlen(PCB_LOG_TORN_END) &&
		   strcmp(s0 + len - strlen(PCB_LOG_TORN_END), PCB_LOG_TORN_END) == 0,
	       "a segment ends marked when its torn line was ended");
	pcb_logfile_close(&a);

	/* SIGHUP's close ends it too. */
	append_raw("k-2025-11-25.0001.tsv", "half");
	off_t before = size_of("k-2025-11-25.0001.tsv");
	pcb_logfile_close(&a);
	pcb_logfile_init(&a, dir, "k", HEADER, PCB_ROTATE_DAILY, 52, 0);
	pcb_logfile_append(&a, DAY1, "z\n", 2);
	pcb_logfile_close(&a);
	tap_ok(size_of("k-2025-11-25.0001.tsv") > before, "the file grew, never shrank");
	clean();
}

/* With the clock stepped back no period already left is written again. */
static void test_clock_back(void)
{
	struct pcb_logfile a, b;
	size_t len;

	pcb_logfile_init(&a, dir, "c", HEADER, PCB_ROTATE_DAILY, 0, 0);
	pcb_logfile_append(&a, DAY1, "1\n", 2);
	pcb_logfile_append(&a, DAY1 + 24 * HOUR, "2\n", 2);
	move("c-2025-11-25.tsv", "c-2025-11-25.tsv.gz");
	pcb_logfile_append(&a, DAY1 + 5, "3\n", 2);
	tap_ok(slurp("c-2025-11-25.tsv", &len) == NULL,
	       "a writer whose clock went back does not make the past period again");
	tap_is_str(slurp("c-2025-11-26.tsv", &len), HEADER "2\n3\n", "it writes to the newest period");

	pcb_logfile_init(&b, dir, "c", HEADER, PCB_ROTATE_DAILY, 0, 0);
	pcb_logfile_append(&b, DAY1 + 6, "4\n", 2);
	tap_ok(slurp("c-2025-11-25.tsv", &len) == NULL,
	       "nor does a new writer whose clock is behind the files");
	tap_is_str(slurp("c-2025-11-26.tsv", &len), HEADER "2\n3\n4\n",
		   "it writes to the newest period on disk");
	pcb_logfile_append(&b, DAY1 + 48 * HOUR, "5\n", 2);
	tap_is_str(slurp("c-2025-11-27.tsv", &len), HEADER "5\n", "and moves on when the clock passes it");
	pcb_logfile_close(&a);
	pcb_logfile_close(&b);
	clean();

	/*
	 * A writer whose clock stays in its period while another's makes the
	 * next, and housekeeping compresses the first (pcb_housekeep.h): it
	 * must make a file, and makes the newest period's, not its own again
	 * beside the .gz.
	 */
	pcb_logfile_init(&a, dir, "s", HEADER, PCB_ROTATE_DAILY, 0, 0);
	pcb_logfile_init(&b, dir, "s", HEADER, PCB_ROTATE_DAILY, 0, 0);
	pcb_logfile_append(&a, DAY1, "1\n", 2);
	pcb_logfile_append(&b, DAY1 + 24 * HOUR, "2\n", 2);
	move("s-2025-11-25.tsv", "s-2025-11-25.tsv.gz");
	pcb_logfile_append(&a, DAY1 + 5, "3\n", 2);
	tap_ok(slurp("s-2025-11-25.tsv", &len) == NULL,
	       "a writer still in a period others have left makes no file of it beside its .gz");
	tap_is_str(slurp("s-2025-11-26.tsv", &len), HEADER "2\n3\n",
		   "it writes to the newest period on disk");
	pcb_logfile_close(&a);
	pcb_logfile_close(&b);
	clean();
}

/*
 * Sets this process's file size limit (soft) to [bytes], RLIM_INFINITY for
 * none, with SIGXFSZ ignored as push_callback does: a write past it fails
 * with EFBIG after what fits. For forked children only.
 */
static void limit_file_size(rlim_t bytes)
{
	struct rlimit rl;

	signal(SIGXFSZ, SIG_IGN);
	getrlimit(RLIMIT_FSIZE, &rl);
	rl.rlim_cur = bytes == RLIM_INFINITY ? rl.rlim_max : bytes;
	setrlimit(RLIMIT_FSIZE, &rl);
}

/*
 * A write cut short (here by the file size limit, EFBIG, as by a full disk)
 * fails, leaves what went out, and the next append ends it: nothing cut.
 */
static void test_short_write(void)
{
	struct pcb_logfile lf;
	size_t len;
	int st;

	pid_t pid = fork();
	if (pid == 0) {
		pcb_logfile_init(&lf, dir, "w", HEADER, PCB_ROTATE_DAILY, 0, 0);
		if (pcb_logfile_append(&lf, DAY1, "1\t1\n", 4) != PCB_OK)
			_exit(1);
		limit_file_size((rlim_t)strlen(HEADER) + 4 + 6); /* room for 6 of the next 10 bytes */
		if (pcb_logfile_append(&lf, DAY1, "2\t2\n3\t333\n", 10) != PCB_ERR_LOG_WRITE)
			_exit(2);
		limit_file_size(RLIM_INFINITY);
		_exit(pcb_logfile_append(&lf, DAY1, "4\t4\n", 4) != PCB_OK ? 3 : 0);
	}
	waitpid(pid, &st, 0);
	tap_ok(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	       "a write cut short by EFBIG fails, the next succeeds (status %d)",
	       WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	tap_is_str(slurp("w-2025-11-25.tsv", &len), HEADER "1\t1\n2\t2\n3\t" PCB_LOG_TORN_END "4\t4\n",
		   "what went out stays, its torn line ended and marked");
	clean();
}

/*
 * What review found in the append-only writer: an empty file is appended
 * to, never replaced, and a header cut short is completed; a torn
 * line is ended when its writer moves on after a failure, and by whoever
 * makes the next period's file; an ending cut short stays recognisable.
 */
static void test_review_append_only(void)
{
	struct pcb_logfile a, b;
	size_t len;
	char path[512];
	int st;

	/* An empty file at the path, and the header's write cut (EFBIG). */
	snprintf(path, sizeof(path), "%s/h-2025-11-25.tsv", dir);
	close(open(path, O_WRONLY | O_CREAT, 0640));
	pid_t pid = fork();
	if (pid == 0) {
		limit_file_size(5);
		pcb_logfile_init(&a, dir, "h", HEADER, PCB_ROTATE_DAILY, 0, 0);
		_exit(pcb_logfile_append(&a, DAY1, "1\n", 2) == PCB_ERR_LOG_WRITE ? 0 : 1);
	}
	waitpid(pid, &st, 0);
	tap_ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "a header that cannot be written: the append fails");
	tap_is_int((long)size_of("h-2025-11-25.tsv"), 5,
		   "and the beginning of the header stays: a file only grows");
	pcb_logfile_init(&a, dir, "h", HEADER, PCB_ROTATE_DAILY, 0, 0);
	pcb_logfile_append(&a, DAY1, "2\n", 2);
	tap_is_str(slurp("h-2025-11-25.tsv", &len), HEADER "2\n",
		   "the next writer writes the rest of the header, then its lines");
	pcb_logfile_close(&a);

	/* A cut header in a file that is left: completed by whoever leaves it. */
	snprintf(path, sizeof(path), "%s/i-2025-11-25.tsv", dir);
	close(open(path, O_WRONLY | O_CREAT, 0640));
	pid = fork();
	if (pid == 0) {
		limit_file_size(5);
		pcb_logfile_init(&a, dir, "i", HEADER, PCB_ROTATE_DAILY, 0, 0);
		if (pcb_logfile_append(&a, DAY1, "1\n", 2) != PCB_ERR_LOG_WRITE)
			_exit(1);
		limit_file_size(RLIM_INFINITY);
		_exit(pcb_logfile_append(&a, DAY1 + 24 * HOUR, "2\n", 2) != PCB_OK ? 2 : 0);
	}
	waitpid(pid, &st, 0);
	tap_ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "a header cut, then the next period (status %d)",
	       WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	tap_is_str(slurp("i-2025-11-25.tsv", &len), HEADER,
		   "the writer that moves on writes the rest of the cut header, no torn mark in it");

	/* A writer whose write failed, then moves to the next period, ends its torn line. */
	pid = fork();
	if (pid == 0) {
		pcb_logfile_init(&a, dir, "m", HEADER, PCB_ROTATE_DAILY, 0, 0);
		if (pcb_logfile_append(&a, DAY1, "1\t1\n", 4) != PCB_OK)
			_exit(1);
		limit_file_size((rlim_t)strlen(HEADER) + 4 + 2);
		if (pcb_logfile_append(&a, DAY1, "2\t2\n", 4) != PCB_ERR_LOG_WRITE)
			_exit(2);
		limit_file_size(RLIM_INFINITY);
		_exit(pcb_logfile_append(&a, DAY1 + 24 * HOUR, "3\t3\n", 4) != PCB_OK ? 3 : 0);
	}
	waitpid(pid, &st, 0);
	tap_ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "a failed write, then the next period (status %d)",
	       WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	tap_is_str(slurp("m-2025-11-25.tsv", &len), HEADER "1\t1\n2\t" PCB_LOG_TORN_END,
		   "the failed writer ends its torn line when it moves on");

	/* A torn line in a file no one has open is ended by whoever makes the next period's file. */
	append_raw("m-2025-11-26.tsv", "4\t");
	pcb_logfile_init(&b, dir, "m", HEADER, PCB_ROTATE_DAILY, 0, 0);
	pcb_logfile_append(&b, DAY1 + 48 * HOUR, "5\t5\n", 4);
	tap_is_str(slurp("m-2025-11-26.tsv", &len), HEADER "3\t3\n4\t" PCB_LOG_TORN_END,
		   "the maker of the next period's file ends the last one's torn line");
	pcb_logfile_close(&b);

	/* An ending cut after its first byte: the line stays unended, and is ended again. */
	append_raw("m-2025-11-27.tsv", "6\t\377");
	pcb_logfile_init(&b, dir, "m", HEADER, PCB_ROTATE_DAILY, 0, 0);
	pcb_logfile_append(&b, DAY1 + 48 * HOUR, "7\t7\n", 4);
	tap_is_str(slurp("m-2025-11-27.tsv", &len), HEADER "5\t5\n6\t\377" PCB_LOG_TORN_END "7\t7\n",
		   "an ending cut short is ended again: the line still ends in the torn byte");
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
					used += (size_t)snprintf(batch + used, sizeof(batch) - used,
								 "w%d\tb%d-l%d-padding-padding\n", w, i, l);
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
				   line[strlen(line) - 1] == '\n' && w < WORKERS && b < BATCHES &&
				   l < LINES) {
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
	tap_ok(headers == files && headers_first == files,
	       "%s: exactly one header per file, first (%ld files)", label, files);
	clean();
}

int main(void)
{
	dir = tap_tmpdir();
	test_basic();
	test_zone();
	test_segments();
	test_outside();
	test_failure();
	test_review();
	test_rename_while_waiting();
	test_leave_ends_torn();
	test_clock_back();
	test_short_write();
	test_review_append_only();
	test_processes(0, "8 processes, hourly, period change");
	test_processes(4096, "8 processes, 4 KiB segments");
	slurp(NULL, NULL);
	return tap_done();
}
