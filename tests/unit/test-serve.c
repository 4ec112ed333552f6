/*
 * test-serve: one request through a connection (pcb_serve), on buffers: a
 * sound batch is read whole, logged, counted and answered 200; a body that
 * failed is answered 400; a refused head is answered without reading; a
 * body past the read deadline is neither answered nor counted (the caller
 * drops it), and pcb_serve_dropped says and counts that; a client gone
 * before the answer is said. The counters are a worker's (pcb_counters),
 * and --metrics prints what it counted.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pcb_counters.h"
#include "pcb_serve.h"
#include "tap.h"

#define NOW 1764072000 /* 2025-11-25T12:00:00Z */
#define Q "SdkAppid=1400000000&CallbackCommand=Push.OfflinePush&contenttype=json"
#define BATCH                                                                                              \
	"{\"Events\":[{\"CallbackCommand\":\"Push.OfflinePush\",\"EventType\":1,\"EventTime\":1,"          \
	"\"From_Account\":\"a\",\"To_Account\":\"b\",\"PushPlatform\":1,\"PushStage\":1,\"MsgKey\":\"k\"," \
	"\"MsgSeq\":1,\"MsgTime\":1,\"PushID\":\"p\",\"ErrCode\":0}]}"

/* A connection on buffers: its params, its body, how the read ends, and what was written. */
struct fake {
	const char *method, *cl;
	const char *body;
	enum pcb_read_end end;
	int reads, write_fails;
	char written[4096];
};

static const char *fake_param(struct pcb_conn *c, const char *name)
{
	struct fake *f = c->ctx;

	if (strcmp(name, "REQUEST_METHOD") == 0)
		return f->method;
	if (strcmp(name, "QUERY_STRING") == 0)
		return Q;
	if (strcmp(name, "CONTENT_LENGTH") == 0)
		return f->cl;
	return strcmp(name, "REMOTE_ADDR") == 0 ? "192.0.2.1" : NULL;
}

static size_t fake_read(struct pcb_conn *c, char *buf, size_t n, enum pcb_read_end *end)
{
	struct fake *f = c->ctx;
	size_t len = strlen(f->body) < n ? strlen(f->body) : n;

	f->reads++;
	memcpy(buf, f->body, len);
	*end = f->end;
	return len;
}

static int fake_write(struct pcb_conn *c, const char *buf, size_t n)
{
	struct fake *f = c->ctx;

	if (f->write_fails || n >= sizeof(f->written))
		return -1;
	memcpy(f->written, buf, n);
	f->written[n] = '\0';
	return 0;
}

static struct pcb_config cfg;
static struct pcb_handler h;
static struct pcb_buf body, out;

/* Serves [f]. Returns what pcb_serve_one returned. */
static int serve(struct fake *f)
{
	struct pcb_conn c = { fake_param, fake_read, fake_write, f };

	return pcb_serve_one(&h, &c, NOW, &body, &out);
}

int main(void)
{
	char text[512], err[256], cl[32];

	tap_plan(11);
	snprintf(text, sizeof(text), "PUSHCB_SDKAPPID=1400000000\nPUSHCB_LOG_DIR=%s\n", tap_tmpdir());
	if (pcb_config_load(&cfg, text, strlen(text), "t", tap_getenv, err, sizeof(err)) < 0 ||
	    pcb_handler_init(&h, &cfg) < 0) {
		printf("Bail out! setup: %s\n", err);
		return 1;
	}
	pcb_buf_init(&body, 0);
	pcb_buf_init(&out, 0);
	snprintf(cl, sizeof(cl), "%zu", strlen(BATCH));

	/* The worker's counters, and --metrics reading them (pcb_counters). */
	pcb_counters_open(&h.metrics, &cfg, NOW);
	struct fake sound = { "POST", cl, BATCH, PCB_READ_DONE, 0, 0, "" };
	tap_is_int(serve(&sound), 0, "a sound batch is served");
	tap_ok(strstr(sound.written, "\"ActionStatus\":\"OK\"") != NULL, "answered OK: %.50s", sound.written);
	tap_is_int(pcb_metrics_get(&h.metrics, PCB_M_REQUESTS + PCB_OK), 1, "and counted");

	struct fake broken = { "POST", cl, "{\"Ev", PCB_READ_FAILED, 0, 0, "" };
	tap_ok(serve(&broken) == 0 && strncmp(broken.written, "Status: 400", 11) == 0,
	       "a body whose read failed: answered 400");
	tap_is_int(pcb_metrics_get(&h.metrics, PCB_M_REQUESTS + PCB_ERR_BODY_READ), 1,
		   "counted as a failed read");

	struct fake get = { "GET", cl, BATCH, PCB_READ_DONE, 0, 0, "" };
	tap_ok(serve(&get) == 0 && get.reads == 0 && strncmp(get.written, "Status: 405", 11) == 0,
	       "a refused head: answered 405, the body not read");

	struct fake late = { "POST", cl, "{\"Ev", PCB_READ_LATE, 0, 0, "" };
	tap_ok(serve(&late) == -1 && late.written[0] == '\0', "a body past the read deadline: not answered");
	tap_is_int(pcb_metrics_get(&h.metrics, PCB_M_DROPPED), 0, "nor counted here");
	pcb_serve_dropped(&h, "192.0.2.1");
	tap_is_int(pcb_metrics_get(&h.metrics, PCB_M_DROPPED), 1, "the caller's drop is counted");

	struct fake gone = { "POST", cl, BATCH, PCB_READ_DONE, 0, 1, "" };
	tap_is_int(serve(&gone), 0, "a client gone before the answer: served all the same (said on stderr)");

	FILE *f = tmpfile();
	char metrics[16384];
	size_t n;
	tap_ok(pcb_counters_print(&cfg, f) == 0 &&
		   (rewind(f), n = fread(metrics, 1, sizeof(metrics) - 1, f)) > 0 &&
		   (metrics[n] = 0, strstr(metrics, "pushcb_requests_dropped_total 1\n") != NULL),
	       "--metrics prints the counters the worker counted");
	fclose(f);
	pcb_buf_free(&body);
	pcb_buf_free(&out);
	pcb_handler_free(&h);
	return tap_done();
}
