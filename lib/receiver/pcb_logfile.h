/*
 * pcb_logfile.h: one rotating, append-only log file shared by any number of
 * processes.
 *
 * Files are named DIR/BASE-PERIOD[.SEG].tsv; PERIOD is the UTC day or hour of
 * the clock passed in, SEG counts size-capped segments of a period.
 *
 * The rule: a log file only grows. Nothing here truncates, rewrites or
 * pwrite()s a file, because readers follow it (rsyslog imfile, tail -F,
 * shippers) and keep their read position. The guarantees, and how they are
 * kept:
 * - Exactly one header per file: a new file is written under a temporary
 *   name with its header and link(2)ed into place; whoever loses the race
 *   opens the winner's file. An empty file found at the path (logrotate's
 *   "create") is appended to like any other, under the lock: the header and
 *   the batch in one write. It is never replaced: a rename(2) over the path
 *   cannot check, at the moment it acts, that the path still names the file
 *   checked under the lock, and a rotation in between would unlink another
 *   writer's acknowledged lines. A write cut inside the header leaves a
 *   beginning of it: the rest of the header is written before anything else
 *   is, by whoever would end a torn line there (below).
 * - Each append is one write(2) (writev) on an O_APPEND descriptor, under
 *   flock(LOCK_EX), to the file that is at the path under the lock: the path
 *   is checked after the lock is taken, and a file renamed or removed from
 *   outside (logrotate) is left for a new one before anything is written.
 * - When an append returns PCB_OK, its lines are whole in the file at the
 *   log's path. A write that fails part way (disk full, a file size limit, a
 *   writer killed mid-write) leaves what went out: whole lines of a batch
 *   that was never acknowledged, and at most one torn line. That line is
 *   ended with PCB_LOG_TORN_END (pcb_logformat.h: a byte no field holds
 *   raw, a newline, a "#torn" comment) before anything else is written
 *   after it: by the next writer of the file, by a writer leaving the file
 *   for the next period or segment, by the writer whose write failed at its
 *   next append wherever that goes, and by whoever makes the next segment's
 *   or period's file. Readers drop torn lines, and repeated events (a batch
 *   written again elsewhere or sent again) by their identity.
 * - A segment is left for the next one when the append would take it past
 *   the size cap, unless it holds nothing but its header (a batch larger
 *   than the cap then fills a segment alone), and when a later segment
 *   exists (another writer left it). A segment compressed by the user
 *   (NAME.tsv.gz) counts as existing and closed.
 * - A period is never gone back to by a writer: with the clock stepped back,
 *   a writer keeps writing to the newest period it has written, or that the
 *   directory held when it entered its current period or last had to make
 *   a file (its file was moved, removed, or compressed by housekeeping while
 *   its clock stayed in it), and says so once.
 * Failure policy: an append that fails returns an error; the next append
 *   tries again from scratch. Each distinct cause is reported once on stderr
 *   (not once per request), and so is recovery.
 */
#ifndef PCB_LOGFILE_H
#define PCB_LOGFILE_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "pcb_error.h"
#include "pcb_logformat.h"

enum pcb_rotate { PCB_ROTATE_DAILY, PCB_ROTATE_HOURLY };

/* The longest period name ("YYYY-MM-DDTHH") and its NUL. */
enum { PCB_PERIOD_SIZE = 16 };

struct pcb_logfile {
	/* Set by pcb_logfile_init. */
	const char *dir;
	char base[PCB_LOG_BASE_MAX];
	const char *header; /* the whole first line, with its newline */
	size_t header_len;
	enum pcb_rotate rotate;
	uint64_t max_bytes; /* 0: no cap, no segment numbers */
	int sync;           /* fsync after each append */
	/* The file currently open. */
	int fd;
	char period[PCB_PERIOD_SIZE];
	unsigned seg;
	dev_t dev;
	ino_t ino;
	char path[PATH_MAX];
	/* Its size after our last whole append of lines, -1 when unknown: a file
	 * still of that size ends in our newline (no read of its last byte). */
	off_t our_end;
	/* The newest period written (never gone back to), and whether the
	 * clock's being behind it has been said. */
	char newest[PCB_PERIOD_SIZE];
	int clock_behind_said;
	/* A file whose write failed part way: its torn line is ended before the
	 * next append, wherever that goes. */
	char torn_path[PATH_MAX];
	dev_t torn_dev;
	ino_t torn_ino;
	/* The last failure reported, so that each cause is reported once. */
	char reported[128];
};

void pcb_logfile_init(struct pcb_logfile *lf, const char *dir, const char *base, const char *header,
		      enum pcb_rotate rotate, uint64_t max_bytes, int sync);

/*
 * Appends [len] bytes (whole lines) at time [now]. Returns PCB_OK once they
 * are in the file at the log's path (and on disk, with sync);
 * PCB_ERR_LOG_WRITE when they could not be written (part of them may be in
 * the file, see above); PCB_ERR_LOG_SYNC when fsync failed (the lines may be
 * in the file, not known to be on disk: written again elsewhere, readers
 * drop the duplicate).
 */
enum pcb_err pcb_logfile_append(struct pcb_logfile *lf, time_t now, const char *data, size_t len);

/*
 * Closes the file; the next append opens the current one again (SIGHUP). A
 * torn line at its end is ended first (see above).
 */
void pcb_logfile_close(struct pcb_logfile *lf);

#endif
