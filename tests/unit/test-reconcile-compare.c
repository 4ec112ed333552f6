/*
 * test-reconcile-compare: Tencent's figures beside the logs' counts:
 * Beijing days, the stage mapping (total, sent, delivered, clicked),
 * duplicates dropped, missing and extra, online pushes under vendor "all",
 * tasks kept apart and folded, losses by ErrCode, partial days, the
 * tolerance, and the JSON and openmetrics output.
 */
#include <config.h>

#include <errno.h>
#include <string.h>

#include "pcb_reconcile.h"
#include "report-lines.h"

#define AM_HEADER                                                            \
	"#fields\tEventTime\tPushPlatform\tPushStage\tErrCode\tErrInfo\tTo_" \
	"Account\tTaskId\tEventType\tDeviceType"
/* Beijing midnight of 2026-11-25 and 2026-11-26 in wall-clock seconds. */
#define DAY25 1795564800LL
#define DAY26 (DAY25 + 86400)

static void am_add(struct pcb_report *r, const struct pcb_report_cols *c, long long when, int platform,
		   int stage, int err, const char *to, const char *task, int type, int device)
{
	char line[256];
	int n = snprintf(line, sizeof(line), "%lld\t%d\t%d\t%d\t\t%s\t%s\t%d\t%d", when, platform, stage, err,
			 to, task, type, device);

	pcb_report_add(r, c, line, (size_t)n);
}

static void tencent(struct pcb_rc *rc, int64_t day, const char *cmd, enum pcb_tapi_cmd api, const char *json)
{
	struct pcb_tapi_answer a = { 0 };
	char err[256];

	if (pcb_tapi_parse(api, json, strlen(json), NULL, 0, &a, err, sizeof(err)) != 0 ||
	    pcb_rc_add_tencent(rc, day, rl_cmd(cmd), &a) != 0) {
		printf("Bail out! %s\n", err);
		exit(1);
	}
	pcb_tapi_answer_free(&a);
}

/* The row of the key, or NULL. */
static const struct pcb_rc_row *find(const struct pcb_rc *rc, int64_t day, const char *task,
				     enum pcb_rc_push push, int64_t vendor, enum pcb_tapi_stage stage,
				     int64_t errcode)
{
	for (size_t i = 0; i < rc->n; i++) {
		const struct pcb_rc_row *row = &rc->rows[i];

		if (row->day == day && strcmp(row->task, task) == 0 && row->push == push &&
		    row->vendor == vendor && row->stage == stage && row->errcode == errcode)
			return row;
	}
	return NULL;
}

static void is_row(const struct pcb_rc *rc, int64_t day, const char *task, enum pcb_rc_push push,
		   int64_t vendor, enum pcb_tapi_stage stage, int64_t errcode, uint64_t t, uint64_t l,
		   uint64_t m, uint64_t e, const char *name)
{
	const struct pcb_rc_row *row = find(rc, day, task, push, vendor, stage, errcode);

	tap_ok(row != NULL && row->tencent == t && row->logged == l && row->missing == m && row->extra == e,
	       "%s: tencent %llu logged %llu missing %llu extra %llu", name, (unsigned long long)t,
	       (unsigned long long)l, (unsigned long long)m, (unsigned long long)e);
	if (row != NULL && !(row->tencent == t && row->logged == l))
		tap_diag("got tencent %llu logged %llu", (unsigned long long)row->tencent,
			 (unsigned long long)row->logged);
}

