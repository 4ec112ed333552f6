#!/bin/sh
# pushcb-reconcile when Tencent's API refuses or fails, and its usage errors:
# 60007 retried after a pause; 70009 (told to, and a wrong key the stand-in
# catches itself) stops the run with exit 3, Tencent's code and info and the
# setting to fix; a stall past --timeout, the documented malformed
# normal_push_loss sample, an untrusted certificate: exit 3; bad days, no
# key, a plain http:// URL: exit 2.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/reconcile-lib.sh"

rc_certs
rc_conf
mkdir -p "$T/logs"
D2=$(rc_beijing_day 2)

rc_standin ratelimit:2
rc_run --from "$D2" --to "$D2" -F tsv >"$T/out" 2>"$T/err"
is "$?" 0 "two 60007 answers, then success: exit 0"
is "$(awk '$3 == 60007' "$T/standin.log" | wc -l | tr -d ' ')" 2 "the first two calls were answered 60007"
is "$(rc_problems)" "" "and the retries came within the rate (no check failed)"
ok "the retry waited a pause after the 60007" awk 'NR == 2 { if ($1 - prev < 1.9) exit 1 } { prev = $1 }' "$T/standin.log"
rc_standin_stop

rc_standin ratelimit:100
rc_run --from "$D2" --to "$D2" >"$T/out" 2>"$T/err"
is "$?" 3 "60007 every time: exit 3 after a few retries"
ok "the message names 60007 and the rate limit" grep -q 'ErrorCode 60007.*rate limit' "$T/err"
is "$(wc -l <"$T/standin.log" | tr -d ' ')" 4 "one call and three retries"
rc_standin_stop

rc_standin 70009
rc_run --from "$D2" --to "$D2" >"$T/out" 2>"$T/err"
is "$?" 3 "ErrorCode 70009: exit 3"
ok "the message has Tencent's ErrorCode and ErrorInfo and names PUSHCB_ADMIN_KEY" \
	grep -q 'normal_push_statistics: Tencent refused the call: ErrorCode 70009, ErrorInfo "UserSig check failed (told to)": check PUSHCB_ADMIN_KEY' "$T/err"
is "$(cat "$T/out")" "" "nothing on stdout"
rc_standin_stop

rc_standin normal
rc_conf "0000$RC_KEY"
rc_run --from "$D2" --to "$D2" >"$T/out" 2>"$T/err"
is "$?" 3 "a wrong key: the stand-in's own UserSig check answers 70009, exit 3"
ok "the message says so" grep -q 'ErrorCode 70009, ErrorInfo "UserSig check failed": check PUSHCB_ADMIN_KEY' "$T/err"
rc_conf
rc_rate_window
env -i PATH="$PATH" PUSHCB_ADMIN_IDENTIFIER=someone "$RECONCILE" --config "$T/reconcile.conf" --api "$RC_API" \
	--cacert "$T/pki/ca.pem" --from "$D2" --to "$D2" >"$T/out" 2>"$T/err"
is "$?" 3 "another identifier: exit 3"
ok "70013 names PUSHCB_ADMIN_IDENTIFIER" grep -q 'ErrorCode 70013.*PUSHCB_ADMIN_IDENTIFIER' "$T/err"
rc_rate_window
rc_run --from "$D2" --to "$D2" --sdkappid 1400000001 >"$T/out" 2>"$T/err"
is "$?" 3 "another SdkAppid: exit 3"
ok "70014 names PUSHCB_SDKAPPID" grep -q 'ErrorCode 70014.*PUSHCB_SDKAPPID' "$T/err"
rc_rate_window
env -i PATH="$PATH" "$RECONCILE" --config "$T/reconcile.conf" --api "$RC_API" --from "$D2" --to "$D2" \
	>"$T/out" 2>"$T/err"
is "$?" 3 "the stand-in's certificate without --cacert: exit 3"
ok "the message is about the certificate" grep -qi 'certificate' "$T/err"
rc_standin_stop

rc_standin stall --stall 30
start=$(date +%s)
rc_run --from "$D2" --to "$D2" --timeout 2 >"$T/out" 2>"$T/err"
is "$?" 3 "a stall past --timeout 2: exit 3"
ok "the message names the timeout" grep -qi 'timeout\|timed out' "$T/err"
ok "within the timeout's time, not the stall's" test $(($(date +%s) - start)) -lt 20
rc_standin_stop

rc_standin malformed-loss
rc_run --from "$D2" --to "$D2" >"$T/out" 2>"$T/err"
is "$?" 3 "Tencent's malformed normal_push_loss sample: exit 3"
ok "refused as not valid JSON" grep -q 'normal_push_loss: answer is not valid JSON' "$T/err"
rc_standin_stop

old=$(rc_beijing_day 31)
rc_run --from "$old" --to "$D2" >"$T/out" 2>"$T/err"
is "$?" 2 "--from 31 days back: exit 2"
ok "saying how far the statistics reach" grep -q 'reach 30 days back' "$T/err"
rc_run --from "$D2" --to "$(rc_beijing_day -1)" >"$T/out" 2>"$T/err"
is "$?" 2 "--to tomorrow: exit 2"
rc_run --from 2026-13-01 >"$T/out" 2>"$T/err"
is "$?" 2 "a day that is not one: exit 2"
rc_run --tolerance 101 >"$T/out" 2>"$T/err"
is "$?" 2 "--tolerance 101: exit 2"
rc_run -F xml >"$T/out" 2>"$T/err"
is "$?" 2 "-F xml: exit 2"
env -i PATH="$PATH" "$RECONCILE" --config "$T/reconcile.conf" --api http://127.0.0.1:1 >"$T/out" 2>"$T/err"
is "$?" 2 "--api http://: exit 2"
printf 'PUSHCB_SDKAPPID=%s\n' "$RC_APPID" >"$T/nokey.conf"
env -i PATH="$PATH" "$RECONCILE" --config "$T/nokey.conf" --api "$RC_API" >"$T/out" 2>"$T/err"
is "$?" 2 "no PUSHCB_ADMIN_KEY: exit 2"
ok "saying which setting is missing" grep -q 'PUSHCB_ADMIN_KEY is not set' "$T/err"
env -i PATH="$PATH" "$RECONCILE" --config "$T/reconcile.conf" --api "$RC_API" --region seoul >"$T/out" 2>"$T/err"
is "$?" 2 "--api with --region: exit 2"
env -i PATH="$PATH" "$RECONCILE" --config "$T/reconcile.conf" --region atlantis >"$T/out" 2>"$T/err"
is "$?" 2 "an unknown --region: exit 2"
ok "the message lists the regions" grep -q 'not china, singapore, seoul, frankfurt, siliconvalley or jakarta' "$T/err"
rc_run --sdkappid 14x >"$T/out" 2>"$T/err"
is "$?" 2 "--sdkappid that is not a number: exit 2"
done_testing
