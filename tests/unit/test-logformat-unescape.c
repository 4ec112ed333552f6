/* test-logformat-unescape: undoing the log's field escaping (HACKING), and refusing bad escapes. */
#include <config.h>

#include <string.h>

#include "pcb_buf.h"
#include "pcb_logformat.h"
#include "tap.h"

/* Unescapes [s] and compares with [want] of [wantlen] bytes. */
static void unescapes(const char *s, const char *want, size_t wantlen, const char *name)
{
	char out[64];
	long n = pcb_log_unescape(s, strlen(s), out);

	tap_is_mem(n >= 0 ? out : NULL, n >= 0 ? (size_t)n : 0, want, wantlen, name);
}

/* True when [s] of [len] bytes holds a byte or sequence at which Python's str.splitlines() splits. */
static int has_line_break(const char *s, size_t len)
{
	static const char *const seps[] = { "\n",   "\r",   "\v",       "\f",           "\x1c",
					    "\x1d", "\x1e", "\xc2\x85", "\xe2\x80\xa8", "\xe2\x80\xa9" };
	int found = 0;

	for (size_t i = 0; i < len; i++)
		for (size_t k = 0; k < sizeof(seps) / sizeof(seps[0]); k++)
			if (strlen(seps[k]) <= len - i && memcmp(s + i, seps[k], strlen(seps[k])) == 0)
				found = 1;
	return found;
}

/*
 * Escapes [len] bytes of [s] as the writer does: the field must hold no line
 * break, and unescaping it must give [s] back.
 */
static void round_trip(const char *s, size_t len, const char *name)
{
	struct pcb_buf b;
	char out[64];
	long n;

	pcb_buf_init(&b, 0);
	pcb_log_escape(&b, s, len);
	tap_ok(!has_line_break(b.data, b.len), "%s: escaped, no line break is left", name);
	n = pcb_log_unescape(b.data, b.len, out);
	tap_is_mem(n >= 0 ? out : NULL, n >= 0 ? (size_t)n : 0, s, len, name);
	pcb_buf_free(&b);
}

static void refuses(const char *s, const char *name)
{
	char out[64];

	tap_is_int(pcb_log_unescape(s, strlen(s), out), -1, name);
}

int main(void)
{
	unescapes("plain text", "plain text", 10, "plain text is unchanged");
	unescapes("a\\\\b", "a\\b", 3, "\\\\ is a backslash");
	unescapes("a\\tb\\nc\\rd", "a\tb\nc\rd", 7, "\\t \\n \\r");
	unescapes("\\x01\\x7f\\xff", "\x01\x7f\xff", 3, "\\xHH gives the byte");
	unescapes("\\x00", "\0", 1, "\\x00 gives a NUL byte");
	unescapes("\xe6\x8e\xa8", "\xe6\x8e\xa8", 3, "UTF-8 passes through");
	unescapes("", "", 0, "empty stays empty");
	unescapes("\\xe2\\x80\\xa8", "\xe2\x80\xa8", 3, "escaped U+2028 gives its three bytes");
	unescapes("\\xc2\\x85", "\xc2\x85", 2, "escaped U+0085 gives its two bytes");
	round_trip("a\xe2\x80\xa8"
		   "b\xe2\x80\xa9"
		   "c\xc2\x85"
		   "d",
		   12, "U+2028, U+2029 and U+0085 come back from the writer's escaping");
	round_trip("\\xe2\t\xe4\xb8\xad\xff\n", 10, "so do a backslash, TAB, UTF-8, a bad byte and LF");
	refuses("a\\", "a lone backslash at the end");
	refuses("\\q", "an unknown escape letter");
	refuses("\\x4", "\\x with one hex digit");
	refuses("\\x4G", "\\x with a non-hex digit");
	refuses("\\x4F", "\\x with an uppercase digit (the writer uses lowercase)");
	tap_is_int(pcb_log_unescape("a\\tb", 4, NULL), 3, "with no output buffer it only checks");
	tap_is_int(pcb_log_unescape("a\\", 2, NULL), -1, "checking finds a bad escape too");
	return tap_done();
}
