/* pcb_logfile.c: see pcb_logfile.h for the guarantees and the failure policy. */
#include <config.h>

#include "pcb_logfile.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "pcb_caltime.h"
#include "pcb_diag.h"
#include "pcb_io.h"

enum {
	LOG_MODE = 0640,
	/* How often an append follows the path to a new file (logrotate moving
	 * files faster than we can lock them) before it gives up. */
	REOPEN_ATTEMPTS = 8,
	/* How much of a file's beginning is read at once to compare it with the header. */
	HEADER_CHUNK = 256
};

/* What ends a torn line (pcb_logformat.h). */
static const char TORN_END[] = PCB_LOG_TORN_END;

void pcb_logfile_init(struct pcb_logfile *lf, const char *dir, const char *base, const char *header,
		      enum pcb_rotate rotate, uint64_t max_bytes, int sync)
{
	memset(lf, 0, sizeof(*lf));
	lf->dir = dir;
	snprintf(lf->base, sizeof(lf->base), "%s", base);
	lf->header = header;
	lf->header_len = strlen(header);
	lf->rotate = rotate;
	lf->max_bytes = max_bytes;
	lf->sync = sync;
	lf->fd = -1;
}

static size_t period_len(const struct pcb_logfile *lf)
{
	return lf->rotate == PCB_ROTATE_HOURLY ? PCB_LOG_HOUR_LEN : PCB_LOG_DAY_LEN;
}

static int period_of(const struct pcb_logfile *lf, time_t now, char out[PCB_PERIOD_SIZE])
{
	char buf[PCB_CALTIME_BYTES];
	size_t n;

	if (pcb_caltime_format_period(
		now, lf->rotate == PCB_ROTATE_HOURLY ? PCB_CALTIME_HOUR : PCB_CALTIME_DAY, buf) < 0)
		return -1;
	n = strlen(buf);
	if (n >= PCB_PERIOD_SIZE) /* a year past 9999 */
		return -1;
	memcpy(out, buf, n + 1);
	return 0;
}

static int name_for(const struct pcb_logfile *lf, const char *period, unsigned seg, char *out, size_t outlen)
{
	return pcb_log_path(out, outlen, lf->dir, lf->base, period, lf->max_bytes > 0, seg);
}

/* Reports a failure once per distinct cause. */
static void report(struct pcb_logfile *lf, const char *what, const char *path, int err)
{
	char cause[sizeof(lf->reported)];

	snprintf(cause, sizeof(cause), "%s %s", what, strerror(err));
	if (strcmp(cause, lf->reported) == 0)
		return;
	snprintf(lf->reported, sizeof(lf->reported), "%s", cause);
	pcb_diag("log %s: %s failed: %s", path, what, strerror(err));
}

static void report_recovery(struct pcb_logfile *lf)
{
	if (lf->reported[0] == '\0')
		return;
	pcb_diag("log %s: writable again", lf->path);
	lf->reported[0] = '\0';
}

/* The process's umask, which mkostemp's fixed 0600 would ignore. */
static mode_t current_umask(void)
{
	mode_t mask = umask(0);
	umask(mask);
	return mask;
}

/*
 * Under the lock: does the file of [size] bytes end in the middle of a line
 * (a write that did not finish)? Returns 1 or 0, or -1 with errno.
 */
static int ends_torn(int fd, off_t size)
{
	char last;
	ssize_t n;

	if (size == 0)
		return 0;
	n = pread(fd, &last, 1, size - 1);
	if (n < 0)
		return -1;
	if (n == 0) { /* shrunk from outside since the stat */
		errno = EIO;
		return -1;
	}
	return last != '\n';
}

/*
 * Puts a file holding only the header at the new name [path], atomically
 * (link(2), which another process may win: fine). Never over an existing
 * file: whatever stands at the path may already hold acknowledged lines.
 * Returns 1 when this call put the file there, 0 when another process won,
 * -1 with errno.
 */
static int put_header_file(struct pcb_logfile *lf, const char *path)
{
	char tmp[PATH_MAX];
	int fd, rc = -1, saved;

	/* A unique name: hosts sharing the directory may have the same PIDs. */
	if (pcb_log_temp_path(tmp, sizeof(tmp), lf->dir, lf->base) < 0) {
		errno = ENAMETOOLONG;
		return -1;
	}
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (fchmod(fd, LOG_MODE & ~current_umask()) < 0)
		goto out;
	if (pcb_write_all(fd, lf->header, lf->header_len) < 0)
		goto out;
	if (lf->sync && fsync(fd) < 0)
		goto out;
	if (link(tmp, path) == 0)
		rc = 1;
	else if (errno == EEXIST)
		rc = 0;
	else
		goto out;
	if (lf->sync && pcb_fsync_dir(lf->dir) < 0)
		rc = -1;
out:
	saved = errno;
	close(fd);
	unlink(tmp);
	errno = saved;
	return rc;
}

