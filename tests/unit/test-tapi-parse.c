/*
 * test-tapi-parse: the API's answers as Tencent's pages show them (with
 * "sucess" misspelt), ErrorCode refusals, the documented malformed
 * normal_push_loss sample refused, wrong shapes refused; the request URL
 * and body.
 */
#include <config.h>

#include <string.h>

#include "pcb_tapi.h"
#include "tap.h"

#define NORMAL_STATS                                                                                     \
	"{\"ActionStatus\":\"OK\",\"ErrorCode\":0,\"ErrorInfo\":\"sucess\",\"TotalCount\":933478,"       \
	"\"SentCount\":637076,\"DeliveredCount\":7616,\"ClickCount\":421,\"PlatformStatistics\":["       \
	"{\"PushPlatform\":8,\"TotalCount\":293,\"SentCount\":0,\"DeliveredCount\":0,\"ClickCount\":0}," \
	"{\"PushPlatform\":1,\"TotalCount\":10,\"SentCount\":9,\"DeliveredCount\":8,\"ClickCount\":2}]}"
#define ALL_STATS                                                                                           \
	"{\"ActionStatus\":\"OK\",\"ErrorCode\":0,\"ErrorInfo\":\"sucess\",\"Results\":[{\"TaskID\":\"t-"   \
	"1\","                                                                                              \
	"\"TotalCount\":2670,\"SentCount\":2213,\"DeliveredCount\":532,\"ClickCount\":206,"                 \
	"\"PlatformStatistics\":[{\"EventType\":1,\"PushPlatform\":1,\"TotalCount\":532,\"SentCount\":391," \
	"\"DeliveredCount\":0,\"ClickCount\":27},{\"EventType\":2,\"PushPlatform\":0,\"TotalCount\":5,"     \
	"\"SentCount\":5,\"DeliveredCount\":4,\"ClickCount\":0}]}]}"
#define NORMAL_LOSS                                                                                \
	"{\"ActionStatus\":\"OK\",\"ErrorCode\":0,\"ErrorInfo\":\"sucess\",\"ReadyToSendLoss\":[{" \
	"\"ErrCode\":"                                                                             \
	"\"-1\",\"ErrCount\":167,\"ErrInfo\":\"certificate id not "                                \
	"set\"}],\"PlatformPostSendDeliveredLoss\":["                                              \
	"{\"ErrCode\":\"20003\",\"ErrCount\":3,\"ErrInfo\":\"x\",\"PushPlatform\":3}]}"
/* Tencent's own normal_push_loss sample: an unnamed object inside the outer one. */
#define MALFORMED_LOSS                                                                              \
	"{\"ActionStatus\":\"OK\",\"ErrorCode\":0,\"ErrorInfo\":\"sucess\",{\"ReadyToSendLoss\":[{" \
	"\"ErrCode\":"                                                                              \
	"\"-1\",\"ErrCount\":167,\"ErrInfo\":\"certificate id not set\"}]}}"

static int parse(enum pcb_tapi_cmd cmd, const char *s, struct pcb_tapi_answer *a, char *err)
{
	return pcb_tapi_parse(cmd, s, strlen(s), NULL, 0, a, err, 256);
}

