/*
 * test-housekeep: push_callback --housekeep's rules (which files are closed,
 * compressed, removed) and a run on a directory: the compressed file holds
 * what the plain one held, the newest period and other files are left, an
 * existing .gz is never replaced, and a writer still in a period that is
 * compressed under it loses nothing.
 */
#include <config.h>

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "pcb_caltime.h"
#include "pcb_housekeep.h"
#include "pcb_logfile.h"
#include "tap.h"

static const char *dir;

static void put(const char *name, const char *text)
{
	FILE *f = fopen(tap_tmppath(name), "w");

	if (f == NULL || fputs(text, f) < 0 || fclose(f) != 0)
		tap_diag("cannot write %s", name);
}

static int exists(const char *name)
{
	struct stat st;

	return stat(tap_tmppath(name), &st) == 0;
}

/* The uncompressed content of the gzip file [name] (a static buffer). */
static const char *gunzip(const char *name)
{
	static char buf[4096];
	gzFile gz = gzopen(tap_tmppath(name), "rb");
	int n;

	if (gz == NULL)
		return "(cannot open)";
	n = gzread(gz, buf, sizeof(buf) - 1);
	gzclose(gz);
	buf[n < 0 ? 0 : n] = '\0';
	return buf;
}

static int64_t at(const char *iso)
{
	int64_t t = 0;

	pcb_caltime_parse(iso, &t);
	return t;
}

static void names(void)
{
	struct pcb_hk_file f;

	tap_ok(pcb_hk_parse("offlinepush-2026-11-29.tsv", &f) == 0 && strcmp(f.base, "offlinepush") == 0 &&
		   strcmp(f.period, "2026-11-29") == 0 && f.end - f.start == PCB_CALTIME_DAY && !f.compressed,
	       "a daily file: its log, its period, a day long");
	tap_ok(pcb_hk_parse("reject-allmemberpush-2026-11-29T13.0002.tsv.gz", &f) == 0 &&
		   strcmp(f.base, "reject-allmemberpush") == 0 && strcmp(f.period, "2026-11-29T13") == 0 &&
		   f.end - f.start == PCB_CALTIME_HOUR && f.compressed,
	       "a compressed segment of an hourly reject file");
	tap_ok(pcb_hk_parse("offlinepush-2026-11-29.tsv.1.gz", &f) < 0, "logrotate's names are not ours");
	tap_ok(pcb_hk_parse("otherpush-2026-11-29.tsv", &f) < 0, "nor another log's");
	tap_ok(pcb_hk_parse(".offlinepush.Ab12Cd", &f) < 0, "nor a writer's temporary file");
	tap_ok(pcb_hk_parse("offlinepush-2026-13-29.tsv", &f) < 0, "nor a date that is none");
}