/*
 * Under the lock: does the file of [size] bytes open on [fd] hold a
 * beginning of the header and nothing else, shorter than the whole (empty,
 * as logrotate's "create" leaves it, or the header's write cut short)?
 * Returns 1 or 0, or -1 with errno.
 */
static int holds_part_of_header(const struct pcb_logfile *lf, int fd, off_t size)
{
	char buf[HEADER_CHUNK];
	off_t off = 0;

	if (size < 0 || (uint64_t)size >= lf->header_len)
		return 0;
	while (off < size) {
		size_t want = (size_t)(size - off) < sizeof(buf) ? (size_t)(size - off) : sizeof(buf);
		ssize_t n = pread(fd, buf, want, off);

		if (n < 0)
			return -1;
		if (n == 0) { /* shrunk from outside since the stat */
			errno = EIO;
			return -1;
		}
		if (memcmp(buf, lf->header + off, (size_t)n) != 0)
			return 0;
		off += n;
	}
	return 1;
}

/*
 * Under the lock: what must be written before anything is appended to the
 * file of [size] bytes open on [fd], into [*lead]: the rest of the header
 * when the file holds only a beginning of it (all of it when the file is
 * empty), the end of a torn line when it ends in one, else nothing (length
 * 0). Returns 0, or -1 with errno.
 */
static int lead_of(const struct pcb_logfile *lf, int fd, off_t size, struct iovec *lead)
{
	int part = holds_part_of_header(lf, fd, size), torn;

	if (part < 0)
		return -1;
	if (part) {
		*lead = pcb_iov(lf->header + size, lf->header_len - (size_t)size);
		return 0;
	}
	torn = ends_torn(fd, size);
	if (torn < 0)
		return -1;
	*lead = torn ? pcb_iov(TORN_END, sizeof(TORN_END) - 1) : pcb_iov(NULL, 0);
	return 0;
}

/*
 * Under the lock: ends what a cut write left at the end of the file of
 * [size] bytes open on [fd]: a torn line, or a beginning of the header (its
 * rest is written). An empty file is left as it is. Returns 0, or -1 with
 * errno.
 */
static int end_torn(const struct pcb_logfile *lf, int fd, off_t size)
{
	struct iovec lead;

	if (size == 0)
		return 0;
	if (lead_of(lf, fd, size, &lead) < 0)
		return -1;
	return lead.iov_len > 0 ? pcb_write_all(fd, lead.iov_base, lead.iov_len) : 0;
}

/*
 * Ends the torn line at the end of the file at [path] (if it still is the
 * file [dev]/[ino] when those are not 0). Returns 0 (done, or nothing to do:
 * gone, moved, not torn), or -1 with errno (it could not be written).
 */
static int end_torn_at(const struct pcb_logfile *lf, const char *path, dev_t dev, ino_t ino)
{
	struct stat st;
	int fd = open(path, O_RDWR | O_APPEND | O_CLOEXEC | O_NOFOLLOW), rc = 0, saved;

	if (fd < 0)
		return 0;
	if (flock(fd, LOCK_EX) < 0 || fstat(fd, &st) < 0)
		rc = -1;
	else if (ino == 0 || (st.st_dev == dev && st.st_ino == ino))
		rc = end_torn(lf, fd, st.st_size);
	saved = errno;
	close(fd); /* and the lock with it */
	errno = saved;
	return rc;
}

static void end_predecessor(const struct pcb_logfile *lf, const char *period, unsigned seg);
static unsigned current_segment(const struct pcb_logfile *lf, const char *period, unsigned seg);
static int left_by_others(struct pcb_logfile *lf, char *period);

/*
 * Opens segment [seg] of [period], creating it if needed; or, when the file
 * is to be made and others have left [period] for a newer one, that one's
 * current segment (the period put into [period]). Returns 0, or -1 with
 * errno.
 */
