/* pcb_sandbox.c: see pcb_sandbox.h. */
#include <config.h>

#include "pcb_sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#ifdef HAVE_SECCOMP
#include <seccomp.h>
#endif

#include "pcb_diag.h"

/*
 * The calls every confined program makes, whatever it does. Found with
 * strace -f over the whole test suite (HACKING, "The sandbox").
 */
/* clang-format off */
static const struct pcb_syscall base_calls[] = {
	/* Memory: glibc's malloc and mimalloc (mmap'd segments, purged with madvise). */
	{ "brk", PCB_SC_ANY },            /* glibc's malloc grows its heap */
	{ "mmap", PCB_SC_NO_EXEC },       /* large allocations, mimalloc's segments; never executable */
	{ "munmap", PCB_SC_ANY },         /* their release */
	{ "mremap", PCB_SC_ANY },         /* glibc's realloc of a large block */
	{ "madvise", PCB_SC_ANY },        /* mimalloc and glibc give unused pages back */
	{ "mprotect", PCB_SC_NO_EXEC },   /* mimalloc's and glibc's commit of reserved memory; never executable */
	{ "getrandom", PCB_SC_ANY },      /* json-c's hash seed, mimalloc's randomisation */
	{ "futex", PCB_SC_ANY },          /* pthread_once and locks: libcrypto's first use, stdio */
	{ "sysinfo", PCB_SC_ANY },        /* glibc 2.36's qsort of 1 KiB or more asks the memory size */
	/* Standard streams: pcb_diag on stderr, the answer or report on stdout. */
	{ "write", PCB_SC_ANY },          /* pcb_diag (one write a line), stdio, the logs */
	{ "writev", PCB_SC_ANY },         /* stdio; pcb_logfile's one append */
	{ "read", PCB_SC_ANY },           /* stdin, the files opened */
	{ "close", PCB_SC_ANY },          /* every descriptor opened */
	{ "fstat", PCB_SC_ANY },          /* stdio sizes its buffer; files are checked */
	{ "newfstatat", PCB_SC_ANY },     /* glibc's fstat and stat */
	{ "statx", PCB_SC_ANY },          /* the same, on newer glibc */
	{ "lseek", PCB_SC_ANY },          /* stdio on a regular file */
	{ "ioctl", PCB_SC_TCGETS },       /* isatty: stdio's line buffering on a terminal */
	/* Time. */
	{ "clock_gettime", PCB_SC_ANY },  /* time(2) and clock_gettime when the vDSO is not used */
	{ "gettimeofday", PCB_SC_ANY },   /* the same */
	{ "time", PCB_SC_ANY },           /* the same */
	/* Signals and the end. */
	{ "rt_sigaction", PCB_SC_ANY },   /* handlers installed after confinement (SIGHUP, SIGTERM, SIGALRM) */
	{ "rt_sigprocmask", PCB_SC_ANY }, /* signals blocked around a request; abort() */
	{ "rt_sigreturn", PCB_SC_ANY },   /* the return from a handler */
	{ "restart_syscall", PCB_SC_ANY },/* a call resumed after a signal */
	{ "getpid", PCB_SC_ANY },         /* pcb_diag's prefix; abort() */
	{ "gettid", PCB_SC_ANY },         /* abort() */
	{ "kill", PCB_SC_SELF },          /* raise() of glibc and ASan, to itself only */
	{ "tgkill", PCB_SC_SELF },        /* abort() (libfcgi's CVE-2025-23016, an assertion), to itself only */
	{ "exit", PCB_SC_ANY },           /* the end */
	{ "exit_group", PCB_SC_ANY },     /* the end */
};
/* clang-format on */

const struct pcb_syscalls pcb_sandbox_base = { base_calls, sizeof(base_calls) / sizeof(base_calls[0]) };

void pcb_sandbox_init(struct pcb_sandbox *sb, const char *who)
{
	memset(sb, 0, sizeof(*sb));
	sb->who = who;
	sb->tables[sb->ntables++] = &pcb_sandbox_base;
}

int pcb_sandbox_write_dir(struct pcb_sandbox *sb, const char *dir)
{
	if (sb->nwrite == PCB_SANDBOX_MAX_PATHS)
		return -1;
	sb->write_dirs[sb->nwrite++] = dir;
	return 0;
}

