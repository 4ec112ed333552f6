/*
 * pcb_logfile.h: one rotating, append-only log file shared by any number of
 * processes.
 *
 * Files are named DIR/BASE-PERIOD[.SEG].tsv; PERIOD is the UTC day or hour of
 * the clock passed in, SEG counts size-capped segments of a period.
 *
 * The guarantees, and how they are kept:
 * - Exactly one header per file: a new file is written under a temporary
 *   name with its header and link(2)ed into place; whoever loses the race
 *   opens the winner's file.
 * - No torn, interleaved or half-written batch: each append is one write(2)
 *   on an O_APPEND descriptor, under flock(LOCK_EX). A short or failed write
 *   is cut back with ftruncate, which is safe because nobody else writes under
 *   the lock. After each append the file's size is recorded in the file's
 *   extended attribute user.pushcb.committed; a writer killed mid-write leaves
 *   the file longer than that, and the next writer cuts it back before it
 *   appends: that batch was never answered OK, and Tencent sends it again.
 *   (Where the file system has no user extended attributes, only a torn last
 *   line is cut back.)
 * - A file renamed or removed from outside (logrotate) is noticed on the
 *   next append (its inode no longer is the path's) and a new one is made.
 * - A segment is left for the next one when the append would take it past
 *   the size cap, unless it holds nothing but its header (a batch larger
 *   than the cap then fills a segment alone), and when a later segment
 *   exists (another writer left it). A segment compressed by the user
 *   (NAME.tsv.gz) counts as existing and closed. Closed files are never
 *   truncated or rewritten.
 * - A file found empty at the path (logrotate's "create") gets its header
 *   before the first lines.
 * Failure policy: an append that fails returns an error and leaves the file
 *   as it was; the next append tries again from scratch. Each distinct cause
 *   is reported once on stderr (not once per request), and so is recovery.
 */
#ifndef PCB_LOGFILE_H
#define PCB_LOGFILE_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "pcb_error.h"

enum pcb_rotate { PCB_ROTATE_DAILY, PCB_ROTATE_HOURLY };

struct pcb_logfile {
	/* Set by pcb_logfile_init. */
	const char *dir;
	char base[64];
	const char *header;     /* the whole first line, with its newline */
	size_t header_len;
	enum pcb_rotate rotate;
	uint64_t max_bytes;     /* 0: no cap, no segment numbers */
	int sync;               /* fsync after each append */
	/* The file currently open. */
	int fd;
	char period[16];
	unsigned seg;
	dev_t dev;
	ino_t ino;
	char path[PATH_MAX];
	int no_xattr;           /* the file system refused user extended attributes */
	off_t last_start;       /* where the last successful append began and ended; */
	off_t last_end;         /* last_end 0: nothing to take back */
	/* The last failure reported, so that each cause is reported once. */
	char reported[128];
};

void pcb_logfile_init(struct pcb_logfile *lf, const char *dir, const char *base,
                      const char *header, enum pcb_rotate rotate, uint64_t max_bytes, int sync);

/*
 * Appends [len] bytes (whole lines) at time [now]. Returns PCB_OK once they
 * are in the file (and on disk, with sync); PCB_ERR_LOG_WRITE when they could
 * not be written (the file then holds none of them); PCB_ERR_LOG_SYNC when
 * fsync failed (the lines may be in the file, not known to be on disk:
 * the sender will retry and readers drop the duplicate).
 */
enum pcb_err pcb_logfile_append(struct pcb_logfile *lf, time_t now, const char *data, size_t len);

/*
 * Takes back the last successful append of this writer, when a batch must be
 * all or nothing across two files and the second failed. Done only if nobody
 * has appended since (then the file is cut back to where it was); returns 0
 * when done, -1 when not (the lines stay).
 */
int pcb_logfile_take_back(struct pcb_logfile *lf);

/* Closes the file; the next append opens the current one again (SIGHUP). */
void pcb_logfile_close(struct pcb_logfile *lf);

#endif
