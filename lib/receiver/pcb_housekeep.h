/*
 * pcb_housekeep.h: push_callback --housekeep, the log directory's upkeep:
 * the files of closed periods are compressed (NAME.tsv.gz), and those of
 * periods older than a retention are removed.
 *
 * A period of a log (its events, or its rejects) is closed when a newer
 * period of the same log has a file and the period ended PCB_HK_GRACE
 * seconds ago or more. Writers never make a file of a period older than the
 * newest one on disk (pcb_logfile.h: a writer whose clock stays in a period
 * others have left, and whose file is gone, goes to the newest), so a
 * closed period's file, once compressed, is not made again; a writer that
 * still has it open (its clock more than PCB_HK_GRACE behind) may append to
 * it, and compression then leaves the changed file for the next run. The
 * newest period of each log is never touched, whatever the
 * clock says, nor is any file that is not a regular file with a log's name
 * (pcb_log_name_period). Ages count from now, or from the end of the log's
 * newest period when the clock is ahead of it, so a clock set in the future
 * does not expire recent files.
 *
 * Compression keeps the promise that a 200 means the lines are in the file
 * at the log's path, without holding up writers: the file is compressed
 * into a hidden temporary file (its owner, mode and times kept; a torn last
 * line ended as writers end it) without the lock; then, under the writers'
 * lock (flock) and only if the file is unchanged and still at its path, the
 * temporary file is linked in as NAME.tsv.gz and NAME.tsv removed. A writer
 * that waited on the lock finds the file gone and makes a new one, so
 * nothing is lost; the two names never both stay (readers would count the
 * events twice): a failed removal takes the .gz back, and a run stopped
 * between the two is finished by the next one when the .gz holds the same
 * lines. A NAME.tsv.gz with other lines is never replaced: the plain file is
 * then left and the run fails (made again by hand, or by a writer before
 * 0.3.0 whose clock was more than PCB_HK_GRACE behind; join the two by
 * hand).
 */
#ifndef PCB_HOUSEKEEP_H
#define PCB_HOUSEKEEP_H

#include <stdint.h>
#include <stdio.h>

#include "pcb_logfile.h"
#include "pcb_logformat.h"

/* How long after its end a period may still be written (clocks a little apart). */
enum { PCB_HK_GRACE = 3600 };

/* A log file, as its name tells. */
struct pcb_hk_file {
	char base[PCB_LOG_BASE_MAX];  /* "offlinepush", "reject-offlinepush" */
	char period[PCB_PERIOD_SIZE]; /* "YYYY-MM-DD" or "YYYY-MM-DDTHH" */
	int64_t start, end;           /* the period, [start, end) in Unix seconds */
	int compressed;               /* the name ends in .gz */
};

/* Parses a file name (no directory). Returns 0, or -1 when it is not a file of a known log. */
int pcb_hk_parse(const char *name, struct pcb_hk_file *f);

/* What housekeeping does to one file. */
enum pcb_hk_action { PCB_HK_KEEP, PCB_HK_COMPRESS, PCB_HK_REMOVE };

/*
 * Decides for file [f], whose log's newest period on disk is [newest], at
 * time [now], keeping [keep_days] days (0: every file). Removes a closed
 * period that ended more than keep_days days ago; compresses a closed
 * period's plain file; keeps everything else.
 */
enum pcb_hk_action pcb_hk_decide(const struct pcb_hk_file *f, const char *newest, int64_t now,
				 unsigned keep_days);

/* What a run did. */
struct pcb_hk_counts {
	unsigned compressed, removed, failed;
};

/*
 * Runs over the log files of [dir] at time [now], and the temporary files
 * (pcb_log_is_temp_name) left a day ago or more. Each file compressed or removed is said on
 * stdout ("compressed PATH", "removed PATH"), each failure on stderr
 * (pcb_diag). Returns 0, or -1 when the directory could
 * not be read or any file failed; [counts] says what was done.
 */
int pcb_hk_run(const char *dir, int64_t now, unsigned keep_days, struct pcb_hk_counts *counts);

/*
 * push_callback --housekeep: pcb_hk_run, then one line on [out] saying what
 * was done ("housekeeping of DIR: N compressed, N removed, N failed").
 * Returns the exit status: 0, or 1 when a file failed or the line could not
 * be written (what was done must be said).
 */
int pcb_hk_command(const char *dir, int64_t now, unsigned keep_days, FILE *out);

#endif
