/*
 * push_callback: receives Tencent Cloud IM's push-result callbacks
 * (Push.OfflinePush, Push.AllMemberPush) as FastCGI or CGI and appends each
 * event to rotating tab-separated logs.
 *
 * This file is the edge: options, configuration loading, signals, sockets,
 * the accept loop, and the byte moving between libfcgi (or CGI's stdio) and
 * lib/receiver/pcb_handler, which holds all the policy. It is the only file that
 * includes libfcgi.
 *
 * Modes, decided once at start-up, in this order:
 *   --listen ADDR                 our own socket (unix:PATH or HOST:PORT)
 *   LISTEN_PID/LISTEN_FDS         systemd socket activation: fd 3
 *   fd 0 is a listening socket    spawn-fcgi, mod_fcgid, StandardInput=socket
 *   otherwise                     CGI: one request, then exit
 */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <fcgiapp.h>
#include <json-c/json_c_version.h>
#ifdef HAVE_MIMALLOC
#include <mimalloc.h>
#endif

#include "pcb_buf.h"
#include "pcb_config.h"
#include "pcb_confine.h"
#include "pcb_diag.h"
#include "pcb_handler.h"
#include "pcb_housekeep.h"
#include "pcb_io.h"
#include "pcb_limits.h"
#include "pcb_metrics.h"
#include "pcb_sandbox.h"

/* The file looked for beside the binary when neither --config nor PUSHCB_CONFIG names one. */
#define CONFIG_BESIDE_BINARY "push_callback.conf"
#define LISTEN_BACKLOG 128
#define SD_LISTEN_FDS_START 3
#define DEFAULT_SOCKET_MODE 0660

/* Exit statuses besides 0 and 1: a wrong command line; a configuration that
 * cannot work (sysexits' EX_CONFIG, which a service manager need not retry). */
enum { EXIT_USAGE = 2, EXIT_CONFIG = 78 };

static volatile sig_atomic_t stop_requested;
static volatile sig_atomic_t reopen_requested;
/* Is the read timeout (alarm) set? Saves an alarm(2) a request once the body is read. */
static int read_deadline_set;
/* Did the read timeout expire (SIGALRM) while the request was read? */
static volatile sig_atomic_t read_timed_out;

static void on_stop(int signo)
{
	(void)signo;
	stop_requested = 1;
	FCGX_ShutdownPending();
}

static void on_hup(int signo)
{
	(void)signo;
	reopen_requested = 1;
}

/* Interrupts a read that waited past PUSHCB_READ_TIMEOUT, and says so. */
static void on_alarm(int signo)
{
	(void)signo;
	read_timed_out = 1;
}

/* Starts the read timeout of a request: [seconds] for its params and body. */
static void read_deadline_start(unsigned seconds)
{
	read_timed_out = 0;
	alarm(seconds);
	read_deadline_set = 1;
}

/* Ends it, if it is set: the request has arrived, or is refused or dropped. */
static void read_deadline_end(void)
{
	if (read_deadline_set)
		alarm(0);
	read_deadline_set = 0;
}

/*
 * SIGTERM and SIGUSR1 (mod_fcgid, spawn-fcgi, multiwatch), and SIGINT (Ctrl-C
 * in a terminal), stop the process after the request in flight; SIGHUP
 * reopens the logs. SIGPIPE is ignored so that a client that went away costs
 * its own request only; SIGXFSZ is ignored so that a log at the file size
 * limit (RLIMIT_FSIZE) is a write that fails with EFBIG, answered 503 like a
 * full disk, not a worker killed in the middle of a write. No SA_RESTART:
 * the wait for a connection must return so that the loop sees the flag. These
 * signals are blocked but while waiting (see serve_fastcgi), so a request in
 * flight is never cut short. SIGALRM, never blocked, ends a FastCGI read that
 * has waited PUSHCB_READ_TIMEOUT seconds (a client that stalls).
 */
