/*
 * pcb_config.h: the configuration, from the environment and from a KEY=VALUE
 * file; the environment wins. Every value is checked here, once, before the
 * first request; a missing or invalid one is an error with a message naming
 * the key. The file's lines: blank, "# comment", or KEY=VALUE (white space
 * around KEY and VALUE is ignored; no quoting). Unknown keys are errors.
 */
#ifndef PCB_CONFIG_H
#define PCB_CONFIG_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>

#include "pcb_limits.h"
#include "pcb_logfile.h"

#define PCB_DEFAULT_LOG_DIR "/var/log/push_callback"
/* pushcb-reconcile's administrator account, Tencent's default name for it. */
#define PCB_DEFAULT_ADMIN_IDENTIFIER "administrator"
/* The most configuration keys (PUSHCB_*); pcb_config.c checks its list against it. */
#define PCB_CONFIG_KEYS_MAX 16

struct pcb_config {
	char appids[PCB_MAX_APPIDS][PCB_APPID_SIZE]; /* decimal SdkAppids */
	size_t nappids;
	char log_dir[PATH_MAX];
	/* Where a batch goes when log_dir cannot take it; "" when none. Never log_dir nor inside it. */
	char fallback_dir[PATH_MAX];
	enum pcb_rotate rotate;
	uint64_t max_bytes; /* 0: files are not capped */
	size_t max_body;
	char tokens[PCB_MAX_TOKENS][PCB_MAX_TOKEN_BYTES + 1];
	size_t ntokens;       /* 0: Sign is not checked */
	unsigned sign_window; /* seconds either side of now */
	int fsync;
	unsigned read_timeout;    /* seconds a FastCGI request may take to arrive */
	unsigned keep_days;       /* --housekeep: days closed periods are kept; 0: all */
	char state_dir[PATH_MAX]; /* the counter file's directory; "": none (pcb_metrics.h) */
	/* pushcb-reconcile: the app administrator and the console's secret key ("" when unset; never shown). */
	char admin_identifier[PCB_MAX_ADMIN_IDENTIFIER + 1];
	char admin_key[PCB_MAX_ADMIN_KEY + 1];
	/* The file read, if any (a copy: the caller's name may not outlive the load). */
	char file[PATH_MAX];
	/* Where each value came from, for --check-config: "default", "environment", or [file]. */
	const char *source[PCB_CONFIG_KEYS_MAX];
};

/* Looks a key up in the environment; NULL when unset. */
typedef const char *(*pcb_getenv_fn)(const char *name);

/*
 * Builds [cfg] from defaults, then the file text [file] of [filelen] bytes
 * (NULL: no file; [filename] names it in messages), then [getenv_fn]
 * (NULL: no environment, as in the fuzzer and the benchmarks).
 * Returns 0, or -1 with a one-line message in [err] (errlen bytes).
 */
int pcb_config_load(struct pcb_config *cfg, const char *file, size_t filelen, const char *filename,
		    pcb_getenv_fn getenv_fn, char *err, size_t errlen);

/*
 * Sets [key] (a PUSHCB_* name) to [value] as from [source] (a string that
 * outlives [cfg], such as "--fallback-dir"), as an option of the command line
 * does after pcb_config_load, with the same checks. Returns 0, or -1 with a
 * one-line message in [err].
 */
int pcb_config_set(struct pcb_config *cfg, const char *key, const char *value, const char *source, char *err,
		   size_t errlen);

/*
 * Does [cfg] name at least one SdkAppid, as answering requests needs (the
 * housekeeping does not)? Returns 0, or -1 with a one-line message in [err].
 */
int pcb_config_check_appid(const struct pcb_config *cfg, char *err, size_t errlen);

/* Is [appid] ([len] bytes) one of the configured SdkAppids? */
int pcb_config_has_appid(const struct pcb_config *cfg, const char *appid, size_t len);

/*
 * Writes the effective configuration as KEY=VALUE lines, secrets masked, each
 * followed by "# from SOURCE", through [emit].
 */
void pcb_config_describe(const struct pcb_config *cfg, void (*emit)(const char *line, void *arg), void *arg);

#endif
