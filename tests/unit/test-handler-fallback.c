/*
 * test-handler-fallback: a batch the log directory cannot take goes whole,
 * event and reject lines, to the fallback directory and is answered 200;
 * the log directory is tried first for every batch; only when both fail is
 * the batch refused, its events counted as refused (by command and reason)
 * or, when they could not be counted, the batch as refused unparsed.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pcb_handler.h"
#include "tap.h"

#define NOW 1764072000 /* 2025-11-25T12:00:00Z */
#define Q "SdkAppid=1400000000&CallbackCommand=Push.OfflinePush"
#define EVENT(id)                                                                                           \
	"{\"CallbackCommand\":\"Push.OfflinePush\",\"EventType\":1,\"EventTime\":1,\"From_Account\":\"a\"," \
	"\"To_Account\":\"b\",\"PushPlatform\":1,\"PushStage\":1,\"MsgKey\":\"k\",\"MsgSeq\":1,"            \
	"\"MsgTime\":1,\"PushID\":\"" id "\",\"ErrCode\":0}"
/* Two events, one of them refused (fields missing): a line in each log. */
#define BATCH(id) "{\"Events\":[" EVENT(id) ",{\"CallbackCommand\":\"Push.OfflinePush\"}]}"
#define EVENTS "offlinepush-2025-11-25.tsv"
#define REJECTS "reject-offlinepush-2025-11-25.tsv"

static char logs[256], spare[256], moved[256], spare_moved[256];
static struct pcb_config cfg;
static struct pcb_handler h;

/* Posts [body] and counts the answer, as the server does. */
static enum pcb_err post(const char *body)
{
	char cl[32];
	struct pcb_request r = { "POST", Q, cl, "192.0.2.1" };
	size_t want = 0;
	enum pcb_err err;

	snprintf(cl, sizeof(cl), "%zu", strlen(body));
	err = pcb_handler_head(&h, &r, NOW, &want);
	if (err == PCB_OK)
		err = pcb_handler_body(&h, body, strlen(body), 0);
	pcb_handler_count(&h, err);
	return err;
}

/* The lines of [dir]/[name] holding [what], or -1 when there is no such file. */
static long lines_with(const char *dir, const char *name, const char *what)
{
	char path[512], line[4096];
	long n = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL)
		n += strstr(line, what) != NULL;
	fclose(f);
	return n;
}

static uint64_t counter(enum pcb_metric m)
{
	return pcb_metrics_get(&h.metrics, m);
}

#define REFUSED(r) (PCB_M_EVENTS_REFUSED + 0 * PCB_REFUSAL_COUNT + (r)) /* Push.OfflinePush */

