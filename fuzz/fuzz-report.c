/*
 * fuzz-report: libFuzzer target over the report's input side: arbitrary
 * bytes as a log file read back by pcb_logread, every line counted by
 * pcb_report_add, the report written in every format (pcb_report_out).
 *
 * Input: the first byte chooses how the rest is read (the MODE_* bits): a
 * valid #fields header put before it or not (so that the lines themselves
 * get fuzzed as often as the header), the file gzip-compressed or not, the
 * grouping, the duplicate window and a --from/--to range. The rest is the
 * file's bytes, as written (raw gzip included).
 *
 * Besides crashes, leaks and undefined behaviour (the sanitizers), it aborts
 * when the counts disagree:
 *   - each line is in exactly one summary counter, the one pcb_report_add's
 *     answer names (lines = counted + duplicates + malformed + torn + skipped);
 *   - the groups' funnels add up to the events counted, clicks failed are
 *     clicks, every period is whole and has a date;
 *   - the error keys listed and unlisted add up to at least the failed
 *     events of the funnel and at most the events counted;
 *   - every format is written; the JSON parses and says what the summary
 *     says; every TSV row has its table's header's field count.
 */
#include <config.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <json.h>
#include <zlib.h>

#include "pcb_logread.h"
#include "pcb_report.h"
#include "pcb_report_out.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The mode byte. */
#define MODE_HEADER_MASK 0x03 /* 0 none, then one of the headers below */
#define MODE_BY_SHIFT 2       /* two bits: enum pcb_report_by */
#define MODE_BY_MASK 0x03
#define MODE_GZIP 0x10
#define MODE_SMALL_WINDOW 0x20 /* a window of FUZZ_SMALL_WINDOW, else FUZZ_WINDOW */
#define MODE_NO_WINDOW 0x40
#define MODE_RANGE 0x80 /* --from FUZZ_FROM --to FUZZ_TO */

#define FUZZ_WINDOW 64
#define FUZZ_SMALL_WINDOW 2
#define FUZZ_FROM 0
#define FUZZ_TO 4000000000LL
#define FUZZ_TOP_ALL SIZE_MAX

static const char *const headers[] = {
	NULL,
	"#fields\tRecvTime\tSdkAppid\tCallbackCommand\tEventType\tEventTime\tFrom_Account\t"
	"To_Account\tPushPlatform\tPushStage\tMsgKey\tGroupID\tMsgSeq\tMsgRandom\tMsgTime\t"
	"PushID\tErrCode\tErrInfo\n",
	"#fields\tRecvTime\tSdkAppid\tCallbackCommand\tEventType\tTaskId\tDataId\tTaskTime\t"
	"EventTime\tTo_Account\tPushPlatform\tDeviceType\tPushStage\tErrCode\tErrInfo\n",
	"#fields\tEventTime\tPushPlatform\tPushStage\tErrCode\tErrInfo\tTo_Account\tPushID\n",
};

static char log_path[64];

static void fail(const char *what)
{
	fprintf(stderr, "fuzz-report: contract broken: %s\n", what);
	abort();
}

static void remove_log(void)
{
	unlink(log_path);
}

static void setup(void)
{
	int fd;

	snprintf(log_path, sizeof(log_path), "/tmp/pcb-fuzz-report.XXXXXX");
	fd = mkstemp(log_path);
	if (fd < 0)
		fail("mkstemp");
	close(fd);
	atexit(remove_log);
}

/* Writes [header] (or nothing) and [len] bytes at [p] to the log file, gzip-compressed when [gz]. */
static void write_log(const char *header, const uint8_t *p, size_t len, int gz)
{
	gzFile f = gzopen(log_path, gz ? "wb" : "wbT");
	size_t hlen = header != NULL ? strlen(header) : 0;

	if (f == NULL)
		fail("gzopen for writing");
	if ((hlen > 0 && gzwrite(f, header, (unsigned)hlen) != (int)hlen) ||
	    (len > 0 && gzwrite(f, p, (unsigned)len) != (int)len))
		fail("gzwrite");
	if (gzclose(f) != Z_OK)
		fail("gzclose");
}

