/* pcb_scan.c: see pcb_scan.h. A recursive-descent recogniser; recursion is
 * bounded by PCB_JSON_MAX_DEPTH. */
#include <config.h>

#include "pcb_scan.h"

#include <stdlib.h>
#include <string.h>

#include "pcb_limits.h"
#include "pcb_utf8.h"

struct cursor {
	const unsigned char *p;
	size_t len;
	size_t pos;
	struct pcb_scan *s;
	size_t values; /* counted against PCB_MAX_JSON_VALUES */
	int record;    /* the next array is the top-level "Events": note its elements */
};

static enum pcb_err value(struct cursor *c, int depth);

void pcb_scan_init(struct pcb_scan *s)
{
	s->keys = NULL;
	s->nobjects = 0;
	s->cap = 0;
	s->escaped = 0;
	s->err_offset = 0;
	s->events_found = 0;
	s->nevents = 0;
}

int pcb_scan_event(const struct pcb_scan *s, size_t i, size_t *start, size_t *end)
{
	if (!s->events_found || i >= s->nevents || i >= PCB_MAX_EVENTS)
		return -1;
	*start = s->events[i].start;
	*end = s->events[i].end;
	return 0;
}

void pcb_scan_free(struct pcb_scan *s)
{
	if (s == NULL)
		return;
	free(s->keys);
	s->keys = NULL;
	s->nobjects = s->cap = 0;
}

static void skip_ws(struct cursor *c)
{
	/* Most calls find no white space: one test for them. */
	if (c->pos < c->len && c->p[c->pos] > ' ')
		return;
	while (c->pos < c->len) {
		unsigned char ch = c->p[c->pos];
		if (ch != ' ' && ch != '\t' && ch != '\n' && ch != '\r')
			break;
		c->pos++;
	}
}

static int peek(const struct cursor *c)
{
	return c->pos < c->len ? c->p[c->pos] : -1;
}

