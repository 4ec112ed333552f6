/* test-tsv-escape: a field never holds TAB, newline, control bytes or invalid UTF-8. */
#include <config.h>

#include <string.h>

#include "pcb_buf.h"
#include "pcb_tsv.h"
#include "tap.h"

static struct pcb_buf b;

static void check(const char *in, size_t len, const char *want, const char *name)
{
	pcb_buf_reset(&b);
	pcb_tsv_escape(&b, in, len);
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
	pcb_buf_free(&b);
	return tap_done();
}
