/* pcb_utf8.c: see pcb_utf8.h. Table 3-7 of the Unicode standard, as code. */
#include <config.h>

#include "pcb_utf8.h"

static int is_cont(unsigned char c)
{
	return (c & 0xc0) == 0x80;
}

size_t pcb_utf8_seq_len(const unsigned char *p, size_t avail)
{
	unsigned char c = p[0];
	unsigned char lo = 0x80, hi = 0xbf; /* range of the second byte */
	size_t len;

	if (c >= 0xc2 && c <= 0xdf)
		len = 2;
	else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		if (c == 0xe0)
			lo = 0xa0; /* no overlong */
		else if (c == 0xed)
			hi = 0x9f; /* no surrogate */
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		if (c == 0xf0)
			lo = 0x90; /* no overlong */
		else if (c == 0xf4)
			hi = 0x8f; /* nothing over U+10FFFF */
	} else
		return 0;
	if (avail < len || p[1] < lo || p[1] > hi)
		return 0;
	for (size_t i = 2; i < len; i++)
		if (!is_cont(p[i]))
			return 0;
	return len;
}

int pcb_utf8_is_line_break(const unsigned char *p, size_t len)
{
	return (len == 2 && p[0] == 0xc2 && p[1] == 0x85) ||
	       (len == 3 && p[0] == 0xe2 && p[1] == 0x80 && (p[2] == 0xa8 || p[2] == 0xa9));
}
