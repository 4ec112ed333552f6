/* pcb_logfile.c: see pcb_logfile.h for the guarantees and the failure policy. */
#include <config.h>

#include "pcb_logfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "pcb_diag.h"
#include "pcb_io.h"

enum { TAIL_CHUNK = 4096, LOG_MODE = 0640 };

/*
 * The size of a log file up to the end of the last batch whose write
 * completed, kept with the file itself (an extended attribute, decimal), so
 * that whoever appends next can cut back a batch its writer did not finish.
 */
#define COMMITTED_XATTR "user.pushcb.committed"
enum { COMMITTED_MAX_DIGITS = 24 };

void pcb_logfile_init(struct pcb_logfile *lf, const char *dir, const char *base,
                      const char *header, enum pcb_rotate rotate, uint64_t max_bytes, int sync)
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

static int period_of(const struct pcb_logfile *lf, time_t now, char *out, size_t outlen)
{
	struct tm tm;

	if (gmtime_r(&now, &tm) == NULL)
		return -1;
	return strftime(out, outlen, lf->rotate == PCB_ROTATE_HOURLY ? "%Y-%m-%dT%H" : "%Y-%m-%d", &tm)
	               == 0 ? -1 : 0;
}

static int name_for(const struct pcb_logfile *lf, const char *period, unsigned seg, char *out,
                    size_t outlen)
{
	int n;

	if (lf->max_bytes > 0)
		n = snprintf(out, outlen, "%s/%s-%s.%04u.tsv", lf->dir, lf->base, period, seg);
	else
		n = snprintf(out, outlen, "%s/%s-%s.tsv", lf->dir, lf->base, period);
	return n < 0 || (size_t)n >= outlen ? -1 : 0;
}

/* Reports a failure once per distinct cause. */
static void report(struct pcb_logfile *lf, const char *what, const char *path, int err)
{
	char cause[sizeof(lf->reported)];

	snprintf(cause, sizeof(cause), "%s %s", what, strerror(err));
	if (strcmp(cause, lf->reported) == 0)
		return;
	snprintf(lf->reported, sizeof(lf->reported), "%s", cause);
	pcb_diag("log %s: %s failed: %s (events are refused with 503 until it works)", path, what,
	         strerror(err));
}

static void report_recovery(struct pcb_logfile *lf)
{
	if (lf->reported[0] == '\0')
		return;
	pcb_diag("log %s: writable again", lf->path);
	lf->reported[0] = '\0';
}

/*
 * Reads the committed size of the file open on [fd] into [*out]. Returns 1
 * when the file has one, 0 when it has none (a file from elsewhere, or a file
 * system without user extended attributes), -1 on another error.
 */
static int get_committed(int fd, off_t *out)
{
	char text[COMMITTED_MAX_DIGITS + 1];
	ssize_t n = fgetxattr(fd, COMMITTED_XATTR, text, sizeof(text) - 1);
	long long v = 0;

	if (n < 0)
		return errno == ENODATA || errno == ENOTSUP ? 0 : -1;
	if (n == 0)
		return 0;
	for (ssize_t i = 0; i < n; i++) {
		if (text[i] < '0' || text[i] > '9' || v > (LLONG_MAX - (text[i] - '0')) / 10)
			return 0; /* not ours: treat as absent */
		v = v * 10 + (text[i] - '0');
	}
	*out = (off_t)v;
	return 1;
}

/*
 * Records [size] as the committed size of the file open on [fd]. Returns 0,
 * or -1 with errno. A file system without user extended attributes
 * (ENOTSUP) is reported once and not tried again: appends then fall back to
 * cutting a torn line only (repair_tail).
 */
static int set_committed(struct pcb_logfile *lf, int fd, off_t size)
{
	char text[COMMITTED_MAX_DIGITS];
	int n;

	if (lf->no_xattr)
		return 0;
	n = snprintf(text, sizeof(text), "%lld", (long long)size);
	if (fsetxattr(fd, COMMITTED_XATTR, text, (size_t)n, 0) == 0)
		return 0;
	if (errno == ENOTSUP) {
		lf->no_xattr = 1;
		pcb_diag("log %s: no user extended attributes on this file system: a writer "
		         "killed mid-write may leave whole lines of its unanswered batch", lf->dir);
		return 0;
	}
	return -1;
}

/* The process's umask, which mkostemp's fixed 0600 would ignore. */
static mode_t current_umask(void)
{
	mode_t mask = umask(0);
	umask(mask);
	return mask;
}

