/* test-dedup: the duplicate window keeps the last N identities whole, first in first out. */
#include <config.h>

#include <string.h>

#include "pcb_dedup.h"
#include "tap.h"

static int seen(struct pcb_dedup *d, uint64_t hash, const char *key)
{
	return pcb_dedup_seen(d, hash, key, strlen(key));
}

int main(void)
{
	struct pcb_dedup d;

	tap_is_int(pcb_dedup_init(&d, 3, 64), 0, "a window of 3");
	tap_is_int(seen(&d, 1, "a"), 0, "a first identity is new");
	tap_is_int(seen(&d, 1, "a"), 1, "and seen the second time");
	tap_is_int(seen(&d, 1, "b"), 0, "the same hash with other bytes is another identity");
	tap_is_int(seen(&d, 2, "c"), 0, "a third");
	tap_is_int(seen(&d, 3, "d"), 0, "a fourth forgets the oldest");
	tap_is_int(seen(&d, 1, "a"), 0, "so the first is new again (and forgets b)");
	tap_is_int(seen(&d, 2, "c"), 1, "c is still there");
	tap_is_int(seen(&d, 1, "b"), 0, "b is not");
	tap_is_int(pcb_dedup_seen(&d, 9, "", 0), 0, "an empty identity is one too");
	tap_is_int(pcb_dedup_seen(&d, 9, "", 0), 1, "and is seen again");
	pcb_dedup_free(&d);

	/* Identity bytes: a window of 2 with 4 bytes each on average holds 8 bytes. */
	tap_is_int(pcb_dedup_init(&d, 2, 4), 0, "a window of 2, 8 identity bytes");
	tap_is_int(seen(&d, 1, "1234"), 0, "4 bytes");
	tap_is_int(seen(&d, 2, "12345678"), 0, "8 more bytes forget the first");
	tap_is_int(seen(&d, 1, "1234"), 0, "which is new again");
	tap_is_int(seen(&d, 3, "123456789"), 0, "an identity longer than the budget is kept alone");
	tap_is_int(seen(&d, 3, "123456789"), 1, "and seen");
	pcb_dedup_free(&d);

	tap_is_int(pcb_dedup_init(&d, 0, 4), 0, "a window of 0 is none");
	pcb_dedup_free(&d);
	tap_is_int(pcb_dedup_init(&d, PCB_DEDUP_WINDOW_MAX + 1, 4), -1, "past PCB_DEDUP_WINDOW_MAX: refused");
	pcb_dedup_free(&d);
	tap_is_int(pcb_dedup_init(&d, 2, 0), -1, "no identity bytes: refused");
	pcb_dedup_free(&d);
	return tap_done();
}