static void rules(void)
{
	struct pcb_hk_file f;
	int64_t now = at("2026-11-30T12:00:00Z");

	pcb_hk_parse("offlinepush-2026-11-29.tsv", &f);
	tap_is_int(pcb_hk_decide(&f, "2026-11-30", now, 0), PCB_HK_COMPRESS, "a closed day is compressed");
	tap_is_int(pcb_hk_decide(&f, "2026-11-29", now, 0), PCB_HK_KEEP, "the newest period is kept");
	tap_is_int(pcb_hk_decide(&f, "2026-11-30", at("2026-11-30T00:59:59Z"), 0), PCB_HK_KEEP,
		   "so is a period that ended less than an hour ago");
	tap_is_int(pcb_hk_decide(&f, "2026-11-30", at("2026-11-30T01:00:00Z"), 0), PCB_HK_COMPRESS,
		   "and closed an hour after its end");
	tap_is_int(pcb_hk_decide(&f, "2026-11-30", now, 1), PCB_HK_COMPRESS,
		   "keeping 1 day: a day that ended 12 hours ago stays");
	tap_is_int(pcb_hk_decide(&f, "2026-11-30", at("2026-12-01T00:00:00Z"), 1), PCB_HK_REMOVE,
		   "and goes once it ended a whole day ago");
	tap_is_int(pcb_hk_decide(&f, "2026-11-29", at("2027-01-01T00:00:00Z"), 1), PCB_HK_KEEP,
		   "the newest period stays, however old");
	pcb_hk_parse("offlinepush-2026-11-29.tsv.gz", &f);
	tap_is_int(pcb_hk_decide(&f, "2026-11-30", now, 0), PCB_HK_KEEP,
		   "a compressed file stays compressed");
	tap_is_int(pcb_hk_decide(&f, "2026-12-08", at("2026-12-09T00:00:00Z"), 7), PCB_HK_REMOVE,
		   "and is removed past the retention");
	tap_is_int(pcb_hk_decide(&f, "2026-11-30", at("2027-12-09T00:00:00Z"), 7), PCB_HK_KEEP,
		   "a clock far ahead of the newest period does not age it: 7 days from that period's end");
	/* Keeping 7 days: the day of 2026-11-29 ended at 11-30T00:00Z. */
	tap_is_int(pcb_hk_decide(&f, "2026-12-06", at("2026-12-06T23:59:59Z"), 7), PCB_HK_KEEP,
		   "keeping 7 days: a day that ended a second less than 7 days ago stays");
	tap_is_int(pcb_hk_decide(&f, "2026-12-07", at("2026-12-07T00:00:00Z"), 7), PCB_HK_REMOVE,
		   "keeping 7 days: a day that ended 7 days ago goes");
	pcb_hk_parse("offlinepush-2026-11-29.tsv", &f);
	tap_is_int(pcb_hk_decide(&f, "2026-12-06", at("2026-12-06T23:59:59Z"), 7), PCB_HK_COMPRESS,
		   "keeping 7 days: a plain file a second inside them is compressed");
	tap_is_int(pcb_hk_decide(&f, "2026-12-07", at("2026-12-07T00:00:00Z"), 7), PCB_HK_REMOVE,
		   "and removed at 7 days");
}

#define HEADER "#fields\tRecvTime\n"

static void run(void)
{
	struct pcb_hk_counts c;
	int64_t now = at("2026-11-30T12:00:00Z");

	put("offlinepush-2026-11-20.tsv", HEADER "old\n");
	put("offlinepush-2026-11-28.tsv.gz", "already compressed");
	put("offlinepush-2026-11-29.tsv", HEADER "a\nb\n");
	put("offlinepush-2026-11-29.0001.tsv", HEADER "c\n");
	put("offlinepush-2026-11-30.tsv", HEADER "today\n");
	put("reject-offlinepush-2026-11-01.tsv", HEADER "the only reject period\n");
	put("allmemberpush-2026-11-27.tsv", HEADER "x\n");
	put("allmemberpush-2026-11-27.tsv.gz", "made by someone else");
	put("allmemberpush-2026-11-28.tsv", HEADER "y\n");
	put("notes.txt", "not a log\n");
	chmod(tap_tmppath("offlinepush-2026-11-29.tsv"), 0640);

	tap_is_int(pcb_hk_run(dir, now, 7, &c), -1,
		   "a run where one file could not be compressed reports it");
	tap_is_int(c.compressed, 2, "two files compressed");
	tap_is_int(c.removed, 1, "one removed");
	tap_is_int(c.failed, 1, "one failed: its .gz exists already");
	tap_ok(!exists("offlinepush-2026-11-20.tsv"), "the file past the retention is gone");
	tap_is_str(gunzip("offlinepush-2026-11-29.tsv.gz"), HEADER "a\nb\n",
		   "a closed day, compressed whole");
	tap_is_str(gunzip("offlinepush-2026-11-29.0001.tsv.gz"), HEADER "c\n", "each of its segments");
	tap_ok(!exists("offlinepush-2026-11-29.tsv") && !exists("offlinepush-2026-11-29.0001.tsv"),
	       "the plain files are gone");
	{
		struct stat st;
		tap_ok(stat(tap_tmppath("offlinepush-2026-11-29.tsv.gz"), &st) == 0 &&
			   (st.st_mode & 0777) == 0640,
		       "the compressed file keeps the plain one's mode");
	}
	tap_ok(exists("offlinepush-2026-11-30.tsv") && exists("reject-offlinepush-2026-11-01.tsv"),
	       "each log's newest period is left, however old");
	tap_ok(exists("offlinepush-2026-11-28.tsv.gz") && exists("notes.txt"),
	       "a compressed file inside the retention and other files are left");
	tap_ok(exists("allmemberpush-2026-11-27.tsv") &&
		   strcmp(gunzip("allmemberpush-2026-11-27.tsv.gz"), "made by someone else") == 0,
	       "an existing .gz is not replaced, and the plain file is left");
	tap_is_int(pcb_hk_run(dir, now, 7, &c), -1, "a second run: the same refusal");
	tap_is_int(c.compressed + c.removed, 0, "and nothing else to do");
}

