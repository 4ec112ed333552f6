/*
 * pcb_sign.h: Tencent's callback authentication. With a token configured,
 * the URL carries Sign = lowercase hex of SHA-256(token || RequestTime) (plain
 * SHA-256 of the token immediately followed by the decimal RequestTime; not
 * HMAC) and RequestTime, in seconds. SHA-256 is OpenSSL's.
 */
#ifndef PCB_SIGN_H
#define PCB_SIGN_H

#include <stddef.h>
#include <time.h>

#include "pcb_error.h"

#define PCB_SIGN_HEX_LEN 64

/*
 * Writes the Sign for [token] and [reqtime] (its decimal text, as sent) into
 * [out] (PCB_SIGN_HEX_LEN + 1 bytes). Returns 0, or -1 if libcrypto fails.
 */
int pcb_sign_compute(const char *token, size_t tokenlen, const char *reqtime, size_t rtlen, char *out);

/*
 * Checks a request's [sign] and [reqtime] (NULL when absent) against each of
 * [ntokens] tokens ([tokens] is an array of [stride]-byte NUL-terminated
 * strings), at time [now] with [window] seconds of tolerance either way.
 * The comparison takes the same time whatever the bytes. Returns PCB_OK,
 * PCB_ERR_SIGN_MISSING, PCB_ERR_SIGN_MALFORMED, PCB_ERR_SIGN_EXPIRED or
 * PCB_ERR_SIGN_WRONG.
 */
enum pcb_err pcb_sign_verify(const char *tokens, size_t stride, size_t ntokens, const char *sign,
			     size_t signlen, const char *reqtime, size_t rtlen, time_t now, unsigned window);

#endif
