/* pcb_metrics.c: see pcb_metrics.h. */
#include <config.h>

#include "pcb_metrics.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pcb_diag.h"
#include "pcb_io.h"
#include "pcb_limits.h"

/* Another process's adds must be seen, whole, through a file mapping: only lock-free atomics are. */
_Static_assert(ATOMIC_LLONG_LOCK_FREE == 2, "the shared counters need lock-free 64-bit atomics");
_Static_assert(sizeof(unsigned long long) == sizeof(uint64_t), "a counter is 64 bits");

/*
 * The layout PCB_METRICS_VERSION stands for, by its counts: an error, a
 * command or a counter more stops the build here until the version is raised
 * (a file of the old layout is then replaced, not misread) and these
 * counts, with it, updated.
 */
_Static_assert(PCB_METRICS_VERSION == 2 && PCB_ERR_COUNT == 40 && PCB_MAX_COMMANDS == 4 &&
		   PCB_REFUSAL_COUNT == 3 && PCB_M_COUNT == 86,
	       "the counters' layout changed: raise PCB_METRICS_VERSION, then update these counts");

struct pcb_metrics_region {
	char magic[8];      /* PCB_METRICS_MAGIC */
	uint32_t version;   /* PCB_METRICS_VERSION */
	uint32_t nerr;      /* PCB_ERR_COUNT */
	uint32_t ncommands; /* PCB_MAX_COMMANDS */
	uint32_t ncounters; /* PCB_M_COUNT */
	int64_t created;    /* Unix time */
	_Atomic unsigned long long c[PCB_M_COUNT];
};

static void region_header(struct pcb_metrics_region *h, int64_t now)
{
	memset(h, 0, sizeof(*h));
	memcpy(h->magic, PCB_METRICS_MAGIC, sizeof(PCB_METRICS_MAGIC));
	h->version = PCB_METRICS_VERSION;
	h->nerr = PCB_ERR_COUNT;
	h->ncommands = PCB_MAX_COMMANDS;
	h->ncounters = PCB_M_COUNT;
	h->created = now;
}

/*
 * Makes the empty file [fd] (at offset 0) a zeroed region made at [now], by
 * writing it whole: no ftruncate, which a confined worker may not call
 * (pcb_confine.h). Returns 0, or -1 with errno set.
 */
static int region_make(int fd, int64_t now)
{
	struct pcb_metrics_region h;

	region_header(&h, now);
	return pcb_write_all(fd, &h, sizeof(h));
}

/* Is the header [r] of this program's layout? */
static int region_matches(const struct pcb_metrics_region *r)
{
	struct pcb_metrics_region want;

	region_header(&want, 0);
	return memcmp(r->magic, want.magic, sizeof(want.magic)) == 0 && r->version == want.version &&
	       r->nerr == want.nerr && r->ncommands == want.ncommands && r->ncounters == want.ncounters;
}

/* Is the open file [fd] of [st] a counter file of this program's layout? */
static int layout_matches(int fd, const struct stat *st)
{
	struct pcb_metrics_region h;
	size_t n = offsetof(struct pcb_metrics_region, c);

	return st->st_size == (off_t)sizeof(h) && pread(fd, &h, n, 0) == (ssize_t)n && region_matches(&h);
}

/* Removes the temporary file [tmp] open on [fd]. Returns -1, errno as it was. */
static int drop_temp(const char *tmp, int fd)
{
	int saved = errno;

	unlink(tmp);
	close(fd);
	errno = saved;
	return -1;
}

/*
 * Makes a temporary file "[dir][name].XXXXXX" (its name into [tmp], [size]
 * bytes) with the mode of [like], and its owner where we may. Returns it, or
 * -1 with errno set and nothing left behind.
 */
static int temp_like(char *tmp, size_t size, const char *dir, const char *name, const struct stat *like)
{
	int fd, len = snprintf(tmp, size, "%s%s.XXXXXX", dir, name);

	if (len < 0 || (size_t)len >= size) {
		errno = ENAMETOOLONG;
		return -1;
	}
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (fchmod(fd, like->st_mode & 07777) == 0 &&
	    (fchown(fd, like->st_uid, like->st_gid) == 0 || errno == EPERM))
		return fd;
	return drop_temp(tmp, fd);
}

/*
 * Replaces the file [path] of [old] (locked) with a new zeroed region made at
 * [now], of the same mode and owner: made whole under a temporary name in
 * the same directory, then renamed over it. Returns the new file, or -1
 * with errno set.
 */