static int open_segment(struct pcb_logfile *lf, char *period, unsigned seg)
{
	struct stat st;
	int fd = -1;

	if (name_for(lf, period, seg, lf->path, sizeof(lf->path)) < 0) {
		errno = ENAMETOOLONG;
		return -1;
	}
	for (int attempt = 0; attempt < REOPEN_ATTEMPTS; attempt++) {
		int made;
		/* O_RDWR: the last byte is read to find a torn line. */
		fd = open(lf->path, O_RDWR | O_APPEND | O_CLOEXEC);
		if (fd >= 0)
			break;
		if (errno != ENOENT)
			return -1;
		if (left_by_others(lf, period)) {
			seg = current_segment(lf, period, 0);
			if (name_for(lf, period, seg, lf->path, sizeof(lf->path)) < 0) {
				errno = ENAMETOOLONG;
				return -1;
			}
			continue;
		}
		made = put_header_file(lf, lf->path);
		if (made < 0)
			return -1;
		if (made)
			end_predecessor(lf, period, seg);
	}
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0) {
		int saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	lf->fd = fd;
	lf->dev = st.st_dev;
	lf->ino = st.st_ino;
	lf->our_end = -1;
	lf->seg = seg;
	snprintf(lf->period, sizeof(lf->period), "%s", period);
	return 0;
}

/* Does segment [seg] of [period] exist, plain or compressed by the user? */
static int segment_exists(const struct pcb_logfile *lf, const char *period, unsigned seg, int *plain)
{
	char path[PATH_MAX];
	struct stat st;
	size_t n;

	if (name_for(lf, period, seg, path, sizeof(path)) < 0)
		return 0;
	*plain = stat(path, &st) == 0;
	if (*plain)
		return 1;
	n = strlen(path);
	if (n + sizeof(PCB_LOG_COMPRESSED) > sizeof(path))
		return 0;
	memcpy(path + n, PCB_LOG_COMPRESSED, sizeof(PCB_LOG_COMPRESSED));
	return stat(path, &st) == 0;
}

/*
 * The segment of [period] to write in, from [seg] on: past every segment
 * that has a later one (others have left it) and past a compressed one (the
 * user closed it), so that a writer, new or old, never goes back into a
 * segment that others have left, nor makes a name that exists compressed.
 */
static unsigned current_segment(const struct pcb_logfile *lf, const char *period, unsigned seg)
{
	int plain;

	if (lf->max_bytes == 0)
		return 0;
	while (seg < UINT_MAX) {
		int next_plain;
		int here = segment_exists(lf, period, seg, &plain);
		if (segment_exists(lf, period, seg + 1, &next_plain) || (here && !plain))
			seg++;
		else
			break;
	}
	return seg;
}

/*
 * Reads the periods of this log in its directory: the newest into [newest]
 * (left as it is when none is newer; NULL: not wanted), and the newest
 * before [below] into [prev] (left as it is when none is newer; NULL: not
 * wanted). Read once per period a writer enters, so that a writer started
 * with its clock behind others' does not go back to a period they have left,
 * and when a writer makes a period's first file.
 */
static void scan_periods(const struct pcb_logfile *lf, const char *below, char *newest, char *prev)
{
	DIR *d = opendir(lf->dir);
	struct dirent *e;
	char period[PCB_PERIOD_SIZE];

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (!pcb_log_name_period(e->d_name, lf->base, period_len(lf), period))
			continue;
		if (newest != NULL && strcmp(period, newest) > 0)
			memcpy(newest, period, sizeof(period));
		if (prev != NULL && strcmp(period, below) < 0 && strcmp(period, prev) > 0)
			memcpy(prev, period, sizeof(period));
	}
	closedir(d);
}

/*
 * A writer made the first file of segment [seg] of [period]: the file before
 * it (the previous segment, or the last of the previous period) may end in a
 * torn line that no one will append after (its writer died, or every writer
 * failed on it and then moved on): end it. Best effort.
 */
static void end_predecessor(const struct pcb_logfile *lf, const char *period, unsigned seg)
{
	char path[PATH_MAX], prev[PCB_PERIOD_SIZE] = "";
	unsigned last = UINT_MAX;
	int plain;

	if (lf->max_bytes > 0 && seg > 0) {
		if (name_for(lf, period, seg - 1, path, sizeof(path)) == 0)
			end_torn_at(lf, path, 0, 0);
		return;
	}
	scan_periods(lf, period, NULL, prev);
	if (prev[0] == '\0')
		return;
	if (lf->max_bytes == 0)
		last = 0;
	else
		for (unsigned s = 0; s < UINT_MAX && segment_exists(lf, prev, s, &plain); s++)
			if (plain)
				last = s; /* the last one not compressed */
	if (last != UINT_MAX && name_for(lf, prev, last, path, sizeof(path)) == 0)
		end_torn_at(lf, path, 0, 0);
}

/* Writes in the newest period instead of [period], which is behind it: said once. */
static void go_to_newest(struct pcb_logfile *lf, char *period)
{
	if (!lf->clock_behind_said)
		pcb_diag("log %s/%s: the clock (%s) is behind the newest period written (%s): "
			 "writing there, never to a period already left",
			 lf->dir, lf->base, period, lf->newest);
	lf->clock_behind_said = 1;
	memcpy(period, lf->newest, PCB_PERIOD_SIZE);
}

