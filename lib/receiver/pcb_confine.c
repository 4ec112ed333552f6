/* pcb_confine.c: see pcb_confine.h. The tables were found with strace -f over the whole test suite. */
#include <config.h>

#include "pcb_confine.h"

#include "pcb_sandbox.h"

/* clang-format off */
/* The log writer (pcb_logfile), the counters (pcb_metrics) and SIGHUP's reopen. */
static const struct pcb_syscall writer_calls[] = {
	{ "openat", PCB_SC_ANY },     /* a log file, its temporary file, the directory; Landlock says where */
	{ "open", PCB_SC_ANY },       /* the same through an older libc */
	{ "flock", PCB_SC_ANY },      /* the writers' lock on a log file */
	{ "fsync", PCB_SC_ANY },      /* PUSHCB_FSYNC */
	{ "fdatasync", PCB_SC_ANY },  /* PUSHCB_FSYNC where fdatasync is used */
	{ "link", PCB_SC_ANY },       /* a new file linked in with its header */
	{ "linkat", PCB_SC_ANY },     /* the same */
	{ "rename", PCB_SC_ANY },     /* a counter file of another size replaced (pcb_metrics_check) */
	{ "renameat", PCB_SC_ANY },   /* the same */
	{ "renameat2", PCB_SC_ANY },  /* the same, newer glibc */
	{ "unlink", PCB_SC_ANY },     /* a temporary file removed */
	{ "unlinkat", PCB_SC_ANY },   /* the same */
	{ "fchmod", PCB_SC_ANY },     /* a new file's mode (mkostemp makes it 0600) */
	{ "fchown", PCB_SC_ANY },     /* a replaced counter file's owner kept */
	{ "umask", PCB_SC_ANY },      /* read for a new file's mode */
	{ "getdents64", PCB_SC_ANY }, /* the directory listed for the newest period or segment */
	{ "pread64", PCB_SC_ANY },    /* the last byte of a file, to end a torn line */
};

/* --housekeep, besides the writer's calls (pcb_housekeep). */
static const struct pcb_syscall housekeep_calls[] = {
	{ "dup", PCB_SC_ANY },       /* zlib is handed a descriptor of its own */
	{ "utimensat", PCB_SC_ANY }, /* a compressed file keeps the plain file's times (futimens) */
};

/* The FastCGI loop (push_callback.c, libfcgi) on the descriptors it already holds. */
static const struct pcb_syscall fastcgi_calls[] = {
	{ "ppoll", PCB_SC_ANY },       /* the wait for a connection, signals let in */
	{ "poll", PCB_SC_ANY },        /* libfcgi's close drains the connection (Debian's libfcgi) */
	{ "select", PCB_SC_ANY },      /* the same in upstream libfcgi */
	{ "pselect6", PCB_SC_ANY },    /* select on newer glibc */
	{ "accept", PCB_SC_ANY },      /* a connection on the listener (no new socket of our own) */
	{ "accept4", PCB_SC_ANY },     /* the same */
	{ "getpeername", PCB_SC_ANY }, /* libfcgi checks the peer (FCGI_WEB_SERVER_ADDRS) */
	{ "getsockname", PCB_SC_ANY }, /* libfcgi asks the listener's family */
	{ "setsockopt", PCB_SC_ANY },  /* the read timeout on the accepted socket */
	{ "getsockopt", PCB_SC_ANY },  /* the same, read */
	{ "fcntl", PCB_SC_ANY },       /* the listener made non-blocking */
	{ "shutdown", PCB_SC_ANY },    /* libfcgi's close of a connection */
	{ "alarm", PCB_SC_ANY },       /* PUSHCB_READ_TIMEOUT */
	{ "setitimer", PCB_SC_ANY },   /* alarm(2) where libc makes it setitimer */
};

