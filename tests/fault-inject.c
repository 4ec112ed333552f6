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
 *
 * The program confines itself (lib/common/pcb_sandbox.c) before it serves;
 * the shim's own needs are not the program's, so the shim adds them to the
 * sandbox as it is made, and nothing else: read-write access to
 * PCB_FAULT_DIR (a Landlock rule added before landlock_restrict_self), and
 * readlink (of /proc/self/fd) and nanosleep (fsync-hold's wait) in the
 * seccomp filter (added before seccomp_load). The program's own calls stay
 * under the sandbox as built.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

/* The shim's own exported names: the symbols it replaces. */
ssize_t write(int fd, const void *buf, size_t n);
ssize_t writev(int fd, const struct iovec *iov, int n);
int fsync(int fd);
long syscall(long nr, ...);
int seccomp_load(void *ctx);

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

/* ---- The sandbox, widened for the shim's own calls (see the top) ---------- */

#ifndef SYS_landlock_add_rule
#define SYS_landlock_add_rule 445
#define SYS_landlock_restrict_self 446
#endif
/* Landlock's read file, write file, remove file and make regular file rights. */
#define SHIM_LANDLOCK_RIGHTS ((1ULL << 2) | (1ULL << 1) | (1ULL << 5) | (1ULL << 8))

struct shim_path_beneath {
	uint64_t allowed_access;
	int32_t parent_fd;
} __attribute__((packed));

/* glibc's syscall(2), through which the sandbox makes its Landlock calls. */
long syscall(long nr, ...)
{
	static long (*real_syscall)(long, ...);
	const char *dir = getenv("PCB_FAULT_DIR");
	long a[6];
	va_list ap;

	if (real_syscall == NULL)
		real_syscall = (long (*)(long, ...))dlsym(RTLD_NEXT, "syscall");
	va_start(ap, nr);
	for (int i = 0; i < 6; i++)
		a[i] = va_arg(ap, long);
	va_end(ap);
	if (nr == SYS_landlock_restrict_self && dir != NULL) {
		struct shim_path_beneath pb = { SHIM_LANDLOCK_RIGHTS, open(dir, O_PATH | O_CLOEXEC) };

		if (pb.parent_fd >= 0) {
			real_syscall(SYS_landlock_add_rule, a[0], 1L, &pb, 0L);
			close(pb.parent_fd);
		}
	}
	return real_syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
}

/* libseccomp's, as the program loads its filter: the shim's calls are added first. */
int seccomp_load(void *ctx)
{
	static const char *const calls[] = { "readlink", "nanosleep", "clock_nanosleep" };
	int (*real_load)(void *) = (int (*)(void *))dlsym(RTLD_NEXT, "seccomp_load");
	int (*resolve)(const char *) =
	    (int (*)(const char *))dlsym(RTLD_DEFAULT, "seccomp_syscall_resolve_name");
	int (*rule_add)(void *, uint32_t, int, unsigned, ...) =
	    (int (*)(void *, uint32_t, int, unsigned, ...))dlsym(RTLD_DEFAULT, "seccomp_rule_add");

	if (getenv("PCB_FAULT_DIR") != NULL && resolve != NULL && rule_add != NULL)
		for (size_t i = 0; i < sizeof(calls) / sizeof(calls[0]); i++)
			rule_add(ctx, 0x7fff0000U /* SCMP_ACT_ALLOW */, resolve(calls[i]), 0);
	return real_load(ctx);
}