/*
 * A file of [period] is to be made (a new period, or housekeeping
 * compressed it while this writer's clock stayed in it): when the
 * directory holds a newer period, the writer goes to that one, into
 * [period], so that a period others have left is never made again
 * (pcb_housekeep.h). Returns 1 when it did.
 */
static int left_by_others(struct pcb_logfile *lf, char *period)
{
	char newest[PCB_PERIOD_SIZE];

	memcpy(newest, period, sizeof(newest));
	scan_periods(lf, period, newest, NULL);
	if (strcmp(newest, period) <= 0)
		return 0;
	if (strcmp(newest, lf->newest) > 0)
		memcpy(lf->newest, newest, sizeof(newest));
	go_to_newest(lf, period);
	return 1;
}

/*
 * The period to write [now]'s events in: now's, unless a newer one has been
 * written (the clock was stepped back): then that one, said once.
 */
static int period_to_write(struct pcb_logfile *lf, time_t now, char *period)
{
	if (period_of(lf, now, period) < 0)
		return -1;
	if (strcmp(period, lf->newest) > 0) {
		/* A period this writer has not written yet: ask the directory. */
		char newest[PCB_PERIOD_SIZE];
		memcpy(newest, period, sizeof(newest));
		scan_periods(lf, period, newest, NULL);
		if (strcmp(newest, period) == 0) {
			memcpy(lf->newest, period, PCB_PERIOD_SIZE);
			lf->clock_behind_said = 0;
			return 0;
		}
		memcpy(lf->newest, newest, PCB_PERIOD_SIZE);
	}
	if (strcmp(period, lf->newest) < 0)
		go_to_newest(lf, period);
	return 0;
}

/*
 * Under the lock: is the open file still the one its name points to? If so,
 * [*st] is its status (the same inode's: no fstat needed for its size).
 */
static int still_current(const struct pcb_logfile *lf, struct stat *st)
{
	return stat(lf->path, st) == 0 && st->st_dev == lf->dev && st->st_ino == lf->ino;
}

/* Closes the file as it is (after a failure, or when it was moved away). */
static void drop(struct pcb_logfile *lf)
{
	if (lf->fd >= 0)
		close(lf->fd);
	lf->fd = -1;
}

/* Under the lock, the file at its path and [size] bytes: ends its torn line, if any. */
static void leave_locked(struct pcb_logfile *lf, off_t size)
{
	if (end_torn(lf, lf->fd, size) < 0)
		pcb_diag("log %s: cannot end a torn line: %s", lf->path, strerror(errno));
}

/*
 * Leaves the open file for another: if it is still at its path and ends
 * torn, its torn line is ended first, since no one may append to it again.
 */
static void leave(struct pcb_logfile *lf)
{
	struct stat st;

	if (lf->fd < 0)
		return;
	if (flock(lf->fd, LOCK_EX) == 0) {
		if (still_current(lf, &st))
			leave_locked(lf, st.st_size);
		flock(lf->fd, LOCK_UN);
	}
	drop(lf);
}

void pcb_logfile_close(struct pcb_logfile *lf)
{
	leave(lf);
}

/* Does an append of [len] bytes to a segment of [size] bytes go to the next segment? */
static int segment_full(const struct pcb_logfile *lf, off_t size, size_t len)
{
	int later_plain;

	if (lf->max_bytes == 0)
		return 0;
	/* A segment that holds only its header takes any batch. */
	if ((uint64_t)size > lf->header_len &&
	    ((uint64_t)size >= lf->max_bytes || len > lf->max_bytes - (uint64_t)size))
		return 1;
	/* Another writer has left it. */
	return segment_exists(lf, lf->period, lf->seg + 1, &later_plain);
}

/* Under the lock: lets go of the file, keeping errno. */
static void unlock_drop(struct pcb_logfile *lf)
{
	int saved = errno;

	flock(lf->fd, LOCK_UN);
	drop(lf);
	errno = saved;
}

/* What one attempt at locking the file to append to came to. */
enum lock_step {
	LOCKED, /* locked, at its path, with room for the batch */
	MOVED,  /* the file at the path is another: follow it */
	FULL,   /* on to the next segment */
	FAILED  /* reported, the file closed */
};

/* One attempt of lock_current. */
static enum lock_step try_lock(struct pcb_logfile *lf, char *period, size_t len, off_t *size)
{
	struct stat st;

