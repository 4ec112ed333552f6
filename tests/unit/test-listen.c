/*
 * test-listen: the listeners and taking a connection in. A unix socket gets
 * its mode and replaces a stale socket but no other file; TCP with no host
 * listens on 127.0.0.1; systemd's fd 3 only when LISTEN_PID is us and
 * LISTEN_FDS is 1 or more, and then its variables are gone; an accepted
 * connection has the read timeout as its receive timeout; none waiting is
 * EAGAIN; a client not in FCGI_WEB_SERVER_ADDRS is turned away.
 */
#include <config.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "pcb_listen.h"
#include "tap.h"

/* Connects to the unix socket at [path]. Returns the fd, or -1. */
static int connect_unix(const char *path)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", path);
	if (fd >= 0 && connect(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* A TCP port free on 127.0.0.1 now (the kernel's choice). */
static int free_port(void)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(sin);
	int fd = socket(AF_INET, SOCK_STREAM, 0), port = -1;

	if (fd >= 0 && bind(fd, (struct sockaddr *)&sin, sizeof(sin)) == 0 &&
	    getsockname(fd, (struct sockaddr *)&sin, &len) == 0)
		port = ntohs(sin.sin_port);
	if (fd >= 0)
		close(fd);
	return port;
}

static void systemd_checks(void)
{
	char pid[32];

	snprintf(pid, sizeof(pid), "%ld", (long)getpid());
	unsetenv("LISTEN_PID");
	unsetenv("LISTEN_FDS");
	tap_is_int(pcb_listen_systemd(), -1, "systemd: nothing passed, no socket");
	setenv("LISTEN_PID", "1", 1);
	setenv("LISTEN_FDS", "1", 1);
	tap_is_int(pcb_listen_systemd(), -1, "LISTEN_PID of another process: not ours");
	tap_ok(getenv("LISTEN_FDS") != NULL, "and the environment is left alone");
	setenv("LISTEN_PID", pid, 1);
	setenv("LISTEN_FDS", "0", 1);
	tap_is_int(pcb_listen_systemd(), -1, "LISTEN_FDS=0: no socket");
	setenv("LISTEN_FDS", "1x", 1);
	tap_is_int(pcb_listen_systemd(), -1, "LISTEN_FDS not a number: no socket");
	setenv("LISTEN_FDS", "2", 1);
	setenv("LISTEN_FDNAMES", "a:b", 1);
	tap_is_int(pcb_listen_systemd(), PCB_SD_LISTEN_FDS_START,
		   "ours, two sockets: fd 3 (a warning for the other)");
	tap_ok(getenv("LISTEN_PID") == NULL && getenv("LISTEN_FDS") == NULL &&
		   getenv("LISTEN_FDNAMES") == NULL,
	       "and LISTEN_PID, LISTEN_FDS, LISTEN_FDNAMES are gone, not for our children");
}

/* Seconds since [t0] on the monotonic clock. */
static double since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

/* pcb_listen_close: a client that closes is done with at once; one that keeps sending, at the bound. */
static void close_checks(void)
{
	int sv[2];
	struct timespec t0;
	pid_t child;
	char buf[64];

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0) {
		printf("Bail out! socketpair\n");
		exit(1);
	}
	close(sv[1]);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pcb_listen_close(sv[0], 30);
	tap_ok(since(&t0) < 10, "pcb_listen_close: a client that has closed ends it at once");

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0) {
		printf("Bail out! socketpair\n");
		exit(1);
	}
	child = fork();
	if (child == 0) {
		/* A client that reads its answer, then sends for ever (the test kills it). */
		close(sv[0]);
		while (read(sv[1], buf, sizeof(buf)) > 0)
			;
		for (;;) {
			if (write(sv[1], "x", 1) < 0)
				_exit(0);
			usleep(100000);
		}
	}
	close(sv[1]);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pcb_listen_close(sv[0], 1);
	double took = since(&t0);
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	tap_ok(took >= 0.9 && took < 30,
	       "pcb_listen_close: a client that keeps sending is closed at the bound (%.1f s)", took);
}

