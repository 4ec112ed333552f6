/*
 * test-scan-words: pcb_scan reads the plain bytes of a string 8 at a time;
 * every byte that is not plain stops it at the right place, whatever its
 * position in a word: each of the 256 byte values after 0 to 23 plain bytes
 * (every position in three words), multi-byte UTF-8 at every position, two
 * bytes that are not plain in one word, and strings that end, or do not,
 * at the very end of a buffer of exactly their size (ASan and valgrind
 * see a read past it).
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "pcb_scan.h"
#include "tap.h"

/* A document: the quote, the lead, at most 8 middle bytes, the tail, the quote. */
enum { MAX_LEAD = 24, TAIL = 9, DOC_MAX = 1 + MAX_LEAD + 8 + TAIL + 1 };

static struct pcb_scan s;

/* The n-th plain byte (printable ASCII but '"' and '\\'), cycling. */
static unsigned char plain_byte(size_t n)
{
	static const char plain[] = " !#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`"
				    "abcdefghijklmnopqrstuvwxyz{|}~";
	return (unsigned char)plain[n % (sizeof(plain) - 1)];
}

/* Scans [len] bytes copied into a buffer of exactly that size. */
static enum pcb_err scan_exact(const unsigned char *doc, size_t len)
{
	char *copy = malloc(len ? len : 1);
	enum pcb_err err;

	if (copy == NULL)
		abort();
	memcpy(copy, doc, len);
	err = pcb_scan_json(&s, copy, len);
	free(copy);
	return err;
}

/* A string: '"', [lead] plain bytes (varied by [seed]), [mid] bytes, TAIL plain bytes, '"'. */
static size_t build(unsigned char *doc, size_t lead, size_t seed, const unsigned char *mid, size_t nmid)
{
	size_t n = 0;

	doc[n++] = '"';
	for (size_t i = 0; i < lead; i++)
		doc[n++] = plain_byte(i + seed);
	memcpy(doc + n, mid, nmid);
	n += nmid;
	for (size_t i = 0; i < TAIL; i++)
		doc[n++] = 'a';
	doc[n++] = '"';
	return n;
}

/* What one byte [b] in the middle of a string gives, and where an error is reported. */
static enum pcb_err want_for(unsigned b, size_t at, size_t *offset, size_t *escaped)
{
	*offset = 0;
	*escaped = 0;
	if (b < 0x20) {
		*offset = at;
		return PCB_ERR_JSON_CONTROL;
	}
	if (b == '"') {
		*offset = at + 1; /* the string ended there; the rest is trailing */
		return PCB_ERR_JSON_TRAILING;
	}
	if (b == '\\') {
		*offset = at; /* "\a" is no escape */
		return PCB_ERR_JSON_ESCAPE;
	}
	if (b >= 0x80) {
		*offset = at; /* a lone byte of 0x80 and up is not UTF-8 */
		return PCB_ERR_JSON_UTF8;
	}
	*escaped = b == 0x7f; /* DEL is JSON; the log escapes it */
	return PCB_OK;
}

static void every_byte_at_every_position(void)
{
	unsigned char doc[DOC_MAX];
	int bad = 0;

	for (unsigned b = 0; b < 256; b++) {
		for (size_t lead = 0; lead < MAX_LEAD; lead++) {
			unsigned char mid = (unsigned char)b;
			size_t len = build(doc, lead, b, &mid, 1), off, esc;
			enum pcb_err want = want_for(b, 1 + lead, &off, &esc);
			enum pcb_err got = scan_exact(doc, len);
			if (got != want || s.err_offset != off || (want == PCB_OK && s.escaped != esc)) {
				if (bad++ < 10)
					tap_diag("byte 0x%02x after %zu plain bytes: got %d at %zu, want %d "
						 "at %zu",
						 b, lead, (int)got, s.err_offset, (int)want, off);
			}
		}
	}
	tap_ok(bad == 0,
	       "each of the 256 byte values after 0 to %d plain bytes: found where it is (%d wrong)",
	       MAX_LEAD - 1, bad);
}

