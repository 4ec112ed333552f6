/*
 * fcgi-send: a small FastCGI client for the integration tests.
 *
 * Unlike cgi-fcgi it sends only the params it is given and can lie: a body
 * longer or shorter than CONTENT_LENGTH, a connection dropped mid-body.
 *
 *   fcgi-send -s ADDR [-p NAME=VALUE]... [-b FILE] [-c BYTES] [-r]
 *
 *   -s ADDR   unix:PATH, PATH (contains '/') or HOST:PORT
 *   -p        one FastCGI param (repeatable)
 *   -b FILE   the request body (default: standard input)
 *   -c BYTES  send only the first BYTES of the body, then close the connection
 *   -P BYTES:MS  after BYTES of the body, pause MS milliseconds (a slow client)
 *   -B MS     pause MS milliseconds between FCGI_BEGIN_REQUEST and the params
 *   -Q BYTES:MS  send only the first BYTES of the params record, pause MS
 *             milliseconds, and close the connection (params that break off)
 *   -X MS     before the body, send records of another request id (FCGI_STDIN
 *             of request 2, one byte each, every PAUSE_STEP_MS) for MS
 *             milliseconds: a client that keeps the connection busy
 *   -W FILE   create FILE when a pause (-P, -B, -Q, -X) begins, so that a test
 *             can wait for it instead of sleeping
 *   -r        print only the response status code (from "Status:"; 200 if none)
 *   -n COUNT  send the request COUNT times, one connection each, one after the
 *             other; print "ID STATUS" a line (STATUS 0: no complete answer)
 *   -I START  with -n: each run of ten '@' in the body becomes the request's
 *             ID, START, START+1..., as ten digits (the length is unchanged,
 *             so CONTENT_LENGTH stays right): unique PushIDs under load
 *
 * The response (FCGI_STDOUT) goes to standard output, FCGI_STDERR to standard
 * error. Exit status: 0 when FCGI_END_REQUEST arrived (with -n: for every
 * request), 2 on usage errors, 1 otherwise.
 */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "pcb_io.h"

#define ID_MARK "@@@@@@@@@@"

enum {
	FCGI_BEGIN_REQUEST = 1,
	FCGI_END_REQUEST = 3,
	FCGI_PARAMS = 4,
	FCGI_STDIN = 5,
	FCGI_STDOUT = 6,
	FCGI_STDERR = 7
};
enum { MAX_PARAMS = 256, RECORD_MAX = 65535, PAUSE_STEP_MS = 20 };

/* -W: the file made when a pause begins (NULL: none). */
static const char *pause_mark;

