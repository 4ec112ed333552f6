/* pcb_tsv.c: see pcb_tsv.h. */
#include <config.h>

#include "pcb_tsv.h"

#include "pcb_utf8.h"

static const char hexdigits[] = "0123456789abcdef";

/* True for the ASCII bytes that are copied as they are. */
static int plain_ascii(unsigned char c)
{
	return c >= 0x20 && c < 0x7f && c != '\\';
}

void pcb_tsv_escape(struct pcb_buf *b, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < len) {
		size_t run = i;
		while (run < len && plain_ascii(p[run]))
			run++;
		if (run > i) {
			pcb_buf_append(b, p + i, run - i);
			i = run;
			continue;
		}
		unsigned char c = p[i];
		if (c >= 0x80) {
			size_t n = pcb_utf8_seq_len(p + i, len - i);
			if (n > 0) {
				pcb_buf_append(b, p + i, n);
				i += n;
				continue;
			}
		}
		char esc[4] = { '\\', 0, 0, 0 };
		size_t esclen = 2;
		switch (c) {
		case '\\': esc[1] = '\\'; break;
		case '\t': esc[1] = 't'; break;
		case '\n': esc[1] = 'n'; break;
		case '\r': esc[1] = 'r'; break;
		default:
			esc[1] = 'x';
			esc[2] = hexdigits[c >> 4];
			esc[3] = hexdigits[c & 0xf];
			esclen = 4;
			break;
		}
		pcb_buf_append(b, esc, esclen);
		i++;
	}
}
