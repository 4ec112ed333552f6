/* pcb_sign.c: see pcb_sign.h. */
#include <config.h>

#include "pcb_sign.h"

#include <stdint.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

/* RequestTime: seconds since the epoch, as decimal; 19 digits fit in int64. */
enum { REQTIME_MAX_DIGITS = 18 };

int pcb_sign_compute(const char *token, size_t tokenlen, const char *reqtime, size_t rtlen, char *out)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	int rc = -1;

	if (ctx == NULL)
		return -1;
	if (EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) == 1 && EVP_DigestUpdate(ctx, token, tokenlen) == 1 &&
	    EVP_DigestUpdate(ctx, reqtime, rtlen) == 1 && EVP_DigestFinal_ex(ctx, md, &mdlen) == 1 &&
	    mdlen * 2 == PCB_SIGN_HEX_LEN) {
		for (unsigned i = 0; i < mdlen; i++) {
			out[2 * i] = hex[md[i] >> 4];
			out[2 * i + 1] = hex[md[i] & 0xf];
		}
		out[PCB_SIGN_HEX_LEN] = '\0';
		rc = 0;
	}
	EVP_MD_CTX_free(ctx);
	return rc;
}

/* Parses a plain decimal RequestTime; -1 if it is not one. */
static int parse_reqtime(const char *s, size_t len, int64_t *out)
{
	int64_t v = 0;

	if (len == 0 || len > REQTIME_MAX_DIGITS)
		return -1;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

enum pcb_err pcb_sign_verify(const char *tokens, size_t stride, size_t ntokens, const char *sign,
			     size_t signlen, const char *reqtime, size_t rtlen, time_t now, unsigned window)
{
	char given[PCB_SIGN_HEX_LEN + 1], want[PCB_SIGN_HEX_LEN + 1];
	int64_t t;
	int match = 0;

	if (sign == NULL || reqtime == NULL || signlen == 0 || rtlen == 0)
		return PCB_ERR_SIGN_MISSING;
	if (signlen != PCB_SIGN_HEX_LEN || parse_reqtime(reqtime, rtlen, &t) < 0)
		return PCB_ERR_SIGN_MALFORMED;
	for (size_t i = 0; i < signlen; i++) {
		char c = sign[i];
		if (c >= 'A' && c <= 'F')
			c = (char)(c - 'A' + 'a');
		else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
			return PCB_ERR_SIGN_MALFORMED;
		given[i] = c;
	}
	if (t < (int64_t)now - (int64_t)window || t > (int64_t)now + (int64_t)window)
		return PCB_ERR_SIGN_EXPIRED;
	/* Every token is tried, so that the time taken says nothing of which matched. */
	for (size_t i = 0; i < ntokens; i++) {
		const char *token = tokens + i * stride;
		if (pcb_sign_compute(token, strlen(token), reqtime, rtlen, want) < 0)
			continue;
		match |= CRYPTO_memcmp(given, want, PCB_SIGN_HEX_LEN) == 0;
	}
	return match ? PCB_OK : PCB_ERR_SIGN_WRONG;
}
