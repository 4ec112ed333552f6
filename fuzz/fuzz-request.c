/*
 * fuzz-request: libFuzzer target over the whole handling of one request,
 * query and body to response and log lines (lib/receiver/pcb_handler).
 *
 * Input: the first line is QUERY_STRING, the second CONTENT_LENGTH, the rest
 * the body. An empty second line means "the body's true length"; "-" means
 * CONTENT_LENGTH absent; "!" as the first byte of the second line makes the
 * read fail (a client gone mid-body). Without a newline the whole input is
 * the body of a correct sample query.
 *
 * Besides crashes, leaks and undefined behaviour (the sanitizers), it checks
 * the contract every reader relies on, and aborts when it is broken:
 *   - the response is "Status: NNN" for the error's table row, a blank line,
 *     and one of the two JSON bodies;
 *   - every line written is whole: the right number of TAB-separated fields
 *     for its file, a final newline, no other control byte, valid UTF-8;
 *   - a refusal (other than a broken batch, which goes to the reject log)
 *     writes nothing.
 *
 * A second handler with a token checks the Sign path when the query names
 * Sign. Log files go to a private directory emptied now and then.
 */
#include <config.h>

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "pcb_error.h"
#include "pcb_handler.h"
#include "pcb_schema.h"
#include "pcb_utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { FUZZ_MAX_BODY = 64 * 1024, CLEAN_EVERY = 4096, REJECT_FIELDS = 6 };
#define FUZZ_NOW ((time_t)1700000000)
#define DEFAULT_QUERY "SdkAppid=1400000000&CallbackCommand=Push.OfflinePush&contenttype=json"

static char log_dir[64];
static struct pcb_config cfg_plain, cfg_signed;
static struct pcb_handler plain, with_sign;
static unsigned long runs;

static void fail(const char *what)
{
	fprintf(stderr, "fuzz-request: contract broken: %s\n", what);
	abort();
}

/* Removes the log files; the handlers notice and make new ones. */
static void clean_logs(void)
{
	DIR *d = opendir(log_dir);
	struct dirent *e;
	char path[sizeof(log_dir) + 300];

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", log_dir, e->d_name);
		unlink(path);
	}
	closedir(d);
}

static void remove_log_dir(void)
{
	clean_logs();
	rmdir(log_dir);
}

static void setup(void)
{
	char err[256], conf_plain[256], conf_signed[384];
	size_t plain_len, signed_len;

	snprintf(log_dir, sizeof(log_dir), "/tmp/pcb-fuzz.XXXXXX");
	if (mkdtemp(log_dir) == NULL)
		fail("mkdtemp");
	atexit(remove_log_dir);
	plain_len = snprintf(
	    conf_plain, sizeof(conf_plain),
	    "PUSHCB_SDKAPPID=1400000000,1400000001\nPUSHCB_LOG_DIR=%s\nPUSHCB_MAX_BODY=65536\n", log_dir);
	signed_len = snprintf(conf_signed, sizeof(conf_signed),
			      "%sPUSHCB_TOKEN=xxxxyyyy,second-token\nPUSHCB_SIGN_WINDOW=86400\n", conf_plain);
	if (plain_len >= sizeof(conf_plain) || signed_len >= sizeof(conf_signed))
		fail("configuration text");
	if (pcb_config_load(&cfg_plain, conf_plain, plain_len, "fuzz", NULL, err, sizeof(err)) < 0 ||
	    pcb_config_load(&cfg_signed, conf_signed, signed_len, "fuzz", NULL, err, sizeof(err)) < 0) {
		fprintf(stderr, "fuzz-request: %s\n", err);
		abort();
	}
	if (pcb_handler_init(&plain, &cfg_plain) < 0 || pcb_handler_init(&with_sign, &cfg_signed) < 0)
		fail("handler init");
}

/* Every line of [b] whole: [nfields] fields, no control byte but TAB and the final LF, UTF-8. */
static void check_lines(const struct pcb_buf *b, size_t nfields)
{
	const unsigned char *p = (const unsigned char *)b->data;
	size_t i = 0, tabs = 0;

	if (b->len > 0 && p[b->len - 1] != '\n')
		fail("a batch's lines do not end with a newline");
	while (i < b->len) {
		unsigned char c = p[i];
		if (c == '\n') {
			if (tabs != nfields - 1)
				fail("a line with the wrong number of fields");
			tabs = 0;
			i++;
		} else if (c == '\t') {
			tabs++;
			i++;
		} else if (c < 0x20 || c == 0x7f) {
			fail("a raw control byte in a line");
		} else if (c >= 0x80) {
			size_t n = pcb_utf8_seq_len(p + i, b->len - i);
			if (n == 0)
				fail("a line that is not UTF-8");
			if (pcb_utf8_is_line_break(p + i, n))
				fail("a raw U+0085, U+2028 or U+2029 in a line");
			i += n;
		} else {
			i++;
		}
	}
}

