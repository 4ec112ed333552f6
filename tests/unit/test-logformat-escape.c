/*
 * test-logformat-escape: a field never holds TAB, newline, control bytes, invalid
 * UTF-8, or the line breaks beyond ASCII (U+0085, U+2028, U+2029).
 */
#include <config.h>

#include <string.h>

#include "pcb_buf.h"
#include "pcb_logformat.h"
#include "tap.h"

static struct pcb_buf b;

static void check(const char *in, size_t len, const char *want, const char *name)
{
	pcb_buf_reset(&b);
	pcb_log_escape(&b, in, len);
	tap_is_mem(b.data, b.len, want, strlen(want), name);
}

int main(void)
{
	pcb_buf_init(&b, 0);
	check("user1", 5, "user1", "plain ASCII as it is");
	check("", 0, "", "empty stays empty");
	check("a\tb", 3, "a\\tb", "TAB");
	check("a\nb\rc", 5, "a\\nb\\rc", "LF and CR");
	check("a\\b", 3, "a\\\\b", "backslash doubles");
	check("a\0b", 3, "a\\x00b", "NUL");
	check("\x01\x1f\x7f", 3, "\\x01\\x1f\\x7f", "other control bytes and DEL");
	check("\xe4\xb8\xad\xe6\x96\x87", 6, "\xe4\xb8\xad\xe6\x96\x87", "valid UTF-8 as it is");
	check("\xff", 1, "\\xff", "an invalid byte");
	check("a\xe4\xb8", 3, "a\\xe4\\xb8", "a truncated sequence, byte by byte");
	check("\xed\xa0\x80", 3, "\\xed\\xa0\\x80", "an encoded surrogate");
	check("@TGS#12DEVUDHQ", 14, "@TGS#12DEVUDHQ", "a group id with # and @");
	check("a\xe2\x80\xa8"
	      "b",
	      5, "a\\xe2\\x80\\xa8b", "U+2028 LINE SEPARATOR, byte by byte");
	check("a\xe2\x80\xa9"
	      "b",
	      5, "a\\xe2\\x80\\xa9b", "U+2029 PARAGRAPH SEPARATOR, byte by byte");
	check("a\xc2\x85"
	      "b",
	      4, "a\\xc2\\x85b", "U+0085 NEXT LINE, byte by byte");
	check("\xe2\x80\xa8\xe2\x80\xa9\xc2\x85", 8, "\\xe2\\x80\\xa8\\xe2\\x80\\xa9\\xc2\\x85",
	      "the three in a row");
	check("\xe2\x80\xa7\xe2\x80\xaa\xc2\x84\xc2\xa0", 10, "\xe2\x80\xa7\xe2\x80\xaa\xc2\x84\xc2\xa0",
	      "their neighbours U+2027, U+202A, U+0084 and U+00A0 as they are");
	check("\xe2\x80", 2, "\\xe2\\x80", "U+2028 cut short: invalid, byte by byte");
	{
		/* Each byte grows to four, the most PCB_LOG_MAX_GROWTH allows. */
		char out[3 * PCB_LOG_MAX_GROWTH];
		tap_is_int(pcb_log_escape_to(out, "\xe2\x80\xa8", 3) - out, 3 * PCB_LOG_MAX_GROWTH,
			   "U+2028 takes the most room an escaped field may take");
	}
	{
		/* pcb_log_escape works in pieces of 4096 bytes: U+2028 astride two is still caught. */
		enum { AT = 4095 };
		static char in[AT + 3];
		memset(in, 'a', AT);
		memcpy(in + AT, "\xe2\x80\xa8", 3);
		pcb_buf_reset(&b);
		pcb_log_escape(&b, in, sizeof(in));
		tap_ok(b.len == AT + 12 && memcmp(b.data + AT, "\\xe2\\x80\\xa8", 12) == 0,
		       "U+2028 astride two pieces of a long field");
	}
	pcb_buf_free(&b);
	return tap_done();
}
