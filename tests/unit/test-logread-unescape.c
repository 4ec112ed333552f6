/* test-logread-unescape: undoing the log's field escaping (HACKING), and refusing bad escapes. */
#include <config.h>

#include <string.h>

#include "pcb_logread.h"
#include "tap.h"

/* Unescapes [s] and compares with [want] of [wantlen] bytes. */
static void unescapes(const char *s, const char *want, size_t wantlen, const char *name)
{
	char out[64];
	long n = pcb_lr_unescape(s, strlen(s), out);

	tap_is_mem(n >= 0 ? out : NULL, n >= 0 ? (size_t)n : 0, want, wantlen, name);
}

static void refuses(const char *s, const char *name)
{
	char out[64];

	tap_is_int(pcb_lr_unescape(s, strlen(s), out), -1, name);
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
	refuses("a\\", "a lone backslash at the end");
	refuses("\\q", "an unknown escape letter");
	refuses("\\x4", "\\x with one hex digit");
	refuses("\\x4G", "\\x with a non-hex digit");
	refuses("\\x4F", "\\x with an uppercase digit (the writer uses lowercase)");
	tap_is_int(pcb_lr_unescape("a\\tb", 4, NULL), 3, "with no output buffer it only checks");
	tap_is_int(pcb_lr_unescape("a\\", 2, NULL), -1, "checking finds a bad escape too");
	return tap_done();
}