int main(void)
{
	struct pcb_tapi_answer a = { 0 };
	char err[256], url[PCB_TAPI_URL_BYTES], body[PCB_TAPI_BODY_BYTES];
	const char *tasks[] = { "t-1", "t\"2" };

	tap_plan(40);
	tap_is_int(parse(PCB_TAPI_NORMAL_STATS, NORMAL_STATS, &a, err), 0,
		   "normal_push_statistics sample read");
	tap_is_int((long long)a.n, 8, "two platforms, four counts each (the totals are not figures)");
	tap_is_int(a.fig[0].platform, 8, "first: Honor");
	tap_is_int(a.fig[0].stage, PCB_STAGE_TOTAL, "its TotalCount first");
	tap_is_int((long long)a.fig[0].count, 293, "293");
	tap_is_int((long long)a.fig[7].count, 2, "APNs' ClickCount last");
	tap_is_int(a.fig[7].stage, PCB_STAGE_CLICKED, "as the clicked stage");

	tap_is_int(parse(PCB_TAPI_ALL_STATS, ALL_STATS, &a, err), 0,
		   "all_member_push_statistics sample read");
	tap_is_int((long long)a.n, 8, "offline APNs and online, four counts each");
	tap_is_str(a.fig[0].task, "t-1", "the TaskID carried");
	tap_ok(!a.fig[0].online && a.fig[4].online, "EventType 2 is online");

	tap_is_int(parse(PCB_TAPI_NORMAL_LOSS, NORMAL_LOSS, &a, err), 0, "normal_push_loss read");
	tap_is_int((long long)a.n, 2, "two loss entries");
	tap_ok(a.fig[0].stage == PCB_STAGE_SEND_LOSS && a.fig[0].errcode == -1 && a.fig[0].count == 167 &&
		   a.fig[0].platform == PCB_TAPI_ALL_PLATFORMS,
	       "ReadyToSendLoss: ErrCode \"-1\" (a string) as -1, 167, every platform");
	tap_ok(a.fig[1].stage == PCB_STAGE_DELIVER_LOSS && a.fig[1].errcode == 20003 &&
		   a.fig[1].platform == 3,
	       "PlatformPostSendDeliveredLoss: per platform");

	tap_is_int(parse(PCB_TAPI_NORMAL_LOSS, MALFORMED_LOSS, &a, err), -1,
		   "Tencent's malformed sample refused");
	tap_ok(strstr(err, "not valid JSON") != NULL, "saying it is not valid JSON: %s", err);

	tap_is_int(parse(PCB_TAPI_NORMAL_STATS,
			 "{\"ActionStatus\":\"FAIL\",\"ErrorCode\":70009,\"ErrorInfo\":\"bad\"}", &a, err),
		   0, "a refusal is an answer");
	tap_is_int(a.error_code, 70009, "its ErrorCode");
	tap_is_str(a.error_info, "bad", "its ErrorInfo");

	tap_is_int(parse(PCB_TAPI_NORMAL_STATS, "{\"ErrorInfo\":\"x\"}", &a, err), -1,
		   "no ErrorCode: refused");
	tap_is_int(parse(PCB_TAPI_ALL_STATS, "{\"ErrorCode\":0}", &a, err), -1,
		   "all_member without Results: refused");
	tap_is_int(parse(PCB_TAPI_NORMAL_STATS,
			 "{\"ErrorCode\":0,\"PlatformStatistics\":[{\"PushPlatform\":1,\"TotalCount\":-1,"
			 "\"SentCount\":0,\"DeliveredCount\":0,\"ClickCount\":0}]}",
			 &a, err),
		   -1, "a negative count: refused");
	tap_is_int(parse(PCB_TAPI_NORMAL_LOSS,
			 "{\"ErrorCode\":0,\"ReadyToSendLoss\":[{\"ErrCode\":\"x1\",\"ErrCount\":1}]}", &a,
			 err),
		   -1, "a non-numeric ErrCode: refused");
	tap_is_int(parse(PCB_TAPI_NORMAL_STATS, "{\"ErrorCode\":0} trailing", &a, err), -1,
		   "trailing bytes: refused");
	tap_is_int(parse(PCB_TAPI_NORMAL_STATS,
			 "{\"ErrorCode\":0,\"PlatformStatistics\":[{\"PushPlatform\":1,\"TotalCount\":"
			 "99999999999999999999999,\"SentCount\":0,\"DeliveredCount\":0,\"ClickCount\":0}]}",
			 &a, err),
		   -1, "a count json-c clamps to INT64_MAX: refused");
	tap_ok(strstr(err, "TotalCount") != NULL, "saying which count: %s", err);
	tap_is_int(
	    parse(PCB_TAPI_ALL_STATS,
		  "{\"ErrorCode\":0,\"Results\":[{\"TaskID\":\"bad\xff\xfeid\",\"PlatformStatistics\":[]}]}",
		  &a, err),
	    -1, "a TaskID that is not UTF-8: refused");
	tap_ok(strstr(err, "UTF-8") != NULL, "saying so: %s", err);
#define AM_ENTRY(id)                                                                       \
	"{\"TaskID\":\"" id                                                                \
	"\",\"PlatformStatistics\":[{\"EventType\":1,\"PushPlatform\":3,\"TotalCount\":3," \
	"\"SentCount\":3,\"DeliveredCount\":0,\"ClickCount\":0}]}"
	{
		const char *asked[] = { "t-1" };
		const char *other = "{\"ErrorCode\":0,\"Results\":[" AM_ENTRY("t-9") "," AM_ENTRY("t-1") "]}";
		const char *twice = "{\"ErrorCode\":0,\"Results\":[" AM_ENTRY("t-1") "," AM_ENTRY("t-1") "]}";

		tap_ok(pcb_tapi_parse(PCB_TAPI_ALL_STATS, other, strlen(other), asked, 1, &a, err, 256) ==
			       0 &&
			   a.n == 4 && strcmp(a.fig[0].task, "t-1") == 0 && strcmp(a.fig[3].task, "t-1") == 0,
		       "a Results entry of a TaskID not asked in the call: ignored");
		tap_is_int(pcb_tapi_parse(PCB_TAPI_ALL_STATS, twice, strlen(twice), asked, 1, &a, err, 256),
			   -1, "a TaskID asked about in two Results entries: refused");
		tap_ok(strstr(err, "two Results entries") != NULL, "saying so: %s", err);
	}
	tap_is_int(parse(PCB_TAPI_ALL_LOSS,
			 "{\"ErrorCode\":0,\"Results\":[{\"TaskID\":\"a\\u0000b\",\"ReadyToSendLoss\":[]}]}",
			 &a, err),
		   -1, "a TaskID with a NUL: refused");
	tap_ok(parse(PCB_TAPI_NORMAL_STATS, "{\"ErrorCode\":70009,\"ErrorInfo\":\"x\xff\xe6\x97\xa5\"}", &a,
		     err) == 0 &&
		   strcmp(a.error_info, "x?\xe6\x97\xa5") == 0,
	       "ErrorInfo: an invalid byte as ?, valid UTF-8 kept");
	pcb_tapi_answer_free(&a);

	tap_is_int(
	    pcb_tapi_url("https://h", PCB_TAPI_NORMAL_STATS, "1400000000", "ad min", "a*b-c_", 42, url), 0,
	    "URL made");
	tap_is_str(url,
		   "https://h/v4/timpush/"
		   "normal_push_statistics?sdkappid=1400000000&identifier=ad%20min&usersig=a*b-c_"
		   "&random=42&contenttype=json",
		   "URL: every parameter, the identifier encoded");
	tap_is_int(pcb_tapi_body(PCB_TAPI_ALL_LOSS, 100, 186500, tasks, 2, body), 0, "body made");
	tap_is_str(body, "{\"StartTime\":100,\"EndTime\":186500,\"TaskID\":[\"t-1\",\"t\\\"2\"]}",
		   "body: times and TaskIDs, escaped");
	tap_is_int(pcb_tapi_body(PCB_TAPI_ALL_STATS, 100, 186500, tasks, 6, body), -1,
		   "more than 5 TaskIDs refused");
	tap_is_int(pcb_tapi_body(PCB_TAPI_NORMAL_STATS, 100, 100, NULL, 0, body), -1,
		   "an empty span refused");
	return tap_done();
}
