/*
 * test-handler: the whole policy of one request, without a server: the order
 * of the checks, each refusal's answer, what lands in which log (and that an
 * unauthenticated body lands nowhere), and the exact response text.
 */
#include <config.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pcb_handler.h"
#include "pcb_sign.h"
#include "tap.h"

#define NOW 1764072000 /* 2025-11-25T12:00:00Z */
#define Q "SdkAppid=1400000000&CallbackCommand=Push.OfflinePush&contenttype=json"
#define EVENT                                                                                                \
	"{\"CallbackCommand\":\"Push.OfflinePush\",\"EventType\":1,\"EventTime\":1,\"From_Account\":\"a\","  \
	"\"To_Account\":\"b\",\"PushPlatform\":1,\"PushStage\":1,\"MsgKey\":\"k\",\"MsgSeq\":1,\"MsgTime\":" \
	"1,"                                                                                                 \
	"\"PushID\":\"p\",\"ErrCode\":0}"
#define BATCH "{\"Events\":[" EVENT "]}"

static const char *dir;
static struct pcb_config cfg;
static struct pcb_handler h;

/* Runs one request; [body] NULL: the head must refuse. Returns the error. */
static enum pcb_err run(const char *method, const char *query, const char *cl, const char *body,
			size_t bodylen)
{
	struct pcb_request r = { method, query, cl, "192.0.2.1" };
	size_t want = 0;
	enum pcb_err err = pcb_handler_head(&h, &r, NOW, &want);

	if (err != PCB_OK || body == NULL)
		return err;
	size_t got = bodylen < want ? bodylen : want;
	char *copy = malloc(got + 1);
	memcpy(copy, body, got);
	copy[got] = '\0';
	err = pcb_handler_body(&h, copy, got, 0);
	free(copy);
	return err;
}

static enum pcb_err post(const char *query, const char *body)
{
	char cl[32];
	snprintf(cl, sizeof(cl), "%zu", strlen(body));
	return run("POST", query, cl, body, strlen(body));
}

static long file_lines(const char *name)
{
	char path[512], line[65536];
	long n = 0;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "r");
	if (f == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL)
		n++;
	fclose(f);
	return n;
}

static int files_in_dir(void)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;
	while ((e = readdir(d)) != NULL)
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

static void setup(const char *tokens)
{
	char text[512];
	snprintf(text, sizeof(text),
		 "PUSHCB_SDKAPPID=1400000000\nPUSHCB_LOG_DIR=%s\nPUSHCB_MAX_BODY=4096\n%s%s\n", dir,
		 tokens ? "PUSHCB_TOKEN=" : "", tokens ? tokens : "");
	char err[256];
	if (pcb_config_load(&cfg, text, strlen(text), "t", tap_getenv, err, sizeof(err)) < 0 ||
	    pcb_handler_init(&h, &cfg) < 0) {
		printf("Bail out! setup: %s\n", err);
		exit(1);
	}
}