int pcb_sandbox_read_path(struct pcb_sandbox *sb, const char *path)
{
	if (sb->nread == PCB_SANDBOX_MAX_PATHS)
		return -1;
	sb->read_paths[sb->nread++] = path;
	return 0;
}

void pcb_sandbox_read_list(struct pcb_sandbox *sb, char *const *v, size_t n)
{
	sb->read_list = v;
	sb->nread_list = n;
}

int pcb_sandbox_allow(struct pcb_sandbox *sb, const struct pcb_syscalls *t)
{
	if (sb->ntables == PCB_SANDBOX_MAX_TABLES)
		return -1;
	sb->tables[sb->ntables++] = t;
	return 0;
}

int pcb_sandbox_wanted(int cli_off, const char *who)
{
	const char *env = getenv("PUSHCB_SANDBOX");

	if (cli_off) {
		pcb_diag("%s: sandbox off (--no-sandbox): for debugging only", who);
		return 0;
	}
	if (env != NULL && strcmp(env, "off") == 0) {
		pcb_diag("%s: sandbox off (PUSHCB_SANDBOX=off): for debugging only", who);
		return 0;
	}
	if (env != NULL && env[0] != '\0' && strcmp(env, "on") != 0)
		pcb_diag("warning: PUSHCB_SANDBOX=%s is neither on nor off: taken as on", env);
	return 1;
}

int pcb_sandbox_built(void)
{
#ifdef HAVE_SECCOMP
	return 1;
#else
	return 0;
#endif
}

/* ---- Landlock ------------------------------------------------------------ */

/*
 * The kernel's interface (linux/landlock.h), spelt out here: the headers of
 * older distributions lack the rights of ABI 3 and later, and the kernel
 * that runs the program may be newer than the one it was built for.
 */
#ifndef SYS_landlock_create_ruleset
#define SYS_landlock_create_ruleset 444
#define SYS_landlock_add_rule 445
#define SYS_landlock_restrict_self 446
#endif
#define LL_CREATE_RULESET_VERSION (1U << 0)
#define LL_RULE_PATH_BENEATH 1
#define LL_FS_EXECUTE (1ULL << 0)
#define LL_FS_WRITE_FILE (1ULL << 1)
#define LL_FS_READ_FILE (1ULL << 2)
#define LL_FS_READ_DIR (1ULL << 3)
#define LL_FS_REMOVE_DIR (1ULL << 4)
#define LL_FS_REMOVE_FILE (1ULL << 5)
#define LL_FS_MAKE_CHAR (1ULL << 6)
#define LL_FS_MAKE_DIR (1ULL << 7)
#define LL_FS_MAKE_REG (1ULL << 8)
#define LL_FS_MAKE_SOCK (1ULL << 9)
#define LL_FS_MAKE_FIFO (1ULL << 10)
#define LL_FS_MAKE_BLOCK (1ULL << 11)
#define LL_FS_MAKE_SYM (1ULL << 12)
#define LL_FS_REFER (1ULL << 13)     /* ABI 2 */
#define LL_FS_TRUNCATE (1ULL << 14)  /* ABI 3 */
#define LL_FS_IOCTL_DEV (1ULL << 15) /* ABI 5 */
#define LL_NET_BIND_TCP (1ULL << 0)  /* ABI 4 */
#define LL_NET_CONNECT_TCP (1ULL << 1)
#define LL_SCOPE_ABSTRACT_UNIX_SOCKET (1ULL << 0) /* ABI 6 */
#define LL_SCOPE_SIGNAL (1ULL << 1)
/* The newest ABI whose rights are named here: a newer kernel is used as this one. */
#define LL_ABI_KNOWN 6

struct ll_ruleset_attr {
	uint64_t handled_access_fs;
	uint64_t handled_access_net; /* ABI 4 */
	uint64_t scoped;             /* ABI 6 */
};

struct ll_path_beneath_attr {
	uint64_t allowed_access;
	int32_t parent_fd;
} __attribute__((packed));

