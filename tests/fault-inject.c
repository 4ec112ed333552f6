/*
 * fault-inject.so: an LD_PRELOAD shim for the fault tests
 * (tests/integration/fault-*.sh). It makes the failures a real disk rarely
 * gives on demand: a failing or slow fsync, a writer killed in the middle
 * of its write(2).
 *
 * It acts only on log files (regular files whose name ends in ".tsv") and only
 * while a control file exists in the directory named by PCB_FAULT_DIR, so a
 * test switches faults on and off while the server runs:
 *
 *   fsync-eio    fsync fails with EIO
 *   fsync-hold   fsync first creates "held", then waits until
 *                    fsync-hold is removed (the data is not yet durable)
 *   fsync-hold-next  the next fsync of a log file or of a log's hidden
 *                    temporary file (a new file's header) renames it to
 *                    "held-next", then waits until "held-next" is removed:
 *                    one process held inside fsync (a slow disk) while
 *                    others go on
 *   write-kill       a write sends half its bytes, then the process gets
 *                    SIGKILL (the control file is removed first: one kill)
 *   reject-eio       a write to a reject log (a name that begins with
 *                    "reject-") fails with EIO, writing nothing; the event
 *                    logs are written as usual
 *
 * Every fsync of a log file appends "PID RESULT" to "fsync.calls".
 * Without PCB_FAULT_DIR every call goes straight to libc.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

/* The shim's own exported names: the symbols it replaces. */
ssize_t write(int fd, const void *buf, size_t n);
ssize_t writev(int fd, const struct iovec *iov, int n);
int fsync(int fd);

static ssize_t (*real_write)(int, const void *, size_t);
static int (*real_fsync)(int);

/* Is [name] present in PCB_FAULT_DIR? Writes its path to [path] when [path] is not NULL. */
static int control(const char *name, char *path, size_t pathlen)
{
	const char *dir = getenv("PCB_FAULT_DIR");
	char buf[PATH_MAX];
	struct stat st;

	if (dir == NULL)
		return 0;
	if (path == NULL) {
		path = buf;
		pathlen = sizeof(buf);
	}
	if ((size_t)snprintf(path, pathlen, "%s/%s", dir, name) >= pathlen)
		return 0;
	return stat(path, &st) == 0;
}

/*
 * The base name of the regular file open on [fd], in [target] (PATH_MAX
 * bytes); NULL when [fd] is not a regular file or has no name.
 */
static const char *file_name(int fd, char *target)
{
	char link[64];
	const char *base;
	struct stat st;
	ssize_t n;

	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode))
		return NULL;
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, target, PATH_MAX - 1);
	if (n < 0)
		return NULL;
	target[n] = '\0';
	base = strrchr(target, '/');
	return base != NULL ? base + 1 : target;
}

/*
 * Is [fd] a log file of push_callback? With [reject] set, only a reject log
 * (its base name begins with "reject-").
 */
static int is_log_of(int fd, int reject)
{
	char target[PATH_MAX];
	const char *base = file_name(fd, target);
	size_t n = base != NULL ? strlen(base) : 0;

	if (n < 4 || strcmp(base + n - 4, ".tsv") != 0)
		return 0;
	return !reject || strncmp(base, "reject-", 7) == 0;
}

static int is_log(int fd)
{
	return is_log_of(fd, 0);
}

/*
 * Is [fd] a hidden temporary file of push_callback's log writer
 * (pcb_log_temp_path: ".BASE.XXXXXX")?
 */
static int is_log_temp(int fd)
{
	char target[PATH_MAX];
	const char *base = file_name(fd, target);
	size_t n = base != NULL ? strlen(base) : 0;

	return n > 8 && base[0] == '.' && base[n - 7] == '.';
}

/* fsync-hold-next: the first caller to take the control file waits until "held-next" is gone. */
static void hold_next(void)
{
	struct timespec tick = { 0, 10 * 1000 * 1000 };
	char next[PATH_MAX], held[PATH_MAX];

	if (!control("fsync-hold-next", next, sizeof(next)))
		return;
	control("held-next", held, sizeof(held));
	if (rename(next, held) < 0) /* another process took it */
		return;
	while (access(held, F_OK) == 0)
		nanosleep(&tick, NULL);
}

static void note_sync(int result)
{
	char path[PATH_MAX], line[64];
	int fd, len;

	control("fsync.calls", path, sizeof(path));
	fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (fd < 0)
		return;
	len = snprintf(line, sizeof(line), "%ld %d\n", (long)getpid(), result);
	real_write(fd, line, (size_t)len);
	close(fd);
}

ssize_t write(int fd, const void *buf, size_t n)
{
	char path[PATH_MAX];

	if (real_write == NULL)
		real_write = (ssize_t(*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write");
	if (n > 1 && getenv("PCB_FAULT_DIR") != NULL && control("write-kill", path, sizeof(path)) &&
	    is_log(fd) && unlink(path) == 0) {
		real_write(fd, buf, n / 2);
		kill(getpid(), SIGKILL);
	}
	if (n > 0 && getenv("PCB_FAULT_DIR") != NULL && control("reject-eio", NULL, 0) && is_log_of(fd, 1)) {
		errno = EIO;
		return -1;
	}
	return real_write(fd, buf, n);
}

/*
 * A writev(2) to a log file, while faults are on, goes as one buffer through
 * write() above, so that every write fault applies to it the same way.
 */
ssize_t writev(int fd, const struct iovec *iov, int n)
{
	static ssize_t (*real_writev)(int, const struct iovec *, int);
	size_t total = 0, used = 0;
	ssize_t r;
	char *buf;

	if (real_writev == NULL)
		real_writev = (ssize_t(*)(int, const struct iovec *, int))dlsym(RTLD_NEXT, "writev");
	if (getenv("PCB_FAULT_DIR") == NULL || n <= 0 || !is_log(fd))
		return real_writev(fd, iov, n);
	for (int i = 0; i < n; i++)
		total += iov[i].iov_len;
	buf = malloc(total > 0 ? total : 1);
	if (buf == NULL)
		return real_writev(fd, iov, n);
	for (int i = 0; i < n; i++) {
		memcpy(buf + used, iov[i].iov_base, iov[i].iov_len);
		used += iov[i].iov_len;
	}
	r = write(fd, buf, total);
	free(buf);
	return r;
}

int fsync(int fd)
{
	char hold[PATH_MAX], held[PATH_MAX];
	int rc;

	if (real_write == NULL)
		real_write = (ssize_t(*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write");
	if (real_fsync == NULL)
		real_fsync = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
	if (getenv("PCB_FAULT_DIR") == NULL)
		return real_fsync(fd);
	if (!is_log(fd)) {
		if (is_log_temp(fd))
			hold_next();
		return real_fsync(fd);
	}
	hold_next();
	if (control("fsync-hold", hold, sizeof(hold))) {
		struct timespec tick = { 0, 10 * 1000 * 1000 };
		control("held", held, sizeof(held));
		close(open(held, O_WRONLY | O_CREAT | O_CLOEXEC, 0644));
		while (access(hold, F_OK) == 0)
			nanosleep(&tick, NULL);
		unlink(held);
	}
	if (control("fsync-eio", NULL, 0)) {
		note_sync(-1);
		errno = EIO;
		return -1;
	}
	rc = real_fsync(fd);
	note_sync(rc);
	return rc;
}