int main(void)
{
	char err[256];

	tap_plan(27);
	snprintf(logs, sizeof(logs), "%s", tap_tmppath("logs"));
	snprintf(spare, sizeof(spare), "%s", tap_tmppath("spare"));
	snprintf(moved, sizeof(moved), "%s", tap_tmppath("logs.moved"));
	snprintf(spare_moved, sizeof(spare_moved), "%s", tap_tmppath("spare.moved"));
	mkdir(logs, 0755);
	mkdir(spare, 0755);
	tap_setenv("PUSHCB_SDKAPPID", "1400000000");
	tap_setenv("PUSHCB_LOG_DIR", logs);
	tap_setenv("PUSHCB_FALLBACK_DIR", spare);
	if (pcb_config_load(&cfg, NULL, 0, NULL, tap_getenv, err, sizeof(err)) < 0 ||
	    pcb_handler_init(&h, &cfg) < 0 ||
	    pcb_metrics_open(&h.metrics, tap_tmppath("counters"), 1, NOW, err, sizeof(err)) < 0)
		return tap_diag("set-up: %s", err), 1;

	/* The log directory works: nothing goes to the fallback. */
	tap_is_int(post(BATCH("p1")), PCB_OK, "log directory working: 200");
	tap_ok(lines_with(logs, EVENTS, "\tp1\t") == 1 && lines_with(logs, REJECTS, ": missing") == 1,
	       "the batch's event and reject lines in the log directory");
	tap_is_int(lines_with(spare, EVENTS, "\t"), -1, "nothing in the fallback directory");
	tap_is_int(counter(PCB_M_LOG_DIR_FAILING), 0, "pushcb_log_dir_failing 0");

	/* The log directory gone: the batch goes whole to the fallback. */
	tap_ok(rename(logs, moved) == 0, "the log directory is moved away");
	tap_is_int(post(BATCH("p2")), PCB_OK, "log directory gone: still 200");
	tap_ok(lines_with(spare, EVENTS, "\tp2\t") == 1 && lines_with(spare, REJECTS, ": missing") == 1,
	       "its event and reject lines both in the fallback directory");
	tap_is_int(lines_with(spare, EVENTS, "#fields\t"), 1, "the fallback's file begins with the header");
	tap_is_int(counter(PCB_M_FALLBACK_WRITES), 1, "pushcb_fallback_writes_total{Push.OfflinePush} 1");
	tap_is_int(counter(PCB_M_LOG_DIR_FAILING), 1, "pushcb_log_dir_failing 1");
	tap_is_int(counter(PCB_M_EVENTS_LOGGED), 2, "its event counted as logged");

	/* Back: the log directory is tried first for every batch. */
	tap_ok(rename(moved, logs) == 0, "the log directory is back");
	tap_is_int(post(BATCH("p3")), PCB_OK, "200");
	tap_ok(lines_with(logs, EVENTS, "\tp3\t") == 1 && lines_with(spare, EVENTS, "\tp3\t") == 0,
	       "the next batch goes to the log directory again");
	tap_is_int(counter(PCB_M_LOG_DIR_FAILING), 0, "pushcb_log_dir_failing 0 again");

	/* The event lines go to the log directory, the reject lines cannot: the batch goes whole to the fallback. */
	char rj[512];
	snprintf(rj, sizeof(rj), "%s/%s", logs, REJECTS);
	tap_ok(rename(rj, tap_tmppath("rejects.moved")) == 0 && mkdir(rj, 0755) == 0,
	       "a directory where the log directory's reject log would be");
	tap_is_int(post(BATCH("p4")), PCB_OK, "the reject log fails: 200");
	tap_ok(lines_with(spare, EVENTS, "\tp4\t") == 1 && lines_with(spare, REJECTS, ": missing") == 2,
	       "the whole batch in the fallback directory");
	tap_is_int(lines_with(logs, EVENTS, "\tp4\t"), 1,
		   "its event also in the log directory (a file only grows; readers drop the repeat)");
	rmdir(rj);

	/* Both gone: refused, and counted. */
	tap_ok(rename(logs, moved) == 0 && rename(spare, spare_moved) == 0, "both directories moved away");
	tap_is_int(post(BATCH("p5")), PCB_ERR_LOG_WRITE, "both fail: 503 log not writable");
	tap_is_int(counter(REFUSED(PCB_REFUSAL_LOG_WRITE)), 2,
		   "pushcb_events_refused_total{Push.OfflinePush,log_write}: its 2 events");
	tap_is_int(post(BATCH("p6")), PCB_ERR_LOG_WRITE, "another");
	tap_is_int(counter(REFUSED(PCB_REFUSAL_LOG_WRITE)), 4, "2 more events");
	tap_is_int(post("{\"Events\":[}"), PCB_ERR_LOG_WRITE,
		   "a broken body, whose reject line cannot be written either: 503");
	tap_is_int(counter(PCB_M_BATCHES_REFUSED_UNPARSED + PCB_REFUSAL_LOG_WRITE), 1,
		   "pushcb_batches_refused_unparsed_total{log_write} 1: its events could not be counted");
	tap_is_int(counter(REFUSED(PCB_REFUSAL_LOG_WRITE)), 4, "and no event counted for it");

	pcb_handler_free(&h);
	return tap_done();
}