/* What a writable directory grants: everything a log writer and housekeeping do. */
#define LL_WRITE_DIR_RIGHTS \
	(LL_FS_READ_FILE | LL_FS_WRITE_FILE | LL_FS_READ_DIR | LL_FS_MAKE_REG | LL_FS_REMOVE_FILE)
/* Rights that apply to a file (not only to a directory). */
#define LL_FILE_RIGHTS (LL_FS_EXECUTE | LL_FS_WRITE_FILE | LL_FS_READ_FILE | LL_FS_TRUNCATE | LL_FS_IOCTL_DEV)

int pcb_sandbox_landlock_abi(void)
{
	long abi = syscall(SYS_landlock_create_ruleset, NULL, 0, LL_CREATE_RULESET_VERSION);

	return abi < 0 ? 0 : (int)abi;
}

/* Every file-system right the kernel of [abi] knows: all of them are handled (denied unless granted). */
static uint64_t ll_handled_fs(int abi)
{
	uint64_t fs = LL_FS_EXECUTE | LL_FS_WRITE_FILE | LL_FS_READ_FILE | LL_FS_READ_DIR | LL_FS_REMOVE_DIR |
		      LL_FS_REMOVE_FILE | LL_FS_MAKE_CHAR | LL_FS_MAKE_DIR | LL_FS_MAKE_REG |
		      LL_FS_MAKE_SOCK | LL_FS_MAKE_FIFO | LL_FS_MAKE_BLOCK | LL_FS_MAKE_SYM;

	if (abi >= 2)
		fs |= LL_FS_REFER;
	if (abi >= 3)
		fs |= LL_FS_TRUNCATE;
	if (abi >= 5)
		fs |= LL_FS_IOCTL_DEV;
	return fs;
}

/* Grants [rights] beneath [path] in [ruleset]. Returns 0, or -1 after a message. */
static int ll_add(int ruleset, const char *who, const char *path, uint64_t rights)
{
	struct ll_path_beneath_attr pb;
	struct stat st;
	int fd = open(path, O_PATH | O_CLOEXEC), rc;

	if (fd < 0) {
		/* A path that is not there grants nothing: the program finds it missing, as without the sandbox. */
		if (errno == ENOENT)
			return 0;
		pcb_diag("%s: sandbox: %s: %s", who, path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) == 0 && !S_ISDIR(st.st_mode))
		rights &= LL_FILE_RIGHTS;
	memset(&pb, 0, sizeof(pb));
	pb.allowed_access = rights;
	pb.parent_fd = fd;
	rc = (int)syscall(SYS_landlock_add_rule, ruleset, LL_RULE_PATH_BENEATH, &pb, 0);
	if (rc < 0)
		pcb_diag("%s: sandbox: Landlock rule for %s: %s", who, path, strerror(errno));
	close(fd);
	return rc < 0 ? -1 : 0;
}

/* Applies the Landlock layer. Returns 0 (also without Landlock, said once), or -1 after a message. */
static int enter_landlock(const struct pcb_sandbox *sb)
{
	int abi = pcb_sandbox_landlock_abi(), ruleset, rc = -1;
	struct ll_ruleset_attr attr;
	size_t attr_size = sizeof(uint64_t);

	if (abi <= 0) {
		pcb_diag(
		    "%s: sandbox: no Landlock (an older kernel, not in its lsm=, or refused by the service "
		    "manager's filter): files are not confined, system calls are",
		    sb->who);
		return 0;
	}
	if (abi > LL_ABI_KNOWN)
		abi = LL_ABI_KNOWN;
	memset(&attr, 0, sizeof(attr));
	attr.handled_access_fs = ll_handled_fs(abi);
	if (abi >= 4) {
		/* No TCP bind or connect: no right is ever granted. */
		attr.handled_access_net = LL_NET_BIND_TCP | LL_NET_CONNECT_TCP;
		attr_size = 2 * sizeof(uint64_t);
	}
	if (abi >= 6) {
		attr.scoped = LL_SCOPE_ABSTRACT_UNIX_SOCKET | LL_SCOPE_SIGNAL;
		attr_size = sizeof(attr);
	}
	ruleset = (int)syscall(SYS_landlock_create_ruleset, &attr, attr_size, 0);
	if (ruleset < 0) {
		pcb_diag("%s: sandbox: Landlock ruleset: %s", sb->who, strerror(errno));
		return -1;
	}
	uint64_t write_rights = LL_WRITE_DIR_RIGHTS | (abi >= 2 ? LL_FS_REFER : 0);
	for (size_t i = 0; i < sb->nwrite; i++)
		if (ll_add(ruleset, sb->who, sb->write_dirs[i], write_rights) < 0)
			goto out;
	for (size_t i = 0; i < sb->nread; i++)
		if (ll_add(ruleset, sb->who, sb->read_paths[i], LL_FS_READ_FILE | LL_FS_READ_DIR) < 0)
			goto out;
	for (size_t i = 0; i < sb->nread_list; i++)
		if (ll_add(ruleset, sb->who, sb->read_list[i], LL_FS_READ_FILE | LL_FS_READ_DIR) < 0)
			goto out;
	if (syscall(SYS_landlock_restrict_self, ruleset, 0) < 0) {
		pcb_diag("%s: sandbox: Landlock: %s", sb->who, strerror(errno));
		goto out;
	}
	rc = 0;
out:
	close(ruleset);
	return rc;
}

