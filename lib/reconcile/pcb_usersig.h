/*
 * pcb_usersig.h: Tencent's UserSig (TLSSigAPIv2), made locally, as
 * STATISTICS-API.md describes it: TLS.sig = base64(HMAC-SHA256(key,
 * "TLS.identifier:ID\nTLS.sdkappid:APPID\nTLS.time:T\nTLS.expire:E\n")), a
 * JSON document of those fields and "TLS.ver":"2.0", zlib-compressed (RFC
 * 1950), in base64 with '+' '/' '=' written '*' '-' '_'. HMAC-SHA256 and
 * base64 are libcrypto's, the compression zlib's. The key is only read.
 */
#ifndef PCB_USERSIG_H
#define PCB_USERSIG_H

#include <stddef.h>
#include <stdint.h>

/* An administrator's identifier: Tencent's UserIDs have at most 32 bytes. */
#define PCB_USERSIG_IDENTIFIER_MAX 32
/* The console's secret key: 64 hex digits in practice; a longer one is refused. */
#define PCB_USERSIG_KEY_MAX 256
/* TLS.sig with its NUL: base64 of 32 bytes is 44 characters. */
#define PCB_USERSIG_SIG_BYTES 45
/* A whole UserSig with its NUL; ours are about 200 bytes. */
#define PCB_USERSIG_BYTES 1024
/* The JSON document inside, decompressed, at most. */
#define PCB_USERSIG_JSON_MAX 512

/* What a UserSig says (pcb_usersig_decode). */
struct pcb_usersig {
	char ver[8];
	char identifier[PCB_USERSIG_IDENTIFIER_MAX + 1];
	int64_t sdkappid, time, expire;
	char sig[PCB_USERSIG_SIG_BYTES];
};

/*
 * Writes TLS.sig for [identifier], [sdkappid], issued at [t] for [expire]
 * seconds, with the key [key] of [keylen] bytes, into [out]. Returns 0, or -1
 * when an argument is out of range or libcrypto fails.
 */
int pcb_usersig_sig(const char *key, size_t keylen, const char *identifier, int64_t sdkappid, int64_t t,
		    int64_t expire, char out[PCB_USERSIG_SIG_BYTES]);

/*
 * Writes the UserSig for the same arguments into [out] (PCB_USERSIG_BYTES).
 * Returns 0, or -1 as pcb_usersig_sig() does, or when zlib or json-c fail.
 */
int pcb_usersig_make(const char *key, size_t keylen, const char *identifier, int64_t sdkappid, int64_t t,
		     int64_t expire, char out[PCB_USERSIG_BYTES]);

/*
 * Reads the UserSig [s] back into [u]: undoes the base64 variant and the
 * compression, parses the JSON. Returns 0, or -1 when any step fails or a
 * field is missing or of the wrong type. The signature is not checked.
 */
int pcb_usersig_decode(const char *s, struct pcb_usersig *u);

/*
 * Whether a UserSig issued at [t] for [expire] seconds should be made again
 * at [now]: it has less than [margin] seconds left (or is not yet valid).
 */
int pcb_usersig_stale(int64_t t, int64_t expire, int64_t now, int64_t margin);

#endif
