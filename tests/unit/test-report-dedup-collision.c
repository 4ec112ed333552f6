/*
 * test-report-dedup-collision: the duplicate window drops an event only when
 * its whole identity matches one remembered, never on a hash match alone, and
 * long identities shorten the window instead of growing memory past its budget.
 *
 * The colliding PushIDs are made against MurmurHash64A, the window's hash
 * before it kept whole identities: flipping the top bit of two consecutive
 * mixed 8-byte blocks leaves the hash unchanged for every seed (x ^ 2^63 is
 * x + 2^63, and an odd multiplier keeps the top bit where it is), so no choice
 * of seeds, fixed or random, made those hashes safe to trust.
 */
#include <config.h>

#include <stdint.h>
#include <stdlib.h>

#include "report-lines.h"

#define MURMUR_M 0xc6a4a7935bd1e995ULL
#define TOP_BIT 0x8000000000000000ULL
#define BLOCK 8
/* Candidate blocks tried before giving up on a log-safe twin. */
#define TRIES 100000

/* MurmurHash64A's mixing of one block. */
static uint64_t mix(uint64_t k)
{
	k *= MURMUR_M;
	k ^= k >> 47;
	return k * MURMUR_M;
}

/* The inverse of mix(). */
static uint64_t unmix(uint64_t k)
{
	uint64_t inv = MURMUR_M;

	for (int i = 0; i < 5; i++)
		inv *= 2 - MURMUR_M * inv; /* Newton: 6 correct bits become 12, 24, 48, 96 */
	k *= inv;
	k ^= k >> 47;
	return k * inv;
}

/* Whether the 8 bytes of [v] can stand in a log field: no TAB, LF or NUL. */
static int log_safe(uint64_t v)
{
	unsigned char b[BLOCK];

	memcpy(b, &v, BLOCK);
	for (int i = 0; i < BLOCK; i++)
		if (b[i] == '\t' || b[i] == '\n' || b[i] == '\0')
			return 0;
	return 1;
}

/* A block at [out] made from [seed]'s digits, whose top-bit twin is log-safe, the twin at [twin]. */
static int colliding_block(unsigned seed, char out[BLOCK], char twin[BLOCK])
{
	for (unsigned n = seed; n < seed + TRIES; n++) {
		char text[BLOCK + 1];
		uint64_t a, b;

		snprintf(text, sizeof(text), "%08u", n % 100000000u);
		memcpy(&a, text, BLOCK);
		b = unmix(mix(a) ^ TOP_BIT);
		if (log_safe(b)) {
			memcpy(out, &a, BLOCK);
			memcpy(twin, &b, BLOCK);
			return 0;
		}
	}
	return -1;
}

/* Feeds one Push.OfflinePush event with PushID [id] of [idlen] bytes and To_Account [to]. */
static enum pcb_report_line add_id(struct pcb_report *r, const struct pcb_report_cols *c, const char *id,
				   size_t idlen, const char *to)
{
	char line[4096];
	int n = snprintf(line, sizeof(line), "%lld\t1\t1\t0\tOK\t%s\t", RL_T13, to);

	if (n < 0 || (size_t)n + idlen > sizeof(line)) {
		puts("Bail out! line too long");
		exit(1);
	}
	memcpy(line + n, id, idlen);
	return pcb_report_add(r, c, line, (size_t)n + idlen);
}

int main(void)
{
	struct pcb_report_cols c;
	struct pcb_report *r = rl_new(PCB_BY_VENDOR, 100);
	char a[2 * BLOCK], b[2 * BLOCK];
	char longid[3 * PCB_REPORT_IDENT_BYTES_AVG / 2];

	rl_bind(&c);
	if (colliding_block(10000000, a, b) != 0 || colliding_block(20000000, a + BLOCK, b + BLOCK) != 0) {
		puts("Bail out! no log-safe colliding block");
		return 1;
	}
	tap_ok(memcmp(a, b, sizeof(a)) != 0, "two different 16-byte PushIDs");
	tap_is_int(add_id(r, &c, a, sizeof(a), "u1"), PCB_LINE_COUNTED, "the first is counted");
	tap_is_int(add_id(r, &c, b, sizeof(b), "u1"), PCB_LINE_COUNTED,
		   "the second, same hash for every seed, is counted too");
	tap_is_int(add_id(r, &c, b, sizeof(b), "u1"), PCB_LINE_DUPLICATE, "a true copy of it is dropped");
	tap_is_int(add_id(r, &c, a, sizeof(a), "u1"), PCB_LINE_DUPLICATE, "and of the first");
	tap_is_int((long long)pcb_report_summary(r)->counted, 2, "two events counted");
	pcb_report_destroy(r);

	/*
	 * A window of 2 keeps 2 * PCB_REPORT_IDENT_BYTES_AVG bytes of identities:
	 * two PushIDs of one and a half times that do not fit together, so the
	 * older is forgotten (counted again when it comes back), never dropped.
	 */
	r = rl_new(PCB_BY_VENDOR, 2);
	memset(longid, 'x', sizeof(longid));
	tap_is_int(add_id(r, &c, longid, sizeof(longid), "u1"), PCB_LINE_COUNTED,
		   "a long identity is counted");
	tap_is_int(add_id(r, &c, longid, sizeof(longid), "u2"), PCB_LINE_COUNTED,
		   "another long one is counted");
	tap_is_int(add_id(r, &c, longid, sizeof(longid), "u2"), PCB_LINE_DUPLICATE, "its copy is dropped");
	tap_is_int(add_id(r, &c, longid, sizeof(longid), "u1"), PCB_LINE_COUNTED,
		   "the first, pushed out by the byte budget, is counted again");
	tap_is_int(add_id(r, &c, "p1", 2, "u3"), PCB_LINE_COUNTED, "a short identity fits beside it");
	tap_is_int(add_id(r, &c, longid, sizeof(longid), "u1"), PCB_LINE_DUPLICATE,
		   "and leaves the long one in the window");
	pcb_report_destroy(r);
	return tap_done();
}