static int read_all(int fd, void *buf, size_t len)
{
	char *p = buf;

	while (len > 0) {
		ssize_t n = read(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int send_record_of(int fd, int id, int type, const void *content, size_t len)
{
	unsigned char head[8] = { 1,
				  (unsigned char)type,
				  (unsigned char)(id >> 8),
				  (unsigned char)id,
				  (unsigned char)(len >> 8),
				  (unsigned char)len,
				  0,
				  0 };

	if (pcb_write_all(fd, head, sizeof(head)) < 0)
		return -1;
	return len ? pcb_write_all(fd, content, len) : 0;
}

static int send_record(int fd, int type, const void *content, size_t len)
{
	return send_record_of(fd, 1, type, content, len);
}

static int sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	return nanosleep(&ts, NULL);
}

/* Says that a pause begins (-W). */
static void mark_pause(void)
{
	if (pause_mark != NULL) {
		int fd = open(pause_mark, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
		if (fd >= 0)
			close(fd);
	}
}

static size_t put_length(unsigned char *p, size_t n)
{
	if (n < 128) {
		p[0] = (unsigned char)n;
		return 1;
	}
	p[0] = (unsigned char)((n >> 24) | 0x80);
	p[1] = (unsigned char)(n >> 16);
	p[2] = (unsigned char)(n >> 8);
	p[3] = (unsigned char)n;
	return 4;
}

static int connect_to(const char *addr)
{
	const char *path = NULL;
	int fd;

	if (strncmp(addr, "unix:", 5) == 0)
		path = addr + 5;
	else if (strchr(addr, '/') != NULL)
		path = addr;
	if (path != NULL) {
		struct sockaddr_un sun = { .sun_family = AF_UNIX };
		if (strlen(path) >= sizeof(sun.sun_path)) {
			fprintf(stderr, "fcgi-send: socket path too long\n");
			return -1;
		}
		strcpy(sun.sun_path, path);
		fd = socket(AF_UNIX, SOCK_STREAM, 0);
		if (fd < 0 || connect(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0) {
			perror("fcgi-send: connect");
			return -1;
		}
		return fd;
	}
	char host[256];
	const char *colon = strrchr(addr, ':');
	if (colon == NULL || (size_t)(colon - addr) >= sizeof(host)) {
		fprintf(stderr, "fcgi-send: bad address %s\n", addr);
		return -1;
	}
	memcpy(host, addr, (size_t)(colon - addr));
	host[colon - addr] = '\0';
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *res;
	if (getaddrinfo(host, colon + 1, &hints, &res) != 0) {
		fprintf(stderr, "fcgi-send: cannot resolve %s\n", addr);
		return -1;
	}
	fd = socket(res->ai_family, SOCK_STREAM, 0);
	if (fd < 0 || connect(fd, res->ai_addr, res->ai_addrlen) < 0) {
		perror("fcgi-send: connect");
		freeaddrinfo(res);
		return -1;
	}
	freeaddrinfo(res);
	return fd;
}

/*
 * Sends the params; with [cut] >= 0, only the first [cut] bytes of the
 * record (its header announcing them all), then pauses [cut_ms] and returns 1.
 */
static int send_params(int fd, char **params, int nparams, long long cut, long cut_ms)
{
	unsigned char buf[RECORD_MAX];
	size_t used = 0;

	for (int i = 0; i < nparams; i++) {
		const char *eq = strchr(params[i], '=');
		size_t nlen = (size_t)(eq - params[i]);
		size_t vlen = strlen(eq + 1);
		if (nlen + vlen + 8 > sizeof(buf)) {
			fprintf(stderr, "fcgi-send: param too long\n");
			return -1;
		}
		if (used + nlen + vlen + 8 > sizeof(buf)) {
			if (send_record(fd, FCGI_PARAMS, buf, used) < 0)
				return -1;
			used = 0;
		}
		used += put_length(buf + used, nlen);
		used += put_length(buf + used, vlen);
		memcpy(buf + used, params[i], nlen);
		used += nlen;
		memcpy(buf + used, eq + 1, vlen);
		used += vlen;
	}
	if (cut >= 0) {
		unsigned char head[8] = {
			1, FCGI_PARAMS, 0, 1, (unsigned char)(used >> 8), (unsigned char)used, 0, 0
		};
		if (pcb_write_all(fd, head, sizeof(head)) < 0 ||
		    pcb_write_all(fd, buf, (size_t)cut < used ? (size_t)cut : used) < 0)
			return -1;
		mark_pause();
		sleep_ms(cut_ms);
		return 1;
	}
	if (used > 0 && send_record(fd, FCGI_PARAMS, buf, used) < 0)
		return -1;
	return send_record(fd, FCGI_PARAMS, NULL, 0);
}

/*
 * Sends the body from [in]; at most [cut] bytes when cut >= 0, then returns 1
 * (stop); after [pause_at] bytes (when >= 0) sleeps [pause_ms].
 */
static int send_body(int fd, int in, long long cut, long long pause_at, long pause_ms)
{
	char buf[8192];
	long long sent = 0;

	for (;;) {
		size_t want = sizeof(buf);
		if (cut >= 0 && (long long)want > cut - sent)
			want = (size_t)(cut - sent);
		if (cut >= 0 && want == 0)
			return 1;
		if (pause_at >= 0 && sent < pause_at && (long long)want > pause_at - sent)
			want = (size_t)(pause_at - sent);
		if (pause_at >= 0 && sent == pause_at) {
			mark_pause();
			sleep_ms(pause_ms);
			pause_at = -1;
			continue;
		}
		ssize_t n = read(in, buf, want);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		if (send_record(fd, FCGI_STDIN, buf, (size_t)n) < 0)
			return -1;
		sent += n;
	}
	return send_record(fd, FCGI_STDIN, NULL, 0) < 0 ? -1 : 0;
}

/* Reads the response until FCGI_END_REQUEST; [*out] gets FCGI_STDOUT. Returns 1 when it ended. */
static int read_response(int fd, char **out, size_t *outlen)
{
	int ended = 0;

	*out = NULL;
	*outlen = 0;
	for (;;) {
		unsigned char head[8];
		if (read_all(fd, head, sizeof(head)) < 0)
			break;
		size_t clen = (size_t)head[4] << 8 | head[5];
		size_t plen = head[6];
		char *content = malloc(clen + plen + 1);
		if (content == NULL || read_all(fd, content, clen + plen) < 0) {
			free(content);
			break;
		}
		if (head[1] == FCGI_STDOUT && clen > 0) {
			char *grown = realloc(*out, *outlen + clen + 1);
			if (grown == NULL) {
				free(content);
				break;
			}
			*out = grown;
			memcpy(*out + *outlen, content, clen);
			*outlen += clen;
			(*out)[*outlen] = '\0';
		} else if (head[1] == FCGI_STDERR) {
			fwrite(content, 1, clen, stderr);
		} else if (head[1] == FCGI_END_REQUEST) {
			ended = 1;
			free(content);
			break;
		}
		free(content);
	}
	return ended;
}

static int status_of(const char *out)
{
	if (out == NULL)
		return 0;
	if (strncmp(out, "Status: ", 8) == 0)
		return atoi(out + 8);
	return 200;
}

struct request {
	const char *addr;
	char **params;
	int nparams;
	long long cut, pause_at;
	long pause_ms;
	long begin_pause_ms;  /* -B: between BEGIN_REQUEST and the params */
	long long params_cut; /* -Q: params bytes sent before the pause */
	long params_cut_ms;
	long other_id_ms; /* -X: records of another request before the body */
};

/* -X: records of request 2 for [ms] milliseconds. Returns 0, or -1 when a send failed. */
static int send_other_id(int fd, long ms)
{
	mark_pause();
	for (long waited = 0; waited < ms; waited += PAUSE_STEP_MS) {
		if (send_record_of(fd, 2, FCGI_STDIN, "x", 1) < 0)
			return -1;
		sleep_ms(PAUSE_STEP_MS);
	}
	return 0;
}

/*
 * One request with the body read from [in]. Returns 1 when the response
 * ended (in [*out]), 0 when it did not, 2 when the body was cut on purpose
 * (-c, -Q), -1 on a connection or send failure.
 */
static int one_request(const struct request *rq, int in, char **out, size_t *outlen)
{
	int fd = connect_to(rq->addr);

	*out = NULL;
	*outlen = 0;
	if (fd < 0)
		return -1;
	unsigned char begin[8] = { 0, 1 /* responder */, 0 /* no keep-alive */ };
	if (send_record(fd, FCGI_BEGIN_REQUEST, begin, sizeof(begin)) < 0) {
		perror("fcgi-send: send");
		close(fd);
		return -1;
	}
	if (rq->begin_pause_ms > 0) {
		mark_pause();
		sleep_ms(rq->begin_pause_ms);
	}
	int rc = send_params(fd, rq->params, rq->nparams, rq->params_cut, rq->params_cut_ms);
	if (rc == 0 && rq->other_id_ms > 0)
		rc = send_other_id(fd, rq->other_id_ms);
	if (rc < 0) {
		perror("fcgi-send: send");
		close(fd);
		return -1;
	}
	if (rc == 1) {
		close(fd);
		return 2;
	}
	rc = send_body(fd, in, rq->cut, rq->pause_at, rq->pause_ms);
	if (rc < 0) {
		perror("fcgi-send: send body");
		close(fd);
		return -1;
	}
	if (rc == 1) {
		close(fd);
		return 2;
	}
	rc = read_response(fd, out, outlen);
	close(fd);
	return rc;
}

/* Reads all of [fd] into a malloc'd buffer. Returns it, or NULL. */
static char *slurp(int fd, size_t *len)
{
	size_t cap = 8192;
	char *buf = malloc(cap);

	*len = 0;
	while (buf != NULL) {
		if (*len == cap) {
			char *grown = realloc(buf, cap * 2);
			if (grown == NULL)
				break;
			buf = grown;
			cap *= 2;
		}
		ssize_t n = read(fd, buf + *len, cap - *len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		if (n == 0)
			return buf;
		*len += (size_t)n;
	}
	free(buf);
	return NULL;
}

/*
 * -n: [count] requests, each with the body [tmpl] of [len] bytes where every
 * ID_MARK is replaced by the request's ID. Returns 0 when every one ended.
 */
static int repeat_requests(const struct request *rq, const char *tmpl, size_t len, long long count,
			   long long first_id)
{
	char *body = malloc(len + 1);
	char tmpname[] = "/tmp/fcgi-send.XXXXXX";
	int tmp = mkstemp(tmpname), failures = 0;
	size_t marklen = strlen(ID_MARK);

	if (body == NULL || tmp < 0) {
		perror("fcgi-send");
		free(body);
		return 1;
	}
	unlink(tmpname);
	for (long long i = 0; i < count; i++) {
		long long id = first_id + i;
		char digits[32];
		char *out;
		size_t outlen;

		memcpy(body, tmpl, len);
		snprintf(digits, sizeof(digits), "%010lld", id % 10000000000LL);
		for (size_t at = 0; len >= marklen && at <= len - marklen; at++)
			if (memcmp(body + at, ID_MARK, marklen) == 0)
				memcpy(body + at, digits, marklen);
		if (ftruncate(tmp, 0) < 0 || pwrite(tmp, body, len, 0) != (ssize_t)len ||
		    lseek(tmp, 0, SEEK_SET) < 0) {
			perror("fcgi-send: temporary body");
			failures++;
			break;
		}
		int ended = one_request(rq, tmp, &out, &outlen);
		printf("%s %d\n", digits, ended == 1 ? status_of(out) : 0);
		/* Each answer seen at once: tests pace their faults by the progress. */
		fflush(stdout);
		failures += ended != 1;
		free(out);
	}
	fflush(stdout);
	close(tmp);
	free(body);
	return failures ? 1 : 0;
}

int main(int argc, char **argv)
{
	const char *bodyfile = NULL;
	char *params[MAX_PARAMS];
	struct request rq = { NULL, params, 0, -1, -1, 0, 0, -1, 0, 0 };
	int status_only = 0, opt;
	long long count = -1, first_id = 0;

	while ((opt = getopt(argc, argv, "s:p:b:c:P:B:Q:X:W:rn:I:")) != -1) {
		switch (opt) {
		case 's':
			rq.addr = optarg;
			break;
		case 'p':
			if (strchr(optarg, '=') == NULL || rq.nparams == MAX_PARAMS) {
				fprintf(stderr, "fcgi-send: bad -p %s\n", optarg);
				return 2;
			}
			params[rq.nparams++] = optarg;
			break;
		case 'b':
			bodyfile = optarg;
			break;
		case 'c':
		case 'n':
		case 'I': {
			char *end;
			errno = 0;
			long long v = strtoll(optarg, &end, 10);
			if (errno || *end || v < 0) {
				fprintf(stderr, "fcgi-send: bad -%c %s\n", opt, optarg);
				return 2;
			}
			*(opt == 'c' ? &rq.cut : opt == 'n' ? &count : &first_id) = v;
			break;
		}
		case 'B':
		case 'X': {
			char *end;
			errno = 0;
			long v = strtol(optarg, &end, 10);
			if (errno || *end || v < 0) {
				fprintf(stderr, "fcgi-send: bad -%c %s\n", opt, optarg);
				return 2;
			}
			*(opt == 'B' ? &rq.begin_pause_ms : &rq.other_id_ms) = v;
			break;
		}
		case 'Q':
			if (sscanf(optarg, "%lld:%ld", &rq.params_cut, &rq.params_cut_ms) != 2 ||
			    rq.params_cut < 0 || rq.params_cut_ms < 0) {
				fprintf(stderr, "fcgi-send: bad -Q %s\n", optarg);
				return 2;
			}
			break;
		case 'W':
			pause_mark = optarg;
			break;
		case 'P':
			if (sscanf(optarg, "%lld:%ld", &rq.pause_at, &rq.pause_ms) != 2 || rq.pause_at < 0 ||
			    rq.pause_ms < 0) {
				fprintf(stderr, "fcgi-send: bad -P %s\n", optarg);
				return 2;
			}
			break;
		case 'r':
			status_only = 1;
			break;
		default:
			fprintf(stderr, "usage: fcgi-send -s ADDR [-p NAME=VALUE]... [-b FILE] [-c BYTES] "
					"[-P BYTES:MS] [-B MS] [-Q BYTES:MS] [-X MS] [-W FILE] [-r] [-n "
					"COUNT [-I START]]\n");
			return 2;
		}
	}
	if (rq.addr == NULL) {
		fprintf(stderr, "fcgi-send: -s ADDR is required\n");
		return 2;
	}
	int in = 0;
	if (bodyfile != NULL && (in = open(bodyfile, O_RDONLY)) < 0) {
		perror(bodyfile);
		return 2;
	}
	if (count >= 0) {
		size_t len;
		char *tmpl = slurp(in, &len);
		if (tmpl == NULL) {
			perror("fcgi-send: body");
			return 2;
		}
		int rc = repeat_requests(&rq, tmpl, len, count, first_id);
		free(tmpl);
		return rc;
	}

	char *out;
	size_t outlen;
	int ended = one_request(&rq, in, &out, &outlen);
	if (ended < 0)
		return 1;
	if (ended == 2)
		return 0;
	if (status_only)
		printf("%d\n", status_of(out));
	else if (out != NULL)
		fwrite(out, 1, outlen, stdout);
	free(out);
	return ended == 1 ? 0 : 1;
}
