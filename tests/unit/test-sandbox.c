/*
 * test-sandbox: a process confined by pcb_sandbox_enter appends, creates and
 * renames beneath its writable directory and reads its readable paths; it
 * cannot read or create anything else, truncate, or make a call outside its
 * tables (socket, execve, kill of another process, executable memory) without
 * being killed by SIGSYS. Each case runs in a child of its own.
 */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/syscall.h>

#include "pcb_sandbox.h"
#include "tap.h"

/* The file calls a case makes, besides the base; Landlock says where. */
static const struct pcb_syscall file_calls[] = {
	{ "openat", PCB_SC_ANY },   { "ftruncate", PCB_SC_ANY }, { "rename", PCB_SC_ANY },
	{ "renameat", PCB_SC_ANY }, { "renameat2", PCB_SC_ANY }, { "link", PCB_SC_ANY },
	{ "linkat", PCB_SC_ANY },   { "unlink", PCB_SC_ANY },    { "unlinkat", PCB_SC_ANY },
};
static const struct pcb_syscalls file_table = { file_calls, sizeof(file_calls) / sizeof(file_calls[0]) };

/* What a child's case ended with: its exit status (0 ok, else an errno), or -signal. */
static int run_confined(const char *dir, const char *readable, int (*body)(const char *dir))
{
	pid_t pid = fork();
	int status;

	if (pid < 0)
		return -1000;
	if (pid == 0) {
		struct pcb_sandbox sb;

		/* _exit: the child's stdio must not flush the parent's TAP output again. */
		pcb_sandbox_init(&sb, "test");
		pcb_sandbox_write_dir(&sb, dir);
		if (readable != NULL)
			pcb_sandbox_read_path(&sb, readable);
		pcb_sandbox_allow(&sb, &file_table);
		if (pcb_sandbox_enter(&sb) < 0)
			_exit(100);
		_exit(body(dir));
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1000;
	return WIFSIGNALED(status) ? -WTERMSIG(status) : WEXITSTATUS(status);
}

/* DIR/NAME, in one of two buffers used in turn (a rename names two paths). */
static const char *in(const char *dir, const char *name)
{
	static char bufs[2][4096];
	static int next;
	char *b = bufs[next];

	next = !next;
	snprintf(b, sizeof(bufs[0]), "%s/%s", dir, name);
	return b;
}

static int result(int rc)
{
	return rc < 0 ? errno : 0;
}

static int append_inside(const char *dir)
{
	int fd = open(in(dir, "log.tsv"), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);

	if (fd < 0 || write(fd, "line\n", 5) != 5)
		return errno;
	close(fd);
	return result(rename(in(dir, "log.tsv"), in(dir, "renamed.tsv")));
}

static int link_and_unlink_inside(const char *dir)
{
	char from[4096];

	snprintf(from, sizeof(from), "%s/renamed.tsv", dir);
	if (link(from, in(dir, "linked.tsv")) < 0)
		return errno;
	return result(unlink(in(dir, "linked.tsv")));
}

static int truncate_inside(const char *dir)
{
	int fd = open(in(dir, "renamed.tsv"), O_WRONLY | O_CLOEXEC);

	return fd < 0 ? errno : result(ftruncate(fd, 0));
}

static int read_passwd(const char *dir)
{
	(void)dir;
	return result(open("/etc/passwd", O_RDONLY | O_CLOEXEC));
}

static int read_readable(const char *dir)
{
	(void)dir;
	return result(open(in(tap_tmpdir(), "readable"), O_RDONLY | O_CLOEXEC));
}

static int create_in_readable(const char *dir)
{
	(void)dir;
	return result(open(in(tap_tmpdir(), "made"), O_WRONLY | O_CREAT | O_CLOEXEC, 0644));
}

static int make_socket(const char *dir)
{
	(void)dir;
	return result(socket(AF_INET, SOCK_STREAM, 0));
}

static int exec_shell(const char *dir)
{
	static char sh[] = "sh", c[] = "-c", cmd[] = "exit 0";
	char *argv[] = { sh, c, cmd, NULL };

	(void)dir;
	return result(execve("/bin/sh", argv, NULL));
}

static pid_t parent;

static int kill_parent(const char *dir)
{
	(void)dir;
	return result(kill(parent, 0));
}

static int kill_self(const char *dir)
{
	(void)dir;
	return result(kill(getpid(), 0));
}

static int exec_memory(const char *dir)
{
	(void)dir;
	return mmap(NULL, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED
		   ? errno
		   : 0;
}

/* landlock_create_ruleset; add_rule and restrict_self follow it. */
#define SYS_LANDLOCK_CREATE 444

/*
 * A service manager's filter that refuses seccomp(2) and Landlock with EPERM
 * (systemd's SystemCallFilter=@system-service), then the sandbox over it:
 * loaded through prctl, it still kills on a socket.
 */
static int socket_under_service_filter(const char *dir)
{
	/* Written as BPF by hand: libseccomp must meet the refusal first, as under systemd. */
	struct sock_filter refuse[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_seccomp, 4, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_LANDLOCK_CREATE, 3, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_LANDLOCK_CREATE + 1, 2, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_LANDLOCK_CREATE + 2, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
	};
	struct sock_fprog prog = { sizeof(refuse) / sizeof(refuse[0]), refuse };
	struct pcb_sandbox sb;

	(void)dir;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) < 0)
		return 101;
	pcb_sandbox_init(&sb, "test");
	if (pcb_sandbox_enter(&sb) < 0)
		return 102;
	return result(socket(AF_INET, SOCK_STREAM, 0));
}

