/* pcb_report_confine.c: see pcb_report_confine.h. The table was found with strace -f over the report's tests. */
#include <config.h>

#include "pcb_report_confine.h"

#include <stdlib.h>

#include "pcb_sandbox.h"

/* The tz database, where --tz and the C library's local time read it. */
#define TZ_DATABASE "/usr/share/zoneinfo"
#define TZ_LOCAL "/etc/localtime"

/* clang-format off */
/* Reading the log files (plain or gzip, pcb_logread); the base has the rest. */
static const struct pcb_syscall reader_calls[] = {
	{ "openat", PCB_SC_ANY }, /* a log file, a zone of the tz database; Landlock says which */
	{ "open", PCB_SC_ANY },   /* the same through an older libc */
	{ "fcntl", PCB_SC_ANY },  /* zlib's gzopen */
	/* -j's reading threads, started once confined (pthread_create; glibc tries clone3 first). */
	{ "clone3", PCB_SC_ANY },
	{ "clone", PCB_SC_ANY },
	{ "set_robust_list", PCB_SC_ANY },
	{ "rseq", PCB_SC_ANY },
};
/* clang-format on */
static const struct pcb_syscalls reader = { reader_calls, sizeof(reader_calls) / sizeof(reader_calls[0]) };

int pcb_report_confine(char *const *paths, size_t n)
{
	struct pcb_sandbox sb;
	const char *tzdir = getenv("TZDIR");

	pcb_sandbox_init(&sb, "report");
	if (!pcb_sandbox_wanted(0, sb.who))
		return 0;
	pcb_sandbox_read_list(&sb, paths, n);
	if (pcb_sandbox_read_path(&sb, tzdir != NULL && tzdir[0] != '\0' ? tzdir : TZ_DATABASE) < 0 ||
	    pcb_sandbox_read_path(&sb, TZ_LOCAL) < 0 || pcb_sandbox_allow(&sb, &reader) < 0)
		return -1;
	return pcb_sandbox_enter(&sb);
}