/*
 * A writer whose clock is behind stays in its period while housekeeping,
 * with a newer period on disk, compresses it: its next append finds the file
 * gone and goes to the newest period's file, never making its own period's
 * again beside the .gz (the next run would fail on the pair), and every line
 * is somewhere.
 */
static void writer_behind(void)
{
	char wdir[PATH_MAX];
	struct pcb_logfile lf;
	struct pcb_hk_counts c;
	time_t in_period = (time_t)at("2026-11-25T10:00:00Z");

	snprintf(wdir, sizeof(wdir), "%s", tap_tmppath("w"));
	mkdir(wdir, 0755);
	pcb_logfile_init(&lf, wdir, "allmemberpush", HEADER, PCB_ROTATE_DAILY, 0, 0);
	tap_is_int(pcb_logfile_append(&lf, in_period, "1\n", 2), PCB_OK, "a writer in 2026-11-25");
	put("w/allmemberpush-2026-11-26.tsv", HEADER);
	tap_is_int(pcb_hk_run(wdir, at("2026-11-26T12:00:00Z"), 0, &c), 0,
		   "housekeeping, a newer period on disk");
	tap_ok(c.compressed == 1 && !exists("w/allmemberpush-2026-11-25.tsv") &&
		   exists("w/allmemberpush-2026-11-25.tsv.gz"),
	       "compresses 2026-11-25 under the writer");
	tap_is_int(pcb_logfile_append(&lf, in_period, "2\n", 2), PCB_OK, "the writer's next append succeeds");
	tap_is_str(gunzip("w/allmemberpush-2026-11-25.tsv.gz"), HEADER "1\n", "its first line is in the .gz");
	tap_ok(!exists("w/allmemberpush-2026-11-25.tsv"), "no plain file of 2026-11-25 made again beside it");
	tap_is_str(gunzip("w/allmemberpush-2026-11-26.tsv"), HEADER "2\n",
		   "its second in the newest period's file");
	tap_is_int(pcb_hk_run(wdir, at("2026-11-26T12:00:00Z"), 0, &c), 0,
		   "the next run has nothing to refuse");
	pcb_logfile_close(&lf);
}

/* What a crash or an odd directory leaves, and how a run deals with it. */
static void leftovers(void)
{
	char d[PATH_MAX];
	struct pcb_hk_counts c;
	struct stat st;
	gzFile gz;

	snprintf(d, sizeof(d), "%s", tap_tmppath("x"));
	mkdir(d, 0755);
	put("x/offlinepush-2026-11-30.tsv", HEADER "today\n");
	/* A run stopped between link and unlink: both names, the same lines. */
	put("x/offlinepush-2026-11-27.tsv", HEADER "a\n");
	gz = gzopen(tap_tmppath("x/offlinepush-2026-11-27.tsv.gz"), "wb");
	gzputs(gz, HEADER "a\n");
	gzclose(gz);
	/* A writer died mid-line, and no one appended after it. */
	put("x/offlinepush-2026-11-28.tsv", HEADER "whole\ncut sh");
	/* Not regular files, with log names. */
	mkfifo(tap_tmppath("x/offlinepush-2026-11-25.tsv"), 0644);
	mkdir(tap_tmppath("x/offlinepush-2026-11-26.tsv"), 0755);
	if (symlink("offlinepush-2026-11-30.tsv", tap_tmppath("x/offlinepush-2026-11-24.tsv")) != 0)
		tap_diag("symlink failed");
	if (geteuid() == 0 && chown(tap_tmppath("x/offlinepush-2026-11-28.tsv"), 65534, 65534) != 0)
		tap_diag("chown failed");

	tap_is_int(pcb_hk_run(d, at("2026-11-30T12:00:00Z"), 0, &c), 0,
		   "a run over leftovers succeeds (a FIFO does not hang it)");
	tap_ok(!exists("x/offlinepush-2026-11-27.tsv") &&
		   strcmp(gunzip("x/offlinepush-2026-11-27.tsv.gz"), HEADER "a\n") == 0,
	       "a run stopped between link and unlink is finished: one name left");
	tap_is_str(gunzip("x/offlinepush-2026-11-28.tsv.gz"), HEADER "whole\ncut sh" PCB_LOG_TORN_END,
		   "a torn last line is ended in the compressed file, as writers end it");
	if (geteuid() == 0)
		tap_ok(stat(tap_tmppath("x/offlinepush-2026-11-28.tsv.gz"), &st) == 0 && st.st_uid == 65534,
		       "the compressed file keeps the plain one's owner");
	else
		tap_ok(1, "# SKIP not root: the owner cannot be changed");
	tap_ok(exists("x/offlinepush-2026-11-25.tsv") && exists("x/offlinepush-2026-11-26.tsv"),
	       "a FIFO and a directory with log names are left as they are");
	tap_ok(lstat(tap_tmppath("x/offlinepush-2026-11-24.tsv"), &st) == 0 && S_ISLNK(st.st_mode) &&
		   !exists("x/offlinepush-2026-11-24.tsv.gz"),
	       "so is a symbolic link");
	tap_is_int(c.compressed + c.failed, 2, "two files compressed, none failed");
}

