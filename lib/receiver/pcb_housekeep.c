/* pcb_housekeep.c: see pcb_housekeep.h. */
#include <config.h>

#include "pcb_housekeep.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "pcb_caltime.h"
#include "pcb_diag.h"
#include "pcb_io.h"
#include "pcb_schema.h"

enum {
	/* The logs: each command's events and rejects. */
	MAX_LOGS = 2 * PCB_MAX_COMMANDS,
	COPY_CHUNK = 64 * 1024
};

int pcb_hk_parse(const char *name, struct pcb_hk_file *f)
{
	static const size_t lens[] = { PCB_LOG_HOUR_LEN, PCB_LOG_DAY_LEN };

	if (!pcb_log_is_file_name(name) || !pcb_log_base_of(name, f->base))
		return -1;
	for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		if (!pcb_log_name_period(name, f->base, lens[i], f->period))
			continue;
		if (pcb_log_period_span(f->period, &f->start, &f->end) != 0)
			return -1;
		f->compressed = strlen(name) != pcb_log_plain_name_len(name);
		return 0;
	}
	return -1;
}

enum pcb_hk_action pcb_hk_decide(const struct pcb_hk_file *f, const char *newest, int64_t now,
				 unsigned keep_days)
{
	int64_t newest_start, newest_end, ref = now;

	if (strcmp(f->period, newest) >= 0 || f->end > now - PCB_HK_GRACE)
		return PCB_HK_KEEP; /* not closed */
	/* Ages count from now, or from the newest period's end if the clock is ahead of it. */
	if (pcb_log_period_span(newest, &newest_start, &newest_end) == 0 && newest_end < ref)
		ref = newest_end;
	if (keep_days > 0 && f->end <= ref - (int64_t)keep_days * PCB_CALTIME_DAY)
		return PCB_HK_REMOVE;
	return f->compressed ? PCB_HK_KEEP : PCB_HK_COMPRESS;
}

/* The newest period of each log in the directory. */
struct newest {
	char base[MAX_LOGS][PCB_LOG_BASE_MAX];
	char period[MAX_LOGS][PCB_PERIOD_SIZE];
	size_t n;
};

static const char *newest_of(const struct newest *nw, const char *base)
{
	for (size_t i = 0; i < nw->n; i++)
		if (strcmp(nw->base[i], base) == 0)
			return nw->period[i];
	return NULL;
}

static void note_period(struct newest *nw, const struct pcb_hk_file *f)
{
	for (size_t i = 0; i < nw->n; i++) {
		if (strcmp(nw->base[i], f->base) != 0)
			continue;
		if (strcmp(f->period, nw->period[i]) > 0)
			memcpy(nw->period[i], f->period, sizeof(nw->period[i]));
		return;
	}
	if (nw->n == MAX_LOGS)
		return;
	memcpy(nw->base[nw->n], f->base, sizeof(nw->base[0]));
	memcpy(nw->period[nw->n], f->period, sizeof(nw->period[0]));
	nw->n++;
}

static int scan_newest(const char *dir, struct newest *nw)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	struct pcb_hk_file f;

	if (d == NULL)
		return -1;
	nw->n = 0;
	while ((e = readdir(d)) != NULL)
		if (pcb_hk_parse(e->d_name, &f) == 0)
			note_period(nw, &f);
	closedir(d);
	return 0;
}

/* What ends a line cut short (pcb_logformat.h). */
static const char TORN_END[] = PCB_LOG_TORN_END;

/*
 * Writes the [size] bytes of [in] into [tmpfd], gzip-compressed, ending a
 * line left torn (a writer died mid-write; no one will end it now), then
 * syncs. Returns 0, or -1 with errno.
 */
static int gzip_into(int in, off_t size, int tmpfd)
{
	static char buf[COPY_CHUNK];
	int gzfd = dup(tmpfd), torn = 0, err = 0;
	off_t done = 0;
	gzFile gz;

	if (gzfd < 0)
		return -1;
	gz = gzdopen(gzfd, "wb9");
	if (gz == NULL) {
		close(gzfd);
		errno = ENOMEM;
		return -1;
	}
	while (done < size && err == 0) {
		ssize_t n = pread(in, buf, sizeof(buf), done);
		if (n < 0)
			err = errno;
		else if (n == 0)
			err = EIO; /* shrunk: never by a writer */
		else if (gzwrite(gz, buf, (unsigned)n) != (int)n)
			err = EIO;
		else {
			done += n;
			torn = buf[n - 1] != '\n';
		}
	}
	if (err == 0 && torn && gzwrite(gz, TORN_END, sizeof(TORN_END) - 1) != (int)sizeof(TORN_END) - 1)
		err = EIO;
	if (gzclose(gz) != Z_OK && err == 0)
		err = EIO;
	if (err == 0 && fsync(tmpfd) < 0)
		err = errno;
	errno = err;
	return err == 0 ? 0 : -1;
}