static int region_replace(const char *path, const struct stat *old, int64_t now)
{
	char tmp[PATH_MAX];
	int fd = temp_like(tmp, sizeof(tmp), path, "", old);

	if (fd < 0)
		return -1;
	if (region_make(fd, now) == 0 && rename(tmp, path) == 0)
		return fd;
	return drop_temp(tmp, fd);
}

/* ---- The guard: a file shrunk under a mapping never kills the process ---- */

/*
 * The mappings guarded, and whether each has faulted: written by the
 * SIGBUS handler, read and cleared outside it. A mapping spans map_len
 * bytes (the region rounded up to pages), set before the first guard.
 */
static void *volatile guarded[PCB_METRICS_MAPS_MAX];
static volatile sig_atomic_t faulted[PCB_METRICS_MAPS_MAX];
static size_t map_len;
static struct sigaction sigbus_before;
static int sigbus_installed;

/*
 * SIGBUS: inside a guarded mapping (its file shrank), maps anonymous memory
 * over it and returns, so the faulting access completes, into memory that
 * no one reads; marks it faulted. Elsewhere: the action SIGBUS had before.
 * Only async-signal-safe calls (mmap(2) is a plain system call).
 */
static void on_sigbus(int sig, siginfo_t *si, void *uc)
{
	uintptr_t at = (uintptr_t)si->si_addr;
	int saved = errno;

	for (size_t i = 0; i < PCB_METRICS_MAPS_MAX; i++) {
		uintptr_t base = (uintptr_t)guarded[i];

		if (base == 0 || at < base || at - base >= map_len)
			continue;
		if (mmap((void *)base, map_len, PROT_READ | PROT_WRITE,
			 MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED)
			break;
		faulted[i] = 1;
		errno = saved;
		return;
	}
	errno = saved;
	if ((sigbus_before.sa_flags & SA_SIGINFO) && sigbus_before.sa_sigaction != NULL) {
		sigbus_before.sa_sigaction(sig, si, uc);
		return;
	}
	if (!(sigbus_before.sa_flags & SA_SIGINFO) && sigbus_before.sa_handler != SIG_DFL &&
	    sigbus_before.sa_handler != SIG_IGN) {
		sigbus_before.sa_handler(sig);
		return;
	}
	/* The default: on return the signal, pending again, ends the process as it would have. */
	sigaction(SIGBUS, &sigbus_before, NULL);
	raise(sig);
}

/* Guards the mapping [p]: returns its slot, or -1 with a reason in [err]. */
static int guard(void *p, const char *path, char *err, size_t errlen)
{
	if (!sigbus_installed) {
		struct sigaction sa;
		long page = sysconf(_SC_PAGESIZE);

		if (page <= 0) {
			snprintf(err, errlen, "%s: no page size: %s", path, strerror(errno));
			return -1;
		}
		map_len =
		    (sizeof(struct pcb_metrics_region) + (size_t)page - 1) / (size_t)page * (size_t)page;
		memset(&sa, 0, sizeof(sa));
		sa.sa_sigaction = on_sigbus;
		sa.sa_flags = SA_SIGINFO;
		sigemptyset(&sa.sa_mask);
		if (sigaction(SIGBUS, &sa, &sigbus_before) < 0) {
			snprintf(err, errlen, "%s: sigaction: %s", path, strerror(errno));
			return -1;
		}
		sigbus_installed = 1;
	}
	for (int i = 0; i < PCB_METRICS_MAPS_MAX; i++) {
		if (guarded[i] == NULL) {
			faulted[i] = 0;
			guarded[i] = p;
			return i;
		}
	}
	snprintf(err, errlen, "%s: more than %d counter files mapped", path, PCB_METRICS_MAPS_MAX);
	return -1;
}

/* ---- Opening ---------------------------------------------------------------- */

/*
 * Checks, makes when [create] finds it empty, or replaces when [create] finds
 * it of another layout, the open file [fd] (locked); maps it into [m].
 * Returns 0, 1 when replaced (said in [err]), or -1.
 */
static int map_locked(struct pcb_metrics *m, int fd, const char *path, int create, int64_t now, char *err,
		      size_t errlen)
{
	struct stat st;
	int newfd = -1;
	void *p;

	if (fstat(fd, &st) < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s: not a regular file", path);
		return -1;
	}
	if (create && st.st_size == 0) {
		if (region_make(fd, now) < 0) {
			snprintf(err, errlen, "%s: cannot be made: %s", path, strerror(errno));
			return -1;
		}
	} else if (!layout_matches(fd, &st)) {
		if (!create) {
			snprintf(err, errlen,
				 "%s: made by another version (layout %d expected); a worker replaces it",
				 path, PCB_METRICS_VERSION);
			return -1;
		}
		newfd = region_replace(path, &st, now);
		if (newfd < 0) {
			snprintf(err, errlen, "%s: of another version, cannot be replaced: %s", path,
				 strerror(errno));
			return -1;
		}
		fd = newfd;
	}
	p = mmap(NULL, sizeof(struct pcb_metrics_region), create ? PROT_READ | PROT_WRITE : PROT_READ,
		 MAP_SHARED, fd, 0);
	if (p == MAP_FAILED) {
		snprintf(err, errlen, "%s: mmap: %s", path, strerror(errno));
		if (newfd >= 0)
			close(newfd);
		return -1;
	}
	m->slot = guard(p, path, err, errlen);
	if (m->slot < 0) {
		munmap(p, sizeof(struct pcb_metrics_region));
		if (newfd >= 0)
			close(newfd);
		return -1;
	}
	m->region = p;
	/* The file stays open, to see its size (pcb_metrics_check); the caller keeps [fd]. */
	m->fd = fd;
	if (newfd < 0)
		return 0;
	snprintf(err, errlen, "%s: made by another version: replaced, the counters start again from zero",
		 path);
	return 1;
}

/* Does the open file [fd] still have the name [path] (not replaced meanwhile)? */
static int still_named(int fd, const char *path)
{
	struct stat a, b;

	return fstat(fd, &a) == 0 && stat(path, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

/* pcb_metrics_open without touching what pcb_metrics_check keeps. */
static int open_mapped(struct pcb_metrics *m, const char *path, int create, int64_t now, char *err,
		       size_t errlen)
{
	m->region = NULL;
	m->slot = -1;
	m->fd = -1;
	m->next_size_check = 0;
	for (int tries = 0; tries < PCB_METRICS_OPEN_TRIES; tries++) {
		/* O_NONBLOCK: a FIFO at the path is refused (not a regular file), not waited on. */
		int rc,
		    fd = open(path,
			      (create ? O_RDWR | O_CREAT : O_RDONLY) | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK,
			      0640);

		if (fd < 0) {
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
			return -1;
		}
		/* The maker holds it exclusively until the header is whole. */
		if (flock(fd, create ? LOCK_EX : LOCK_SH) < 0) {
			snprintf(err, errlen, "%s: flock: %s", path, strerror(errno));
			close(fd);
			return -1;
		}
		/* Replaced by another process while we waited for the lock: open the new one. */
		if (!still_named(fd, path)) {
			flock(fd, LOCK_UN);
			close(fd);
			continue;
		}
		rc = map_locked(m, fd, path, create, now, err, errlen);
		/* Unlocked explicitly: the mapping keeps the open file, and with it a lock, alive. */
		flock(fd, LOCK_UN);
		if (m->fd != fd) /* not kept: failed, or another file replaced it */
			close(fd);
		return rc;
	}
	snprintf(err, errlen, "%s: replaced by others %d times while opening it", path,
		 PCB_METRICS_OPEN_TRIES);
	return -1;
}

/* ---- Moving the file from an older version's place ---------------------- */

/* The directory part of [path] into [dir] ([size] bytes). Returns 0, or -1 when too long. */
static int dir_of(const char *path, char *dir, size_t size)
{
	const char *slash = strrchr(path, '/');
	size_t len = slash == NULL ? 1 : slash == path ? 1 : (size_t)(slash - path);

	if (len >= size)
		return -1;
	memcpy(dir, slash == NULL ? "." : path, len);
	dir[len] = '\0';
	return 0;
}

/* Copies the open file [in] into [out] from the start. Returns 0, or -1 with errno set. */
static int copy_fd(int in, int out)
{
	char buf[4096];
	off_t off = 0;

	for (;;) {
		ssize_t n = pread(in, buf, sizeof(buf), off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			return fsync(out);
		if (pcb_write_all(out, buf, (size_t)n) < 0)
			return -1;
		off += n;
	}
}

/*
 * Puts a copy of [in] (of [st]) at [to], unless a file is there already:
 * made whole under a hidden temporary name in [to]'s directory [dir], then
 * linked. Returns 1 when copied, 0 when [to] existed, or -1 with errno set.
 */
static int copy_to(int in, const struct stat *st, const char *to, const char *dir)
{
	char tmp[PATH_MAX], hidden[NAME_MAX + 2];
	const char *base = strrchr(to, '/') != NULL ? strrchr(to, '/') + 1 : to;
	int fd, rc = -1;

	/* DIR/.NAME.XXXXXX: hidden, whatever the directory. */
	if ((size_t)snprintf(hidden, sizeof(hidden), "/.%s", base) >= sizeof(hidden)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	fd = temp_like(tmp, sizeof(tmp), dir, hidden, st);
	if (fd < 0)
		return -1;
	if (copy_fd(in, fd) == 0) {
		if (link(tmp, to) == 0)
			rc = 1;
		else if (errno == EEXIST)
			rc = 0;
	}
	drop_temp(tmp, fd);
	return rc;
}

int pcb_metrics_move(const char *from, const char *to, char *err, size_t errlen)
{
	char from_dir[PATH_MAX], to_dir[PATH_MAX];

	if (dir_of(from, from_dir, sizeof(from_dir)) < 0 || dir_of(to, to_dir, sizeof(to_dir)) < 0) {
		snprintf(err, errlen, "%s: path too long", to);
		return -1;
	}
	for (int tries = 0; tries < PCB_METRICS_OPEN_TRIES; tries++) {
		struct stat st;
		int rc, fd = open(from, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);

		if (fd < 0 && errno == ENOENT)
			return 0;
		if (fd < 0) {
			snprintf(err, errlen, "%s: %s", from, strerror(errno));
			return -1;
		}
		/* Every worker that maps it or makes it takes this lock first. */
		if (flock(fd, LOCK_EX) < 0 || fstat(fd, &st) < 0) {
			snprintf(err, errlen, "%s: %s", from, strerror(errno));
			close(fd);
			return -1;
		}
		/* Moved or replaced by another process while we waited: look again. */
		if (!still_named(fd, from)) {
			close(fd);
			continue;
		}
		rc = S_ISREG(st.st_mode) ? copy_to(fd, &st, to, to_dir) : (errno = EINVAL, -1);
		if (rc < 0) {
			snprintf(err, errlen, "cannot move %s to %s: %s", from, to, strerror(errno));
			close(fd);
			return -1;
		}
		if (unlink(from) < 0) {
			snprintf(err, errlen, "%s: copied to %s, but cannot be removed: %s", from, to,
				 strerror(errno));
			close(fd);
			return -1;
		}
		pcb_fsync_dir(to_dir);
		pcb_fsync_dir(from_dir);
		close(fd);
		if (rc == 1)
			snprintf(err, errlen, "moved %s to %s", from, to);
		else
			snprintf(err, errlen, "removed %s: %s holds the counters", from, to);
		return 1;
	}
	snprintf(err, errlen, "%s: replaced by others %d times while moving it", from,
		 PCB_METRICS_OPEN_TRIES);
	return -1;
}

int pcb_metrics_open(struct pcb_metrics *m, const char *path, int create, int64_t now, char *err,
		     size_t errlen)
{
	int n = snprintf(m->path, sizeof(m->path), "%s", path);

	m->region = NULL;
	m->slot = -1;
	m->fd = -1;
	m->create = create;
	m->off = PCB_METRICS_ON;
	m->next_check = 0;
	if (n < 0 || (size_t)n >= sizeof(m->path)) {
		m->path[0] = '\0';
		snprintf(err, errlen, "%s: name too long", path);
		return -1;
	}
	return open_mapped(m, path, create, now, err, errlen);
}

/* Unmaps [m], keeping what pcb_metrics_check needs. */
static void unmap(struct pcb_metrics *m)
{
	if (m->region == NULL)
		return;
	if (m->slot >= 0)
		guarded[m->slot] = NULL;
	munmap(m->region, sizeof(*m->region));
	if (m->fd >= 0)
		close(m->fd);
	m->region = NULL;
	m->slot = -1;
	m->fd = -1;
}

void pcb_metrics_close(struct pcb_metrics *m)
{
	unmap(m);
	m->path[0] = '\0';
	m->off = PCB_METRICS_ON;
}

/*
 * Has the mapped file of [m] shrunk (looked at once every
 * PCB_METRICS_SIZE_CHECK_SECONDS)? A file shrunk by less than a page past
 * the counters faults on no add: they would go on into memory past its end.
 */
static int shrunk(struct pcb_metrics *m, int64_t now)
{
	struct stat st;

	if (m->fd < 0 || now < m->next_size_check)
		return 0;
	m->next_size_check = now + PCB_METRICS_SIZE_CHECK_SECONDS;
	return fstat(m->fd, &st) == 0 && st.st_size < (off_t)sizeof(*m->region);
}

int pcb_metrics_check(struct pcb_metrics *m, int64_t now)
{
	char path[PATH_MAX], err[PATH_MAX + 128];
	int rc;

	if (m->region != NULL && m->slot >= 0 && (faulted[m->slot] || shrunk(m, now))) {
		unmap(m);
		m->off = PCB_METRICS_OFF;
		m->next_check = now;
		pcb_diag("counters: %s shrank under this process (truncated?): counting is off until it "
			 "is opened again",
			 m->path);
	}
	if (m->off == PCB_METRICS_ON || now < m->next_check)
		return m->region != NULL;
	memcpy(path, m->path, sizeof(path));
	rc = open_mapped(m, path, m->create, now, err, sizeof(err));
	m->next_check = now + PCB_METRICS_RECHECK_SECONDS;
	if (rc < 0) {
		if (m->off != PCB_METRICS_OFF_SAID)
			pcb_diag("counters: requests are served but not counted: %s (tried again every %d s)",
				 err, PCB_METRICS_RECHECK_SECONDS);
		m->off = PCB_METRICS_OFF_SAID;
		return 0;
	}
	m->off = PCB_METRICS_ON;
	pcb_diag("counters: %s opened again: counting goes on%s", path,
		 rc > 0 ? " (replaced: the counters start again from zero)" : "");
	return 1;
}

void pcb_metrics_add(struct pcb_metrics *m, enum pcb_metric i, uint64_t n)
{
	if (m->region != NULL && (unsigned)i < PCB_M_COUNT)
		atomic_fetch_add_explicit(&m->region->c[i], n, memory_order_relaxed);
}

void pcb_metrics_set(struct pcb_metrics *m, enum pcb_metric i, uint64_t v)
{
	if (m->region != NULL && (unsigned)i < PCB_M_COUNT)
		atomic_store_explicit(&m->region->c[i], v, memory_order_relaxed);
}

uint64_t pcb_metrics_get(const struct pcb_metrics *m, enum pcb_metric i)
{
	if (m->region == NULL || (unsigned)i >= PCB_M_COUNT)
		return 0;
	return atomic_load_explicit(&m->region->c[i], memory_order_relaxed);
}

int64_t pcb_metrics_created(const struct pcb_metrics *m)
{
	return m->region != NULL ? m->region->created : 0;
}

/* The refusals, in enum pcb_refusal's order. */
static const enum pcb_err refusal_err[PCB_REFUSAL_COUNT] = {
	[PCB_REFUSAL_NO_MEMORY] = PCB_ERR_NO_MEMORY,
	[PCB_REFUSAL_LOG_WRITE] = PCB_ERR_LOG_WRITE,
	[PCB_REFUSAL_LOG_SYNC] = PCB_ERR_LOG_SYNC,
};

enum pcb_refusal pcb_refusal_of(enum pcb_err err)
{
	for (int r = 0; r < PCB_REFUSAL_COUNT; r++)
		if (refusal_err[r] == err)
			return (enum pcb_refusal)r;
	return PCB_REFUSAL_NONE;
}

/* ---- The text exposition format ----------------------------------------- */

static void family(struct pcb_buf *out, const char *name, const char *type, const char *help)
{
	char line[256];

	snprintf(line, sizeof(line), "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
	pcb_buf_puts(out, line);
}

/* One sample: [labels] is "" or the text between the braces. */
static void sample(struct pcb_buf *out, const char *name, const char *labels, uint64_t v)
{
	char line[256];

	snprintf(line, sizeof(line), "%s%s%s%s %" PRIu64 "\n", name, labels[0] ? "{" : "", labels,
		 labels[0] ? "}" : "", v);
	pcb_buf_puts(out, line);
}

/* A counter of PCB_MAX_COMMANDS slots from [base]: one sample per command, with [extra] labels. */
static void per_command(struct pcb_buf *out, const struct pcb_metrics *m, const char *name,
			enum pcb_metric base, const char *extra)
{
	char labels[128];

	for (size_t i = 0; i < pcb_ncommands; i++) {
		snprintf(labels, sizeof(labels), "command=\"%s\"%s", pcb_commands[i]->name, extra);
		sample(out, name, labels, pcb_metrics_get(m, (enum pcb_metric)(base + i)));
	}
}

void pcb_metrics_write(const struct pcb_metrics *m, struct pcb_buf *out)
{
	char labels[128];

	family(out, "pushcb_requests_total", "counter", "Requests answered, by HTTP status and reason.");
	for (int e = 0; e < PCB_ERR_COUNT; e++) {
		const struct pcb_err_info *info = pcb_err_info((enum pcb_err)e);

		snprintf(labels, sizeof(labels), "status=\"%d\",reason=\"%s\"", info->status, info->name);
		sample(out, "pushcb_requests_total", labels,
		       pcb_metrics_get(m, (enum pcb_metric)(PCB_M_REQUESTS + e)));
	}
	family(out, "pushcb_requests_dropped_total", "counter",
	       "Requests dropped unanswered: not arrived within PUSHCB_READ_TIMEOUT.");
	sample(out, "pushcb_requests_dropped_total", "", pcb_metrics_get(m, PCB_M_DROPPED));
	family(out, "pushcb_batches_total", "counter", "Batches answered 200.");
	per_command(out, m, "pushcb_batches_total", PCB_M_BATCHES, "");
	family(out, "pushcb_events_logged_total", "counter",
	       "Events written to the event log, in batches answered 200.");
	per_command(out, m, "pushcb_events_logged_total", PCB_M_EVENTS_LOGGED, "");
	family(out, "pushcb_events_rejected_total", "counter",
	       "Events refused one by one and written to the reject log, in batches answered 200.");
	per_command(out, m, "pushcb_events_rejected_total", PCB_M_EVENTS_REJECTED, "");
	family(out, "pushcb_log_bytes_written_total", "counter", "Bytes appended to the logs.");
	per_command(out, m, "pushcb_log_bytes_written_total", PCB_M_BYTES_EVENTS, ",log=\"events\"");
	per_command(out, m, "pushcb_log_bytes_written_total", PCB_M_BYTES_REJECTS, ",log=\"rejects\"");
	family(out, "pushcb_last_success_timestamp_seconds", "gauge",
	       "Unix time of the last batch answered 200; 0 before the first.");
	sample(out, "pushcb_last_success_timestamp_seconds", "", pcb_metrics_get(m, PCB_M_LAST_SUCCESS));
	family(out, "pushcb_events_refused_total", "counter",
	       "Events of batches refused with 503 once parsed: lost, Tencent does not resend them.");
	for (size_t i = 0; i < pcb_ncommands; i++)
		for (int r = 0; r < PCB_REFUSAL_COUNT; r++) {
			snprintf(labels, sizeof(labels), "command=\"%s\",reason=\"%s\"",
				 pcb_commands[i]->name, pcb_err_info(refusal_err[r])->name);
			sample(out, "pushcb_events_refused_total", labels,
			       pcb_metrics_get(m, (enum pcb_metric)(PCB_M_EVENTS_REFUSED +
								    i * PCB_REFUSAL_COUNT + (size_t)r)));
		}
	family(out, "pushcb_batches_refused_unparsed_total", "counter",
	       "Batches refused with 503 before their events could be counted: lost.");
	for (int r = 0; r < PCB_REFUSAL_COUNT; r++) {
		snprintf(labels, sizeof(labels), "reason=\"%s\"", pcb_err_info(refusal_err[r])->name);
		sample(out, "pushcb_batches_refused_unparsed_total", labels,
		       pcb_metrics_get(m, (enum pcb_metric)(PCB_M_BATCHES_REFUSED_UNPARSED + r)));
	}
	family(out, "pushcb_fallback_writes_total", "counter",
	       "Batches written to PUSHCB_FALLBACK_DIR because the log directory could not take them.");
	per_command(out, m, "pushcb_fallback_writes_total", PCB_M_FALLBACK_WRITES, "");
	family(out, "pushcb_log_dir_failing", "gauge",
	       "1 while the log directory fails (the last batch could not be written there), else 0.");
	sample(out, "pushcb_log_dir_failing", "", pcb_metrics_get(m, PCB_M_LOG_DIR_FAILING));
	family(out, "pushcb_unknown_fields_total", "counter",
	       "Members of logged events that are no field of the command, kept in the last column.");
	per_command(out, m, "pushcb_unknown_fields_total", PCB_M_UNKNOWN_FIELDS, "");
	family(out, "pushcb_counters_created_timestamp_seconds", "gauge",
	       "Unix time the counter file was made: the counters count from then.");
	sample(out, "pushcb_counters_created_timestamp_seconds", "", (uint64_t)pcb_metrics_created(m));
}
