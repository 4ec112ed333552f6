/*
 * gen-batch.c: writes one realistic Push.OfflinePush batch on stdout.
 *
 * Usage: gen-batch EVENTS [SEED]
 *
 * The same EVENTS and SEED always give the same bytes. The content follows
 * Tencent's page (../shared/spec): vendors 1 to 8 mixed, stages 1 to 3,
 * one-to-one (MsgKey) and group (GroupID) chats, ErrCode mostly 0 with a few
 * vendor errors, PushIDs shaped like the page's, and a little non-ASCII text,
 * laid out as the sender does (one event a line, a space after each comma),
 * about 350 bytes an event.
 */
#include <inttypes.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define MAX_EVENTS 100

static uint64_t state;

/* A small deterministic generator (xorshift64*): enough for test data. */
static uint32_t next(void)
{
	state ^= state >> 12;
	state ^= state << 25;
	state ^= state >> 27;
	return (uint32_t)((state * 2685821657736338717ULL) >> 32);
}

static uint32_t below(uint32_t n)
{
	return next() % n;
}

static long parse(const char *s, long lo, long hi)
{
	char *end;
	long v;

	if (s == NULL || *s == '\0')
		return -1;
	v = strtol(s, &end, 10);
	return *end != '\0' || v < lo || v > hi ? -1 : v;
}

int main(int argc, char **argv)
{
	static const char *const errors[][2] = {
		{ "0", "OK" },
		{ "1001", "device token expired" },
		{ "1002", "\xe8\xae\xbe\xe5\xa4\x87\xe5\xb7\xb2\xe7\xa6\xbb\xe7\xba\xbf" }, /* 设备已离线 */
		{ "70001", "vendor quota exceeded" },
	};
	long n = argc > 1 ? parse(argv[1], 1, MAX_EVENTS) : -1;
	long seed = argc > 2 ? parse(argv[2], 0, LONG_MAX) : 1;
	uint32_t now = 1764072000; /* 2025-11-25T12:00:00Z */

	if (argc < 2 || argc > 3 || n < 0 || seed < 0) {
		fprintf(stderr, "usage: gen-batch EVENTS(1-%d) [SEED]\n", MAX_EVENTS);
		return 2;
	}
	state = 0x9e3779b97f4a7c15ULL ^ (uint64_t)seed;
	printf("{\"Events\":[\n");
	for (long i = 0; i < n; i++) {
		uint32_t from = 100000 + below(900000), to = 100000 + below(900000);
		uint32_t seq = below(1u << 20), rnd = next(), msgtime = now - below(600);
		uint32_t e = below(100);
		int err = e < 94 ? 0 : e < 97 ? 1 : e < 99 ? 2 : 3; /* mostly 0 */
		int group = below(3) == 0;

		printf("{\"CallbackCommand\":\"Push.OfflinePush\", \"EventType\":%d, "
		       "\"EventTime\":%" PRIu32 ", \"From_Account\":\"user_%" PRIu32 "\", "
		       "\"To_Account\":\"user_%" PRIu32 "\", \"PushPlatform\":%" PRIu32 ", "
		       "\"PushStage\":%" PRIu32 ", ",
		       group ? 2 : 1, msgtime + below(5), from, to, 1 + below(8), 1 + below(3));
		if (group)
			printf("\"GroupID\":\"@TGS#%" PRIu32 "%c%cUDHQ\", ", 1000 + below(9000),
			       'A' + (int)below(26), 'A' + (int)below(26));
		else
			printf("\"MsgKey\":\"%" PRIu32 "_%" PRIu32 "_%" PRIu32 "\", ", seq, rnd, msgtime);
		printf("\"MsgSeq\":%" PRIu32 ", \"MsgRandom\":%" PRIu32 ", \"MsgTime\":%" PRIu32 ", "
		       "\"PushID\":\"%08" PRIx32 "_%08" PRIx32 "_%08" PRIx32 "_2000%011" PRIx32
		       "_2000%011" PRIx32 "\", \"ErrCode\":%s, \"ErrInfo\":\"%s\"}%s\n",
		       seq, rnd, msgtime, next(), next(), next(), next(), next(), errors[err][0],
		       errors[err][1], i + 1 < n ? "," : "");
	}
	printf("]}\n");
	return fflush(stdout) == 0 ? 0 : 1;
}
