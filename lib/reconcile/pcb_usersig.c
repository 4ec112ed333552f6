/* pcb_usersig.c: see pcb_usersig.h. */
#include <config.h>

#include "pcb_usersig.h"

#include <json.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdio.h>
#include <string.h>
#include <zlib.h>

/* Base64 of PCB_USERSIG_JSON_MAX compressed bytes (zlib adds at most a few per cent). */
#define US_ZLIB_MAX (PCB_USERSIG_JSON_MAX + 64)
_Static_assert((US_ZLIB_MAX + 2) / 3 * 4 < PCB_USERSIG_BYTES, "a UserSig's base64 fits PCB_USERSIG_BYTES");

/* The characters base64 writes that a URL would mangle, and what UserSig writes instead. */
static const char us_plain[] = "+/=";
static const char us_url[] = "*-_";

static int us_args_ok(size_t keylen, const char *identifier, int64_t sdkappid, int64_t t, int64_t expire)
{
	size_t idlen = strlen(identifier);

	return keylen > 0 && keylen <= PCB_USERSIG_KEY_MAX && idlen > 0 &&
	       idlen <= PCB_USERSIG_IDENTIFIER_MAX && sdkappid > 0 && t >= 0 && expire > 0 &&
	       t <= INT64_MAX - expire;
}

int pcb_usersig_sig(const char *key, size_t keylen, const char *identifier, int64_t sdkappid, int64_t t,
		    int64_t expire, char out[PCB_USERSIG_SIG_BYTES])
{
	char msg[PCB_USERSIG_IDENTIFIER_MAX + 160];
	unsigned char mac[EVP_MAX_MD_SIZE];
	unsigned maclen = 0;
	int n;

	if (!us_args_ok(keylen, identifier, sdkappid, t, expire))
		return -1;
	n = snprintf(msg, sizeof(msg),
		     "TLS.identifier:%s\nTLS.sdkappid:%lld\nTLS.time:%lld\nTLS.expire:%lld\n", identifier,
		     (long long)sdkappid, (long long)t, (long long)expire);
	if (n < 0 || (size_t)n >= sizeof(msg))
		return -1;
	if (HMAC(EVP_sha256(), key, (int)keylen, (const unsigned char *)msg, (size_t)n, mac, &maclen) ==
		NULL ||
	    maclen != 32)
		return -1;
	/* 32 bytes are 44 characters of base64 and a NUL. */
	return EVP_EncodeBlock((unsigned char *)out, mac, (int)maclen) == PCB_USERSIG_SIG_BYTES - 1 ? 0 : -1;
}

/* The JSON document of a UserSig into [out]; its length, or -1. */
static int us_json(const char *identifier, int64_t sdkappid, int64_t t, int64_t expire, const char *sig,
		   char out[PCB_USERSIG_JSON_MAX])
{
	json_object *o = json_object_new_object();
	const char *s;
	int rc = -1;

	if (o == NULL)
		return -1;
	if (json_object_object_add(o, "TLS.ver", json_object_new_string("2.0")) != 0 ||
	    json_object_object_add(o, "TLS.identifier", json_object_new_string(identifier)) != 0 ||
	    json_object_object_add(o, "TLS.sdkappid", json_object_new_int64(sdkappid)) != 0 ||
	    json_object_object_add(o, "TLS.expire", json_object_new_int64(expire)) != 0 ||
	    json_object_object_add(o, "TLS.time", json_object_new_int64(t)) != 0 ||
	    json_object_object_add(o, "TLS.sig", json_object_new_string(sig)) != 0)
		goto out;
	s = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
	if (s == NULL || strlen(s) >= PCB_USERSIG_JSON_MAX)
		goto out;
	rc = (int)strlen(s);
	memcpy(out, s, (size_t)rc);
out:
	json_object_put(o);
	return rc;
}

