#!/bin/bash
# deploy/render, which every way in and its test build configurations with:
# each shipped template renders with the defaults, values go in literally, and
# mistakes stop it with nothing printed.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"

for f in nginx/routing.conf nginx/push_callback.conf nginx/site.conf nginx/app-standin.conf \
	nginx/nginx-local.conf systemd/push-callback.socket systemd/push-callback.service \
	systemd/push-callback.sysusers apache/push_callback-fcgid.conf; do
	out=$(sh "$DEPLOY/render" "$DEPLOY/$f" 2>&1)
	is "$?" 0 "$f renders with the defaults"
	is "$(printf '%s\n' "$out" | grep -c '@[A-Z_]*@')" 0 "$f: no placeholder left"
done

printf 'a @SOCKET@ b\n' >"$T/t"
is "$(sh "$DEPLOY/render" "$T/t" 'SOCKET=/x|y&z\w')" 'a /x|y&z\w b' \
	"a value goes in literally (| & \\ included)"
out=$(sh "$DEPLOY/render" "$T/t" SOKET=/x 2>/dev/null)
is "$?:$out" "1:" "an unknown NAME is an error, and nothing is printed"
printf 'a @NOSUCH@ b\n' >"$T/u"
out=$(sh "$DEPLOY/render" "$T/u" 2>/dev/null)
is "$?:$out" "1:" "a placeholder left unfilled is an error, and nothing is printed"
done_testing
