/* test-query: QUERY_STRING parsing: decoding, case, repeats, limits. */
#include <config.h>

#include <stdio.h>
#include <string.h>

#include "pcb_query.h"
#include "tap.h"

static struct pcb_query q;

static enum pcb_err parse(const char *s)
{
	return pcb_query_parse(&q, s, strlen(s));
}

int main(void)
{
	tap_is_int(parse("SdkAppid=1400000000&CallbackCommand=Push.OfflinePush&contenttype=json"), PCB_OK,
		   "the page's query parses");
	tap_is_str(q.value[PCB_QP_SDKAPPID], "1400000000", "SdkAppid");
	tap_is_str(q.value[PCB_QP_COMMAND], "Push.OfflinePush", "CallbackCommand");
	tap_is_str(q.value[PCB_QP_CONTENTTYPE], "json", "contenttype");
	tap_ok(q.value[PCB_QP_SIGN] == NULL && q.value[PCB_QP_REQUESTTIME] == NULL, "absent ones are NULL");

	tap_is_int(parse("SDKAppID=1&callbackcommand=X&SIGN=ab&requesttime=5"), PCB_OK, "names in any case");
	tap_is_str(q.value[PCB_QP_SDKAPPID], "1", "SDKAppID matches SdkAppid");
	tap_is_str(q.value[PCB_QP_SIGN], "ab", "SIGN matches Sign");
	tap_is_str(q.value[PCB_QP_REQUESTTIME], "5", "requesttime matches RequestTime");

	tap_is_int(parse("CallbackCommand=Push%2eOfflinePush&Sdk%41ppid=7+8"), PCB_OK,
		   "percent-encoding in names and values");
	tap_is_str(q.value[PCB_QP_COMMAND], "Push.OfflinePush", "%2e decodes");
	tap_is_str(q.value[PCB_QP_SDKAPPID], "7 8", "%41 in a name, + as space");

	tap_is_int(parse("SdkAppid=%"), PCB_ERR_QUERY_ENCODING, "a lone % is refused");
	tap_is_int(parse("SdkAppid=%4"), PCB_ERR_QUERY_ENCODING, "a truncated %4 is refused");
	tap_is_int(parse("SdkAppid=%zz"), PCB_ERR_QUERY_ENCODING, "%zz is refused");
	tap_is_int(parse("SdkAppid=1%00"), PCB_ERR_QUERY_ENCODING, "a decoded NUL is refused");
	tap_is_int(parse("other=%g0&SdkAppid=1"), PCB_ERR_QUERY_ENCODING,
		   "bad encoding in an unknown parameter too");

	tap_is_int(parse("SdkAppid=1&sdkappid=2"), PCB_ERR_QUERY_REPEATED, "one of ours twice is refused");
	tap_is_int(parse("x=1&x=2&SdkAppid=1"), PCB_OK, "unknown repeated parameters are ignored");
	tap_is_int(parse("&&SdkAppid=&Sign&"), PCB_OK, "empty segments and values are fine");
	tap_is_int((long long)q.len[PCB_QP_SDKAPPID], 0, "SdkAppid= is present and empty");
	tap_ok(q.value[PCB_QP_SIGN] != NULL && q.len[PCB_QP_SIGN] == 0,
	       "Sign without = is present and empty");
	tap_is_int(pcb_query_parse(&q, NULL, 0), PCB_OK, "no query at all");
	tap_ok(q.value[PCB_QP_SDKAPPID] == NULL, "then nothing is present");

	char big[PCB_MAX_QUERY + 2];
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	tap_is_int(parse(big), PCB_ERR_QUERY_TOO_LONG, "one byte over PCB_MAX_QUERY is refused");
	big[PCB_MAX_QUERY] = '\0';
	memcpy(big, "SdkAppid=", 9);
	tap_is_int(parse(big), PCB_OK, "exactly PCB_MAX_QUERY bytes is fine");
	tap_is_int((long long)q.len[PCB_QP_SDKAPPID], PCB_MAX_QUERY - 9, "and decodes whole");

	char many[PCB_MAX_QUERY];
	size_t used = 0;
	for (int i = 0; i <= PCB_MAX_QUERY_PARAMS; i++)
		used += (size_t)snprintf(many + used, sizeof(many) - used, "p%d=1&", i);
	tap_is_int(parse(many), PCB_ERR_QUERY_TOO_MANY,
		   "more than PCB_MAX_QUERY_PARAMS parameters is refused");
	return tap_done();
}