int main(void)
{
	char path[600], addr[64];
	struct stat st;
	struct timeval tv;
	socklen_t len = sizeof(tv);

	tap_plan(33);
	tap_is_int(pcb_listen_parse_mode("0640"), 0640, "--socket-mode 0640");
	tap_ok(pcb_listen_parse_mode("8") < 0 && pcb_listen_parse_mode("1000") < 0 &&
		   pcb_listen_parse_mode("") < 0,
	       "not octal, above 0777, empty: refused");

	/* A unix socket with its mode. */
	snprintf(path, sizeof(path), "%s", tap_tmppath("s.sock"));
	int lfd = pcb_listen_unix(path, 0620);
	tap_ok(lfd >= 0 && stat(path, &st) == 0 && S_ISSOCK(st.st_mode), "unix: a socket at the path");
	tap_is_int(st.st_mode & 0777, 0620, "with the mode asked for");
	tap_ok(fcntl(lfd, F_GETFD) & FD_CLOEXEC, "close-on-exec");
	tap_ok(pcb_listen_nonblocking(lfd) == 0 && (fcntl(lfd, F_GETFL) & O_NONBLOCK), "made non-blocking");
	tap_ok(pcb_listen_accept(lfd, 1, NULL) < 0 && errno == EAGAIN, "none waiting: EAGAIN");
	int c = connect_unix(path);
	int a = pcb_listen_accept(lfd, 1, NULL);
	tap_ok(c >= 0 && a >= 0, "a connection is taken in");
	tap_ok(getsockopt(a, SOL_SOCKET, SO_RCVTIMEO, &tv, &len) == 0 && tv.tv_sec == 1 && tv.tv_usec == 0,
	       "with the read timeout as its receive timeout");
	tap_ok(!(fcntl(a, F_GETFL) & O_NONBLOCK), "blocking, whatever the listener is");
	char byte;
	tap_ok(read(a, &byte, 1) < 0 && (errno == EAGAIN || errno == EWOULDBLOCK),
	       "a read that gets nothing ends after the timeout");
	close(a);
	close(c);
	close(lfd);
	lfd = pcb_listen_unix(path, 0600);
	tap_ok(lfd >= 0 && stat(path, &st) == 0 && (st.st_mode & 0777) == 0600, "a stale socket is replaced");
	close(lfd);
	snprintf(path, sizeof(path), "%s", tap_tmppath("plain"));
	int f = open(path, O_WRONLY | O_CREAT, 0600);
	close(f);
	tap_ok(pcb_listen_unix(path, 0660) < 0 && stat(path, &st) == 0 && S_ISREG(st.st_mode),
	       "another file at the path: refused, and left");
	char longpath[200];
	memset(longpath, 'x', sizeof(longpath) - 1);
	longpath[sizeof(longpath) - 1] = '\0';
	tap_is_int(pcb_listen_unix(longpath, 0660), -1, "a path longer than sun_path: refused");

	/* TCP: no host is 127.0.0.1. */
	struct sockaddr_in sin;
	socklen_t slen = sizeof(sin);
	int port = free_port();
	snprintf(addr, sizeof(addr), ":%d", port);
	lfd = pcb_listen_tcp(addr);
	tap_ok(lfd >= 0 && getsockname(lfd, (struct sockaddr *)&sin, &slen) == 0 && sin.sin_family == AF_INET,
	       "TCP :%d: an IPv4 socket", port);
	tap_is_str(inet_ntoa(sin.sin_addr), "127.0.0.1", "on 127.0.0.1, never every interface");
	tap_is_int(ntohs(sin.sin_port), port, "on the port asked for");
	/* FCGI_WEB_SERVER_ADDRS, as libfcgi reads it. */
	int c1 = socket(AF_INET, SOCK_STREAM, 0), c2 = socket(AF_INET, SOCK_STREAM, 0);
	pcb_listen_nonblocking(lfd);
	tap_ok(connect(c1, (struct sockaddr *)&sin, sizeof(sin)) == 0 &&
		   pcb_listen_accept(lfd, 1, "10.0.0.1") < 0 && errno == EAGAIN,
	       "a client not in the allowed addresses is turned away");
	a = -1;
	tap_ok(connect(c2, (struct sockaddr *)&sin, sizeof(sin)) == 0 &&
		   (a = pcb_listen_accept(lfd, 1, "10.0.0.1,127.0.0.1")) >= 0,
	       "one in them is taken in");
	close(a);
	close(c1);
	close(c2);
	close(lfd);
	tap_ok(pcb_listen_tcp("127.0.0.1") < 0 && pcb_listen_tcp("127.0.0.1:0") < 0 &&
		   pcb_listen_tcp("127.0.0.1:65536") < 0 && pcb_listen_tcp("h:9x") < 0,
	       "no port, port 0, above 65535, not a number: refused");
	snprintf(addr, sizeof(addr), "unix:%s", tap_tmppath("t.sock"));
	lfd = pcb_listen_addr(addr, 0660);
	tap_ok(lfd >= 0 && stat(addr + 5, &st) == 0 && S_ISSOCK(st.st_mode),
	       "--listen unix:PATH is the unix socket");
	close(lfd);

	systemd_checks();

	/* A worker exits only when its listening socket is gone; it waits out the rest. */
	tap_ok(pcb_listen_accept_fatal(EBADF) && pcb_listen_accept_fatal(ENOTSOCK) &&
		   pcb_listen_accept_fatal(EINVAL),
	       "accept: EBADF, ENOTSOCK, EINVAL end the worker");
	tap_ok(!pcb_listen_accept_fatal(EMFILE) && !pcb_listen_accept_fatal(ENFILE) &&
		   !pcb_listen_accept_fatal(ENOBUFS) && !pcb_listen_accept_fatal(ENOMEM),
	       "accept: out of descriptors or memory is waited out");
	tap_ok(!pcb_listen_accept_fatal(ENETDOWN) && !pcb_listen_accept_fatal(EHOSTUNREACH) &&
		   !pcb_listen_accept_fatal(EOPNOTSUPP) && !pcb_listen_accept_fatal(EPERM),
	       "accept: a network error of the new connection (accept(2), Linux) is waited out");
	close_checks();
	return tap_done();
}
