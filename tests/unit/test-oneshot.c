/*
 * test-oneshot: the modes that run once. Without one of them nothing is done
 * (-1); --check-config prints the configuration and fails on a missing log
 * directory; --housekeep goes over the log directory, then the fallback
 * directory, and fails when either is missing; --metrics without a counter
 * file fails. --version names the version, the malloc and the sandbox.
 * (--no-sandbox throughout: the test must not confine itself.)
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "pcb_oneshot.h"
#include "pcb_version.h"
#include "tap.h"

static struct pcb_config cfg;

/* Runs the mode of [o]; its output into [text] (of [size] bytes). */
static int run(const struct pcb_options *o, char *text, size_t size)
{
	FILE *f = tmpfile();
	int status;
	size_t n;

	if (f == NULL) {
		printf("Bail out! tmpfile\n");
		exit(1);
	}
	status = pcb_oneshot_run(&cfg, o, "", 1764000000, f);
	rewind(f);
	n = fread(text, 1, size - 1, f);
	text[n] = '\0';
	fclose(f);
	return status;
}

static void set(const char *key, const char *value)
{
	char err[256];

	if (pcb_config_set(&cfg, key, value, "test", err, sizeof(err)) < 0) {
		printf("Bail out! %s\n", err);
		exit(1);
	}
}

int main(void)
{
	struct pcb_options none = { .no_sandbox = 1 }, o;
	char text[8192], logs[600], fallback[600];

	tap_plan(9);
	snprintf(logs, sizeof(logs), "%s", tap_tmppath("logs"));
	snprintf(fallback, sizeof(fallback), "%s", tap_tmppath("fallback"));
	mkdir(logs, 0700);
	if (pcb_config_load(&cfg, "", 0, "test", tap_getenv, text, sizeof(text)) < 0) {
		printf("Bail out! %s\n", text);
		return 1;
	}
	set("PUSHCB_SDKAPPID", "1400000000");
	set("PUSHCB_LOG_DIR", logs);

	tap_is_int(run(&none, text, sizeof(text)), -1, "no mode that runs once: -1");
	tap_is_str(text, "", "and nothing written");

	o = none;
	o.check_config = 1;
	tap_is_int(run(&o, text, sizeof(text)), 0, "--check-config with a log directory: 0");
	tap_ok(strstr(text, logs) != NULL, "and it prints the log directory");

	o = none;
	o.housekeep = 1;
	tap_is_int(run(&o, text, sizeof(text)), 0, "--housekeep over an empty log directory: 0");
	set("PUSHCB_FALLBACK_DIR", fallback);
	tap_is_int(run(&o, text, sizeof(text)), 1,
		   "--housekeep with a fallback directory that is missing: 1");
	mkdir(fallback, 0700);
	tap_is_int(run(&o, text, sizeof(text)), 0, "and 0 once it is there");

	o = none;
	o.metrics = 1;
	tap_is_int(run(&o, text, sizeof(text)), 1, "--metrics without a counter file: 1");

	FILE *f = tmpfile();
	pcb_version_print(f);
	rewind(f);
	size_t n = fread(text, 1, sizeof(text) - 1, f);
	text[n] = '\0';
	fclose(f);
	const char *want = "push_callback " PACKAGE_VERSION " (json-c ";
	tap_ok(strncmp(text, want, strlen(want)) == 0 && strstr(text, "\nmalloc: ") != NULL &&
		   strstr(text, "\nsandbox: ") != NULL,
	       "--version: the version, the malloc, the sandbox");
	return tap_done();
}
