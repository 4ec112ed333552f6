/* test-buf: the growable buffer grows, formats integers, and fails safely at its bound. */
#include <config.h>

#include <stdint.h>
#include <string.h>

#include "pcb_buf.h"
#include "tap.h"

int main(void)
{
	struct pcb_buf b;

	pcb_buf_init(&b, 0);
	pcb_buf_puts(&b, "abc");
	pcb_buf_putc(&b, '\t');
	pcb_buf_put_i64(&b, 0);
	pcb_buf_putc(&b, ' ');
	pcb_buf_put_i64(&b, -42);
	pcb_buf_putc(&b, ' ');
	pcb_buf_put_i64(&b, INT64_MAX);
	pcb_buf_putc(&b, ' ');
	pcb_buf_put_i64(&b, INT64_MIN);
	tap_is_str(b.data, "abc\t0 -42 9223372036854775807 -9223372036854775808",
		   "appends strings and integers, INT64_MIN included");
	tap_ok(!pcb_buf_failed(&b), "no failure within bounds");

	pcb_buf_truncate(&b, 3);
	tap_is_str(b.data, "abc", "truncate cuts back and keeps the NUL");

	for (int i = 0; i < 10000; i++)
		pcb_buf_puts(&b, "0123456789");
	tap_is_int((long long)b.len, 100003, "grows past its first capacity");

	pcb_buf_reset(&b);
	tap_is_int((long long)b.len, 0, "reset empties it");
	pcb_buf_free(&b);

	pcb_buf_init(&b, 8);
	pcb_buf_puts(&b, "12345678");
	tap_ok(!pcb_buf_failed(&b), "exactly its maximum fits");
	pcb_buf_putc(&b, 'x');
	tap_ok(pcb_buf_failed(&b), "one byte over the maximum fails");
	tap_is_str(b.data, "12345678", "a failed append leaves the content as it was");
	pcb_buf_puts(&b, "");
	tap_ok(pcb_buf_failed(&b), "the failure sticks until reset");
	tap_ok(pcb_buf_reserve(&b, SIZE_MAX) < 0, "a huge reservation fails without overflow");
	pcb_buf_free(&b);
	tap_ok(b.data == NULL && b.len == 0 && b.cap == 0, "a freed buffer is empty, its memory gone");
	pcb_buf_free(&b);
	tap_ok(b.data == NULL && b.len == 0, "freeing it again is a no-op");
	pcb_buf_free(NULL); /* a no-op: a crash ends the run */
	return tap_done();
}