/*
 * SIGPIPE and SIGXFSZ ignored, in both modes (see install_signals). Returns
 * 0, or -1 with errno.
 */
static int ignore_write_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = SIG_IGN;
	return sigaction(SIGPIPE, &sa, NULL) < 0 || sigaction(SIGXFSZ, &sa, NULL) < 0 ? -1 : 0;
}

static int install_signals(sigset_t *handled)
{
	struct sigaction sa;

	if (ignore_write_signals() < 0)
		return -1;
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_stop;
	if (sigaction(SIGTERM, &sa, NULL) < 0 || sigaction(SIGUSR1, &sa, NULL) < 0 ||
	    sigaction(SIGINT, &sa, NULL) < 0)
		return -1;
	sa.sa_handler = on_hup;
	if (sigaction(SIGHUP, &sa, NULL) < 0)
		return -1;
	sa.sa_handler = on_alarm;
	if (sigaction(SIGALRM, &sa, NULL) < 0)
		return -1;
	sigemptyset(handled);
	sigaddset(handled, SIGTERM);
	sigaddset(handled, SIGUSR1);
	sigaddset(handled, SIGINT);
	sigaddset(handled, SIGHUP);
	return 0;
}

/* ---- Configuration ------------------------------------------------------ */

static const char *env_lookup(const char *name)
{
	return getenv(name);
}

/* Reads a whole small file into [buf]. Returns its length, -1 with errno. */
static long read_small_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t used = 0;

	if (fd < 0)
		return -1;
	for (;;) {
		ssize_t n = read(fd, buf + used, size - used);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int saved = errno;
			close(fd);
			errno = saved;
			return -1;
		}
		if (n == 0)
			break;
		used += (size_t)n;
		if (used == size) {
			close(fd);
			errno = EFBIG;
			return -1;
		}
	}
	close(fd);
	return (long)used;
}

/* The directory of the running binary, for the shared-hosting config file. */
static int config_beside_binary(const char *argv0, char *out, size_t outlen)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	if (n > 0)
		self[n] = '\0';
	else if (argv0 != NULL && strchr(argv0, '/') != NULL && strlen(argv0) < sizeof(self))
		snprintf(self, sizeof(self), "%s", argv0);
	else
		return -1;
	char *slash = strrchr(self, '/');
	if (slash == NULL)
		return -1;
	*slash = '\0';
	int len = snprintf(out, outlen, "%s/%s", self, CONFIG_BESIDE_BINARY);
	return len < 0 || (size_t)len >= outlen ? -1 : 0;
}

/*
 * Loads the configuration: the file named by --config, else by PUSHCB_CONFIG
 * (both must exist), else push_callback.conf beside the binary if there is
 * one; then the environment, which wins; [serving]: with an SdkAppid.
 * Returns 0, or -1 after a message.
 */
static int load_config(struct pcb_config *cfg, const char *cli_file, const char *argv0, char *used_file,
		       size_t used_len, int serving)
{
	static char text[PCB_MAX_CONFIG_FILE + 1];
	const char *file = cli_file ? cli_file : getenv("PUSHCB_CONFIG");
	int required = file != NULL;
	char beside[PATH_MAX], err[512];
	long len = -1;

	used_file[0] = '\0';
	if (file == NULL && config_beside_binary(argv0, beside, sizeof(beside)) == 0)
		file = beside;
	if (file != NULL) {
		len = read_small_file(file, text, sizeof(text));
		if (len < 0 && (required || errno != ENOENT)) {
			pcb_diag("configuration file %s: %s", file,
				 errno == EFBIG ? "larger than 64 KiB" : strerror(errno));
			return -1;
		}
		if (len >= 0)
			snprintf(used_file, used_len, "%s", file);
	}
	if (pcb_config_load(cfg, len >= 0 ? text : NULL, len >= 0 ? (size_t)len : 0, file, env_lookup, err,
			    sizeof(err)) < 0 ||
	    (serving && pcb_config_check_appid(cfg, err, sizeof(err)) < 0)) {
		pcb_diag("configuration: %s", err);
		return -1;
	}
	return 0;
}