	if (lf->fd < 0) {
		unsigned from = strcmp(period, lf->period) == 0 ? lf->seg : 0;
		if (open_segment(lf, period, current_segment(lf, period, from)) < 0) {
			report(lf, "open", lf->path[0] ? lf->path : lf->dir, errno);
			return FAILED;
		}
	}
	if (flock(lf->fd, LOCK_EX) < 0) {
		report(lf, "lock", lf->path, errno);
		drop(lf);
		return FAILED;
	}
	/* Checked under the lock: a rename before it is seen here. */
	if (!still_current(lf, &st)) {
		unlock_drop(lf);
		return MOVED;
	}
	if (segment_full(lf, st.st_size, len)) {
		leave_locked(lf, st.st_size);
		unlock_drop(lf);
		lf->seg++;
		return FULL;
	}
	*size = st.st_size;
	return LOCKED;
}

/*
 * Opens (if needed) and locks the file to append [len] bytes to in
 * [period] (or in a newer one, put into [period], when its file is to be
 * made and others have left it): the one at its path under the lock, and
 * not full. Returns 0 with the lock held and the file's size in [*size], or
 * -1 (reported) with the file closed.
 *
 * Ends: a segment holding only its header takes any batch, so moving to the
 * next segment always ends; following renames is bounded.
 */
static int lock_current(struct pcb_logfile *lf, char *period, size_t len, off_t *size)
{
	int moved = 0;

	while (moved < REOPEN_ATTEMPTS) {
		switch (try_lock(lf, period, len, size)) {
		case LOCKED:
			return 0;
		case FAILED:
			return -1;
		case MOVED:
			moved++;
			break;
		case FULL:
			break;
		}
	}
	report(lf, "open", lf->path, EAGAIN);
	return -1;
}

/*
 * Under the lock, the file of [size] bytes: appends [data] in one write,
 * after the header when the file has none yet (an empty file at the path:
 * an append to it is growth like any other) or the rest of a header whose
 * write was cut, or after the end of a torn line left by a write that
 * failed; and syncs when asked to. Returns PCB_OK, or the error (reported).
 */
static enum pcb_err write_locked(struct pcb_logfile *lf, off_t size, const char *data, size_t len)
{
	struct iovec iov[2];
	int niov = 0;

	/* Nobody appended since our last lines (a file only grows): it ends in their newline. */
	if (size != lf->our_end) {
		if (lead_of(lf, lf->fd, size, &iov[0]) < 0) {
			report(lf, "read", lf->path, errno);
			return PCB_ERR_LOG_WRITE;
		}
		if (iov[0].iov_len > 0)
			niov++;
	}
	iov[niov++] = pcb_iov(data, len);

	lf->our_end = -1;
	if (pcb_writev_all(lf->fd, iov, niov) < 0) {
		report(lf, "write", lf->path, errno);
		/* It may have left a torn line: ended before the next append, wherever that goes. */
		snprintf(lf->torn_path, sizeof(lf->torn_path), "%s", lf->path);
		lf->torn_dev = lf->dev;
		lf->torn_ino = lf->ino;
		return PCB_ERR_LOG_WRITE;
	}
	if (len > 0 && data[len - 1] == '\n')
		lf->our_end = size + (off_t)((niov > 1 ? iov[0].iov_len : 0) + len);
	/* fsync, not fdatasync: the file's size must be as durable as the lines. */
	if (lf->sync && fsync(lf->fd) < 0) {
		/* Never retried: after a failed sync the page cache state is unknown. */
		report(lf, "fsync", lf->path, errno);
		return PCB_ERR_LOG_SYNC;
	}
	return PCB_OK;
}

enum pcb_err pcb_logfile_append(struct pcb_logfile *lf, time_t now, const char *data, size_t len)
{
	char period[PCB_PERIOD_SIZE];
	enum pcb_err err;
	off_t size;

	if (lf->torn_path[0] != '\0' && end_torn_at(lf, lf->torn_path, lf->torn_dev, lf->torn_ino) == 0)
		lf->torn_path[0] = '\0';
	if (period_to_write(lf, now, period) < 0) {
		report(lf, "clock", lf->dir, EINVAL);
		return PCB_ERR_LOG_WRITE;
	}
	if (lf->fd >= 0 && strcmp(period, lf->period) != 0)
		leave(lf);
	if (lock_current(lf, period, len, &size) < 0)
		return PCB_ERR_LOG_WRITE;
	err = write_locked(lf, size, data, len);
	if (err != PCB_OK) {
		unlock_drop(lf);
		return err;
	}
	flock(lf->fd, LOCK_UN);
	report_recovery(lf);
	return PCB_OK;
}