/* Makes [path] exist with its header, atomically. Returns 0, or -1 with errno. */
static int create_with_header(struct pcb_logfile *lf, const char *path)
{
	char tmp[PATH_MAX];
	int fd, rc = -1, saved;

	/* A unique name: hosts sharing the directory may have the same PIDs. */
	if (snprintf(tmp, sizeof(tmp), "%s/.%s.XXXXXX", lf->dir, lf->base) >= (int)sizeof(tmp)) {
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
	/* Best effort: without it the first append falls back to repair_tail. */
	set_committed(lf, fd, (off_t)lf->header_len);
	if (lf->sync && fsync(fd) < 0)
		goto out;
	/* link(2) fails if the name exists: then another process won, which is fine. */
	if (link(tmp, path) < 0 && errno != EEXIST)
		goto out;
	if (lf->sync) {
		int dfd = open(lf->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dfd < 0 || fsync(dfd) < 0) {
			saved = errno;
			if (dfd >= 0)
				close(dfd);
			errno = saved;
			goto out;
		}
		close(dfd);
	}
	rc = 0;
out:
	saved = errno;
	close(fd);
	unlink(tmp);
	errno = saved;
	return rc;
}

/* Opens segment [seg] of [period], creating it if needed. Returns 0, or -1 with errno. */
static int open_segment(struct pcb_logfile *lf, const char *period, unsigned seg)
{
	struct stat st;
	int fd;

	if (name_for(lf, period, seg, lf->path, sizeof(lf->path)) < 0) {
		errno = ENAMETOOLONG;
		return -1;
	}
	for (int attempt = 0; attempt < 3; attempt++) {
		fd = open(lf->path, O_RDWR | O_APPEND | O_CLOEXEC); /* read: repair_tail */
		if (fd >= 0)
			break;
		if (errno != ENOENT || create_with_header(lf, lf->path) < 0)
			return -1;
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
	if (n + 3 >= sizeof(path))
		return 0;
	memcpy(path + n, ".gz", 4);
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

void pcb_logfile_close(struct pcb_logfile *lf)
{
	if (lf->fd >= 0)
		close(lf->fd);
	lf->fd = -1;
}

/* Is the open file still the one its name points to? */
static int still_current(const struct pcb_logfile *lf)
{
	struct stat st;

	return stat(lf->path, &st) == 0 && st.st_dev == lf->dev && st.st_ino == lf->ino;
}

/*
 * Under the lock: if the file does not end with a newline, a writer died in
 * the middle of its write; cut the file back to its last newline. Returns the
 * size after that, or -1.
 */
static off_t repair_tail(int fd, off_t size)
{
	char buf[TAIL_CHUNK];
	off_t end = size;

	while (end > 0) {
		size_t want = end > (off_t)sizeof(buf) ? sizeof(buf) : (size_t)end;
		ssize_t n = pread(fd, buf, want, end - (off_t)want);
		if (n != (ssize_t)want)
			return -1;
		for (size_t i = want; i > 0; i--) {
			if (buf[i - 1] == '\n') {
				off_t keep = end - (off_t)want + (off_t)i;
				if (keep != size && ftruncate(fd, keep) < 0)
					return -1;
				return keep;
			}
		}
		end -= (off_t)want;
	}
	return size; /* no newline at all: not ours to judge; leave it */
}

/*
 * Under the lock: the size to append at. A file longer than its committed
 * size holds (part of) a batch whose writer died before finishing it, never
 * answered 200, so sent again by Tencent: it is cut back to the committed
 * size, lest the retry log its events twice. Without a committed size, only
 * a torn last line is cut (repair_tail). A file shorter than its committed
 * size was cut from outside: the file is believed.
 */
static off_t cut_unfinished(struct pcb_logfile *lf, off_t size)
{
	off_t committed;
	int known = get_committed(lf->fd, &committed);

	if (known < 0)
		return -1;
	if (!known)
		return repair_tail(lf->fd, size);
	if (size > committed) {
		if (ftruncate(lf->fd, committed) < 0)
			return -1;
		pcb_diag("log %s: cut back %lld bytes of a batch whose writer died before finishing it",
		         lf->path, (long long)(size - committed));
		return committed;
	}
	return size;
}

enum pcb_err pcb_logfile_append(struct pcb_logfile *lf, time_t now, const char *data, size_t len)
{
	char period[sizeof(lf->period)];
	enum pcb_err err = PCB_ERR_LOG_WRITE;
	struct stat st;
	off_t size;
	int later_plain;

	if (period_of(lf, now, period, sizeof(period)) < 0) {
		report(lf, "clock", lf->dir, EINVAL);
		return PCB_ERR_LOG_WRITE;
	}
	lf->last_end = 0;
	if (lf->fd >= 0 && (strcmp(period, lf->period) != 0 || !still_current(lf)))
		pcb_logfile_close(lf);

	for (;;) {
		if (lf->fd < 0) {
			unsigned seg = current_segment(lf, period, strcmp(period, lf->period) == 0 ? lf->seg : 0);
			if (open_segment(lf, period, seg) < 0) {
				report(lf, "open", lf->path[0] ? lf->path : lf->dir, errno);
				return PCB_ERR_LOG_WRITE;
			}
		}
		if (flock(lf->fd, LOCK_EX) < 0) {
			report(lf, "lock", lf->path, errno);
			pcb_logfile_close(lf);
			return PCB_ERR_LOG_WRITE;
		}
		if (fstat(lf->fd, &st) < 0 || (size = cut_unfinished(lf, st.st_size)) < 0) {
			report(lf, "stat", lf->path, errno);
			goto fail;
		}
		/*
		 * Leave a full segment for the next, unless it holds only its header;
		 * and leave one that another writer has already left.
		 */
		if (lf->max_bytes > 0 &&
		    (((uint64_t)size > lf->header_len &&
		      ((uint64_t)size >= lf->max_bytes || len > lf->max_bytes - (uint64_t)size)) ||
		     segment_exists(lf, period, lf->seg + 1, &later_plain))) {
			unsigned next = current_segment(lf, period, lf->seg + 1);
			flock(lf->fd, LOCK_UN);
			pcb_logfile_close(lf);
			if (open_segment(lf, period, next) < 0) {
				report(lf, "open", lf->path, errno);
				return PCB_ERR_LOG_WRITE;
			}
			continue;
		}
		break;
	}

	/* An empty file at the path (logrotate's "create", ": > file"): header first. */
	if (size == 0) {
		if (pcb_write_all(lf->fd, lf->header, lf->header_len) < 0 ||
		    set_committed(lf, lf->fd, (off_t)lf->header_len) < 0) {
			int saved = errno;
			if (ftruncate(lf->fd, 0) < 0)
				pcb_diag("log %s: cannot cut back a failed write: %s", lf->path, strerror(errno));
			report(lf, "write", lf->path, saved);
			goto fail;
		}
		size = (off_t)lf->header_len;
	}

	if (pcb_write_all(lf->fd, data, len) < 0) {
		int saved = errno;
		/* Take back whatever part went out: the file holds whole lines only. */
		if (ftruncate(lf->fd, size) < 0)
			pcb_diag("log %s: cannot cut back a failed write: %s", lf->path, strerror(errno));
		report(lf, "write", lf->path, saved);
		goto fail;
	}
	if (set_committed(lf, lf->fd, size + (off_t)len) < 0) {
		int saved = errno;
		/* Unrecorded, the batch would be cut by the next writer: take it back now. */
		if (ftruncate(lf->fd, size) < 0)
			pcb_diag("log %s: cannot cut back a failed write: %s", lf->path, strerror(errno));
		report(lf, "setxattr", lf->path, saved);
		goto fail;
	}
	/* fsync, not fdatasync: the committed size must be as durable as the lines. */
	if (lf->sync && fsync(lf->fd) < 0) {
		/* Never retried: after a failed sync the page cache state is unknown. */
		report(lf, "fsync", lf->path, errno);
		err = PCB_ERR_LOG_SYNC;
		goto fail;
	}
	lf->last_start = size;
	lf->last_end = size + (off_t)len;
	flock(lf->fd, LOCK_UN);
	report_recovery(lf);
	return PCB_OK;
fail:
	flock(lf->fd, LOCK_UN);
	pcb_logfile_close(lf);
	return err;
}

int pcb_logfile_take_back(struct pcb_logfile *lf)
{
	struct stat st;
	off_t committed;
	int rc = -1;

	if (lf->fd < 0 || lf->last_end == 0)
		return -1;
	if (flock(lf->fd, LOCK_EX) < 0)
		return -1;
	/* Only while nobody has appended since: their lines are not ours to cut. */
	if (fstat(lf->fd, &st) == 0 && st.st_size == lf->last_end) {
		int known = get_committed(lf->fd, &committed);
		if (((known == 1 && committed == lf->last_end) || (known == 0 && lf->no_xattr)) &&
		    ftruncate(lf->fd, lf->last_start) == 0) {
			if (known == 1)
				set_committed(lf, lf->fd, lf->last_start);
			rc = 0;
		}
	}
	lf->last_end = 0;
	flock(lf->fd, LOCK_UN);
	return rc;
}