/* Checks that answer [st] moved exactly the summary counter it names, from [before] to [after]. */
static void check_line(enum pcb_report_line st, const struct pcb_report_summary *before,
		       const struct pcb_report_summary *after)
{
	uint64_t counted = after->counted - before->counted;
	uint64_t dup = after->duplicates - before->duplicates;
	uint64_t bad = after->malformed - before->malformed;
	uint64_t torn = after->torn - before->torn;
	uint64_t skipped =
	    (after->other_command - before->other_command) + (after->outside_period - before->outside_period);

	if (after->lines - before->lines != 1)
		fail("a line not counted in lines");
	if (counted + dup + bad + torn + skipped != 1)
		fail("a line in no summary counter, or in two");
	if ((st == PCB_LINE_COUNTED) != (counted == 1) || (st == PCB_LINE_DUPLICATE) != (dup == 1) ||
	    (st == PCB_LINE_MALFORMED) != (bad == 1) || (st == PCB_LINE_TORN) != (torn == 1) ||
	    (st == PCB_LINE_SKIPPED) != (skipped == 1))
		fail("pcb_report_add's answer is not the counter it moved");
}

/* Reads the log file into [r] as pushcb-report does: header, bind, then every line. */
static void read_log(struct pcb_report *r)
{
	struct pcb_lr_file *f = pcb_lr_open(log_path);
	struct pcb_lr_header h = { 0 };
	struct pcb_report_cols cols;
	struct pcb_report_summary *sum = pcb_report_summary(r);
	const char *missing;
	char *line, *header = NULL;
	size_t len, header_len = 0;
	enum pcb_lr_status st;

	if (f == NULL)
		fail("pcb_lr_open");
	st = pcb_lr_next(f, &line, &len);
	if (st != PCB_LR_LINE || pcb_lr_header_parse(&h, line, len) != 0 ||
	    pcb_report_bind(&h, &cols, &missing) != PCB_BIND_OK)
		goto out;
	header = malloc(len > 0 ? len : 1);
	if (header == NULL)
		fail("malloc");
	memcpy(header, line, len);
	header_len = len;
	while ((st = pcb_lr_next(f, &line, &len)) != PCB_LR_EOF && st != PCB_LR_ERROR) {
		struct pcb_report_summary before = *sum;
		enum pcb_report_line lr;

		if (st == PCB_LR_LINE && len == header_len && memcmp(line, header, len) == 0)
			continue;
		lr = pcb_report_add_read(r, &cols, st, line, len);
		if (lr == PCB_LINE_NOMEM)
			fail("out of memory on a small input");
		check_line(lr, &before, sum);
	}
out:
	free(header);
	pcb_lr_header_clear(&h);
	pcb_lr_close(f);
}

/* The groups add up to the summary; periods are whole and named. */
static void check_groups(struct pcb_report *r, uint64_t *failed)
{
	const struct pcb_report_group *const *g;
	size_t n = pcb_report_groups(r, &g);
	enum pcb_report_by by = pcb_report_opts(r)->by;
	int64_t unit = by == PCB_BY_VENDOR_HOUR ? PCB_CALTIME_HOUR : PCB_CALTIME_DAY;
	uint64_t events = 0;
	char buf[PCB_CALTIME_BYTES];

	if (g == NULL)
		fail("pcb_report_groups: out of memory");
	*failed = 0;
	for (size_t i = 0; i < n; i++) {
		const struct pcb_report_counts *c = &g[i]->n;

		events +=
		    c->sent + c->send_failed + c->delivered + c->deliver_failed + c->clicked + c->other_stage;
		*failed += c->send_failed + c->deliver_failed + c->click_failed;
		if (c->click_failed > c->clicked)
			fail("more failed clicks than clicks");
		if (by == PCB_BY_VENDOR_HOUR || by == PCB_BY_VENDOR_DAY) {
			if (g[i]->period % unit != 0 || pcb_report_format_period(g[i]->period, by, buf) != 0)
				fail("a period that is not a whole hour or day with a date");
		}
	}
	if (events != pcb_report_summary(r)->counted)
		fail("the funnel does not add up to the events counted");
}