/* Runs [body] in a child, unconfined. Returns as run_confined does. */
static int run_plain(int (*body)(const char *dir))
{
	pid_t pid = fork();
	int status;

	if (pid < 0)
		return -1000;
	if (pid == 0)
		_exit(body(NULL));
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1000;
	return WIFSIGNALED(status) ? -WTERMSIG(status) : WEXITSTATUS(status);
}

int main(void)
{
	struct pcb_sandbox sb;
	char dir[4096];
	int abi = pcb_sandbox_landlock_abi(), fd;

	if (!pcb_sandbox_built()) {
		printf("1..0 # SKIP built without the sandbox\n");
		return 0;
	}
	tap_plan(19);
	parent = getpid();
	snprintf(dir, sizeof(dir), "%s/logs", tap_tmpdir());
	if (mkdir(dir, 0755) < 0 || (fd = open(in(tap_tmpdir(), "readable"), O_WRONLY | O_CREAT, 0644)) < 0)
		return 1;
	close(fd);
	fflush(stdout);

	pcb_sandbox_init(&sb, "test");
	tap_ok(sb.ntables == 1 && sb.tables[0] == &pcb_sandbox_base, "a new sandbox allows the base calls");
	for (int i = 0; i < PCB_SANDBOX_MAX_PATHS; i++)
		pcb_sandbox_write_dir(&sb, dir);
	tap_is_int(pcb_sandbox_write_dir(&sb, dir), -1, "writable directories past the limit are refused");
	for (int i = 0; i < PCB_SANDBOX_MAX_PATHS; i++)
		pcb_sandbox_read_path(&sb, dir);
	tap_is_int(pcb_sandbox_read_path(&sb, dir), -1, "readable paths past the limit are refused");

	unsetenv("PUSHCB_SANDBOX");
	tap_is_int(pcb_sandbox_wanted(0, "test"), 1, "on by default");
	tap_is_int(pcb_sandbox_wanted(1, "test"), 0, "off with --no-sandbox");
	setenv("PUSHCB_SANDBOX", "off", 1);
	tap_is_int(pcb_sandbox_wanted(0, "test"), 0, "off with PUSHCB_SANDBOX=off");
	setenv("PUSHCB_SANDBOX", "maybe", 1);
	tap_is_int(pcb_sandbox_wanted(0, "test"), 1, "on with any other value");
	unsetenv("PUSHCB_SANDBOX");

	tap_is_int(run_confined(dir, NULL, append_inside), 0,
		   "appends to a new file and renames it in its directory");
	tap_is_int(run_confined(dir, NULL, link_and_unlink_inside), 0, "links and removes in its directory");
	tap_is_int(run_confined(dir, NULL, make_socket), -SIGSYS, "a socket kills it (SIGSYS)");
	tap_is_int(run_confined(dir, NULL, exec_shell), -SIGSYS, "execve kills it");
	tap_is_int(run_confined(dir, NULL, kill_parent), -SIGSYS, "a signal to another process kills it");
	tap_is_int(run_confined(dir, NULL, kill_self), 0, "a signal to itself is allowed (abort)");
	tap_is_int(run_confined(dir, NULL, exec_memory), -SIGSYS, "executable memory kills it");
	tap_is_int(run_plain(socket_under_service_filter), -SIGSYS,
		   "under a service manager's filter that refuses seccomp(2), a socket still kills it");
	if (abi > 0) {
		tap_is_int(run_confined(dir, NULL, read_passwd), EACCES, "/etc/passwd: EACCES (Landlock)");
		tap_is_int(run_confined(dir, tap_tmpdir(), read_readable), 0, "a readable path is read");
		tap_is_int(run_confined(dir, tap_tmpdir(), create_in_readable), EACCES,
			   "nothing is created beneath a readable path");
		tap_is_int(run_confined(dir, NULL, truncate_inside), abi >= 3 ? EACCES : 0,
			   "a file of its directory is not truncated (Landlock ABI 3)");
	} else {
		for (int i = 0; i < 4; i++)
			tap_ok(1, "# SKIP the kernel has no Landlock");
	}
	return tap_done();
}
