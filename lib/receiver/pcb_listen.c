/*
 * pcb_listen.c: the listeners and taking a connection in (pcb_listen.h).
 */
#include <config.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "pcb_diag.h"
#include "pcb_limits.h"
#include "pcb_listen.h"

/* Parses a number in [lo, hi] in [base]; -1 if it is not one. */
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

long pcb_listen_parse_mode(const char *s)
{
	return parse_number(s, 0, 0777, 8);
}

int pcb_listen_unix(const char *path, mode_t mode)
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
	if (rc < 0 || chmod(path, mode) < 0 || listen(fd, PCB_LISTEN_BACKLOG) < 0) {
		pcb_diag("--listen unix:%s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

int pcb_listen_tcp(const char *addr)
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
	    bind(fd, res->ai_addr, res->ai_addrlen) < 0 || listen(fd, PCB_LISTEN_BACKLOG) < 0) {
		pcb_diag("--listen %s: %s", addr, strerror(errno));
		if (fd >= 0)
			close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	return fd;
}

int pcb_listen_addr(const char *addr, mode_t mode)
{
	if (strncmp(addr, "unix:", 5) == 0)
		return pcb_listen_unix(addr + 5, mode);
	return pcb_listen_tcp(addr);
}

int pcb_listen_systemd(void)
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
	return PCB_SD_LISTEN_FDS_START;
}

int pcb_listen_nonblocking(int fd)
{
	int flags = fcntl(fd, F_GETFL);

	if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0) {
		pcb_diag("fcntl on the listening socket: %s", strerror(errno));
		return -1;
	}
	return 0;
}

/* Is the IPv4 address [addr] one of the comma-separated [allowed]? */
static int allowed_addr(struct in_addr addr, const char *allowed)
{
	for (const char *p = allowed; p != NULL; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL) {
		char one[INET_ADDRSTRLEN];
		size_t len = strcspn(p, ",");
		struct in_addr a;

		if (len < sizeof(one)) {
			memcpy(one, p, len);
			one[len] = '\0';
			if (inet_pton(AF_INET, one, &a) == 1 && a.s_addr == addr.s_addr)
				return 1;
		}
	}
	return 0;
}

int pcb_listen_accept(int listen_fd, unsigned timeout, const char *allowed)
{
	struct sockaddr_storage peer;
	socklen_t len = sizeof(peer);
	struct timeval tv = { (time_t)timeout, 0 };
	int one = 1, fd, saved;

	fd = accept4(listen_fd, (struct sockaddr *)&peer, &len, SOCK_CLOEXEC);
	if (fd < 0) {
		if (errno == EWOULDBLOCK || errno == EINTR || errno == ECONNABORTED || errno == EPROTO)
			errno = EAGAIN;
		return -1;
	}
	if (peer.ss_family == AF_INET && allowed != NULL && *allowed != '\0' &&
	    !allowed_addr(((struct sockaddr_in *)&peer)->sin_addr, allowed)) {
		close(fd);
		errno = EAGAIN;
		return -1;
	}
	if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) < 0)
		goto fail;
	/* The answer goes out in one write; nothing to wait for (libfcgi does the same). */
	if ((peer.ss_family == AF_INET || peer.ss_family == AF_INET6) &&
	    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)) < 0)
		goto fail;
	return fd;
fail:
	saved = errno;
	close(fd);
	errno = saved;
	return -1;
}

int pcb_listen_accept_fatal(int err)
{
	return err == EBADF || err == ENOTSOCK || err == EINVAL || err == EFAULT;
}

void pcb_listen_close(int fd, unsigned seconds)
{
	struct timespec start, now;
	char trash[1024];

	if (shutdown(fd, SHUT_WR) == 0 && clock_gettime(CLOCK_MONOTONIC, &start) == 0) {
		for (;;) {
			struct pollfd p = { fd, POLLIN, 0 };
			int64_t left_ms;

			if (clock_gettime(CLOCK_MONOTONIC, &now) != 0)
				break;
			left_ms = (int64_t)seconds * 1000 - ((int64_t)(now.tv_sec - start.tv_sec) * 1000 +
							     (now.tv_nsec - start.tv_nsec) / 1000000);
			if (left_ms <= 0)
				break;
			int r = poll(&p, 1, (int)left_ms);
			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0 || read(fd, trash, sizeof(trash)) <= 0)
				break;
		}
	}
	close(fd);
}