/* The error keys add up to the failed events. */
static void check_errors(struct pcb_report *r, uint64_t failed)
{
	const struct pcb_report_error *const *e;
	size_t n = pcb_report_errors(r, FUZZ_TOP_ALL, &e);
	const struct pcb_report_summary *s = pcb_report_summary(r);
	uint64_t listed = 0;

	if (e == NULL)
		fail("pcb_report_errors: out of memory");
	for (size_t i = 0; i < n; i++) {
		if (e[i]->count == 0 || e[i]->errcode == 0)
			fail("an error key without a failure");
		listed += e[i]->count;
	}
	if (listed + s->errors_unlisted < failed || listed + s->errors_unlisted > s->counted)
		fail("the error keys do not add up to the failed events");
}

/* Writes the report as [fmt] into a malloc'd text at [*out]. */
static size_t render(struct pcb_report *r, enum pcb_report_format fmt, char **out)
{
	size_t len = 0;
	FILE *f = open_memstream(out, &len);

	if (f == NULL)
		fail("open_memstream");
	if (pcb_report_write(f, fmt, r, FUZZ_TOP_ALL) != 0)
		fail("pcb_report_write failed");
	if (fclose(f) != 0)
		fail("fclose");
	return len;
}

/* The JSON parses and its summary.counted is the summary's. */
static void check_json(const char *text, uint64_t counted)
{
	json_object *root = json_tokener_parse(text), *summary, *v;

	if (root == NULL)
		fail("the JSON output does not parse");
	if (!json_object_object_get_ex(root, "summary", &summary) ||
	    !json_object_object_get_ex(summary, "counted", &v) ||
	    (uint64_t)json_object_get_uint64(v) != counted)
		fail("the JSON summary is not the report's");
	json_object_put(root);
}

/* Every row of each TSV table (tables are separated by an empty line) has its header's field count. */
static void check_tsv(const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	size_t want = 0;
	int header = 1;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t fields = 1;

		if (nl == NULL)
			fail("the TSV output does not end with a newline");
		for (const char *q = p; q < nl; q++)
			fields += *q == '\t';
		if (nl == p) {
			header = 1;
		} else if (header) {
			want = fields;
			header = 0;
		} else if (fields != want) {
			fail("a TSV row with another field count than its header");
		}
		p = nl + 1;
	}
}

static void check_output(struct pcb_report *r)
{
	static const enum pcb_report_format formats[] = { PCB_FMT_TEXT, PCB_FMT_TSV, PCB_FMT_JSON,
							  PCB_FMT_HTML };

	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		char *text = NULL;
		size_t len = render(r, formats[i], &text);

		if (formats[i] == PCB_FMT_JSON)
			check_json(text, pcb_report_summary(r)->counted);
		else if (formats[i] == PCB_FMT_TSV)
			check_tsv(text, len);
		free(text);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pcb_report_opts o = {
		.commands = PCB_CMD_BIT(pcb_ncommands) - 1,
		.dedup_window = FUZZ_WINDOW,
	};
	struct pcb_report *r;
	const struct pcb_report_summary *s;
	uint64_t failed;
	uint8_t mode;

	if (size == 0)
		return 0;
	if (log_path[0] == '\0')
		setup();
	mode = data[0];
	o.by = (enum pcb_report_by)((mode >> MODE_BY_SHIFT) & MODE_BY_MASK);
	if (o.by == PCB_BY_TASKID)
		o.commands = PCB_CMD_BIT((unsigned)pcb_command_index("Push.AllMemberPush"));
	if (mode & MODE_SMALL_WINDOW)
		o.dedup_window = FUZZ_SMALL_WINDOW;
	if (mode & MODE_NO_WINDOW)
		o.dedup_window = 0;
	if (mode & MODE_RANGE) {
		o.has_from = o.has_to = 1;
		o.from = FUZZ_FROM;
		o.to = FUZZ_TO;
	}
	write_log(headers[mode & MODE_HEADER_MASK], data + 1, size - 1, (mode & MODE_GZIP) != 0);
	r = pcb_report_new(&o);
	if (r == NULL)
		fail("pcb_report_new");
	read_log(r);
	s = pcb_report_summary(r);
	if (s->lines !=
	    s->counted + s->duplicates + s->malformed + s->torn + s->other_command + s->outside_period)
		fail("lines is not the sum of what became of them");
	if (s->no_identity > s->counted)
		fail("more events without identity than counted");
	check_groups(r, &failed);
	check_errors(r, failed);
	check_output(r);
	pcb_report_destroy(r);
	return 0;
}
