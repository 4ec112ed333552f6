/* test-body-length: CONTENT_LENGTH is a plain decimal number within the limit; the read is judged. */
#include <config.h>

#include <stdint.h>

#include "pcb_body.h"
#include "tap.h"

int main(void)
{
	size_t len = 99;

	tap_is_int(pcb_body_length("123", 1000, &len), PCB_OK, "123");
	tap_is_int((long long)len, 123, "gives 123");
	tap_is_int(pcb_body_length("0", 1000, &len), PCB_OK, "0 is a length");
	tap_is_int(pcb_body_length("1000", 1000, &len), PCB_OK, "exactly the limit");
	tap_is_int(pcb_body_length("1001", 1000, &len), PCB_ERR_BODY_TOO_LARGE, "one over the limit");
	tap_is_int(pcb_body_length("99999999999999999999999999", 1000, &len), PCB_ERR_BODY_TOO_LARGE,
		   "far beyond size_t is too large, not wrapped");
	tap_is_int(pcb_body_length("18446744073709551616", SIZE_MAX, &len), PCB_ERR_BODY_TOO_LARGE,
		   "2^64 with no limit still does not wrap");
	tap_is_int(pcb_body_length("5", 3, &len), PCB_ERR_BODY_TOO_LARGE, "a digit larger than the limit");
	tap_is_int(pcb_body_length(NULL, 1000, &len), PCB_ERR_LENGTH_MISSING, "absent");
	tap_is_int(pcb_body_length("", 1000, &len), PCB_ERR_LENGTH_MISSING, "empty");
	tap_is_int(pcb_body_length("-1", 1000, &len), PCB_ERR_LENGTH_INVALID, "negative");
	tap_is_int(pcb_body_length("+1", 1000, &len), PCB_ERR_LENGTH_INVALID, "plus sign");
	tap_is_int(pcb_body_length(" 1", 1000, &len), PCB_ERR_LENGTH_INVALID, "leading space");
	tap_is_int(pcb_body_length("1 ", 1000, &len), PCB_ERR_LENGTH_INVALID, "trailing space");
	tap_is_int(pcb_body_length("12abc", 1000, &len), PCB_ERR_LENGTH_INVALID, "a suffix");
	tap_is_int(pcb_body_length("0x10", 1000, &len), PCB_ERR_LENGTH_INVALID, "hexadecimal");
	tap_is_int(pcb_body_length("99999999999999999999x", 1000, &len), PCB_ERR_LENGTH_INVALID,
		   "syntax is checked even past the limit");

	tap_is_int((long long)pcb_body_read_size(10), 11, "one byte more is read than announced");
	tap_is_int(pcb_body_check(10, 10), PCB_OK, "as announced");
	tap_is_int(pcb_body_check(10, 9), PCB_ERR_BODY_SHORT, "shorter");
	tap_is_int(pcb_body_check(10, 11), PCB_ERR_BODY_LONG, "longer");
	return tap_done();
}
