/* pcb_query.c: see pcb_query.h. */
#include <config.h>

#include "pcb_query.h"

#include <string.h>
#include <strings.h>

/* clang-format off */
static const char *const qp_names[PCB_QP_COUNT] = {
	[PCB_QP_SDKAPPID] = "SdkAppid",
	[PCB_QP_COMMAND] = "CallbackCommand",
	[PCB_QP_CONTENTTYPE] = "contenttype",
	[PCB_QP_SIGN] = "Sign",
	[PCB_QP_REQUESTTIME] = "RequestTime",
};
/* clang-format on */

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Decodes [len] bytes of [s] into [out] (room for len + 1 bytes: decoding
 * never grows). Returns the decoded length, or -1 on bad encoding or NUL.
 */
static long decode(const char *s, size_t len, char *out)
{
	size_t o = 0;

	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c == '+')
			c = ' ';
		else if (c == '%') {
			int hi, lo;
			if (len - i < 3 || (hi = hexval(s[i + 1])) < 0 || (lo = hexval(s[i + 2])) < 0)
				return -1;
			c = (char)(hi << 4 | lo);
			i += 2;
		}
		if (c == '\0')
			return -1;
		out[o++] = c;
	}
	out[o] = '\0';
	return (long)o;
}

enum pcb_err pcb_query_parse(struct pcb_query *q, const char *qs, size_t len)
{
	size_t used = 0, pos = 0;
	unsigned count = 0;

	for (int i = 0; i < PCB_QP_COUNT; i++) {
		q->value[i] = NULL;
		q->len[i] = 0;
	}
	if (qs == NULL)
		return PCB_OK;
	if (len > PCB_MAX_QUERY)
		return PCB_ERR_QUERY_TOO_LONG;

	while (pos < len) {
		const char *seg = qs + pos;
		const char *amp = memchr(seg, '&', len - pos);
		size_t seglen = amp ? (size_t)(amp - seg) : len - pos;
		pos += seglen + 1;
		if (seglen == 0)
			continue;
		if (++count > PCB_MAX_QUERY_PARAMS)
			return PCB_ERR_QUERY_TOO_MANY;

		const char *eq = memchr(seg, '=', seglen);
		size_t namelen = eq ? (size_t)(eq - seg) : seglen;
		/* The name is decoded into the free tail of buf, then the value after it. */
		char *name = q->buf + used;
		long n = decode(seg, namelen, name);
		if (n < 0)
			return PCB_ERR_QUERY_ENCODING;
		int which = -1;
		for (int i = 0; i < PCB_QP_COUNT; i++)
			if (strcasecmp(name, qp_names[i]) == 0)
				which = i;
		const char *rawval = eq ? eq + 1 : seg + seglen;
		size_t rawlen = eq ? seglen - namelen - 1 : 0;
		if (which < 0) {
			/* Not ours: still reject broken encoding, but keep nothing. */
			if (decode(rawval, rawlen, name) < 0)
				return PCB_ERR_QUERY_ENCODING;
			continue;
		}
		if (q->value[which] != NULL)
			return PCB_ERR_QUERY_REPEATED;
		n = decode(rawval, rawlen, name);
		if (n < 0)
			return PCB_ERR_QUERY_ENCODING;
		q->value[which] = name;
		q->len[which] = (size_t)n;
		used += (size_t)n + 1;
	}
	return PCB_OK;
}