int pcb_usersig_make(const char *key, size_t keylen, const char *identifier, int64_t sdkappid, int64_t t,
		     int64_t expire, char out[PCB_USERSIG_BYTES])
{
	char sig[PCB_USERSIG_SIG_BYTES], json[PCB_USERSIG_JSON_MAX];
	unsigned char z[US_ZLIB_MAX];
	uLongf zlen = sizeof(z);
	int jlen;

	if (pcb_usersig_sig(key, keylen, identifier, sdkappid, t, expire, sig) != 0)
		return -1;
	jlen = us_json(identifier, sdkappid, t, expire, sig, json);
	if (jlen < 0 ||
	    compress2(z, &zlen, (const unsigned char *)json, (uLong)jlen, Z_BEST_COMPRESSION) != Z_OK)
		return -1;
	EVP_EncodeBlock((unsigned char *)out, z, (int)zlen);
	for (char *p = out; *p; p++) {
		const char *c = strchr(us_plain, *p);

		if (c != NULL)
			*p = us_url[c - us_plain];
	}
	return 0;
}

/* Copies the string member [name] of [o] into [dst] of [size] bytes; -1 when absent, not a string or too long. */
static int us_get_str(json_object *o, const char *name, char *dst, size_t size)
{
	json_object *v;
	const char *s;

	if (!json_object_object_get_ex(o, name, &v) || !json_object_is_type(v, json_type_string))
		return -1;
	s = json_object_get_string(v);
	if (strlen(s) >= size)
		return -1;
	memcpy(dst, s, strlen(s) + 1);
	return 0;
}

static int us_get_int(json_object *o, const char *name, int64_t *out)
{
	json_object *v;

	if (!json_object_object_get_ex(o, name, &v) || !json_object_is_type(v, json_type_int))
		return -1;
	*out = json_object_get_int64(v);
	return 0;
}

/* Undoes the base64 variant of [s] into [z]; the byte count, or -1. */
static int us_unbase64(const char *s, unsigned char z[US_ZLIB_MAX])
{
	char b64[PCB_USERSIG_BYTES];
	size_t len = strlen(s), pad = 0;
	int n;

	if (len == 0 || len >= sizeof(b64) || len % 4 != 0 || len / 4 * 3 > US_ZLIB_MAX)
		return -1;
	for (size_t i = 0; i < len; i++) {
		const char *c = strchr(us_url, s[i]);

		/* The variant never holds the characters it replaces. */
		if (strchr(us_plain, s[i]) != NULL)
			return -1;
		b64[i] = c != NULL ? us_plain[c - us_url] : s[i];
	}
	b64[len] = '\0';
	while (pad < 2 && b64[len - 1 - pad] == '=')
		pad++;
	n = EVP_DecodeBlock(z, (const unsigned char *)b64, (int)len);
	/* EVP_DecodeBlock counts the padding's bytes as zeros. */
	return n < 0 || (size_t)n < pad ? -1 : n - (int)pad;
}

int pcb_usersig_decode(const char *s, struct pcb_usersig *u)
{
	unsigned char z[US_ZLIB_MAX];
	char json[PCB_USERSIG_JSON_MAX];
	uLongf jlen = sizeof(json) - 1;
	json_object *o = NULL;
	int zlen = us_unbase64(s, z), rc = -1;

	memset(u, 0, sizeof(*u));
	if (zlen < 0 || uncompress((unsigned char *)json, &jlen, z, (uLong)zlen) != Z_OK)
		return -1;
	json[jlen] = '\0';
	if (strlen(json) != jlen)
		return -1;
	o = json_tokener_parse(json);
	if (o == NULL || !json_object_is_type(o, json_type_object))
		goto out;
	if (us_get_str(o, "TLS.ver", u->ver, sizeof(u->ver)) != 0 ||
	    us_get_str(o, "TLS.identifier", u->identifier, sizeof(u->identifier)) != 0 ||
	    us_get_str(o, "TLS.sig", u->sig, sizeof(u->sig)) != 0 ||
	    us_get_int(o, "TLS.sdkappid", &u->sdkappid) != 0 || us_get_int(o, "TLS.time", &u->time) != 0 ||
	    us_get_int(o, "TLS.expire", &u->expire) != 0)
		goto out;
	rc = 0;
out:
	json_object_put(o);
	return rc;
}

int pcb_usersig_stale(int64_t t, int64_t expire, int64_t now, int64_t margin)
{
	if (now < t || expire < 0 || t > INT64_MAX - expire)
		return 1;
	return t + expire - now < margin;
}