static void utf8_at_every_position(void)
{
	static const struct {
		const char *bytes;
		size_t escaped;
		const char *name;
	} seqs[] = {
		{ "\xc3\xa9", 0, "2-byte UTF-8" },
		{ "\xe4\xb8\xad", 0, "3-byte UTF-8" },
		{ "\xf0\x9f\x98\x80", 0, "4-byte UTF-8" },
		{ "\xe2\x80\xa8", 1, "U+2028 (counted: the log escapes it)" },
		{ "\xc2\x85", 1, "U+0085 (counted: the log escapes it)" },
	};
	unsigned char doc[DOC_MAX];

	for (size_t i = 0; i < sizeof(seqs) / sizeof(seqs[0]); i++) {
		int bad = 0;
		for (size_t lead = 0; lead < MAX_LEAD; lead++) {
			size_t len =
			    build(doc, lead, i, (const unsigned char *)seqs[i].bytes, strlen(seqs[i].bytes));
			if (scan_exact(doc, len) != PCB_OK || s.escaped != seqs[i].escaped)
				bad++;
		}
		tap_ok(bad == 0, "%s after 0 to %d plain bytes: accepted (%d wrong)", seqs[i].name,
		       MAX_LEAD - 1, bad);
	}
	/* Cut short: the sequence's first byte is at the end of a word, the rest missing. */
	int bad = 0;
	for (size_t lead = 0; lead < MAX_LEAD; lead++) {
		size_t len = build(doc, lead, 0, (const unsigned char *)"\xe4\xb8", 2);
		if (scan_exact(doc, len) != PCB_ERR_JSON_UTF8 || s.err_offset != 1 + lead)
			bad++;
	}
	tap_ok(bad == 0,
	       "a truncated 3-byte sequence after 0 to %d plain bytes: refused where it starts (%d wrong)",
	       MAX_LEAD - 1, bad);
}

/* Two bytes that are not plain in one word: the first decides. */
static void first_of_two_decides(void)
{
	static const unsigned char pairs[][2] = {
		{ 0x01, '"' }, { '"', 0x01 }, { 0x7f, 0x00 }, { '\\', 0x80 }, { 0x00, 0x01 }, { 0xff, '"' },
	};
	unsigned char doc[DOC_MAX];
	int bad = 0;

	for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		for (size_t lead = 0; lead < MAX_LEAD; lead++) {
			for (size_t gap = 0; gap < 7; gap++) {
				unsigned char mid[8];
				mid[0] = pairs[i][0];
				memset(mid + 1, 'x', gap); /* 'x': "\\x" is no escape */
				mid[1 + gap] = pairs[i][1];
				size_t len = build(doc, lead, i, mid, gap + 2), off, esc;
				enum pcb_err want = want_for(pairs[i][0], 1 + lead, &off, &esc);
				if (pairs[i][0] == 0x7f) /* DEL passes: the second byte decides */
					want = want_for(pairs[i][1], 1 + lead + 1 + gap, &off, &esc);
				enum pcb_err got = scan_exact(doc, len);
				if ((got != want || s.err_offset != off) && bad++ < 10)
					tap_diag(
					    "0x%02x, %zu bytes, 0x%02x after %zu plain bytes: got %d at %zu, "
					    "want %d at %zu",
					    pairs[i][0], gap, pairs[i][1], lead, (int)got, s.err_offset,
					    (int)want, off);
			}
		}
	}
	tap_ok(bad == 0, "two bytes that are not plain in a word, 0 to 6 apart: the first decides (%d wrong)",
	       bad);
}

/* A string that ends (or does not) exactly at the end of the buffer. */
static void strings_at_the_buffer_end(void)
{
	unsigned char doc[MAX_LEAD + 2];
	int bad_open = 0, bad_closed = 0, bad_escape = 0;

	for (size_t lead = 0; lead < MAX_LEAD; lead++) {
		doc[0] = '"';
		for (size_t i = 0; i < lead; i++)
			doc[1 + i] = plain_byte(i);
		if (scan_exact(doc, 1 + lead) != PCB_ERR_JSON_SYNTAX)
			bad_open++;
		doc[1 + lead] = '"';
		if (scan_exact(doc, 2 + lead) != PCB_OK)
			bad_closed++;
		doc[1 + lead] = '\\'; /* a backslash as the last byte */
		if (scan_exact(doc, 2 + lead) != PCB_ERR_JSON_SYNTAX)
			bad_escape++;
	}
	tap_ok(bad_open == 0, "an unclosed string of 0 to %d bytes ending the buffer: refused (%d wrong)",
	       MAX_LEAD - 1, bad_open);
	tap_ok(bad_closed == 0,
	       "a string of 0 to %d bytes closed by the buffer's last byte: accepted (%d wrong)",
	       MAX_LEAD - 1, bad_closed);
	tap_ok(bad_escape == 0,
	       "a backslash as the buffer's last byte after 0 to %d bytes: refused (%d wrong)", MAX_LEAD - 1,
	       bad_escape);
}

int main(void)
{
	pcb_scan_init(&s);
	every_byte_at_every_position();
	utf8_at_every_position();
	first_of_two_decides();
	strings_at_the_buffer_end();
	pcb_scan_free(&s);
	return tap_done();
}