static int hex4(const struct cursor *c, size_t at, unsigned *out)
{
	unsigned v = 0;

	if (c->len - at < 4)
		return -1;
	for (size_t i = at; i < at + 4; i++) {
		unsigned char ch = c->p[i];
		v <<= 4;
		if (ch >= '0' && ch <= '9')
			v |= (unsigned)(ch - '0');
		else if (ch >= 'a' && ch <= 'f')
			v |= (unsigned)(ch - 'a' + 10);
		else if (ch >= 'A' && ch <= 'F')
			v |= (unsigned)(ch - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

/*
 * 1 for the bytes a string holds as they are: printable ASCII but the quote,
 * the backslash and DEL. A run of them, most of every string, costs one load and
 * one test a byte; everything else takes the slow path below.
 */
/* clang-format off */
static const unsigned char plain[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x00: control */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x10: control */
	1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0x20: '"' */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, /* 0x50: '\\' */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, /* 0x7f: DEL, counted below */
	/* 0x80 to 0xff: 0, UTF-8 is checked sequence by sequence */
};
/* clang-format on */

/*
 * Word at a time (SWAR): a mask with the high bit of each of the 8 bytes at
 * [p] that is not plain (above): a control byte (< 0x20), '"', '\\', or a
 * byte > 0x7e (DEL, and 0x80 and up). Each test is exact for the word as a
 * whole (some bit set if and only if a byte meets it) and for its lowest
 * byte in memory order: a borrow or a carry only runs from a byte that meets
 * a test into the bytes after it. So a word with a zero mask is 8 plain
 * bytes, and on a little-endian machine the lowest set bit is the first
 * byte that is not plain.
 */
#define ONES UINT64_C(0x0101010101010101)
#define HIGHS UINT64_C(0x8080808080808080)
static uint64_t not_plain8(const unsigned char *p)
{
	uint64_t x, quote, bslash;

	memcpy(&x, p, sizeof(x));
	quote = x ^ (ONES * '"');
	bslash = x ^ (ONES * '\\');
	return ((x - ONES * 0x20) & ~x & HIGHS)      /* a byte < 0x20 */
	       | ((quote - ONES) & ~quote & HIGHS)   /* a byte == '"' */
	       | ((bslash - ONES) & ~bslash & HIGHS) /* a byte == '\\' */
	       | (((x + ONES) | x) & HIGHS);         /* a byte > 0x7e */
}

/* How many plain bytes the mask of not_plain8 lets pass at the start of its word. */
static size_t plain_lead(uint64_t mask)
{
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return (size_t)__builtin_ctzll(mask) / 8;
#else
	(void)mask;
	return 0; /* the byte loop of plain_run finds it */
#endif
}

/*
 * The end of the run of plain bytes from [pos]: whole words while they are
 * plain, then the table byte by byte, which alone decides where the run ends
 * (the words only skip bytes they proved plain).
 */
static size_t plain_run(const unsigned char *p, size_t pos, size_t len)
{
	while (len - pos >= sizeof(uint64_t)) {
		uint64_t mask = not_plain8(p + pos);
		if (mask != 0) {
			pos += plain_lead(mask);
			break;
		}
		pos += sizeof(uint64_t);
	}
	while (pos < len && plain[p[pos]])
		pos++;
	return pos;
}

/* A string, the cursor on its opening quote. [is_key]: \u0000 is refused. */
static enum pcb_err string(struct cursor *c, int is_key)
{
	c->pos++;
	for (;;) {
		c->pos = plain_run(c->p, c->pos, c->len);
		if (c->pos >= c->len)
			return PCB_ERR_JSON_SYNTAX;
		unsigned char ch = c->p[c->pos];
		if (ch == '"') {
			c->pos++;
			return PCB_OK;
		}
		if (ch < 0x20)
			return PCB_ERR_JSON_CONTROL;
		if (ch == 0x7f) {
			c->s->escaped++; /* JSON allows it raw; the log escapes it */
			c->pos++;
			continue;
		}
		if (ch >= 0x80) {
			size_t n = pcb_utf8_seq_len(c->p + c->pos, c->len - c->pos);
			if (n == 0)
				return PCB_ERR_JSON_UTF8;
			if (pcb_utf8_is_line_break(c->p + c->pos, n))
				c->s->escaped++; /* U+0085, U+2028, U+2029: the log escapes them */
			c->pos += n;
			continue;
		}
		if (c->len - c->pos < 2)
			return PCB_ERR_JSON_SYNTAX;
		ch = c->p[c->pos + 1];
		c->s->escaped++;
		if (ch != 'u') {
			if (strchr("\"\\/bfnrt", ch) == NULL || ch == '\0')
				return PCB_ERR_JSON_ESCAPE;
			c->pos += 2;
			continue;
		}
		unsigned cp, lo;
		if (hex4(c, c->pos + 2, &cp) < 0)
			return PCB_ERR_JSON_ESCAPE;
		if (cp == 0 && is_key)
			return PCB_ERR_JSON_KEY_NUL;
		if (cp >= 0xdc00 && cp <= 0xdfff)
			return PCB_ERR_JSON_SURROGATE;
		if (cp >= 0xd800 && cp <= 0xdbff) {
			/* A high surrogate must be followed by \u and a low one. */
			size_t next = c->pos + 6;
			if (c->len - next < 6 || c->p[next] != '\\' || c->p[next + 1] != 'u' ||
			    hex4(c, next + 2, &lo) < 0 || lo < 0xdc00 || lo > 0xdfff)
				return PCB_ERR_JSON_SURROGATE;
			c->pos += 12;
			continue;
		}
		c->pos += 6;
	}
}

static int is_digit(int ch)
{
	return ch >= '0' && ch <= '9';
}

static enum pcb_err number(struct cursor *c)
{
	if (peek(c) == '-')
		c->pos++;
	if (peek(c) == '0') {
		c->pos++;
	} else if (is_digit(peek(c))) {
		while (is_digit(peek(c)))
			c->pos++;
	} else {
		return PCB_ERR_JSON_NUMBER; /* "-", "-Infinity", "-.5" */
	}
	if (peek(c) == '.') {
		c->pos++;
		if (!is_digit(peek(c)))
			return PCB_ERR_JSON_NUMBER;
		while (is_digit(peek(c)))
			c->pos++;
	}
	if (peek(c) == 'e' || peek(c) == 'E') {
		c->pos++;
		if (peek(c) == '+' || peek(c) == '-')
			c->pos++;
		if (!is_digit(peek(c)))
			return PCB_ERR_JSON_NUMBER;
		while (is_digit(peek(c)))
			c->pos++;
	}
	/* "01", "1.2.3", "2NaN": a number runs into something it cannot hold. */
	int ch = peek(c);
	if (is_digit(ch) || ch == '.' || ch == 'e' || ch == 'E' || ch == '-' || ch == '+' ||
	    (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z'))
		return PCB_ERR_JSON_NUMBER;
	return PCB_OK;
}

static enum pcb_err literal(struct cursor *c, const char *word)
{
	size_t n = strlen(word);

	if (c->len - c->pos < n || memcmp(c->p + c->pos, word, n) != 0)
		return PCB_ERR_JSON_SYNTAX;
	c->pos += n;
	return PCB_OK;
}

static enum pcb_err object(struct cursor *c, int depth)
{
	struct pcb_scan *s = c->s;
	size_t slot;
	enum pcb_err err;

	if (s->nobjects == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		uint32_t *grown = realloc(s->keys, cap * sizeof(*grown));
		if (grown == NULL)
			return PCB_ERR_NO_MEMORY;
		s->keys = grown;
		s->cap = cap;
	}
	slot = s->nobjects++;
	s->keys[slot] = 0;

	c->pos++;
	skip_ws(c);
	if (peek(c) == '}') {
		c->pos++;
		return PCB_OK;
	}
	for (;;) {
		skip_ws(c);
		if (peek(c) != '"')
			return PCB_ERR_JSON_SYNTAX; /* includes 'single' and bare keys */
		size_t key = c->pos;
		if ((err = string(c, 1)) != PCB_OK)
			return err;
		/* The top level's "Events", spelt without escapes: its elements' bytes are noted. */
		int events = depth == 1 && c->pos - key == 8 && memcmp(c->p + key, "\"Events\"", 8) == 0;
		skip_ws(c);
		if (peek(c) != ':')
			return PCB_ERR_JSON_SYNTAX;
		c->pos++;
		skip_ws(c);
		c->record = events && peek(c) == '[';
		if ((err = value(c, depth)) != PCB_OK)
			return err;
		/* Bounded by the body size: an object cannot hold 2^32 members. */
		s->keys[slot]++;
		skip_ws(c);
		if (peek(c) == ',') {
			c->pos++;
			continue;
		}
		if (peek(c) == '}') {
			c->pos++;
			return PCB_OK;
		}
		return PCB_ERR_JSON_SYNTAX;
	}
}

static enum pcb_err array(struct cursor *c, int depth)
{
	struct pcb_scan *s = c->s;
	int record = c->record;
	enum pcb_err err;

	c->record = 0;
	if (record) {
		s->events_found = 1;
		s->nevents = 0;
	}
	c->pos++;
	skip_ws(c);
	if (peek(c) == ']') {
		c->pos++;
		return PCB_OK;
	}
	for (;;) {
		skip_ws(c);
		size_t start = c->pos;
		if ((err = value(c, depth)) != PCB_OK)
			return err;
		if (record) {
			if (s->nevents < PCB_MAX_EVENTS) {
				s->events[s->nevents].start = start;
				s->events[s->nevents].end = c->pos;
			}
			s->nevents++;
		}
		skip_ws(c);
		if (peek(c) == ',') {
			c->pos++;
			continue;
		}
		if (peek(c) == ']') {
			c->pos++;
			return PCB_OK;
		}
		return PCB_ERR_JSON_SYNTAX;
	}
}

/* A value, after white space; [depth] is that of its container. */
static enum pcb_err value(struct cursor *c, int depth)
{
	if (++c->values > PCB_MAX_JSON_VALUES)
		return PCB_ERR_JSON_VALUES;
	skip_ws(c);
	switch (peek(c)) {
	case '{':
		if (depth >= PCB_JSON_MAX_DEPTH)
			return PCB_ERR_JSON_DEPTH;
		return object(c, depth + 1);
	case '[':
		if (depth >= PCB_JSON_MAX_DEPTH)
			return PCB_ERR_JSON_DEPTH;
		return array(c, depth + 1);
	case '"':
		return string(c, 0);
	case 't':
		return literal(c, "true");
	case 'f':
		return literal(c, "false");
	case 'n':
		return literal(c, "null");
	case 'N': /* NaN */
	case 'I': /* Infinity */
	case '+':
	case '.':
		return PCB_ERR_JSON_NUMBER;
	default:
		if (peek(c) == '-' || is_digit(peek(c)))
			return number(c);
		return PCB_ERR_JSON_SYNTAX;
	}
}

enum pcb_err pcb_scan_json(struct pcb_scan *s, const char *p, size_t len)
{
	struct cursor c = { (const unsigned char *)p, len, 0, s, 0, 0 };
	enum pcb_err err;

	s->nobjects = 0;
	s->escaped = 0;
	s->err_offset = 0;
	s->events_found = 0;
	s->nevents = 0;
	skip_ws(&c);
	if (c.pos == c.len)
		return PCB_ERR_JSON_EMPTY;
	err = value(&c, 0);
	if (err == PCB_OK) {
		skip_ws(&c);
		if (c.pos != c.len)
			err = PCB_ERR_JSON_TRAILING;
	}
	if (err != PCB_OK)
		s->err_offset = c.pos;
	return err;
}
