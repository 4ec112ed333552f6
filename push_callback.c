/*
 * push_callback: receives Tencent Cloud IM's push-result callbacks
 * (Push.OfflinePush, Push.AllMemberPush) as FastCGI or CGI and appends each
 * event to rotating tab-separated logs.
 *
 * This file is the edge: main, and the accept loop with its two I/O backends
 * (libfcgi's streams, CGI's stdio) moving bytes to lib/receiver (pcb_serve,
 * pcb_handler: all the policy). It is the only file that includes libfcgi.
 * The options, listeners, signals, configuration and the modes that run once
 * are lib/receiver modules (HACKING, "The tree").
 *
 * Modes, decided once at start-up, in this order:
 *   --listen ADDR                 our own socket (unix:PATH or HOST:PORT)
 *   LISTEN_PID/LISTEN_FDS         systemd socket activation: fd 3
 *   fd 0 is a listening socket    spawn-fcgi, mod_fcgid, StandardInput=socket
 *   otherwise                     CGI: one request, then exit
 */
#include <config.h>

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <fcgiapp.h>

#include "pcb_buf.h"
#include "pcb_config.h"
#include "pcb_config_file.h"
#include "pcb_confine.h"
#include "pcb_counters.h"
#include "pcb_diag.h"
#include "pcb_handler.h"
#include "pcb_io.h"
#include "pcb_listen.h"
#include "pcb_oneshot.h"
#include "pcb_options.h"
#include "pcb_serve.h"
#include "pcb_signals.h"
#include "pcb_version.h"

/* libfcgi's accept waits must end on a stop signal too (PROTOCOL.md). */
static void fcgi_shutdown(void)
{
	FCGX_ShutdownPending();
}

/* ---- Requests ------------------------------------------------------------ */

/* The two ways bytes reach us (pcb_serve.h): libfcgi's streams, or CGI's stdin and stdout. */
static const char *fcgi_param(struct pcb_conn *c, const char *name)
{
	return FCGX_GetParam(name, ((FCGX_Request *)c->ctx)->envp);
}

