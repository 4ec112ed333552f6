/* pcb_options.c: see pcb_options.h. */
#include <config.h>

#include <getopt.h>
#include <string.h>

#include "pcb_listen.h"
#include "pcb_options.h"

void pcb_options_usage(FILE *f)
{
	fprintf(f, "Usage: push_callback [OPTION]...\n"
		   "Receive Tencent Cloud IM push-result callbacks (Push.OfflinePush,\n"
		   "Push.AllMemberPush) over FastCGI or CGI and append them to TSV logs.\n"
		   "\n"
		   "  --listen ADDR        open our own FastCGI socket: unix:PATH or HOST:PORT\n"
		   "                       (no HOST means 127.0.0.1)\n"
		   "  --socket-mode MODE   permissions of a unix socket (octal, default 0660)\n"
		   "  --config FILE        read KEY=VALUE configuration from FILE\n"
		   "  --fallback-dir DIR   where batches go when the log directory fails\n"
		   "                       (PUSHCB_FALLBACK_DIR; this option wins)\n"
		   "  --check-config       print the effective configuration and exit\n"
		   "  --housekeep          compress the log files of closed periods, remove\n"
		   "                       those older than PUSHCB_KEEP_DAYS, and exit\n"
		   "  --metrics            print the counters of every worker (Prometheus text\n"
		   "                       format) and exit\n"
		   "  --no-sandbox         do not confine the process (debugging; also\n"
		   "                       PUSHCB_SANDBOX=off)\n"
		   "  --help               print this help and exit\n"
		   "  --version            print the version and exit\n"
		   "\n"
		   "Without --listen: FastCGI on the socket systemd passes (LISTEN_FDS) or on\n"
		   "fd 0 (spawn-fcgi, mod_fcgid); otherwise CGI, one request.\n"
		   "\n"
		   "Configuration (environment wins over the file): PUSHCB_SDKAPPID (required to\n"
		   "serve), PUSHCB_LOG_DIR, PUSHCB_FALLBACK_DIR, PUSHCB_STATE_DIR, PUSHCB_ROTATE,\n"
		   "PUSHCB_MAX_BYTES, PUSHCB_MAX_BODY, PUSHCB_TOKEN, PUSHCB_SIGN_WINDOW,\n"
		   "PUSHCB_FSYNC, PUSHCB_READ_TIMEOUT, PUSHCB_KEEP_DAYS, PUSHCB_CONFIG;\n"
		   "PUSHCB_ADMIN_IDENTIFIER and PUSHCB_ADMIN_KEY are pushcb-reconcile's.\n"
		   "See push_callback(8).\n");
}

int pcb_options_parse(int argc, char **argv, struct pcb_options *o)
{
	/* clang-format off */
	static const struct option longopts[] = {
		{ "listen", required_argument, NULL, 'l' },
		{ "socket-mode", required_argument, NULL, 'm' },
		{ "config", required_argument, NULL, 'c' },
		{ "fallback-dir", required_argument, NULL, 'F' },
		{ "check-config", no_argument, NULL, 'C' },
		{ "housekeep", no_argument, NULL, 'K' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "metrics", no_argument, NULL, 'M' },
		{ "no-sandbox", no_argument, NULL, 'N' },
		{ NULL, 0, NULL, 0 },
	};
	/* clang-format on */
	int opt;

	memset(o, 0, sizeof(*o));
	o->socket_mode = PCB_LISTEN_DEFAULT_MODE;
	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (opt) {
		case 'l':
			o->listen_addr = optarg;
			break;
		case 'm':
			o->socket_mode = pcb_listen_parse_mode(optarg);
			if (o->socket_mode < 0) {
				fprintf(stderr, "push_callback: --socket-mode: '%s' is not an octal mode\n",
					optarg);
				return PCB_EXIT_USAGE;
			}
			break;
		case 'c':
			o->config_file = optarg;
			break;
		case 'F':
			o->fallback_dir = optarg;
			break;
		case 'C':
			o->check_config = 1;
			break;
		case 'K':
			o->housekeep = 1;
			break;
		case 'M':
			o->metrics = 1;
			break;
		case 'N':
			o->no_sandbox = 1;
			break;
		case 'h':
			pcb_options_usage(stdout);
			return 0;
		case 'V':
			o->version = 1;
			return -1;
		default:
			pcb_options_usage(stderr);
			return PCB_EXIT_USAGE;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "push_callback: unexpected argument '%s'\n", argv[optind]);
		pcb_options_usage(stderr);
		return PCB_EXIT_USAGE;
	}
	if (o->housekeep + o->metrics + (o->check_config || o->listen_addr != NULL) > 1) {
		fprintf(stderr, "push_callback: --%s runs alone (not with %s)\n",
			o->housekeep ? "housekeep" : "metrics",
			o->housekeep ? "--check-config, --listen or --metrics"
				     : "--check-config, --listen or --housekeep");
		return PCB_EXIT_USAGE;
	}
	return -1;
}
