/*
 * pcb_version.c: push_callback --version (pcb_version.h).
 */
#include <config.h>

#include "pcb_version.h"

#include <stdbool.h>
#include <stdlib.h>

#include <json-c/json_c_version.h>
#ifdef HAVE_MIMALLOC
#include <mimalloc.h>
#endif

#include "pcb_sandbox.h"

/* Which malloc serves this process: mimalloc only when it is linked
 * (configure) and malloc(3) really hands out its memory (not replaced by a preload). */
static void print_malloc(FILE *out)
{
#ifdef HAVE_MIMALLOC
	void *probe = malloc(1);
	int v = mi_version();
	bool ours = mi_is_in_heap_region(probe);

	free(probe);
	fprintf(out,
		ours ? "malloc: mimalloc %d.%d.%d\n"
		     : "malloc: another (mimalloc %d.%d.%d is linked, not in use)\n",
		v / 100, v / 10 % 10, v % 10);
#else
	fprintf(out, "malloc: the C library's\n");
#endif
}

void pcb_version_print(FILE *out)
{
	fprintf(out, "push_callback %s (json-c %s)\n", PACKAGE_VERSION, json_c_version());
	print_malloc(out);
	fprintf(out, "sandbox: %s\n",
		pcb_sandbox_built() ? "seccomp, Landlock where the kernel has it" : "none (built without)");
}