int main(void)
{
	struct pcb_report_cols off, am;
	struct pcb_tz tz;
	struct pcb_report *r;
	struct pcb_rc rc, folded;
	struct pcb_rc_summary s;
	int64_t t = RL_T13; /* 21:00 in Beijing on the 25th */

	tap_plan(31);
	if (pcb_tz_fixed(&tz, "+08:00") != 0)
		return 1;
	r = rl_new_tz(PCB_BY_TASKID_VENDOR_DAY, 1000, &tz);
	rl_bind(&off);
	rl_bind_header(AM_HEADER, &am);

	/* Offline pushes, APNs, the 25th: 3 sent (one twice), 1 failed with ErrCode 7, 2 delivered, 1 click. */
	rl_add(r, &off, t, 1, 1, 0, "", "u1", "p1");
	rl_add(r, &off, t, 1, 1, 0, "", "u1", "p1"); /* a duplicate */
	rl_add(r, &off, t, 1, 1, 0, "", "u2", "p2");
	rl_add(r, &off, t, 1, 1, 0, "", "u3", "p3");
	rl_add(r, &off, t, 1, 1, 7, "bad", "u4", "p4");
	rl_add(r, &off, t, 1, 2, 0, "", "u1", "p1");
	rl_add(r, &off, t, 1, 2, 0, "", "u2", "p2");
	rl_add(r, &off, t, 1, 3, 0, "", "u1", "p1");
	/* 01:00 in Beijing on the 26th (17:00 UTC on the 25th): another day. */
	rl_add(r, &off, t + 4 * 3600, 3, 1, 0, "", "u5", "p5");
	/* All-member pushes of task-a on the 25th: 2 offline Huawei sends, 2 online deliveries (any DeviceType). */
	am_add(r, &am, t, 3, 1, 0, "u1", "task-a", 1, 3);
	am_add(r, &am, t, 3, 1, 0, "u2", "task-a", 1, 3);
	am_add(r, &am, t, 0, 2, 0, "u3", "task-a", 2, 1);
	am_add(r, &am, t, 0, 2, 0, "u4", "task-a", 2, 4);
	am_add(r, &am, t, 3, 1, 0, "u1", "task-b", 1, 3);

	pcb_rc_init(&rc, DAY26);
	tap_is_int(pcb_rc_add_logged(&rc, r, DAY25), 0, "logged counts added");
	tencent(
	    &rc, DAY25, "Push.OfflinePush", PCB_TAPI_NORMAL_STATS,
	    "{\"ErrorCode\":0,\"PlatformStatistics\":[{\"PushPlatform\":1,\"TotalCount\":6,\"SentCount\":5,"
	    "\"DeliveredCount\":2,\"ClickCount\":1}]}");
	tencent(
	    &rc, DAY25, "Push.AllMemberPush", PCB_TAPI_ALL_STATS,
	    "{\"ErrorCode\":0,\"Results\":[{\"TaskID\":\"task-a\",\"PlatformStatistics\":[{\"EventType\":1,"
	    "\"PushPlatform\":3,\"TotalCount\":2,\"SentCount\":2,\"DeliveredCount\":0,\"ClickCount\":0},"
	    "{\"EventType\":2,\"PushPlatform\":0,\"TotalCount\":3,\"SentCount\":3,\"DeliveredCount\":3,"
	    "\"ClickCount\":0}]},{\"TaskID\":\"task-b\",\"PlatformStatistics\":[{\"EventType\":1,"
	    "\"PushPlatform\":3,\"TotalCount\":4,\"SentCount\":4,\"DeliveredCount\":0,\"ClickCount\":0}]}]}");
	tencent(&rc, DAY25, "Push.OfflinePush", PCB_TAPI_NORMAL_LOSS,
		"{\"ErrorCode\":0,\"ReadyToSendLoss\":[{\"ErrCode\":\"7\",\"ErrCount\":2}]}");
	tencent(
	    &rc, DAY26, "Push.OfflinePush", PCB_TAPI_NORMAL_STATS,
	    "{\"ErrorCode\":0,\"PlatformStatistics\":[{\"PushPlatform\":3,\"TotalCount\":3,\"SentCount\":3,"
	    "\"DeliveredCount\":0,\"ClickCount\":0}]}");
	tap_is_int(pcb_rc_finish(&rc), 0, "finished");

	is_row(&rc, DAY25, "", PCB_RC_OFFLINE, 1, PCB_STAGE_TOTAL, 0, 6, 4, 2, 0,
	       "APNs total: stage 1, any ErrCode");
	is_row(&rc, DAY25, "", PCB_RC_OFFLINE, 1, PCB_STAGE_SENT, 0, 5, 3, 2, 0,
	       "APNs sent: the duplicate dropped");
	is_row(&rc, DAY25, "", PCB_RC_OFFLINE, 1, PCB_STAGE_DELIVERED, 0, 2, 2, 0, 0, "APNs delivered");
	is_row(&rc, DAY25, "", PCB_RC_OFFLINE, 1, PCB_STAGE_CLICKED, 0, 1, 1, 0, 0, "APNs clicked");
	is_row(&rc, DAY26, "", PCB_RC_OFFLINE, 3, PCB_STAGE_TOTAL, 0, 3, 1, 2, 0,
	       "01:00 Beijing is the next day");
	is_row(&rc, DAY25, "task-a", PCB_RC_OFFLINE, 3, PCB_STAGE_SENT, 0, 2, 2, 0, 0,
	       "task-a offline Huawei");
	is_row(&rc, DAY25, "task-a", PCB_RC_ONLINE, PCB_RC_VENDOR_ALL, PCB_STAGE_DELIVERED, 0, 3, 2, 1, 0,
	       "task-a online: vendor all, whatever the DeviceType");
	is_row(&rc, DAY25, "task-b", PCB_RC_OFFLINE, 3, PCB_STAGE_TOTAL, 0, 4, 1, 3, 0,
	       "task-b apart from task-a");
	is_row(&rc, DAY25, "", PCB_RC_ANY, PCB_RC_VENDOR_ALL, PCB_STAGE_SEND_LOSS, 7, 2, 1, 1, 0,
	       "loss: ErrCode \"7\" against our failed sends with ErrCode 7");
	is_row(&rc, DAY25, "", PCB_RC_OFFLINE, 1, PCB_STAGE_SEND_LOSS, 7, 0, 1, 0, 1,
	       "loss per vendor: Tencent gave none, ours is extra");
	tap_ok(find(&rc, DAY26, "", PCB_RC_ANY, PCB_RC_VENDOR_ALL, PCB_STAGE_SEND_LOSS, 7) == NULL,
	       "no loss rows where neither side has one");
	tap_ok(!find(&rc, DAY25, "", PCB_RC_OFFLINE, 1, PCB_STAGE_TOTAL, 0)->partial &&
		   find(&rc, DAY26, "", PCB_RC_OFFLINE, 3, PCB_STAGE_TOTAL, 0)->partial,
	       "days from partial_from on are partial");

	pcb_rc_summarize(&rc, 2, 0, &s);
	/*
	 * The 25th: APNs total 2, task-a online total 3 (only deliveries logged)
	 * and delivered 1, task-b total 3; the sent rows are among the totals.
	 */
	tap_is_int((long long)s.missing, 2 + 3 + 1 + 3,
		   "missing callbacks: total, delivered, clicked rows of complete days");
	tap_is_int((long long)s.partial_missing, 2, "the partial day's apart");
	tap_ok(s.over_tolerance, "over a tolerance of 0");
	pcb_rc_summarize(&rc, 2, 100, &s);
	tap_ok(!s.over_tolerance, "not over 100%% (task-a online total misses 3 of 3)");
	pcb_rc_summarize(&rc, 2, 99.9, &s);
	tap_ok(s.over_tolerance, "over 99.9%%");

	tap_is_int(pcb_rc_fold_tasks(&rc, &folded), 0, "tasks folded");
	is_row(&folded, DAY25, "", PCB_RC_OFFLINE, 3, PCB_STAGE_TOTAL, 0, 6, 3, 3, 0,
	       "folded: task-a and task-b's Huawei totals summed, missing summed per task");
	pcb_rc_free(&folded);

	{
		char *buf = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&buf, &len);

		pcb_rc_summarize(&rc, 2, 0, &s);
		tap_is_int(pcb_rc_write(f, PCB_RC_JSON, &rc, &s), 0, "JSON written");
		fclose(f);
		tap_ok(
		    strstr(
			buf,
			"\n{\"day\":\"2026-11-25\",\"command\":\"Push.OfflinePush\",\"task\":\"\",\"push\":"
			"\"offline\",\"vendor\":\"APNs\",\"stage\":\"sent\",\"tencent\":5,\"logged\":3,"
			"\"missing\":2,\"extra\":0,\"partial\":false},\n") != NULL,
		    "JSON: a row a line, the issue's keys in its order");
		tap_ok(
		    strstr(buf,
			   "\n{\"day\":\"2026-11-25\",\"command\":\"Push.OfflinePush\",\"push\":\"all\","
			   "\"vendor\":"
			   "\"all\",\"stage\":\"ready_to_send\",\"errcode\":\"7\",\"tencent\":2,\"logged\":1,"
			   "\"missing\":1,\"extra\":0,\"partial\":false}") != NULL &&
			strstr(buf, "\"losses\":[") < strstr(buf, "\"stage\":\"ready_to_send\""),
		    "JSON losses apart, ErrCode a string as Tencent's");
		free(buf);
		f = open_memstream(&buf, &len);
		tap_is_int(pcb_rc_write(f, PCB_RC_OPENMETRICS, &rc, &s), 0, "openmetrics written");
		fclose(f);
		tap_ok(
		    strstr(buf,
			   "pushcb_reconcile_missing{command=\"Push.AllMemberPush\",push=\"offline\",vendor="
			   "\"Huawei\",stage=\"total\",day=\"2026-11-25\",partial=\"false\"} 3\n") != NULL,
		    "openmetrics: tasks folded into one series");
		free(buf);
	}
	pcb_rc_free(&rc);

	/* Tencent's figures of one key that add up past INT64_MAX (2 * (2^63-2) + 16 wraps to 12). */
	pcb_rc_init(&rc, DAY26);
	for (int i = 0; i < 3; i++)
		tencent(
		    &rc, DAY25, "Push.OfflinePush", PCB_TAPI_NORMAL_STATS,
		    i < 2 ? "{\"ErrorCode\":0,\"PlatformStatistics\":[{\"PushPlatform\":1,\"TotalCount\":"
			    "9223372036854775806,\"SentCount\":0,\"DeliveredCount\":0,\"ClickCount\":0}]}"
			  : "{\"ErrorCode\":0,\"PlatformStatistics\":[{\"PushPlatform\":1,\"TotalCount\":16,"
			    "\"SentCount\":0,\"DeliveredCount\":0,\"ClickCount\":0}]}");
	errno = 0;
	tap_is_int(pcb_rc_finish(&rc), -1, "counts summing past INT64_MAX: refused");
	tap_is_int(errno, ERANGE, "as ERANGE");
	pcb_rc_free(&rc);

	/* A TaskID of Tencent's with ESC, BEL, a tab and a newline: escaped in the text table. */
	pcb_rc_init(&rc, DAY26);
	tencent(&rc, DAY25, "Push.AllMemberPush", PCB_TAPI_ALL_STATS,
		"{\"ErrorCode\":0,\"Results\":[{\"TaskID\":\"t\\u001b[2J\\u0007\\t\\nx\","
		"\"PlatformStatistics\":[{"
		"\"EventType\":1,\"PushPlatform\":3,\"TotalCount\":1,\"SentCount\":1,\"DeliveredCount\":0,"
		"\"ClickCount\":0}]}]}");
	tap_is_int(pcb_rc_finish(&rc), 0, "a TaskID with control bytes: finished");
	pcb_rc_summarize(&rc, 1, 0, &s);
	{
		char *buf = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&buf, &len);

		tap_is_int(pcb_rc_write(f, PCB_RC_TEXT, &rc, &s), 0, "text written");
		fclose(f);
		tap_ok(strpbrk(buf, "\x1b\x07\t") == NULL && strstr(buf, " t\\x1b[2J\\x07\\t\\nx ") != NULL,
		       "text: the TaskID escaped as in the logs");
		free(buf);
	}
	pcb_rc_free(&rc);
	pcb_report_destroy(r);
	return tap_done();
}
