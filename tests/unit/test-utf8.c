/* test-utf8: the sequences RFC 3629 allows, and the ones it does not. */
#include <config.h>

#include <string.h>

#include "pcb_utf8.h"
#include "tap.h"

static size_t len_of(const char *s)
{
	return pcb_utf8_seq_len((const unsigned char *)s, strlen(s));
}

int main(void)
{
	tap_is_int((long long)len_of("\xc3\xa9"), 2, "U+00E9 is 2 bytes");
	tap_is_int((long long)len_of("\xe4\xb8\xad"), 3, "U+4E2D is 3 bytes");
	tap_is_int((long long)len_of("\xf0\x9f\x98\x80"), 4, "U+1F600 is 4 bytes");
	tap_is_int((long long)len_of("\xf4\x8f\xbf\xbf"), 4, "U+10FFFF is the last");
	tap_is_int((long long)len_of("\xef\xbf\xbf"), 3, "U+FFFF is allowed");
	tap_is_int((long long)len_of("\x80"), 0, "a lone continuation byte");
	tap_is_int((long long)len_of("\xc0\xaf"), 0, "overlong 2-byte");
	tap_is_int((long long)len_of("\xc1\xbf"), 0, "overlong C1");
	tap_is_int((long long)len_of("\xe0\x80\xaf"), 0, "overlong 3-byte");
	tap_is_int((long long)len_of("\xf0\x80\x80\xaf"), 0, "overlong 4-byte");
	tap_is_int((long long)len_of("\xed\xa0\x80"), 0, "a UTF-8 encoded surrogate U+D800");
	tap_is_int((long long)len_of("\xf4\x90\x80\x80"), 0, "over U+10FFFF");
	tap_is_int((long long)len_of("\xf5\x80\x80\x80"), 0, "F5 never starts a sequence");
	tap_is_int((long long)len_of("\xff"), 0, "FF never appears");
	tap_is_int((long long)pcb_utf8_seq_len((const unsigned char *)"\xe4\xb8", 2), 0,
		   "truncated at the end");
	tap_is_int((long long)len_of("\xe4\x41\xad"), 0, "a non-continuation inside");
	/* The line breaks beyond ASCII, which the log escapes. */
	tap_ok(pcb_utf8_is_line_break((const unsigned char *)"\xc2\x85", 2),
	       "U+0085 NEXT LINE is a line break");
	tap_ok(pcb_utf8_is_line_break((const unsigned char *)"\xe2\x80\xa8", 3),
	       "U+2028 LINE SEPARATOR is one");
	tap_ok(pcb_utf8_is_line_break((const unsigned char *)"\xe2\x80\xa9", 3),
	       "U+2029 PARAGRAPH SEPARATOR is one");
	tap_ok(!pcb_utf8_is_line_break((const unsigned char *)"\xc2\x84", 2), "U+0084 is not");
	tap_ok(!pcb_utf8_is_line_break((const unsigned char *)"\xe2\x80\xa7", 3), "U+2027 is not");
	tap_ok(!pcb_utf8_is_line_break((const unsigned char *)"\xe2\x80\xaa", 3), "U+202A is not");
	tap_ok(!pcb_utf8_is_line_break((const unsigned char *)"\xe4\xb8\xad", 3), "U+4E2D is not");
	return tap_done();
}