/* Temporary files a process that died left behind go once a day old; nothing else hidden does. */
static void temps(void)
{
	char d[PATH_MAX];
	struct pcb_hk_counts c;
	struct timespec old[2] = { { 1764000000, 0 }, { 1764000000, 0 } }; /* 2025-11-24 */
	int64_t now = at("2025-11-26T00:00:00Z");
	static const char *const names[] = { ".offlinepush.Ab12Cd",
					     ".reject-allmemberpush.x9Y8z7",
					     ".offlinepush-2025-11-20.tsv.QwErTy",
					     ".offlinepush.Fresh1",
					     ".notes.Ab12Cd",
					     ".offlinepushx.Ab12Cd" };

	snprintf(d, sizeof(d), "%s", tap_tmppath("t"));
	mkdir(d, 0755);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char rel[64];
		snprintf(rel, sizeof(rel), "t/%s", names[i]);
		put(rel, "partial");
		if (strcmp(names[i], ".offlinepush.Fresh1") != 0)
			utimensat(AT_FDCWD, tap_tmppath(rel), old, 0);
	}
	tap_is_int(pcb_hk_run(d, now, 0, &c), 0, "a run over temporary files");
	tap_is_int(c.removed, 3, "removes the three a day old");
	tap_ok(!exists("t/.offlinepush.Ab12Cd") && !exists("t/.reject-allmemberpush.x9Y8z7") &&
		   !exists("t/.offlinepush-2025-11-20.tsv.QwErTy"),
	       "the writers' and the run's leftovers");
	tap_ok(exists("t/.offlinepush.Fresh1") && exists("t/.notes.Ab12Cd") &&
		   exists("t/.offlinepushx.Ab12Cd"),
	       "and leaves one being written now and other hidden files");
}

/* push_callback --housekeep: a run, then one line saying what it did. */
static void command(void)
{
	char empty[600], text[1024] = "", want[1024];
	FILE *f = tmpfile();

	snprintf(empty, sizeof(empty), "%s", tap_tmppath("command"));
	mkdir(empty, 0700);
	tap_is_int(pcb_hk_command(empty, at("2026-11-26T12:00:00Z"), 0, f), 0,
		   "--housekeep on an empty directory: 0");
	rewind(f);
	text[fread(text, 1, sizeof(text) - 1, f)] = '\0';
	fclose(f);
	snprintf(want, sizeof(want), "housekeeping of %s: 0 compressed, 0 removed, 0 failed\n", empty);
	tap_is_str(text, want, "and the line saying what it did");
	snprintf(empty, sizeof(empty), "%s", tap_tmppath("no-such-dir"));
	f = tmpfile();
	tap_is_int(pcb_hk_command(empty, at("2026-11-26T12:00:00Z"), 0, f), 1,
		   "a directory that is not there: 1");
	fclose(f);
}

int main(void)
{
	dir = tap_tmpdir();
	command();
	names();
	rules();
	run();
	writer_behind();
	leftovers();
	temps();
	return tap_done();
}