/* Problems the configuration cannot see: the log and fallback directories. Returns the count. */
static int check_environment(const struct pcb_config *cfg)
{
	const char *dirs[] = { cfg->log_dir, cfg->fallback_dir }, *what[] = { "log", "fallback" };
	struct stat st;
	int problems = 0;

	for (size_t i = 0; i < 2 && dirs[i][0] != '\0'; i++) {
		if (stat(dirs[i], &st) < 0) {
			pcb_diag("warning: %s directory %s: %s", what[i], dirs[i], strerror(errno));
			problems++;
		} else if (!S_ISDIR(st.st_mode)) {
			pcb_diag("warning: %s directory %s is not a directory", what[i], dirs[i]);
			problems++;
		} else if (access(dirs[i], W_OK | X_OK) < 0) {
			pcb_diag("warning: %s directory %s is not writable by this user: %s", what[i],
				 dirs[i], strerror(errno));
			problems++;
		}
	}
	return problems;
}

static void warn_unsigned(const struct pcb_config *cfg)
{
	if (cfg->ntokens == 0)
		pcb_diag("warning: PUSHCB_TOKEN is not set: callers are checked by SdkAppid only");
}

static void print_line(const char *line, void *arg)
{
	fprintf(arg, "%s\n", line);
}

/* ---- Sockets ------------------------------------------------------------ */

/* Parses a decimal number in [lo, hi]; -1 if it is not one. */
static long parse_number(const char *s, long lo, long hi, int base)
{
	char *end;
	long v;

	if (s == NULL || *s == '\0')
		return -1;
	errno = 0;
	v = strtol(s, &end, base);
	if (errno != 0 || *end != '\0' || v < lo || v > hi)
		return -1;
	return v;
}

