/*
 * pcb_options.h: push_callback's command line (push_callback(8), OPTIONS).
 *
 * An option is a field of struct pcb_options, a row of the table and a case
 * in pcb_options.c, a line of the usage text there, and a paragraph in the
 * man page; push_callback.c's main acts on the fields.
 */
#ifndef PCB_OPTIONS_H
#define PCB_OPTIONS_H

#include <stdio.h>

/* Exit statuses besides 0 and 1: a wrong command line; a configuration that
 * cannot work (sysexits' EX_CONFIG, which a service manager need not retry). */
enum { PCB_EXIT_USAGE = 2, PCB_EXIT_CONFIG = 78 };

/* What the command line asks for. */
struct pcb_options {
	const char *listen_addr;  /* --listen: unix:PATH or HOST:PORT; NULL: fd 0, systemd's, or CGI */
	long socket_mode;         /* --socket-mode, for a unix socket */
	const char *config_file;  /* --config; NULL: PUSHCB_CONFIG or the file beside the binary */
	const char *fallback_dir; /* --fallback-dir: wins over PUSHCB_FALLBACK_DIR; NULL: none given */
	int check_config;         /* --check-config: print the configuration and exit */
	int housekeep;            /* --housekeep: one pass over the log directory and exit */
	int metrics;              /* --metrics: print the counters and exit */
	int no_sandbox;           /* --no-sandbox: no confinement (pcb_confine.h) */
	int version;              /* --version: the caller prints it (it knows the malloc) */
};

/*
 * Parses [argc]/[argv] into [o]. Returns -1 to go on, or the status to exit
 * with: 0 after --help (the usage on stdout), PCB_EXIT_USAGE after a message
 * on stderr (an unknown option or argument, a bad mode, modes that run
 * alone given together).
 */
int pcb_options_parse(int argc, char **argv, struct pcb_options *o);

/* The usage text, on [f]. */
void pcb_options_usage(FILE *f);

#endif
