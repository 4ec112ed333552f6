/*
 * pcb_sandbox.h: a process confines itself, for good, once it holds what it
 * needs (the configuration read, the listener and the files open): after
 * pcb_sandbox_enter it can reach the files of a few directories and make the
 * system calls of one table, and nothing else.
 *
 * Three layers, each applied when the kernel has it:
 * - prctl(PR_SET_NO_NEW_PRIVS): no set-user-ID program ever runs with more;
 * - Landlock (Linux 5.13+; the ABI probed at run time): file access beneath
 *   the writable directories (read, append, create, remove, rename or link
 *   within them; never truncate, execute, make a directory, a device, a
 *   socket, a FIFO or a symlink) and read of the readable paths, nothing
 *   else; with ABI 4+ no TCP bind or connect, with ABI 6+ no signal to a
 *   process outside the sandbox and no abstract unix socket. Without
 *   Landlock, one line on stderr, and the rest still applies;
 * - seccomp-bpf (libseccomp): the system calls of the table are allowed,
 *   every other kills the process (SECCOMP_RET_KILL_PROCESS, SIGSYS), as
 *   does a call of another architecture's ABI. The kernel's audit log (dmesg)
 *   gets one line for each such kill, naming the call (rate-limited).
 *
 * The caller owns the policy (which directories, which calls, with the reason
 * for each); this module is the mechanism, shared by push_callback and
 * pushcb-report. Built without libseccomp (configure --disable-sandbox, the
 * sanitizer and valgrind builds), pcb_sandbox_enter says so once and does
 * nothing.
 */
#ifndef PCB_SANDBOX_H
#define PCB_SANDBOX_H

#include <stddef.h>

/* Paths a sandbox names, of each kind; tables of calls it allows. */
enum { PCB_SANDBOX_MAX_PATHS = 8, PCB_SANDBOX_MAX_TABLES = 6 };

/* What a system call of a table may be given. */
enum pcb_sandbox_arg {
	PCB_SC_ANY,     /* any arguments */
	PCB_SC_SELF,    /* kill, tgkill: the first argument is this process's ID */
	PCB_SC_NO_EXEC, /* mmap, mprotect: the protection (third argument) without PROT_EXEC */
	PCB_SC_TCGETS,  /* ioctl: TCGETS only (isatty, for stdio's buffering) */
};

/* One allowed system call: its name (libseccomp's) and what it may be given. */
struct pcb_syscall {
	const char *name;
	enum pcb_sandbox_arg arg;
};

/* A table of allowed calls. */
struct pcb_syscalls {
	const struct pcb_syscall *calls;
	size_t n;
};

/* The calls every confined program of ours makes (memory, time, stdio, signals, exit). */
extern const struct pcb_syscalls pcb_sandbox_base;

struct pcb_sandbox {
	const char *who; /* in messages: "worker", "--housekeep", "report" */
	const char *write_dirs[PCB_SANDBOX_MAX_PATHS];
	size_t nwrite;
	const char *read_paths[PCB_SANDBOX_MAX_PATHS]; /* files or directories, read only */
	size_t nread;
	char *const *read_list; /* more of them, the caller's (pushcb-report's files) */
	size_t nread_list;
	const struct pcb_syscalls *tables[PCB_SANDBOX_MAX_TABLES]; /* allowed: the union of these */
	size_t ntables;
};

/* An empty sandbox for [who] that allows pcb_sandbox_base's calls. */
void pcb_sandbox_init(struct pcb_sandbox *sb, const char *who);

/* Adds a directory beneath which files may be read, appended, created, removed and renamed. Returns 0, or -1 when full. */
int pcb_sandbox_write_dir(struct pcb_sandbox *sb, const char *dir);

/* Adds a file or directory that may be read. Returns 0, or -1 when full. */
int pcb_sandbox_read_path(struct pcb_sandbox *sb, const char *path);

/* Adds the [n] files or directories of [v] (kept, not copied) that may be read. */
void pcb_sandbox_read_list(struct pcb_sandbox *sb, char *const *v, size_t n);

/* Adds a table of calls. Returns 0, or -1 when full. */
int pcb_sandbox_allow(struct pcb_sandbox *sb, const struct pcb_syscalls *t);

/*
 * Is the sandbox wanted? No when [cli_off] (--no-sandbox) or PUSHCB_SANDBOX
 * is "off"; said on stderr then, naming [who]. PUSHCB_SANDBOX may be unset,
 * "on" or "off"; another value is said and taken as "on".
 */
int pcb_sandbox_wanted(int cli_off, const char *who);

/*
 * Confines the calling process as [sb] says, for good. Returns 0 (also when
 * the kernel lacks Landlock, said on stderr), or -1 after a message when a
 * layer the kernel has could not be applied: the process must then stop.
 */
int pcb_sandbox_enter(const struct pcb_sandbox *sb);

/* The Landlock ABI of the running kernel, 0 when it has none or it is off. */
int pcb_sandbox_landlock_abi(void);

/* Was the program built with the sandbox (libseccomp)? */
int pcb_sandbox_built(void);

#endif
