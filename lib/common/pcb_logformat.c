/* pcb_logformat.c: see pcb_logformat.h. */
#include <config.h>

#include "pcb_logformat.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "pcb_caltime.h"
#include "pcb_utf8.h"

/* ---- Lines ------------------------------------------------------------- */

void pcb_log_header(struct pcb_buf *buf, const struct pcb_command *cmd)
{
	pcb_buf_puts(buf, PCB_LOG_FIELDS_TAG "\t" PCB_LOG_COMMON_COLUMNS);
	for (size_t i = 0; i < cmd->nfields; i++) {
		pcb_buf_putc(buf, '\t');
		pcb_buf_puts(buf, cmd->fields[i].name);
	}
	pcb_buf_puts(buf, "\t" PCB_LOG_UNKNOWN_COLUMN "\n");
}

void pcb_log_recvtime(long long t, char out[PCB_LOG_RECVTIME_SIZE])
{
	char buf[PCB_CALTIME_BYTES];

	if (pcb_caltime_format(t, buf) == 0 && strlen(buf) < PCB_LOG_RECVTIME_SIZE)
		memcpy(out, buf, strlen(buf) + 1);
	else
		snprintf(out, PCB_LOG_RECVTIME_SIZE, "%lld", t);
}

void pcb_log_reject_line(struct pcb_buf *buf, const char *recvtime, const char *appid, const char *command,
			 long index, const char *reason, const char *data, size_t datalen)
{
	pcb_buf_puts(buf, recvtime);
	pcb_buf_putc(buf, '\t');
	pcb_log_escape(buf, appid, strlen(appid));
	pcb_buf_putc(buf, '\t');
	pcb_log_escape(buf, command, strlen(command));
	pcb_buf_putc(buf, '\t');
	if (index >= 0)
		pcb_buf_put_i64(buf, index);
	pcb_buf_putc(buf, '\t');
	pcb_log_escape(buf, reason, strlen(reason));
	pcb_buf_putc(buf, '\t');
	pcb_log_escape(buf, data, datalen);
	pcb_buf_putc(buf, '\n');
}

/* ---- Fields ------------------------------------------------------------ */

static const char hexdigits[] = "0123456789abcdef";

/* True for the ASCII bytes that are copied as they are: one subtraction and two tests. */
static int plain_ascii(unsigned char c)
{
	return (unsigned char)(c - 0x20) < 0x7f - 0x20 && c != '\\';
}

char *pcb_log_escape_to(char *dst, const char *s, size_t len)
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
		case '\\':
			*dst++ = '\\';
			break;
		case '\t':
			*dst++ = 't';
			break;
		case '\n':
			*dst++ = 'n';
			break;
		case '\r':
			*dst++ = 'r';
			break;
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

void pcb_log_escape(struct pcb_buf *b, const char *s, size_t len)
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
		char *w = pcb_buf_space(b, PCB_LOG_MAX_GROWTH * n);
		if (w == NULL)
			return;
		pcb_buf_commit(b, pcb_log_escape_to(w, s, n));
		s += n;
		len -= n;
	}
}

/* The value of lowercase hex digit [c], or -1: the escaping writes no other. */
static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/*
 * Decodes the escape after the backslash at src[*i - 1] into [*out] and
 * moves [*i] past it. Returns 0, or -1 when it is malformed.
 */
static int unescape_one(const char *src, size_t len, size_t *i, char *out)
{
	if (*i == len)
		return -1;
	switch (src[(*i)++]) {
	case '\\':
		*out = '\\';
		return 0;
	case 't':
		*out = '\t';
		return 0;
	case 'n':
		*out = '\n';
		return 0;
	case 'r':
		*out = '\r';
		return 0;
	case 'x': {
		if (len - *i < 2)
			return -1;
		int hi = hexval(src[*i]), lo = hexval(src[*i + 1]);
		if (hi < 0 || lo < 0)
			return -1;
		*out = (char)(unsigned char)(hi * 16 + lo);
		*i += 2;
		return 0;
	}
	default:
		return -1;
	}
}

long pcb_log_unescape(const char *src, size_t len, char *dst)
{
	size_t i = 0, o = 0;

	if (len > LONG_MAX)
		return -1;
	while (i < len) {
		char c = src[i++];
		if (c == '\\' && unescape_one(src, len, &i, &c) < 0)
			return -1;
		if (dst != NULL)
			dst[o] = c;
		o++;
	}
	return (long)o;
}

/* ---- File names -------------------------------------------------------- */

int pcb_log_base(const struct pcb_command *cmd, int reject, char out[PCB_LOG_BASE_MAX])
{
	int n = snprintf(out, PCB_LOG_BASE_MAX, "%s%s", reject ? PCB_LOG_REJECT_PREFIX : "", cmd->tag);

	return n < 0 || n >= PCB_LOG_BASE_MAX ? -1 : 0;
}

