/*
 * test-logformat-names: the log format's lines and file names as the writer
 * makes them and the readers recognise them (pcb_logformat).
 */
#include <config.h>

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pcb_buf.h"
#include "pcb_logformat.h"
#include "pcb_schema.h"
#include "tap.h"

static const struct pcb_command *find_command(const char *name)
{
	for (size_t i = 0; i < pcb_ncommands; i++)
		if (strcmp(pcb_commands[i]->name, name) == 0)
			return pcb_commands[i];
	return NULL;
}

static void names(void)
{
	const struct pcb_command *cmd = find_command("Push.OfflinePush");
	char base[PCB_LOG_BASE_MAX], path[64], period[16];

	tap_ok(pcb_log_base(cmd, 0, base) == 0 && strcmp(base, "offlinepush") == 0,
	       "an event log's base is its command's tag");
	tap_ok(pcb_log_base(cmd, 1, base) == 0 && strcmp(base, "reject-offlinepush") == 0,
	       "a reject log's base: reject- and the tag");
	{
		static char tag[PCB_LOG_BASE_MAX];
		struct pcb_command longer = *cmd;

		memset(tag, 'x', sizeof(tag) - 1);
		longer.tag = tag;
		tap_is_int(pcb_log_base(&longer, 1, base), -1,
			   "a base that does not fit is refused, not cut");
	}

	tap_is_int(pcb_log_path(path, sizeof(path), "/l", "offlinepush", "2026-11-30", 0, 0), 0,
		   "a daily path fits");
	tap_is_str(path, "/l/offlinepush-2026-11-30.tsv", "DIR/BASE-PERIOD.tsv");
	pcb_log_path(path, sizeof(path), "/l", "offlinepush", "2026-11-30T07", 1, 3);
	tap_is_str(path, "/l/offlinepush-2026-11-30T07.0003.tsv", "with a size limit: .SEG, four digits");
	tap_is_int(pcb_log_path(path, 10, "/l", "offlinepush", "2026-11-30", 0, 0), -1,
		   "a path too long for its buffer is refused, not cut");

	static const struct {
		const char *name;
		size_t plen;
		const char *period; /* NULL: not this log's */
	} cases[] = {
		{ "offlinepush-2026-11-30.tsv", 10, "2026-11-30" },
		{ "offlinepush-2026-11-30.tsv.gz", 10, "2026-11-30" },
		{ "offlinepush-2026-11-30.0002.tsv", 10, "2026-11-30" },
		{ "offlinepush-2026-11-30T07.tsv", 13, "2026-11-30T07" },
		{ "offlinepush-2026-11-30T07.tsv", 10, NULL },
		{ "offlinepush-2026-11-30.tsv", 13, NULL },
		{ "offlinepush-2026-1X-30.tsv", 10, NULL },
		{ "offlinepush-2026-11-30.log", 10, NULL },
		{ "reject-offlinepush-2026-11-30.tsv", 10, NULL },
		{ "offlinepushx-2026-11-30.tsv", 10, NULL },
		{ "offlinepush-2026-11-30.12345.tsv.gz", 10, "2026-11-30" },
		{ "offlinepush-2026-11-30.002.tsv", 10, NULL },
		{ "offlinepush-2026-11-30.backup.tsv", 10, NULL },
		{ "offlinepush-2026-11-30.tsv.1.gz", 10, NULL },
		{ "offlinepush-2026-11-30.tsv.bak", 10, NULL },
		{ "offlinepush-2026-11-30", 10, NULL },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int got;

		strcpy(period, "untouched");
		got = pcb_log_name_period(cases[i].name, "offlinepush", cases[i].plen, period);
		tap_ok(cases[i].period == NULL ? got == 0 && strcmp(period, "untouched") == 0
					       : got == 1 && strcmp(period, cases[i].period) == 0,
		       "%s, period of %zu: %s", cases[i].name, cases[i].plen,
		       cases[i].period == NULL ? "not this log's (period left alone)" : cases[i].period);
	}

	tap_ok(pcb_log_is_file_name("x-2026-11-30.tsv") && pcb_log_is_file_name("x.tsv.gz"),
	       ".tsv and .tsv.gz are log files");
	tap_ok(!pcb_log_is_file_name(".x.tsv") && !pcb_log_is_file_name("x.tsv.tmp") &&
		   !pcb_log_is_file_name("x.gz"),
	       "hidden files, other suffixes are not");
	tap_ok(pcb_log_is_reject_name("reject-offlinepush-2026-11-30.tsv") &&
		   !pcb_log_is_reject_name("offlinepush-2026-11-30.tsv"),
	       "reject- marks a reject log");
	tap_is_int((long long)pcb_log_plain_name_len("a.tsv.gz"), 5, "the name without .gz");
	tap_is_int((long long)pcb_log_plain_name_len("a.tsv"), 5, "a plain name whole");
	tap_is_int((long long)pcb_log_plain_name_len("a.tsv.1.gz"), 7,
		   "any .gz goes (logrotate's a.tsv.1.gz)");
}

