/*
 * test-options: push_callback's command line. The defaults; each option
 * into its field; --socket-mode octal only; --help and --version end the
 * parsing; an unknown option, a stray argument, and modes that run alone
 * given together are usage errors (exit 2) that say so.
 */
#include <config.h>

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "pcb_options.h"
#include "tap.h"

static struct pcb_options o;

/* Parses the NULL-terminated [args] (after the program's name), copied: getopt may permute them. */
static int parse(const char *const *args)
{
	static char pool[16][64], *argv[16];
	int argc = 0;

	for (const char *arg = "push_callback"; arg != NULL && argc < 15; arg = *args++) {
		snprintf(pool[argc], sizeof(pool[argc]), "%s", arg);
		argv[argc] = pool[argc];
		argc++;
	}
	argv[argc] = NULL;
	optind = 0; /* getopt starts over */
	opterr = 0;
	return pcb_options_parse(argc, argv, &o);
}

#define PARSE(...) parse((const char *const[]){ __VA_ARGS__, NULL })

int main(void)
{
	tap_plan(14);
	tap_ok(parse((const char *const[]){ NULL }) == -1 && o.listen_addr == NULL && o.config_file == NULL &&
		   o.socket_mode == 0660 && !o.check_config && !o.housekeep && !o.metrics && !o.version &&
		   !o.no_sandbox,
	       "no options: serve, socket mode 0660");
	tap_ok(PARSE("--listen", "unix:/run/p.sock", "--socket-mode", "0600", "--config", "/etc/p.conf") ==
		       -1 &&
		   strcmp(o.listen_addr, "unix:/run/p.sock") == 0 && o.socket_mode == 0600 &&
		   strcmp(o.config_file, "/etc/p.conf") == 0,
	       "--listen, --socket-mode and --config into their fields");
	tap_ok(PARSE("--fallback-dir", "/srv/fallback") == -1 && strcmp(o.fallback_dir, "/srv/fallback") == 0,
	       "--fallback-dir into its field");
	tap_ok(PARSE("--check-config", "--listen", ":9000") == -1 && o.check_config,
	       "--check-config with --listen");
	tap_ok(PARSE("--housekeep") == -1 && o.housekeep, "--housekeep");
	tap_ok(PARSE("--metrics") == -1 && o.metrics, "--metrics");
	tap_ok(PARSE("--no-sandbox", "--check-config") == -1 && o.no_sandbox && o.check_config,
	       "--no-sandbox");
	tap_ok(PARSE("--version", "--bogus") == -1 && o.version, "--version ends the parsing");
	tap_is_int(PARSE("--socket-mode", "0800"), PCB_EXIT_USAGE, "--socket-mode 0800: a usage error");
	tap_is_int(PARSE("--bogus"), PCB_EXIT_USAGE, "an unknown option: a usage error");
	tap_is_int(PARSE("serve"), PCB_EXIT_USAGE, "an argument: a usage error");
	tap_is_int(PARSE("--metrics", "--housekeep"), PCB_EXIT_USAGE,
		   "--metrics with --housekeep: a usage error");
	tap_is_int(PARSE("--housekeep", "--listen", "unix:/x"), PCB_EXIT_USAGE,
		   "--housekeep with --listen too");
	tap_is_int(PARSE("--metrics", "--check-config"), PCB_EXIT_USAGE, "--metrics with --check-config too");
	return tap_done();
}