/* --check-config, and a FastCGI worker's start-up warnings: the log directory looked at. */
static const struct pcb_syscall check_calls[] = {
	{ "stat", PCB_SC_ANY },       /* the log directory */
	{ "access", PCB_SC_ANY },     /* whether it is writable */
	{ "faccessat", PCB_SC_ANY },  /* the same */
	{ "faccessat2", PCB_SC_ANY }, /* the same, newer glibc */
};

/* --metrics: the counter file read. */
static const struct pcb_syscall metrics_calls[] = {
	{ "openat", PCB_SC_ANY }, /* the counter file */
	{ "open", PCB_SC_ANY },   /* the same through an older libc */
	{ "flock", PCB_SC_ANY },  /* a shared lock while it is checked */
	{ "pread64", PCB_SC_ANY }, /* its layout checked */
};
/* clang-format on */

#define TABLE(t)                              \
	{                                     \
		t, sizeof(t) / sizeof((t)[0]) \
	}
static const struct pcb_syscalls writer = TABLE(writer_calls);
static const struct pcb_syscalls housekeep = TABLE(housekeep_calls);
static const struct pcb_syscalls fastcgi = TABLE(fastcgi_calls);
static const struct pcb_syscalls check = TABLE(check_calls);
static const struct pcb_syscalls metrics = TABLE(metrics_calls);

/*
 * The directories a worker and --housekeep may write beneath. A new one
 * (another place of the logs) is one line here.
 */
static int add_write_dirs(struct pcb_sandbox *sb, const struct pcb_config *cfg)
{
	/* The state directory: a worker opens its counters there again after a truncation. */
	return pcb_sandbox_write_dir(sb, cfg->log_dir) |
	       (cfg->fallback_dir[0] != '\0' ? pcb_sandbox_write_dir(sb, cfg->fallback_dir) : 0) |
	       (cfg->state_dir[0] != '\0' ? pcb_sandbox_write_dir(sb, cfg->state_dir) : 0);
}

static const char *mode_name(enum pcb_confine_mode mode)
{
	switch (mode) {
	case PCB_CONFINE_WORKER:
		return "worker";
	case PCB_CONFINE_HOUSEKEEP:
		return "--housekeep";
	case PCB_CONFINE_METRICS:
		return "--metrics";
	case PCB_CONFINE_CHECK:
		return "--check-config";
	}
	return "?";
}

int pcb_confine(const struct pcb_config *cfg, enum pcb_confine_mode mode, int cli_off)
{
	struct pcb_sandbox sb;
	int rc = 0;

	pcb_sandbox_init(&sb, mode_name(mode));
	if (!pcb_sandbox_wanted(cli_off, sb.who))
		return 0;
	switch (mode) {
	case PCB_CONFINE_WORKER:
		rc = add_write_dirs(&sb, cfg) | pcb_sandbox_allow(&sb, &writer) |
		     pcb_sandbox_allow(&sb, &fastcgi) | pcb_sandbox_allow(&sb, &check);
		break;
	case PCB_CONFINE_HOUSEKEEP:
		rc = add_write_dirs(&sb, cfg) | pcb_sandbox_allow(&sb, &writer) |
		     pcb_sandbox_allow(&sb, &housekeep);
		break;
	case PCB_CONFINE_METRICS:
		/* The counters in the state directory, or where 0.2 left them (access(2) looks). */
		rc = pcb_sandbox_read_path(&sb, cfg->log_dir) | pcb_sandbox_allow(&sb, &metrics) |
		     pcb_sandbox_allow(&sb, &check);
		if (cfg->state_dir[0] != '\0')
			rc |= pcb_sandbox_read_path(&sb, cfg->state_dir);
		break;
	case PCB_CONFINE_CHECK:
		rc = pcb_sandbox_allow(&sb, &check);
		break;
	}
	if (rc != 0)
		return -1; /* a table above is larger than struct pcb_sandbox: a bug caught by the unit test */
	return pcb_sandbox_enter(&sb);
}