/* Which log a name is of, a period's span, the temporary names. */
static void logs_periods_temps(void)
{
	char base[PCB_LOG_BASE_MAX], path[64];
	int64_t start, end;

	tap_ok(pcb_log_base_of("reject-allmemberpush-2026-11-30.tsv", base) &&
		   strcmp(base, "reject-allmemberpush") == 0,
	       "a reject file is its reject log's");
	tap_ok(pcb_log_base_of("offlinepush.Ab12Cd", base) && strcmp(base, "offlinepush") == 0,
	       "a base followed by '.' is the log's too");
	tap_ok(!pcb_log_base_of("offlinepushx-2026-11-30.tsv", base) && !pcb_log_base_of("notes.txt", base),
	       "another name is no log's");
	tap_ok(pcb_log_period_span("2026-11-30", &start, &end) == 0 && start == 1795996800 &&
		   end - start == 86400,
	       "a day's span");
	tap_ok(pcb_log_period_span("2026-11-30T07", &start, &end) == 0 && start == 1796022000 &&
		   end - start == 3600,
	       "an hour's span");
	tap_is_int(pcb_log_period_span("2026-13-30", &start, &end), -1, "no span for a period that is none");
	tap_is_int(pcb_log_temp_path(path, sizeof(path), "/l", "offlinepush"), 0, "a temporary name fits");
	tap_is_str(path, "/l/.offlinepush.XXXXXX", "DIR/.NAME.XXXXXX, for mkostemp");
	tap_is_int(pcb_log_temp_path(path, 12, "/l", "offlinepush"), -1,
		   "one that does not fit is refused, not cut");
	tap_ok(pcb_log_is_temp_name(".offlinepush.Ab12Cd") &&
		   pcb_log_is_temp_name(".offlinepush-2025-11-20.tsv.QwErTy"),
	       "a writer's and a housekeeping's temporary names are recognised");
	tap_ok(!pcb_log_is_temp_name(".notes.Ab12Cd") && !pcb_log_is_temp_name(".offlinepushx.Ab12Cd") &&
		   !pcb_log_is_temp_name(".offlinepush.Ab12") && !pcb_log_is_temp_name("offlinepush.Ab12Cd"),
	       "other hidden names are not");
}

static void lines(void)
{
	const struct pcb_command *cmd = find_command("Push.AllMemberPush");
	char t[PCB_LOG_RECVTIME_SIZE], other[PCB_LOG_RECVTIME_SIZE];
	const char *want;
	struct pcb_buf b;

	pcb_log_recvtime(1764072000, t);
	tap_is_str(t, "2025-11-25T12:00:00Z", "RecvTime in UTC, to the second");
	pcb_log_recvtime(-1, other);
	tap_is_str(other, "1969-12-31T23:59:59Z", "before 1970 too");
	pcb_log_recvtime(LLONG_MIN, other);
	tap_is_str(other, "-9223372036854775808", "a time without a date: its decimal");

	pcb_buf_init(&b, 0);
	pcb_log_header(&b, cmd);
	pcb_buf_putc(&b, '\0');
	tap_ok(strncmp(b.data, PCB_LOG_FIELDS_TAG "\tRecvTime\tSdkAppid\t", 25) == 0,
	       "an event header: the tag, the common columns, then the command's");
	tap_ok(strstr(b.data, "\tTaskId\t") != NULL && b.data[b.len - 2] == '\n',
	       "the command's fields named, one newline at the end");

	pcb_buf_reset(&b);
	pcb_log_reject_line(&b, t, "1400000000", "Push.AllMemberPush", 3, "why", "a\tb", 3);
	want = "2025-11-25T12:00:00Z\t1400000000\tPush.AllMemberPush\t3\twhy\ta\\tb\n";
	tap_is_mem(b.data, b.len, want, strlen(want), "a reject line: its six columns, the data escaped");
	pcb_buf_reset(&b);
	pcb_log_reject_line(&b, t, "1400000000", "Push.AllMemberPush", -1, "why", "", 0);
	want = "2025-11-25T12:00:00Z\t1400000000\tPush.AllMemberPush\t\twhy\t\n";
	tap_is_mem(b.data, b.len, want, strlen(want), "a whole body's reject line: no index");
	pcb_buf_free(&b);
}

int main(void)
{
	names();
	logs_periods_temps();
	lines();
	/* Periods and RecvTime are UTC whatever the zone: again under UTC+8. */
	setenv("TZ", "Asia/Shanghai", 1);
	tzset();
	time_t t = 0;
	struct tm tm;
	tap_ok(localtime_r(&t, &tm) != NULL && tm.tm_hour == 8, "TZ=Asia/Shanghai is in effect (tzdata)");
	logs_periods_temps();
	lines();
	return tap_done();
}