static size_t fcgi_read(struct pcb_conn *c, char *buf, size_t n, enum pcb_read_end *end)
{
	FCGX_Stream *in = ((FCGX_Request *)c->ctx)->in;
	size_t got = 0;

	while (got < n) {
		size_t chunk = n - got > INT_MAX ? INT_MAX : n - got;
		int r = FCGX_GetStr(buf + got, (int)chunk, in);
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	*end = FCGX_GetError(in) == 0       ? PCB_READ_DONE
	       : pcb_read_deadline_passed() ? PCB_READ_LATE
					    : PCB_READ_FAILED;
	pcb_read_deadline_end(); /* the request has arrived, or never will */
	return got;
}

static int fcgi_write(struct pcb_conn *c, const char *buf, size_t n)
{
	FCGX_Stream *out = ((FCGX_Request *)c->ctx)->out;

	/*
	 * No flush: FCGX_Finish_r then sends the answer and the end of the
	 * request in one write(2), and the web server wakes once, not twice
	 * (bench/run measured it). A stream already in error (the client went
	 * away during an earlier write) is asked directly: FCGX_FFlush would say 0.
	 */
	if (n > INT_MAX || FCGX_PutStr(buf, (int)n, out) != (int)n)
		return -1;
	return FCGX_GetError(out) != 0 ? -1 : 0;
}

static const char *cgi_param(struct pcb_conn *c, const char *name)
{
	(void)c;
	return getenv(name);
}

static size_t cgi_read(struct pcb_conn *c, char *buf, size_t n, enum pcb_read_end *end)
{
	int failed;
	size_t got = pcb_read_full(STDIN_FILENO, buf, n, &failed);

	(void)c;
	*end = failed ? PCB_READ_FAILED : PCB_READ_DONE;
	return got;
}

static int cgi_write(struct pcb_conn *c, const char *buf, size_t n)
{
	(void)c;
	return pcb_write_all(STDOUT_FILENO, buf, n);
}

static int serve_cgi(struct pcb_handler *h)
{
	struct pcb_conn conn = { cgi_param, cgi_read, cgi_write, NULL };
	struct pcb_buf body, out;

	/* As in FastCGI mode: a log at the size limit is a 503. */
	if (pcb_signals_ignore_writes() < 0) {
		pcb_diag("sigaction: %s", strerror(errno));
		return 1;
	}
	pcb_buf_init(&body, 0);
	pcb_buf_init(&out, 0);
	pcb_serve_one(h, &conn, (int64_t)time(NULL), &body, &out);
	pcb_buf_free(&body);
	pcb_buf_free(&out);
	return 0;
}

/*
 * Drops a request that did not arrive within the read timeout (pcb_serve.h),
 * and closes its connection [fd] (-1: libfcgi closed it) at once, ending the
 * deadline.
 */
static void drop(struct pcb_handler *h, FCGX_Request *req, int fd)
{
	pcb_serve_dropped(h, req->envp != NULL ? FCGX_GetParam("REMOTE_ADDR", req->envp) : NULL);
	/* libfcgi's close reads on while the client sends: no more reads. */
	if (fd >= 0)
		shutdown(fd, SHUT_RD);
	FCGX_Free(req, 1);
	pcb_read_deadline_end();
}

/*
 * Takes the next connection in from [listen_fd] and reads its params into
 * [req] within the read deadline. Returns 1 with a request to serve, whose
 * body's deadline runs; 0 when there is none (another worker took the
 * connection, it closed or was no request, or it was dropped); 2 when
 * accepting failed for a while (pcb_listen_accept_fatal); -1 when the
 * listening socket failed.
 */
static int next_request(struct pcb_handler *h, FCGX_Request *req, int listen_fd)
{
	int fd = pcb_listen_accept(listen_fd, h->cfg->read_timeout, getenv("FCGI_WEB_SERVER_ADDRS"));

	if (fd < 0) {
		if (errno == EAGAIN)
			return 0;
		pcb_diag("accept failed: %s%s", strerror(errno),
			 pcb_listen_accept_fatal(errno) ? "" : "; accepting again in a moment");
		return pcb_listen_accept_fatal(errno) ? -1 : 2;
	}
	/*
	 * libfcgi reads the connection we hand it (ipcFd), and with no listening
	 * socket of its own (-1) FCGX_Accept_r cannot move on to another one when
	 * this one fails: one deadline, one connection. keepConnection keeps its
	 * opening FCGX_Finish_r from closing the connection unread (libfcgi
	 * 2.4.2's FCGX_Accept_r).
	 */
	FCGX_InitRequest(req, -1, 0);
	req->ipcFd = fd;
	req->keepConnection = 1;
	pcb_read_deadline_start(h->cfg->read_timeout);
	int rc = FCGX_Accept_r(req);
	if (rc == 0 && !pcb_read_deadline_passed()) {
		/* One request a connection: the end of its answer closes it (serve_fastcgi). */
		req->keepConnection = 0;
		return 1;
	}
	/*
	 * The params were cut short by the deadline: libfcgi takes that for
	 * their end (and would hand over a request missing some: a sound batch
	 * answered 405), or for a broken connection, which it has closed.
	 * Dropped unanswered either way.
	 */
	if (pcb_read_deadline_passed())
		drop(h, req, rc == 0 ? fd : -1);
	else
		pcb_read_deadline_end();
	return 0;
}

/*
 * The accept loop. The handled signals stay blocked everywhere but inside
 * ppoll(2), which lets them in atomically while waiting for a connection.
 * FCGX_Accept_r reads the new request's params: a signal during that read
 * would make libfcgi hand over a request with params cut short (a sound batch
 * answered 405 or 411, never resent), so it must run blocked. The listening
 * socket is non-blocking, so that a connection another worker took first
 * gives EAGAIN instead of an accept(2) that waits with signals blocked.
 */
static int serve_fastcgi(struct pcb_handler *h, int listen_fd)
{
	FCGX_Request req;
	struct pcb_conn conn = { fcgi_param, fcgi_read, fcgi_write, &req };
	struct pcb_buf body, out;
	sigset_t waiting;
	int status = 0;

	/* Ours are set before FCGX_Init, which then leaves them alone. */
	if (pcb_signals_install(fcgi_shutdown, &waiting) < 0) {
		pcb_diag("sigaction: %s", strerror(errno));
		return 1;
	}
	if (pcb_listen_nonblocking(listen_fd) < 0)
		return 1;
	if (FCGX_Init() != 0) {
		pcb_diag("libfcgi initialisation failed");
		return 1;
	}
	pcb_diag("ready: FastCGI on fd %d, SdkAppid %s%s, logs in %s", listen_fd, h->cfg->appids[0],
		 h->cfg->nappids > 1 ? " and others" : "", h->cfg->log_dir);
	pcb_buf_init(&body, 0);
	pcb_buf_init(&out, 0);
	for (;;) {
		struct pollfd pfd = { listen_fd, POLLIN, 0 };

		if (pcb_signals_take_reopen())
			pcb_handler_reopen(h);
		if (pcb_signals_stop_requested())
			break;
		/* Signals that came during the last request are delivered here. */
		if (ppoll(&pfd, 1, NULL, &waiting) < 0) {
			if (errno == EINTR)
				continue;
			pcb_diag("poll on the listening socket: %s", strerror(errno));
			status = 1;
			break;
		}
		int got = next_request(h, &req, listen_fd);
		if (got < 0) {
			status = 1;
			break;
		}
		if (got == 2) {
			/* Out of descriptors, say: the connection waits in the queue; signals come in. */
			struct timespec pause = { PCB_ACCEPT_PAUSE_SECONDS, 0 };
			ppoll(NULL, 0, &pause, &waiting);
			continue;
		}
		if (got == 0)
			continue;
		if (pcb_serve_one(h, &conn, (int64_t)time(NULL), &body, &out) == 0) {
			pcb_read_deadline_end(); /* a request refused before its body was read */
			/* libfcgi ends the request; the connection stays ours to close, within a bound. */
			req.keepConnection = 1;
			FCGX_Finish_r(&req);
			if (req.ipcFd >= 0)
				pcb_listen_close(req.ipcFd, PCB_CLOSE_DRAIN_SECONDS);
		} else {
			drop(h, &req, req.ipcFd); /* no end of request: the web server sees the failure */
		}
	}
	pcb_buf_free(&body);
	pcb_buf_free(&out);
	return status;
}

/* ---- Start-up ------------------------------------------------------------ */

int main(int argc, char **argv)
{
	static struct pcb_config cfg;
	static struct pcb_handler handler;
	struct pcb_options o;
	char exe[PATH_MAX], used_file[PATH_MAX], err[512];
	int status = pcb_options_parse(argc, argv, &o), listen_fd = -1;

	if (status >= 0)
		return status;
	if (o.version) {
		pcb_version_print(stdout);
		return 0;
	}
	if (pcb_config_file_load(&cfg, o.config_file,
				 pcb_config_self_path(argv[0], exe, sizeof(exe)) == 0 ? exe : NULL, used_file,
				 sizeof(used_file), !o.housekeep && !o.metrics) < 0)
		return PCB_EXIT_CONFIG;
	if (o.fallback_dir != NULL && pcb_config_set(&cfg, "PUSHCB_FALLBACK_DIR", o.fallback_dir,
						     "--fallback-dir", err, sizeof(err)) < 0) {
		pcb_diag("configuration: %s", err);
		return PCB_EXIT_CONFIG;
	}
	/* The modes that run once are confined in pcb_oneshot, a worker once it holds its listener and counters. */
	status = pcb_oneshot_run(&cfg, &o, used_file, (int64_t)time(NULL), stdout);
	if (status >= 0)
		return status;

	if (o.listen_addr != NULL) {
		listen_fd = pcb_listen_addr(o.listen_addr, (mode_t)o.socket_mode);
		if (listen_fd < 0)
			return 1;
	} else if ((listen_fd = pcb_listen_systemd()) < 0 && !FCGX_IsCGI()) {
		listen_fd = 0;
	}
	if (pcb_handler_init(&handler, &cfg) < 0) {
		pcb_diag("out of memory at start-up");
		return 1;
	}
	pcb_counters_open(&handler.metrics, &cfg, (int64_t)time(NULL));
	if (pcb_confine(&cfg, PCB_CONFINE_WORKER, o.no_sandbox) < 0)
		return 1;
	if (listen_fd < 0) {
		/* CGI: every request is a start-up, so no start-up warnings here. */
		status = serve_cgi(&handler);
	} else {
		pcb_config_warnings(&cfg);
		status = serve_fastcgi(&handler, listen_fd);
	}
	pcb_handler_free(&handler);
	return status;
}