int pcb_log_base_of(const char *name, char base[PCB_LOG_BASE_MAX])
{
	for (size_t i = 0; i < pcb_ncommands; i++)
		for (int reject = 0; reject <= 1; reject++) {
			size_t blen;

			if (pcb_log_base(pcb_commands[i], reject, base) != 0)
				continue;
			blen = strlen(base);
			if (strncmp(name, base, blen) == 0 && (name[blen] == '-' || name[blen] == '.'))
				return 1;
		}
	return 0;
}

int pcb_log_period_span(const char *period, int64_t *start, int64_t *end)
{
	int64_t unit = strlen(period) == PCB_LOG_HOUR_LEN ? PCB_CALTIME_HOUR : PCB_CALTIME_DAY;

	if (pcb_caltime_parse(period, start) != 0)
		return -1;
	*end = *start + unit;
	return 0;
}

int pcb_log_temp_path(char *out, size_t outlen, const char *dir, const char *name)
{
	int n = snprintf(out, outlen, "%s/.%s." PCB_LOG_TEMP_TEMPLATE, dir, name);

	return n < 0 || (size_t)n >= outlen ? -1 : 0;
}

int pcb_log_is_temp_name(const char *name)
{
	const size_t tlen = sizeof(PCB_LOG_TEMP_TEMPLATE) - 1;
	size_t n = strlen(name);
	char base[PCB_LOG_BASE_MAX];

	if (name[0] != '.' || n < 1 + 1 + tlen || name[n - tlen - 1] != '.')
		return 0;
	for (size_t i = n - tlen; i < n; i++)
		if (!isalnum((unsigned char)name[i]))
			return 0;
	return pcb_log_base_of(name + 1, base);
}

int pcb_log_path(char *out, size_t outlen, const char *dir, const char *base, const char *period,
		 int segmented, unsigned seg)
{
	int n;

	if (segmented)
		n = snprintf(out, outlen, "%s/%s-%s.%04u" PCB_LOG_SUFFIX, dir, base, period, seg);
	else
		n = snprintf(out, outlen, "%s/%s-%s" PCB_LOG_SUFFIX, dir, base, period);
	return n < 0 || (size_t)n >= outlen ? -1 : 0;
}

/* Is [s] a period of [len] characters: YYYY-MM-DD, and for an hour THH after it? */
static int is_period(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		int ok;
		if (i == 4 || i == 7)
			ok = s[i] == '-';
		else if (i == PCB_LOG_DAY_LEN)
			ok = s[i] == 'T';
		else
			ok = s[i] >= '0' && s[i] <= '9';
		if (!ok)
			return 0;
	}
	return 1;
}

/* Segment numbers have at least this many digits (pcb_log_path's %04u). */
enum { SEGMENT_MIN_DIGITS = 4 };

int pcb_log_name_period(const char *name, const char *base, size_t period_len, char *period)
{
	size_t blen = strlen(base), digits = 0;
	const char *rest, *after;

	if (strncmp(name, base, blen) != 0 || name[blen] != '-')
		return 0;
	rest = name + blen + 1;
	if (strlen(rest) < period_len || !is_period(rest, period_len))
		return 0;
	after = rest + period_len;
	/* Then nothing but [.SEG].tsv[.gz]. */
	if (after[0] == '.')
		while (after[1 + digits] >= '0' && after[1 + digits] <= '9')
			digits++;
	if (digits > 0) {
		if (digits < SEGMENT_MIN_DIGITS)
			return 0;
		after += 1 + digits;
	}
	if (strncmp(after, PCB_LOG_SUFFIX, strlen(PCB_LOG_SUFFIX)) != 0)
		return 0;
	after += strlen(PCB_LOG_SUFFIX);
	if (after[0] != '\0' && strcmp(after, PCB_LOG_COMPRESSED) != 0)
		return 0;
	memcpy(period, rest, period_len);
	period[period_len] = '\0';
	return 1;
}

static int has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

size_t pcb_log_plain_name_len(const char *name)
{
	size_t n = strlen(name);

	return has_suffix(name, PCB_LOG_COMPRESSED) ? n - strlen(PCB_LOG_COMPRESSED) : n;
}

int pcb_log_is_file_name(const char *name)
{
	return name[0] != '.' && (has_suffix(name, PCB_LOG_SUFFIX) || has_suffix(name, PCB_LOG_GZ_SUFFIX));
}

int pcb_log_is_reject_name(const char *name)
{
	return strncmp(name, PCB_LOG_REJECT_PREFIX, strlen(PCB_LOG_REJECT_PREFIX)) == 0;
}
