/* pcb_tsv.c: see pcb_tsv.h. */
#include <config.h>

#include "pcb_tsv.h"

#include "pcb_utf8.h"

static const char hexdigits[] = "0123456789abcdef";

/* True for the ASCII bytes that are copied as they are: one subtraction and two tests. */
static int plain_ascii(unsigned char c)
{
	return (unsigned char)(c - 0x20) < 0x7f - 0x20 && c != '\\';
}

char *pcb_tsv_write(char *dst, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;

	while (p < end) {
		unsigned char c = *p;
		if (plain_ascii(c)) {
			*dst++ = (char)c;
			p++;
			continue;
		}
		/*
		 * Valid UTF-8 is copied, but for the line breaks beyond ASCII: their
		 * lead byte is escaped here, and their continuation bytes, left
		 * stray, after it.
		 */
		if (c >= 0x80) {
			size_t n = pcb_utf8_seq_len(p, (size_t)(end - p));
			if (n > 0 && !pcb_utf8_is_line_break(p, n)) {
				for (size_t i = 0; i < n; i++)
					*dst++ = (char)p[i];
				p += n;
				continue;
			}
		}
		*dst++ = '\\';
		switch (c) {
		case '\\': *dst++ = '\\'; break;
		case '\t': *dst++ = 't'; break;
		case '\n': *dst++ = 'n'; break;
		case '\r': *dst++ = 'r'; break;
		default:
			*dst++ = 'x';
			*dst++ = hexdigits[c >> 4];
			*dst++ = hexdigits[c & 0xf];
			break;
		}
		p++;
	}
	return dst;
}

void pcb_tsv_escape(struct pcb_buf *b, const char *s, size_t len)
{
	/* In pieces, so that room for the worst case is never much more than needed. */
	enum { PIECE = 4096 };

	while (len > 0) {
		size_t n = len < PIECE ? len : PIECE;
		/* A UTF-8 sequence is never cut in two: the piece ends before a lead byte. */
		while (n < len && n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
		if (n == 0)
			n = len < PIECE ? len : PIECE;
		char *w = pcb_buf_space(b, PCB_TSV_MAX_GROWTH * n);
		if (w == NULL)
			return;
		pcb_buf_commit(b, pcb_tsv_write(w, s, n));
		s += n;
		len -= n;
	}
}
