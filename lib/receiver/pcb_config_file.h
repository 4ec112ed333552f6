/*
 * pcb_config_file.h: where push_callback's configuration comes from, and
 * what is said about it at start-up.
 *
 * The file named by --config, else by PUSHCB_CONFIG (either must exist),
 * else push_callback.conf beside the binary if there is one (shared
 * hosting: nothing else can be set there); then the environment, which
 * wins (pcb_config.h). Every failure is said with pcb_diag.
 */
#ifndef PCB_CONFIG_FILE_H
#define PCB_CONFIG_FILE_H

#include <stddef.h>
#include <stdio.h>

#include "pcb_config.h"

/* The file looked for beside the binary when neither --config nor PUSHCB_CONFIG names one. */
#define PCB_CONFIG_BESIDE_BINARY "push_callback.conf"

/*
 * The path of the running binary: /proc/self/exe, else [argv0] when it
 * holds a slash. Into [out] of [size] bytes; returns 0, or -1 when neither
 * says.
 */
int pcb_config_self_path(const char *argv0, char *out, size_t size);

/* push_callback.conf in the directory of the binary at [exe], into [out]. Returns 0, or -1 when too long or [exe] has no directory. */
int pcb_config_beside(const char *exe, char *out, size_t size);

/*
 * Loads [cfg]: from [cli_file] (--config, may be NULL), else PUSHCB_CONFIG,
 * else the file beside [exe] (may be NULL: none) if it exists; then the
 * environment. [serving]: an SdkAppid is required. The file read goes into
 * [used] of [used_size] bytes ("" when none). Returns 0, or -1 after a message.
 */
int pcb_config_file_load(struct pcb_config *cfg, const char *cli_file, const char *exe, char *used,
			 size_t used_size, int serving);

/*
 * Says on stderr what a server should know at start: no token (callers are
 * checked by SdkAppid only), and a log or fallback directory that is
 * missing, not a directory or not writable. Returns the count of directory
 * problems.
 */
int pcb_config_warnings(const struct pcb_config *cfg);

/*
 * push_callback --check-config: the file read ([used], "" for none) and the
 * effective configuration on [out], the warnings on stderr. Returns the exit
 * status: 0, or 1 when the log directory has a problem.
 */
int pcb_config_file_check(const struct pcb_config *cfg, const char *used, FILE *out);

#endif
