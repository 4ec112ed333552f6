/* test-logread-split: splitting a log line at TABs, the #fields header, integer fields. */
#include <config.h>

#include <stdint.h>
#include <string.h>

#include "pcb_logread.h"
#include "tap.h"

static size_t split(const char *s, struct pcb_lr_field *f, size_t max)
{
	return pcb_lr_split(s, strlen(s), f, max);
}

static int int_of(const char *s, int64_t *v)
{
	return pcb_lr_int(s, strlen(s), v);
}

int main(void)
{
	struct pcb_lr_field f[4];
	struct pcb_lr_header h;
	int64_t v = 0;
	const char *hdr = "#fields\tRecvTime\tPushStage\tErrInfo";

	tap_is_int((long long)split("a\tbb\t\tc", f, 4), 4, "four fields, one empty");
	tap_is_mem(f[1].p, f[1].len, "bb", 2, "second field");
	tap_is_int((long long)f[2].len, 0, "empty field between two TABs");
	tap_is_mem(f[3].p, f[3].len, "c", 1, "last field without a TAB after it");
	tap_is_int((long long)split("", f, 4), 1, "an empty line is one empty field");
	tap_is_int((long long)split("a\tb\tc\td\te\tf", f, 4), 6, "the count goes past max");
	tap_is_mem(f[3].p, f[3].len, "d", 1, "only max fields are stored");
	tap_is_int((long long)split("a\t", f, 4), 2, "a trailing TAB makes an empty last field");

	tap_is_int(pcb_lr_header_parse(&h, hdr, strlen(hdr)), 0, "header parses");
	tap_is_int((long long)h.count, 3, "header has three columns");
	tap_is_int(pcb_lr_header_find(&h, "PushStage"), 1, "columns are found by name");
	tap_is_int(pcb_lr_header_find(&h, "pushstage"), -1, "names are case-sensitive");
	tap_is_int(pcb_lr_header_find(&h, "TaskId"), -1, "a missing column is -1");
	pcb_lr_header_clear(&h);
	tap_is_int((long long)h.count, 0, "clear empties the header");
	pcb_lr_header_clear(&h);
	tap_ok(h.count == 0 && pcb_lr_header_find(&h, "PushStage") == -1,
	       "clearing an empty header leaves it empty");
	tap_is_int(pcb_lr_header_parse(&h, "#fields", 7), -1, "a header without columns is refused");
	tap_is_int(pcb_lr_header_parse(&h, "RecvTime\tX", 10), -1, "a line without #fields is not a header");
	tap_is_int(pcb_lr_header_parse(&h, "#fields\ta\t\tb", 12), -1, "an empty column name is refused");
	tap_is_int(pcb_lr_header_parse(&h, "#fieldsX\ta", 10), -1, "the tag must be exactly #fields");
	tap_is_int(pcb_lr_header_parse(&h, "#fields\ta\tErrInfo\r", 19), -1,
		   "a header ending in CR (a CRLF file) is refused, not read as a column ErrInfo\\r");
	tap_is_int(pcb_lr_header_parse(&h, "#fields\ta\0b", 12), -1, "a raw NUL in a header is refused");
	tap_ok(pcb_lr_raw_ctl("a\rb", 3) && pcb_lr_raw_ctl("a\0b", 3) && !pcb_lr_raw_ctl("a\tb\\r", 5),
	       "raw CR and NUL are told; escaped ones are no raw bytes");

	tap_ok(int_of("1795611600", &v) == 0 && v == 1795611600, "a Unix time");
	tap_ok(int_of("-5", &v) == 0 && v == -5, "a negative number");
	tap_ok(int_of("9223372036854775807", &v) == 0 && v == INT64_MAX, "INT64_MAX");
	tap_ok(int_of("-9223372036854775808", &v) == 0 && v == INT64_MIN, "INT64_MIN");
	tap_is_int(int_of("9223372036854775808", &v), -1, "INT64_MAX + 1 overflows");
	tap_is_int(int_of("-9223372036854775809", &v), -1, "INT64_MIN - 1 overflows");
	tap_is_int(int_of("", &v), -1, "empty is not a number");
	tap_is_int(int_of("-", &v), -1, "a lone minus is not a number");
	tap_is_int(int_of("+1", &v), -1, "a plus sign is refused");
	tap_is_int(int_of(" 1", &v), -1, "a space is refused");
	tap_is_int(int_of("1x", &v), -1, "trailing bytes are refused");
	return tap_done();
}