static int listen_unix(const char *path, mode_t mode)
{
	struct sockaddr_un sun;
	struct stat st;
	int fd;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun.sun_path)) {
		pcb_diag("--listen unix:%s: path longer than %zu bytes", path, sizeof(sun.sun_path) - 1);
		return -1;
	}
	memcpy(sun.sun_path, path, strlen(path) + 1);
	/* A stale socket from an earlier run is replaced; any other file is not. */
	if (lstat(path, &st) == 0) {
		if (!S_ISSOCK(st.st_mode)) {
			pcb_diag("--listen unix:%s: exists and is not a socket", path);
			return -1;
		}
		unlink(path);
	}
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		pcb_diag("socket: %s", strerror(errno));
		return -1;
	}
	/* Created with no access for others, then opened up to [mode]. */
	mode_t old = umask(0177);
	int rc = bind(fd, (struct sockaddr *)&sun, sizeof(sun));
	umask(old);
	if (rc < 0 || chmod(path, mode) < 0 || listen(fd, LISTEN_BACKLOG) < 0) {
		pcb_diag("--listen unix:%s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

static int listen_tcp(const char *addr)
{
	char host[256];
	const char *colon = strrchr(addr, ':');
	struct addrinfo hints, *res = NULL;
	int fd = -1, one = 1, rc;

	if (colon == NULL || parse_number(colon + 1, 1, 65535, 10) < 0 ||
	    (size_t)(colon - addr) >= sizeof(host)) {
		pcb_diag("--listen %s: expected unix:PATH or HOST:PORT (port 1-65535)", addr);
		return -1;
	}
	memcpy(host, addr, (size_t)(colon - addr));
	host[colon - addr] = '\0';
	/* [::1]:9000 */
	if (host[0] == '[' && host[strlen(host) - 1] == ']') {
		memmove(host, host + 1, strlen(host));
		host[strlen(host) - 1] = '\0';
	}
	/* No host means loopback, never every interface. */
	if (host[0] == '\0')
		snprintf(host, sizeof(host), "127.0.0.1");
	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	rc = getaddrinfo(host, colon + 1, &hints, &res);
	if (rc != 0) {
		pcb_diag("--listen %s: %s", addr, gai_strerror(rc));
		return -1;
	}
	fd = socket(res->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
	    bind(fd, res->ai_addr, res->ai_addrlen) < 0 || listen(fd, LISTEN_BACKLOG) < 0) {
		pcb_diag("--listen %s: %s", addr, strerror(errno));
		if (fd >= 0)
			close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	return fd;
}

/* systemd's protocol: LISTEN_PID is us and LISTEN_FDS >= 1; fd 3 is the socket. */
static int systemd_listener(void)
{
	long pid = parse_number(getenv("LISTEN_PID"), 1, LONG_MAX, 10);
	long nfds = parse_number(getenv("LISTEN_FDS"), 1, INT_MAX, 10);

	if (pid != (long)getpid() || nfds < 1)
		return -1;
	if (nfds > 1)
		pcb_diag("warning: systemd passed %ld sockets; only the first (fd 3) is used", nfds);
	/* Not for our children, if any. */
	unsetenv("LISTEN_PID");
	unsetenv("LISTEN_FDS");
	unsetenv("LISTEN_FDNAMES");
	return SD_LISTEN_FDS_START;
}

/* ---- Requests ------------------------------------------------------------ */

/* The two ways bytes reach us: libfcgi streams, or CGI's stdin and stdout. */
struct io {
	const char *(*param)(struct io *io, const char *name);
	/* Reads up to [n] bytes; stops short only at end of input or on error. */
	size_t (*read)(struct io *io, char *buf, size_t n, int *failed);
	int (*write)(struct io *io, const char *buf, size_t n);
	FCGX_Request *req;
};

static const char *fcgi_param(struct io *io, const char *name)
{
	return FCGX_GetParam(name, io->req->envp);
}

static size_t fcgi_read(struct io *io, char *buf, size_t n, int *failed)
{
	size_t got = 0;

	while (got < n) {
		size_t chunk = n - got > INT_MAX ? INT_MAX : n - got;
		int r = FCGX_GetStr(buf + got, (int)chunk, io->req->in);
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	read_deadline_end(); /* the request has arrived */
	*failed = FCGX_GetError(io->req->in) != 0;
	return got;
}

static int fcgi_write(struct io *io, const char *buf, size_t n)
{
	/*
	 * No flush: FCGX_Finish_r then sends the answer and the end of the
	 * request in one write(2), and the web server wakes once, not twice
	 * (bench/run measured it). A stream already in error (the client went
	 * away during an earlier write) is asked directly: FCGX_FFlush would say 0.
	 */
	if (n > INT_MAX || FCGX_PutStr(buf, (int)n, io->req->out) != (int)n)
		return -1;
	return FCGX_GetError(io->req->out) != 0 ? -1 : 0;
}

static const char *cgi_param(struct io *io, const char *name)
{
	(void)io;
	return getenv(name);
}

static size_t cgi_read(struct io *io, char *buf, size_t n, int *failed)
{
	size_t got = 0;

	(void)io;
	while (got < n) {
		ssize_t r = read(STDIN_FILENO, buf + got, n - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			*failed = 1;
			return got;
		}
		if (r == 0)
			break;
		got += (size_t)r;
	}
	*failed = 0;
	return got;
}

static int cgi_write(struct io *io, const char *buf, size_t n)
{
	(void)io;
	return pcb_write_all(STDOUT_FILENO, buf, n);
}

/* Says that a request is dropped unanswered because it did not arrive in time. */
static void say_dropped(const char *remote_addr)
{
	pcb_diag("request from %s dropped unanswered: it did not arrive within PUSHCB_READ_TIMEOUT",
		 remote_addr ? remote_addr : "-");
}

/*
 * One request: head, body, response. [body] and [out] are reused between
 * requests. Returns 0 when answered, -1 when the body did not arrive within
 * the read timeout: the request is then dropped unanswered (the web server
 * answers 5xx) and counted, never refused with a 4xx that would blame the
 * sender; Tencent does not resend it either way.
 */
static int serve_one(struct pcb_handler *h, struct io *io, struct pcb_buf *body, struct pcb_buf *out)
{
	struct pcb_request r = {
		io->param(io, "REQUEST_METHOD"),
		io->param(io, "QUERY_STRING"),
		io->param(io, "CONTENT_LENGTH"),
		io->param(io, "REMOTE_ADDR"),
	};
	size_t want = 0;
	enum pcb_err err = pcb_handler_head(h, &r, time(NULL), &want);

	if (err == PCB_OK) {
		pcb_buf_reset(body);
		if (pcb_buf_reserve(body, want) < 0) {
			err = PCB_ERR_NO_MEMORY;
		} else {
			int failed = 0;
			body->len = io->read(io, body->data, want, &failed);
			body->data[body->len] = '\0';
			if (failed && read_timed_out) {
				say_dropped(r.remote_addr);
				pcb_metrics_add(&h->metrics, PCB_M_DROPPED, 1);
				return -1;
			}
			err = pcb_handler_body(h, body->data, body->len, failed);
		}
	}
	pcb_handler_count(h, err);
	pcb_buf_reset(out);
	pcb_response(err, out);
	if (pcb_buf_failed(out) || io->write(io, out->data, out->len) < 0)
		pcb_diag("response to %s not delivered: the client went away",
			 r.remote_addr ? r.remote_addr : "-");
	return 0;
}

static int serve_cgi(struct pcb_handler *h)
{
	struct io io = { cgi_param, cgi_read, cgi_write, NULL };
	struct pcb_buf body, out;

	/* As in FastCGI mode: a log at the size limit is a 503. */
	if (ignore_write_signals() < 0) {
		pcb_diag("sigaction: %s", strerror(errno));
		return 1;
	}
	pcb_buf_init(&body, 0);
	pcb_buf_init(&out, 0);
	serve_one(h, &io, &body, &out);
	pcb_buf_free(&body);
	pcb_buf_free(&out);
	return 0;
}

/*
 * The accept loop. The handled signals stay blocked everywhere but inside
 * ppoll(2), which lets them in atomically while waiting for a connection.
 * FCGX_Accept_r reads the new request's params too: a signal during that read
 * would make libfcgi hand over a request with params cut short (a sound batch
 * answered 405 or 411, never resent), so it must run blocked. The listening
 * socket is made non-blocking, so that a connection another worker took first
 * gives EAGAIN here instead of an accept(2) that waits with signals blocked.
 */
static int serve_fastcgi(struct pcb_handler *h, int listen_fd)
{
	FCGX_Request req;
	struct io io = { fcgi_param, fcgi_read, fcgi_write, &req };
	struct pcb_buf body, out;
	sigset_t handled, waiting;
	int status = 0, flags;

	/* Ours are set before FCGX_Init, which then leaves them alone. */
	if (install_signals(&handled) < 0) {
		pcb_diag("sigaction: %s", strerror(errno));
		return 1;
	}
	sigprocmask(SIG_BLOCK, &handled, &waiting);
	sigdelset(&waiting, SIGTERM);
	sigdelset(&waiting, SIGUSR1);
	sigdelset(&waiting, SIGINT);
	sigdelset(&waiting, SIGHUP);
	flags = fcntl(listen_fd, F_GETFL);
	if (flags < 0 || fcntl(listen_fd, F_SETFL, flags | O_NONBLOCK) < 0) {
		pcb_diag("fcntl on the listening socket: %s", strerror(errno));
		return 1;
	}
	if (FCGX_Init() != 0 || FCGX_InitRequest(&req, listen_fd, FCGI_FAIL_ACCEPT_ON_INTR) != 0) {
		pcb_diag("libfcgi initialisation failed");
		return 1;
	}
	pcb_diag("ready: FastCGI on fd %d, SdkAppid %s%s, logs in %s", listen_fd, h->cfg->appids[0],
		 h->cfg->nappids > 1 ? " and others" : "", h->cfg->log_dir);
	pcb_buf_init(&body, 0);
	pcb_buf_init(&out, 0);
	for (;;) {
		struct pollfd pfd = { listen_fd, POLLIN, 0 };

		if (reopen_requested) {
			reopen_requested = 0;
			pcb_handler_reopen(h);
		}
		if (stop_requested)
			break;
		/* Signals that came during the last request are delivered here. */
		if (ppoll(&pfd, 1, NULL, &waiting) < 0) {
			if (errno == EINTR)
				continue;
			pcb_diag("poll on the listening socket: %s", strerror(errno));
			status = 1;
			break;
		}
		/*
		 * The params and the body must arrive within the read timeout: a
		 * read that waits longer is interrupted (SIGALRM, on_alarm), and
		 * the request is dropped unanswered.
		 */
		read_deadline_start(h->cfg->read_timeout);
		int rc = FCGX_Accept_r(&req);
		if (rc == 0 && read_timed_out) {
			/*
			 * The params were cut short by the timeout: libfcgi takes that
			 * for their end and would hand over a request missing some
			 * (a sound batch answered 405). Dropped unanswered instead.
			 */
			read_deadline_end();
			say_dropped(FCGX_GetParam("REMOTE_ADDR", req.envp));
			pcb_metrics_add(&h->metrics, PCB_M_DROPPED, 1);
			FCGX_Free(&req, 1);
			continue;
		}
		if (rc < 0) {
			read_deadline_end();
			/* Another worker took it, or it was dropped before we read it. */
			if (rc == -EAGAIN || rc == -EWOULDBLOCK || rc == -EINTR || rc == -9999)
				continue;
			pcb_diag("accept failed (%d): %s", rc, rc > -1000 ? strerror(-rc) : "libfcgi error");
			status = 1;
			break;
		}
		int answered = serve_one(h, &io, &body, &out);
		read_deadline_end(); /* a request refused before its body was read */
		if (answered == 0)
			FCGX_Finish_r(&req);
		else
			FCGX_Free(&req, 1); /* no end of request: the web server sees the failure */
	}
	FCGX_Finish_r(&req);
	pcb_buf_free(&body);
	pcb_buf_free(&out);
	return status;
}

/* ---- Counters ------------------------------------------------------------ */

/*
 * The host's counter file into [path]: PUSHCB_STATE_DIR/push_callback.metrics,
 * or without a state directory the hidden one in the log directory
 * (pcb_metrics.h); with [legacy], where 0.2 kept it instead (the log
 * directory, not hidden). Returns 0, or -1 when too long.
 */
static int metrics_path(const struct pcb_config *cfg, int legacy, char *path, size_t size)
{
	int len = legacy ? snprintf(path, size, "%s/%s", cfg->log_dir, PCB_METRICS_FILE)
		  : cfg->state_dir[0] != '\0'
		      ? snprintf(path, size, "%s/%s", cfg->state_dir, PCB_METRICS_FILE)
		      : snprintf(path, size, "%s/%s", cfg->log_dir, PCB_METRICS_HIDDEN_FILE);

	if (len < 0 || (size_t)len >= size) {
		pcb_diag("counters: the directory's path is too long");
		return -1;
	}
	return 0;
}

/*
 * A worker moves the counter file from where 0.2 kept it (the one that does
 * says so), then maps the counters; one that cannot still serves requests,
 * and says so once. The one that replaces a file of another layout says that
 * once.
 */
static void open_counters(struct pcb_handler *h)
{
	char path[PATH_MAX], old[PATH_MAX], err[2 * PATH_MAX + 128];
	int rc;

	if (metrics_path(h->cfg, 0, path, sizeof(path)) != 0 ||
	    metrics_path(h->cfg, 1, old, sizeof(old)) != 0)
		return;
	rc = pcb_metrics_move(old, path, err, sizeof(err));
	if (rc != 0)
		pcb_diag("%s: counters: %s", rc > 0 ? "note" : "warning", err);
	rc = pcb_metrics_open(&h->metrics, path, 1, (int64_t)time(NULL), err, sizeof(err));
	if (rc < 0)
		pcb_diag("warning: requests are served but not counted: %s", err);
	else if (rc > 0)
		pcb_diag("note: counters: %s", err);
}

/*
 * push_callback --metrics: the counters in the Prometheus text format on
 * stdout; from where 0.2 kept them while no worker has moved them yet.
 */
static int print_metrics(const struct pcb_config *cfg)
{
	char path[PATH_MAX], old[PATH_MAX], err[PATH_MAX + 128];
	struct pcb_metrics m;
	struct pcb_buf out;
	int rc = 0;

	if (metrics_path(cfg, 0, path, sizeof(path)) < 0 || metrics_path(cfg, 1, old, sizeof(old)) < 0)
		return 1;
	if (pcb_metrics_open(&m, access(path, F_OK) < 0 && access(old, F_OK) == 0 ? old : path, 0, 0, err,
			     sizeof(err)) < 0) {
		pcb_diag("--metrics: %s", err);
		return 1;
	}
	pcb_buf_init(&out, 0);
	pcb_metrics_write(&m, &out);
	pcb_metrics_close(&m);
	if (pcb_buf_failed(&out) || fwrite(out.data, 1, out.len, stdout) != out.len || fflush(stdout) != 0) {
		pcb_diag("--metrics: standard output: %s", strerror(errno));
		rc = 1;
	}
	pcb_buf_free(&out);
	return rc;
}

/* ---- Housekeeping --------------------------------------------------------- */

/* push_callback --housekeep: one pass over the log directory, then the fallback one (pcb_housekeep.h). */
static int run_housekeeping(const struct pcb_config *cfg)
{
	const char *dirs[] = { cfg->log_dir, cfg->fallback_dir };
	int rc = 0;

	for (size_t i = 0; i < 2 && dirs[i][0] != '\0'; i++) {
		struct pcb_hk_counts counts;
		if (pcb_hk_run(dirs[i], (int64_t)time(NULL), cfg->keep_days, &counts) < 0)
			rc = -1;
		printf("housekeeping of %s: %u compressed, %u removed, %u failed\n", dirs[i],
		       counts.compressed, counts.removed, counts.failed);
	}
	/* What was done is said on stdout: a report that could not be written is a failure. */
	if (fflush(stdout) != 0 || ferror(stdout)) {
		pcb_diag("housekeeping: standard output: %s", strerror(errno));
		return 1;
	}
	return rc == 0 ? 0 : 1;
}

/* ---- Options -------------------------------------------------------------- */

/* Which malloc serves this process, for --version: mimalloc only when it is linked
 * (configure) and malloc(3) really hands out its memory (not replaced by a preload). */
static void print_malloc(void)
{
#ifdef HAVE_MIMALLOC
	void *probe = malloc(1);
	int v = mi_version();
	bool ours = mi_is_in_heap_region(probe);

	free(probe);
	printf(ours ? "malloc: mimalloc %d.%d.%d\n"
		    : "malloc: another (mimalloc %d.%d.%d is linked, not in use)\n",
	       v / 100, v / 10 % 10, v % 10);
#else
	printf("malloc: the C library's\n");
#endif
}

static void usage(FILE *f)
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

int main(int argc, char **argv)
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
	static struct pcb_config cfg;
	static struct pcb_handler handler;
	const char *listen_addr = NULL, *config_file = NULL, *fallback_dir = NULL;
	char used_file[PATH_MAX], err[512];
	long socket_mode = DEFAULT_SOCKET_MODE;
	int check_only = 0, housekeep = 0, metrics = 0, no_sandbox = 0, opt, listen_fd = -1, status;

	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (opt) {
		case 'l':
			listen_addr = optarg;
			break;
		case 'm':
			socket_mode = parse_number(optarg, 0, 0777, 8);
			if (socket_mode < 0) {
				fprintf(stderr, "push_callback: --socket-mode: '%s' is not an octal mode\n",
					optarg);
				return EXIT_USAGE;
			}
			break;
		case 'c':
			config_file = optarg;
			break;
		case 'F':
			fallback_dir = optarg;
			break;
		case 'C':
			check_only = 1;
			break;
		case 'K':
			housekeep = 1;
			break;
		case 'M':
			metrics = 1;
			break;
		case 'N':
			no_sandbox = 1;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("push_callback %s (json-c %s)\n", PACKAGE_VERSION, json_c_version());
			print_malloc();
			printf("sandbox: %s\n", pcb_sandbox_built()
						    ? "seccomp, Landlock where the kernel has it"
						    : "none (built without)");
			return 0;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "push_callback: unexpected argument '%s'\n", argv[optind]);
		usage(stderr);
		return EXIT_USAGE;
	}
	if (housekeep + metrics + (check_only || listen_addr != NULL) > 1) {
		fprintf(stderr, "push_callback: --%s runs alone (not with %s)\n",
			housekeep ? "housekeep" : "metrics",
			housekeep ? "--check-config, --listen or --metrics"
				  : "--check-config, --listen or --housekeep");
		return EXIT_USAGE;
	}

	if (load_config(&cfg, config_file, argv[0], used_file, sizeof(used_file), !housekeep && !metrics) < 0)
		return EXIT_CONFIG;
	if (fallback_dir != NULL && pcb_config_set(&cfg, "PUSHCB_FALLBACK_DIR", fallback_dir,
						   "--fallback-dir", err, sizeof(err)) < 0) {
		pcb_diag("configuration: %s", err);
		return EXIT_CONFIG;
	}
	/* The one-shot modes are confined now, a worker once it holds its listener and counters. */
	enum pcb_confine_mode mode = check_only  ? PCB_CONFINE_CHECK
				     : housekeep ? PCB_CONFINE_HOUSEKEEP
				     : metrics   ? PCB_CONFINE_METRICS
						 : PCB_CONFINE_WORKER;
	if (mode != PCB_CONFINE_WORKER && pcb_confine(&cfg, mode, no_sandbox) < 0)
		return 1;
	if (check_only) {
		printf("# configuration file: %s\n", used_file[0] ? used_file : "(none)");
		pcb_config_describe(&cfg, print_line, stdout);
		warn_unsigned(&cfg);
		return check_environment(&cfg) == 0 ? 0 : 1;
	}
	if (housekeep)
		return run_housekeeping(&cfg);
	if (metrics)
		return print_metrics(&cfg);

	if (listen_addr != NULL) {
		listen_fd = strncmp(listen_addr, "unix:", 5) == 0
				? listen_unix(listen_addr + 5, (mode_t)socket_mode)
				: listen_tcp(listen_addr);
		if (listen_fd < 0)
			return 1;
	} else if ((listen_fd = systemd_listener()) < 0 && !FCGX_IsCGI()) {
		listen_fd = 0;
	}

	if (pcb_handler_init(&handler, &cfg) < 0) {
		pcb_diag("out of memory at start-up");
		return 1;
	}
	open_counters(&handler);
	if (pcb_confine(&cfg, mode, no_sandbox) < 0)
		return 1;
	if (listen_fd < 0) {
		/* CGI: every request is a start-up, so no start-up warnings here. */
		status = serve_cgi(&handler);
	} else {
		warn_unsigned(&cfg);
		check_environment(&cfg);
		status = serve_fastcgi(&handler, listen_fd);
	}
	pcb_handler_free(&handler);
	return status;
}