/*
 * Does the gzip file [gzpath] hold exactly what compressing the [size]
 * bytes of [in] would (a run cut short between link and unlink)?
 */
static int same_content(const char *gzpath, int in, off_t size)
{
	static char a[COPY_CHUNK], b[COPY_CHUNK];
	gzFile gz = gzopen(gzpath, "rb");
	char last = '\n';
	off_t done = 0;
	int same = gz != NULL;

	while (same && done < size) {
		ssize_t n = pread(in, a, sizeof(a), done);
		if (n <= 0 || gzread(gz, b, (unsigned)n) != (int)n || memcmp(a, b, (size_t)n) != 0)
			same = 0;
		else {
			done += n;
			last = a[n - 1];
		}
	}
	if (same && last != '\n')
		same = gzread(gz, b, sizeof(TORN_END) - 1) == (int)sizeof(TORN_END) - 1 &&
		       memcmp(b, TORN_END, sizeof(TORN_END) - 1) == 0;
	if (same)
		same = gzread(gz, b, 1) == 0; /* nothing more */
	if (gz != NULL)
		gzclose(gz);
	return same;
}

/* Is [fd] still the file at [path]? */
static int still_at(const char *path, int fd, struct stat *st)
{
	struct stat now;

	return fstat(fd, st) == 0 && stat(path, &now) == 0 && now.st_dev == st->st_dev &&
	       now.st_ino == st->st_ino;
}

/* The outcomes of doing something to one file. */
enum outcome {
	DONE,    /* compressed or removed */
	SKIPPED, /* not a regular file, gone, or written to meanwhile: said, not a failure */
	FAILED   /* said */
};

/*
 * Compresses the regular file [path] open on [in] with [st]: into a hidden
 * temporary file without the lock (no one writes to a closed period), then,
 * under the writers' lock and only if the file is unchanged and still at its
 * path, links it in as [path].gz and removes [path], so the lock is held
 * for a moment only.
 */
static enum outcome compress_file(const char *dir, const char *name, const char *path, int in,
				  const struct stat *st)
{
	char tmp[PATH_MAX], gzpath[PATH_MAX];
	struct timespec times[2] = { st->st_atim, st->st_mtim };
	enum outcome out = FAILED;
	struct stat now;
	int tmpfd, saved;

	if (snprintf(gzpath, sizeof(gzpath), "%s%s", path, PCB_LOG_COMPRESSED) >= (int)sizeof(gzpath) ||
	    pcb_log_temp_path(tmp, sizeof(tmp), dir, name) < 0) {
		pcb_diag("housekeeping: %s: path too long", path);
		return FAILED;
	}
	tmpfd = mkostemp(tmp, O_CLOEXEC);
	if (tmpfd < 0) {
		pcb_diag("housekeeping: %s: cannot make a temporary file: %s", path, strerror(errno));
		return FAILED;
	}
	/* The owner where we may (root running it by hand; EINVAL: an unmapped id under PrivateUsers). */
	if ((fchown(tmpfd, st->st_uid, st->st_gid) < 0 && errno != EPERM && errno != EINVAL) ||
	    fchmod(tmpfd, st->st_mode & 07777) < 0 || gzip_into(in, st->st_size, tmpfd) < 0 ||
	    futimens(tmpfd, times) < 0) {
		pcb_diag("housekeeping: %s: compressing failed: %s", path, strerror(errno));
		goto out;
	}
	if (flock(in, LOCK_EX) < 0) {
		pcb_diag("housekeeping: %s: lock failed: %s", path, strerror(errno));
		goto out;
	}
	if (!still_at(path, in, &now) || now.st_size != st->st_size) {
		pcb_diag("housekeeping: %s changed while it was compressed: left for the next run", path);
		out = SKIPPED;
	} else if (link(tmp, gzpath) == 0) {
		if (unlink(path) == 0) {
			out = DONE;
		} else {
			saved = errno;
			unlink(gzpath); /* never both: readers would count the events twice */
			pcb_diag("housekeeping: %s: removing it failed: %s", path, strerror(saved));
		}
	} else if (errno != EEXIST) {
		pcb_diag("housekeeping: %s: %s", gzpath, strerror(errno));
	} else if (same_content(gzpath, in, st->st_size)) {
		/* A run stopped between link and unlink: finish it. */
		out = unlink(path) == 0 ? DONE : FAILED;
		if (out == FAILED)
			pcb_diag("housekeeping: %s: removing it failed: %s", path, strerror(errno));
	} else {
		pcb_diag("housekeeping: %s exists already and holds other lines: %s left as it is "
			 "(join them by hand)",
			 gzpath, path);
	}
	if (out == DONE && pcb_fsync_dir(dir) < 0)
		pcb_diag("housekeeping: %s: syncing the directory failed: %s", dir, strerror(errno));
	flock(in, LOCK_UN);
out:
	close(tmpfd);
	unlink(tmp);
	return out;
}

/* Removes the plain file [path] open on [in], under the writers' lock. */
static enum outcome remove_file(const char *path, int in)
{
	struct stat st;
	enum outcome out = FAILED;