int main(void)
{
	struct pcb_buf out;

	dir = tap_tmpdir();
	setup(NULL);
	pcb_buf_init(&out, 0);

	/* The refusals of the head, in order; nothing is stored for any of them. */
	tap_is_int(run("GET", Q, "0", NULL, 0), PCB_ERR_METHOD, "GET: 405");
	tap_is_int(run(NULL, Q, "0", NULL, 0), PCB_ERR_METHOD, "no method: 405");
	tap_is_int(run("GET", "SdkAppid=%zz", "0", NULL, 0), PCB_ERR_METHOD, "the method is checked first");
	tap_is_int(post("SdkAppid=%zz", BATCH), PCB_ERR_QUERY_ENCODING, "bad query encoding: 400");
	tap_is_int(post("CallbackCommand=Push.OfflinePush", BATCH), PCB_ERR_APPID_MISSING,
		   "no SdkAppid: 403");
	tap_is_int(post("SdkAppid=&CallbackCommand=Push.OfflinePush", BATCH), PCB_ERR_APPID_MISSING,
		   "empty SdkAppid: 403");
	tap_is_int(post("SdkAppid=1400000001&CallbackCommand=Push.OfflinePush", BATCH), PCB_ERR_APPID_UNKNOWN,
		   "wrong SdkAppid: 403");
	tap_is_int(post("SdkAppid=1400000001&CallbackCommand=Nope", BATCH), PCB_ERR_APPID_UNKNOWN,
		   "the caller is checked before the command");
	tap_is_int(post("SdkAppid=1400000000", BATCH), PCB_ERR_COMMAND_MISSING, "no command: 400");
	tap_is_int(post("SdkAppid=1400000000&CallbackCommand=C2C.CallbackAfterSendMsg", BATCH),
		   PCB_ERR_COMMAND_UNKNOWN, "another command: 400");
	tap_is_int(post("SdkAppid=1400000000&CallbackCommand=push.offlinepush", BATCH),
		   PCB_ERR_COMMAND_UNKNOWN, "the command's value is case-sensitive");
	tap_is_int(post("SdkAppid=1400000000&CallbackCommand=Push.OfflinePush&contenttype=xml", BATCH),
		   PCB_ERR_CONTENT_TYPE, "contenttype=xml: 415");
	tap_is_int(post("SdkAppid=1400000000&CallbackCommand=Push.OfflinePush&contenttype=JSON", BATCH),
		   PCB_OK, "contenttype=JSON is json");
	tap_is_int(post("SdkAppid=1400000000&CallbackCommand=Push.OfflinePush", BATCH), PCB_OK,
		   "contenttype may be absent");
	tap_is_int(run("POST", Q, NULL, BATCH, strlen(BATCH)), PCB_ERR_LENGTH_MISSING,
		   "no CONTENT_LENGTH: 411");
	tap_is_int(run("POST", Q, "12x", BATCH, strlen(BATCH)), PCB_ERR_LENGTH_INVALID,
		   "bad CONTENT_LENGTH: 400");
	tap_is_int(run("POST", Q, "4097", BATCH, strlen(BATCH)), PCB_ERR_BODY_TOO_LARGE,
		   "over PUSHCB_MAX_BODY: 413");
	tap_is_int(run("POST", Q, "4000", BATCH, strlen(BATCH)), PCB_ERR_BODY_SHORT,
		   "fewer bytes than announced: 400");
	tap_is_int(run("POST", Q, "20", BATCH, strlen(BATCH)), PCB_ERR_BODY_LONG,
		   "more bytes than announced: 400");
	/* The connection breaks while the body is read: 400, and nothing of it is kept. */
	{
		struct pcb_request r = { "POST", Q, "4000", "192.0.2.1" };
		size_t want = 0;
		long lines = file_lines("offlinepush-2025-11-25.tsv");
		tap_is_int(pcb_handler_head(&h, &r, NOW, &want), PCB_OK, "a head that is fine");
		tap_is_int(pcb_handler_body(&h, BATCH, strlen(BATCH), 1), PCB_ERR_BODY_READ,
			   "then a read that failed: 400 body could not be read");
		tap_is_int(file_lines("offlinepush-2025-11-25.tsv"), lines,
			   "and the bytes read are not logged");
	}
	tap_is_int(files_in_dir(), 1, "only the accepted batches made a file: the event log");
	tap_is_int(file_lines("offlinepush-2025-11-25.tsv"), 3, "header and two event lines");

	/* A batch refused whole keeps its body in the reject log. */
	tap_is_int(post(Q, "{\"Events\":[]}"), PCB_ERR_BATCH_EMPTY, "empty Events: 400");
	tap_is_int(post(Q, "not json\t\n"), PCB_ERR_JSON_SYNTAX, "not JSON: 400");
	tap_is_int(file_lines("reject-offlinepush-2025-11-25.tsv"), 3,
		   "both bodies are in the reject log, one line each");
	/* An accepted batch with a bad event: 200, the event in the reject log. */
	tap_is_int(post(Q, "{\"Events\":[" EVENT ",{\"EventType\":\"1\"}]}"), PCB_OK,
		   "a batch with one bad event: 200");
	tap_ok(h.nvalid == 1 && h.nrejected == 1, "one valid, one rejected");
	tap_is_int(file_lines("reject-offlinepush-2025-11-25.tsv"), 4, "the bad event is in the reject log");
	tap_is_int(file_lines("offlinepush-2025-11-25.tsv"), 4, "the good one in the event log");
	/* Push.AllMemberPush goes to its own files. */
	tap_is_int(
	    post("SdkAppid=1400000000&CallbackCommand=Push.AllMemberPush",
		 "{\"Events\":[{\"CallbackCommand\":\"Push.AllMemberPush\",\"EventType\":1,\"TaskId\":\"t\","
		 "\"TaskTime\":1,"
		 "\"EventTime\":2,\"To_Account\":\"u\",\"PushPlatform\":4,\"PushStage\":2,\"ErrCode\":0}]}"),
	    PCB_OK, "Push.AllMemberPush: 200");
	tap_is_int(file_lines("allmemberpush-2025-11-25.tsv"), 2,
		   "in allmemberpush-DATE.tsv with its header");

	/*
	 * When the reject log cannot be written (and no fallback directory is
	 * set) the batch is 503 and its valid events stay (a log file only
	 * grows); readers drop repeats by identity.
	 */
	char rjpath[400];
	snprintf(rjpath, sizeof(rjpath), "%s/reject-allmemberpush-2025-11-25.tsv", dir);
	mkdir(rjpath, 0755); /* a directory where the reject log would be */
	long before = file_lines("allmemberpush-2025-11-25.tsv");
	tap_is_int(post("SdkAppid=1400000000&CallbackCommand=Push.AllMemberPush",
			"{\"Events\":[{\"CallbackCommand\":\"Push.AllMemberPush\",\"EventType\":1,\"TaskId\":"
			"\"t\",\"TaskTime\":1,"
			"\"EventTime\":2,\"To_Account\":\"u\",\"PushPlatform\":4,\"PushStage\":2,\"ErrCode\":"
			"0},{\"EventType\":0}]}"),
		   PCB_ERR_LOG_WRITE, "a batch whose rejects cannot be written: 503");
	tap_is_int(file_lines("allmemberpush-2025-11-25.tsv"), before + 1,
		   "and its valid event stays in the event log: nothing is cut from a log");
	rmdir(rjpath);

	/* The response text. */
	pcb_response(PCB_OK, &out);
	tap_is_str(out.data,
		   "Status: 200 OK\r\nContent-Type: application/json\r\n\r\n"
		   "{\"ActionStatus\":\"OK\",\"ErrorInfo\":\"\",\"ErrorCode\":0}",
		   "the OK response, exactly");
	pcb_buf_reset(&out);
	pcb_response(PCB_ERR_METHOD, &out);
	tap_is_str(
	    out.data,
	    "Status: 405 Method Not Allowed\r\nContent-Type: application/json\r\nAllow: POST\r\n\r\n"
	    "{\"ActionStatus\":\"FAIL\",\"ErrorInfo\":\"method not allowed: POST only\",\"ErrorCode\":1}",
	    "405 carries Allow: POST");
	pcb_buf_reset(&out);
	pcb_response(PCB_ERR_LOG_WRITE, &out);
	tap_is_str(out.data,
		   "Status: 503 Service Unavailable\r\nContent-Type: application/json\r\n\r\n"
		   "{\"ActionStatus\":\"FAIL\",\"ErrorInfo\":\"log not writable\",\"ErrorCode\":1}",
		   "503 for the log");
	pcb_handler_free(&h);

	/* With a token: Sign is required and checked before the SdkAppid and the command. */
	setup("secret1,xxxxyyyy");
	char sign[PCB_SIGN_HEX_LEN + 1], q[512];
	pcb_sign_compute("xxxxyyyy", 8, "1764072000", 10, sign);
	snprintf(q, sizeof(q), Q "&Sign=%s&RequestTime=1764072000", sign);
	tap_is_int(post(q, BATCH), PCB_OK, "a good Sign from the second token: 200");
	tap_is_int(post(Q, BATCH), PCB_ERR_SIGN_MISSING, "no Sign: 403");
	snprintf(q, sizeof(q), "SdkAppid=1400000000&CallbackCommand=Nope&Sign=%s&RequestTime=1764071000",
		 sign);
	tap_is_int(post(q, BATCH), PCB_ERR_SIGN_EXPIRED,
		   "an old RequestTime: 403, before the command is looked at");
	snprintf(q, sizeof(q), Q "&sign=%s&requesttime=1764072001", sign);
	tap_is_int(post(q, BATCH), PCB_ERR_SIGN_WRONG, "a Sign for another time: 403");

	/* With a token, an unsigned caller cannot tell a configured SdkAppid from another. */
	tap_is_int(post("SdkAppid=1400000001&CallbackCommand=Push.OfflinePush", BATCH), PCB_ERR_SIGN_MISSING,
		   "unsigned, another SdkAppid: the same answer as the right one (Sign missing)");
	tap_is_int(post("CallbackCommand=Push.OfflinePush", BATCH), PCB_ERR_SIGN_MISSING,
		   "unsigned, no SdkAppid: Sign missing too");
	snprintf(q, sizeof(q),
		 "SdkAppid=1400000001&CallbackCommand=Push.OfflinePush&Sign=%s&RequestTime=1764071000", sign);
	tap_is_int(post(q, BATCH), PCB_ERR_SIGN_EXPIRED,
		   "an old RequestTime, another SdkAppid: expired, as for the right one");
	snprintf(q, sizeof(q),
		 "SdkAppid=1400000001&CallbackCommand=Push.OfflinePush&Sign=%s&RequestTime=1764072001", sign);
	tap_is_int(post(q, BATCH), PCB_ERR_SIGN_WRONG,
		   "a wrong Sign, another SdkAppid: does not match, as for the right one");
	snprintf(q, sizeof(q),
		 "SdkAppid=1400000001&CallbackCommand=Push.OfflinePush&Sign=%s&RequestTime=1764072000", sign);
	tap_is_int(post(q, BATCH), PCB_ERR_APPID_UNKNOWN,
		   "a good Sign, another SdkAppid: SdkAppid not accepted");
	snprintf(q, sizeof(q), "CallbackCommand=Push.OfflinePush&Sign=%s&RequestTime=1764072000", sign);
	tap_is_int(post(q, BATCH), PCB_ERR_APPID_MISSING, "a good Sign, no SdkAppid: SdkAppid missing");
	pcb_handler_free(&h);

	/* Without a token the SdkAppid is the first check of the caller, as before. */
	setup(NULL);
	tap_is_int(post("SdkAppid=1400000001&CallbackCommand=Push.OfflinePush&RequestTime=1", BATCH),
		   PCB_ERR_APPID_UNKNOWN, "no token, another SdkAppid: SdkAppid not accepted");
	tap_is_int(post("CallbackCommand=Push.OfflinePush&Sign=x", BATCH), PCB_ERR_APPID_MISSING,
		   "no token, no SdkAppid: SdkAppid missing; Sign is not looked at");
	pcb_handler_free(&h);

	/* An unwritable log: 503, and the next request after repair works. */
	char gone[300];
	snprintf(gone, sizeof(gone), "%s/gone", dir);
	char text[512], err[256];
	snprintf(text, sizeof(text), "PUSHCB_SDKAPPID=1400000000\nPUSHCB_LOG_DIR=%s\n", gone);
	pcb_config_load(&cfg, text, strlen(text), "t", tap_getenv, err, sizeof(err));
	pcb_handler_init(&h, &cfg);
	tap_is_int(post(Q, BATCH), PCB_ERR_LOG_WRITE, "missing log directory: 503");
	mkdir(gone, 0755);
	tap_is_int(post(Q, BATCH), PCB_OK, "then 200 once it exists");
	pcb_handler_free(&h);
	pcb_handler_free(NULL);

	/* Every answer is counted in the host's counters, and a 200 batch's events and bytes. */
	setup("secret1");
	tap_is_int(pcb_metrics_open(&h.metrics, tap_tmppath("counters"), 1, NOW, err, sizeof(err)), 0,
		   "the counters are mapped");
	pcb_sign_compute("secret1", 7, "1764072000", 10, sign);
	snprintf(q, sizeof(q), Q "&Sign=%s&RequestTime=1764072000", sign);
	/* Events are counted, not batches: a batch of two valid events, then one of one valid and one bad. */
	const char *answers[] = { "{\"Events\":[" EVENT "," EVENT "]}",
				  "{\"Events\":[" EVENT ",{\"EventType\":\"1\"}]}", "not json" };
	for (size_t i = 0; i < 3; i++)
		pcb_handler_count(&h, post(q, answers[i]));
	pcb_handler_count(&h, post(Q, BATCH));
	tap_is_int(pcb_metrics_get(&h.metrics, PCB_M_REQUESTS + PCB_OK), 2, "two answered 200");
	tap_is_int(pcb_metrics_get(&h.metrics, PCB_M_REQUESTS + PCB_ERR_JSON_SYNTAX), 1, "one 400 not JSON");
	tap_is_int(pcb_metrics_get(&h.metrics, PCB_M_REQUESTS + PCB_ERR_SIGN_MISSING), 1, "one 403 unsigned");
	tap_is_int(pcb_metrics_get(&h.metrics, PCB_M_BATCHES), 2, "two batches of Push.OfflinePush");
	tap_is_int(pcb_metrics_get(&h.metrics, PCB_M_EVENTS_LOGGED), 3,
		   "three events logged (two, then one)");
	tap_is_int(pcb_metrics_get(&h.metrics, PCB_M_EVENTS_REJECTED), 1, "one event rejected");
	tap_is_int(pcb_metrics_get(&h.metrics, PCB_M_BATCHES + 1), 0, "none of Push.AllMemberPush");
	tap_is_int(pcb_metrics_get(&h.metrics, PCB_M_LAST_SUCCESS), NOW, "the last success is now");
	tap_ok(pcb_metrics_get(&h.metrics, PCB_M_BYTES_EVENTS) > 2 * strlen("\t1\t") &&
		   pcb_metrics_get(&h.metrics, PCB_M_BYTES_REJECTS) > strlen("not json"),
	       "the bytes of both logs are counted");
	pcb_handler_free(&h);

	pcb_buf_free(&out);
	return tap_done();
}
