/*
 * parse-cost.c: what our own code costs on top of json-c, on the same bytes.
 *
 * Usage: parse-cost [-n ITERATIONS] [-r ROUNDS] FILE
 *
 * Three contenders run on the body in FILE, each a noinline function so that
 * callgrind can count it (bench/run reads their inclusive instruction counts):
 *   cost_json     json-c alone: json_tokener_parse_ex of the bytes with
 *                 pcb_batch's own tokener (its flags, json-c set up as
 *                 pcb_batch_init sets it), then json_object_put; the floor
 *                 json-c sets;
 *   cost_batch    pcb_batch_process: scan, parse, checks, TSV lines;
 *   cost_handler  pcb_handler_head and pcb_handler_body, as a worker does
 *                 for one request: the above plus the query and the write(2)
 *                 of the lines into a log file under a temporary directory.
 * Outside valgrind it also times them, interleaved over ROUNDS rounds of
 * ITERATIONS calls each, and prints the median ns per call of each.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "pcb_batch.h"
#include "pcb_handler.h"
#include "pcb_limits.h"

#define QUERY "SdkAppid=1400000000&CallbackCommand=Push.OfflinePush&contenttype=json"
#define NOW 1764072000 /* 2025-11-25T12:00:00Z */
#define MAX_ROUNDS 99

static char logdir[] = "/tmp/pcb-parse-cost.XXXXXX";

static void die(const char *what)
{
	fprintf(stderr, "parse-cost: %s\n", what);
	exit(1);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *data = malloc(PCB_MAX_BODY_CEILING + 1);

	if (f == NULL || data == NULL)
		die("cannot read the batch file");
	*len = fread(data, 1, PCB_MAX_BODY_CEILING, f);
	data[*len] = '\0';
	fclose(f);
	return data;
}

__attribute__((noinline)) static void cost_json(json_tokener *tok, const char *body, size_t len)
{
	json_tokener_reset(tok);
	json_object *root = json_tokener_parse_ex(tok, body, (int)len + 1);
	if (root == NULL)
		die("json-c refused the batch");
	json_object_put(root);
}

__attribute__((noinline)) static void cost_batch(struct pcb_batch *b, const char *body, size_t len,
						 struct pcb_batch_out *out)
{
	pcb_buf_reset(out->events);
	pcb_buf_reset(out->rejects);
	if (pcb_batch_process(b, pcb_commands[0], body, len, "2025-11-25T12:00:00Z", "1400000000", out) !=
		PCB_OK ||
	    out->nrejected != 0)
		die("pcb_batch_process refused the batch");
}

__attribute__((noinline)) static void cost_handler(struct pcb_handler *h, const char *body, size_t len,
						   const char *cl)
{
	struct pcb_request r = { "POST", QUERY, cl, "127.0.0.1" };
	size_t want;

	if (pcb_handler_head(h, &r, NOW, &want) != PCB_OK || pcb_handler_body(h, body, len, 0) != PCB_OK ||
	    h->nrejected != 0)
		die("the handler refused the batch");
}

static double now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	static struct pcb_config cfg;
	static struct pcb_handler h;
	struct pcb_batch batch;
	struct pcb_buf ev, rj;
	struct pcb_batch_out out = { &ev, &rj, 0, 0, 0 };
	double t[3][MAX_ROUNDS];
	long iters = 200, rounds = 9;
	char err[200], cl[32], cmd[64 + sizeof(logdir)], conf[64 + sizeof(logdir)];
	size_t conf_len;
	size_t len;
	int opt;

	while ((opt = getopt(argc, argv, "n:r:")) != -1) {
		if (opt == 'n')
			iters = strtol(optarg, NULL, 10);
		else if (opt == 'r')
			rounds = strtol(optarg, NULL, 10);
		else
			die("usage: parse-cost [-n ITERATIONS] [-r ROUNDS] FILE");
	}
	if (optind + 1 != argc || iters < 1 || rounds < 1 || rounds > MAX_ROUNDS)
		die("usage: parse-cost [-n ITERATIONS] [-r ROUNDS(1-99)] FILE");
	char *body = slurp(argv[optind], &len);
	snprintf(cl, sizeof(cl), "%zu", len);

	if (mkdtemp(logdir) == NULL)
		die("mkdtemp failed");
	if (pcb_batch_init(&batch) < 0)
		die("out of memory");
	json_tokener *tok = batch.tok;
	pcb_buf_init(&ev, 0);
	pcb_buf_init(&rj, 0);
	conf_len = snprintf(conf, sizeof(conf), "PUSHCB_SDKAPPID=1400000000\nPUSHCB_LOG_DIR=%s\n", logdir);
	if (conf_len >= sizeof(conf))
		die("configuration text too long");
	if (pcb_config_load(&cfg, conf, conf_len, "parse-cost", NULL, err, sizeof(err)) < 0)
		die(err);
	if (pcb_handler_init(&h, &cfg) < 0)
		die("out of memory");

	/* Warm every path once (buffers grown, log file created) before counting. */
	cost_json(tok, body, len);
	cost_batch(&batch, body, len, &out);
	cost_handler(&h, body, len, cl);

	for (long r = 0; r < rounds; r++) {
		double t0 = now_ns();
		for (long i = 0; i < iters; i++)
			cost_json(tok, body, len);
		double t1 = now_ns();
		for (long i = 0; i < iters; i++)
			cost_batch(&batch, body, len, &out);
		double t2 = now_ns();
		for (long i = 0; i < iters; i++)
			cost_handler(&h, body, len, cl);
		double t3 = now_ns();
		t[0][r] = (t1 - t0) / (double)iters;
		t[1][r] = (t2 - t1) / (double)iters;
		t[2][r] = (t3 - t2) / (double)iters;
	}
	for (int c = 0; c < 3; c++)
		qsort(t[c], (size_t)rounds, sizeof(double), cmp_double);
	printf("bytes=%zu events=%u json_ns=%.0f batch_ns=%.0f handler_ns=%.0f\n", len, out.nvalid,
	       t[0][rounds / 2], t[1][rounds / 2], t[2][rounds / 2]);

	pcb_handler_free(&h);
	pcb_batch_free(&batch);
	pcb_buf_free(&ev);
	pcb_buf_free(&rj);
	free(body);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", logdir);
	return system(cmd) == 0 ? 0 : 1;
}