	if (flock(in, LOCK_EX) < 0) {
		pcb_diag("housekeeping: %s: lock failed: %s", path, strerror(errno));
		return FAILED;
	}
	if (!still_at(path, in, &st))
		out = SKIPPED;
	else if (unlink(path) == 0)
		out = DONE;
	else
		pcb_diag("housekeeping: %s: removing it failed: %s", path, strerror(errno));
	flock(in, LOCK_UN);
	return out;
}

/* Does [action] to the file [name] of [dir]; says what it did. */
static void act(const char *dir, const struct pcb_hk_file *f, const char *name, enum pcb_hk_action action,
		struct pcb_hk_counts *counts)
{
	char path[PATH_MAX];
	struct stat st;
	enum outcome out;
	int fd;

	if (snprintf(path, sizeof(path), "%s/%s", dir, name) >= (int)sizeof(path)) {
		pcb_diag("housekeeping: %s/%s: path too long", dir, name);
		counts->failed++;
		return;
	}
	if (f->compressed) {
		/* No writer opens a .gz: removed without a lock, if it is a regular file. */
		if (lstat(path, &st) < 0)
			return; /* gone meanwhile */
		if (!S_ISREG(st.st_mode)) {
			pcb_diag("housekeeping: %s is not a regular file: left as it is", path);
			return;
		}
		out = unlink(path) == 0 ? DONE : FAILED;
		if (out == FAILED)
			pcb_diag("housekeeping: %s: removing it failed: %s", path, strerror(errno));
	} else {
		/* O_NONBLOCK: a FIFO with a log's name must not hang the run. */
		fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
		if (fd < 0) {
			if (errno == ELOOP)
				pcb_diag("housekeeping: %s is a symbolic link: left as it is", path);
			else if (errno != ENOENT) { /* ENOENT: gone meanwhile */
				pcb_diag("housekeeping: %s: %s", path, strerror(errno));
				counts->failed++;
			}
			return;
		}
		if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
			pcb_diag("housekeeping: %s is not a regular file: left as it is", path);
			close(fd);
			return;
		}
		out =
		    action == PCB_HK_REMOVE ? remove_file(path, fd) : compress_file(dir, name, path, fd, &st);
		close(fd);
	}
	if (out == DONE) {
		printf("%s %s\n", action == PCB_HK_REMOVE ? "removed" : "compressed", path);
		if (action == PCB_HK_REMOVE)
			counts->removed++;
		else
			counts->compressed++;
	} else if (out == FAILED) {
		counts->failed++;
	}
}

/* Removes [name], a temporary file left by a process that died, once a day old. */
static void remove_stale_temp(const char *dir, const char *name, int64_t now, struct pcb_hk_counts *counts)
{
	char path[PATH_MAX];
	struct stat st;

	if (snprintf(path, sizeof(path), "%s/%s", dir, name) >= (int)sizeof(path) || lstat(path, &st) < 0 ||
	    !S_ISREG(st.st_mode) || (int64_t)st.st_mtime > now - PCB_CALTIME_DAY)
		return;
	if (unlink(path) == 0) {
		printf("removed %s\n", path);
		counts->removed++;
	} else if (errno != ENOENT) {
		pcb_diag("housekeeping: %s: removing it failed: %s", path, strerror(errno));
		counts->failed++;
	}
}

int pcb_hk_run(const char *dir, int64_t now, unsigned keep_days, struct pcb_hk_counts *counts)
{
	static struct newest nw;
	struct pcb_hk_file f;
	struct dirent *e;
	DIR *d;

	memset(counts, 0, sizeof(*counts));
	if (scan_newest(dir, &nw) < 0 || (d = opendir(dir)) == NULL) {
		pcb_diag("housekeeping: %s: %s", dir, strerror(errno));
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		const char *newest;
		enum pcb_hk_action action;

		if (pcb_log_is_temp_name(e->d_name)) {
			remove_stale_temp(dir, e->d_name, now, counts);
			continue;
		}
		if (pcb_hk_parse(e->d_name, &f) < 0 || (newest = newest_of(&nw, f.base)) == NULL)
			continue;
		action = pcb_hk_decide(&f, newest, now, keep_days);
		if (action != PCB_HK_KEEP)
			act(dir, &f, e->d_name, action, counts);
	}
	closedir(d);
	return counts->failed == 0 ? 0 : -1;
}

int pcb_hk_command(const char *dir, int64_t now, unsigned keep_days, FILE *out)
{
	struct pcb_hk_counts counts;
	int rc = pcb_hk_run(dir, now, keep_days, &counts);

	fprintf(out, "housekeeping of %s: %u compressed, %u removed, %u failed\n", dir, counts.compressed,
		counts.removed, counts.failed);
	if (fflush(out) != 0 || ferror(out)) {
		pcb_diag("housekeeping: standard output: %s", strerror(errno));
		return 1;
	}
	return rc == 0 ? 0 : 1;
}