static void check_response(enum pcb_err err)
{
	struct pcb_buf out;
	char want[32];
	const char *sep;

	pcb_buf_init(&out, 0);
	pcb_response(err, &out);
	if (pcb_buf_failed(&out))
		fail("response: out of memory");
	snprintf(want, sizeof(want), "Status: %d ", pcb_err_info(err)->status);
	if (strncmp(out.data, want, strlen(want)) != 0)
		fail("response status is not the table's");
	sep = strstr(out.data, "\r\n\r\n");
	if (sep == NULL)
		fail("response without a blank line");
	sep += 4;
	if (err == PCB_OK ? strcmp(sep, "{\"ActionStatus\":\"OK\",\"ErrorInfo\":\"\",\"ErrorCode\":0}") != 0
			  : strncmp(sep, "{\"ActionStatus\":\"FAIL\",\"ErrorInfo\":\"", 36) != 0)
		fail("response JSON");
	pcb_buf_free(&out);
}

/* One request through [h]. */
static void run(struct pcb_handler *h, const char *query, const char *cl, char *body, size_t len,
		int read_failed)
{
	struct pcb_request req = { "POST", query, cl, "192.0.2.1" };
	size_t want = 0;
	enum pcb_err err = pcb_handler_head(h, &req, FUZZ_NOW, &want);

	/* What pcb_handler_body is told is what a reader of at most [want] bytes gets. */
	pcb_buf_reset(&h->evbuf);
	pcb_buf_reset(&h->rjbuf);
	if (err == PCB_OK) {
		size_t got = len < want ? len : want;
		body[got] = '\0';
		err = pcb_handler_body(h, body, got, read_failed);
	}
	check_response(err);
	if (err == PCB_ERR_LOG_WRITE || err == PCB_ERR_LOG_SYNC || err == PCB_ERR_NO_MEMORY)
		return;
	if (err == PCB_OK || pcb_err_is_batch(err)) {
		check_lines(&h->evbuf, 2 + pcb_commands[h->cmd_index]->nfields + 1); /* + UnknownFields */
		check_lines(&h->rjbuf, REJECT_FIELDS);
		if (err != PCB_OK && h->evbuf.len != 0)
			fail("a refused batch left event lines");
	} else if (h->evbuf.len != 0 || h->rjbuf.len != 0) {
		fail("a refused request left lines");
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char *copy;
	static size_t cap;
	const char *query = DEFAULT_QUERY, *cl = NULL;
	char *body;
	char lenbuf[32];
	int read_failed = 0;

	if (runs == 0)
		setup();
	if (++runs % CLEAN_EVERY == 0)
		clean_logs();
	/* A private NUL-terminated copy: the handler wants body[len] == '\0'. */
	if (size + 1 > cap) {
		free(copy);
		cap = size + 1;
		copy = malloc(cap);
		if (copy == NULL)
			fail("malloc");
	}
	memcpy(copy, data, size);
	copy[size] = '\0';

	char *nl1 = memchr(copy, '\n', size);
	char *nl2 = nl1 ? memchr(nl1 + 1, '\n', size - (size_t)(nl1 + 1 - copy)) : NULL;
	if (nl1 != NULL && nl2 != NULL) {
		*nl1 = '\0';
		*nl2 = '\0';
		query = copy;
		cl = nl1 + 1;
		if (*cl == '!') {
			read_failed = 1;
			cl++;
		}
		body = nl2 + 1;
	} else {
		body = copy;
	}
	size_t len = size - (size_t)(body - copy);
	/* NUL inside the query or the length cannot come from a web server: they end there. */
	if (cl == NULL || *cl == '\0') {
		snprintf(lenbuf, sizeof(lenbuf), "%zu", len);
		cl = lenbuf;
	} else if (strcmp(cl, "-") == 0) {
		cl = NULL;
	}
	run(&plain, query, cl, body, len, read_failed);
	if (strcasestr(query, "sign") != NULL)
		run(&with_sign, query, cl, body, len, read_failed);
	return 0;
}