/* ---- seccomp -------------------------------------------------------------- */

#ifdef HAVE_SECCOMP
/* Adds one allowed call to [ctx]. A call this architecture lacks is skipped. Returns 0 or a -errno. */
static int allow_call(scmp_filter_ctx ctx, const struct pcb_syscall *c, pid_t self)
{
	int nr = seccomp_syscall_resolve_name(c->name);

	if (nr == __NR_SCMP_ERROR)
		return 0;
	switch (c->arg) {
	case PCB_SC_SELF:
		return seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 1, SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)self));
	case PCB_SC_NO_EXEC:
		return seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 1,
					SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, 0));
	case PCB_SC_TCGETS:
		return seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 1, SCMP_A1(SCMP_CMP_EQ, TCGETS));
	case PCB_SC_ANY:
		break;
	}
	return seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 0);
}

/* Loads the filter. Returns 0, or -1 after a message. */
static int enter_seccomp(const struct pcb_sandbox *sb)
{
	/*
	 * SECCOMP_RET_KILL_PROCESS where libseccomp can tell the kernel has it;
	 * else (the seccomp(2) call itself refused, as systemd's
	 * SystemCallFilter=@system-service does: libseccomp then loads through
	 * prctl) SECCOMP_RET_KILL_THREAD, which kills a single-threaded
	 * process all the same.
	 */
	uint32_t kill = SCMP_ACT_KILL_PROCESS;
	scmp_filter_ctx ctx = seccomp_init(kill);
	pid_t self = getpid();
	int rc = -ENOMEM;

	if (ctx == NULL) {
		kill = SCMP_ACT_KILL_THREAD;
		ctx = seccomp_init(kill);
	}
	if (ctx == NULL)
		goto fail;
	/* A call through another ABI (int 0x80, x32) is a kill too. */
	rc = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, kill);
	/* no_new_privs is ours to set (prctl above), with its message. */
	if (rc == 0)
		rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0);
	for (size_t t = 0; rc == 0 && t < sb->ntables; t++)
		for (size_t i = 0; rc == 0 && i < sb->tables[t]->n; i++)
			rc = allow_call(ctx, &sb->tables[t]->calls[i], self);
	if (rc == 0)
		rc = seccomp_load(ctx);
	seccomp_release(ctx);
	if (rc == 0)
		return 0;
fail:
	pcb_diag("%s: sandbox: seccomp filter: %s", sb->who, strerror(-rc));
	return -1;
}
#endif

int pcb_sandbox_enter(const struct pcb_sandbox *sb)
{
#ifdef HAVE_SECCOMP
	/* The time zone is read now, while /etc/localtime may be: the C library keeps it. */
	tzset();
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) {
		pcb_diag("%s: sandbox: PR_SET_NO_NEW_PRIVS: %s", sb->who, strerror(errno));
		return -1;
	}
	if (enter_landlock(sb) < 0)
		return -1;
	return enter_seccomp(sb);
#else
	/* Built without it (--version says so): nothing to say at every start. */
	(void)sb;
	(void)enter_landlock;
	return 0;
#endif
}
