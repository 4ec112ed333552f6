/*
 * test-usersig: the UserSig test vectors of STATISTICS-API.md (the decoded
 * TLS.sig, never the zlib bytes), the whole UserSig of Tencent's library
 * decoded, the base64 variant, expiry, refused arguments.
 */
#include <config.h>

#include <string.h>

#include "pcb_usersig.h"
#include "tap.h"

#define KEY "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e"
#define APPID 1400000000
#define T0 1700000000
#define EXPIRE 15552000
#define SIG_ADMIN "JCzxanF8NTTXau4m+2h9wv7gYJnyNksm0xm1NEXU274="
#define SIG_XIAOJUN "LvA7d/Iw7gSsnskvVzBDPOCCDbuNCw4GHwTC0bip+B4="
/* The official Python library's UserSig for "administrator" at T0. */
#define OFFICIAL                                                   \
	"eJyrVgrxCdYrSy1SslJQMtIzUNJRAItkpqTmlWSmZUIkElNyM-"       \
	"Myi0uKEkvyi2BKilOyEwsKMlOACgxNDKAAKpdaUZBZlAqSMTU1NUKIl2" \
	"TmgkXN0dQXZ6aD7PFyrqpIzHOz8AsJiUgsNcnVNsqwLC8zT4-0yqv0yy7ONajINfRzjQg1MjexVaoFANTGNgc_"

int main(void)
{
	char sig[PCB_USERSIG_SIG_BYTES], us[PCB_USERSIG_BYTES];
	struct pcb_usersig u;
	int plain = 0;

	tap_plan(28);
	tap_ok(pcb_usersig_sig(KEY, strlen(KEY), "administrator", APPID, T0, EXPIRE, sig) == 0,
	       "TLS.sig made");
	tap_is_str(sig, SIG_ADMIN, "vector: administrator");
	tap_ok(pcb_usersig_sig(KEY, strlen(KEY), "xiaojun", APPID, T0, EXPIRE, sig) == 0, "TLS.sig made");
	tap_is_str(sig, SIG_XIAOJUN, "vector: xiaojun");

	tap_ok(pcb_usersig_make(KEY, strlen(KEY), "administrator", APPID, T0, EXPIRE, us) == 0,
	       "UserSig made");
	tap_ok(pcb_usersig_decode(us, &u) == 0, "our UserSig decodes");
	tap_is_str(u.sig, SIG_ADMIN, "ours carries the vector's TLS.sig");
	tap_is_str(u.ver, "2.0", "TLS.ver 2.0");
	tap_is_str(u.identifier, "administrator", "TLS.identifier");
	tap_is_int(u.sdkappid, APPID, "TLS.sdkappid a number");
	tap_is_int(u.time, T0, "TLS.time");
	tap_is_int(u.expire, EXPIRE, "TLS.expire: a lifetime, not an instant");
	for (const char *p = us; *p; p++)
		plain += *p == '+' || *p == '/' || *p == '=';
	tap_is_int(plain, 0, "the variant: no '+', '/' or '=' in a UserSig");
	tap_ok(strchr(us, '*') != NULL || strchr(us, '-') != NULL || strchr(us, '_') != NULL,
	       "and its replacements appear");

	tap_ok(pcb_usersig_decode(OFFICIAL, &u) == 0, "the official library's UserSig decodes");
	tap_is_str(u.sig, SIG_ADMIN, "its TLS.sig is the vector");
	tap_is_int(u.time, T0, "its TLS.time");

	char broken[] = OFFICIAL;
	broken[10] = '+';
	tap_ok(pcb_usersig_decode(broken, &u) != 0, "a '+' (plain base64) is refused");
	tap_ok(pcb_usersig_decode("eJyrVgrx", &u) != 0, "a cut UserSig is refused");
	tap_ok(pcb_usersig_decode("", &u) != 0, "an empty one too");

	tap_ok(pcb_usersig_sig("", 0, "administrator", APPID, T0, EXPIRE, sig) != 0,
	       "an empty key is refused");
	tap_ok(pcb_usersig_sig(KEY, strlen(KEY), "", APPID, T0, EXPIRE, sig) != 0, "an empty identifier too");
	tap_ok(pcb_usersig_sig(KEY, strlen(KEY), "a-name-longer-than-thirty-two-bytes", APPID, T0, EXPIRE,
			       sig) != 0,
	       "an identifier past 32 bytes too");
	tap_ok(pcb_usersig_sig(KEY, strlen(KEY), "administrator", APPID, T0, 0, sig) != 0,
	       "a zero lifetime too");

	tap_ok(!pcb_usersig_stale(T0, 3600, T0 + 3000, 300), "600 s left, margin 300: still good");
	tap_ok(pcb_usersig_stale(T0, 3600, T0 + 3301, 300), "299 s left, margin 300: made again");
	tap_ok(pcb_usersig_stale(T0, 3600, T0 + 3601, 300), "expired: made again");
	tap_ok(pcb_usersig_stale(T0, 3600, T0 - 1, 300),
	       "issued in the future (clock stepped back): made again");
	return tap_done();
}
