#!/bin/sh
# Sign authentication end to end, through the real binary under spawn-fcgi
# with two tokens: Sign = hex(SHA-256(token + RequestTime)) computed here with
# sha256sum, independently of the program's libcrypto. A good Sign for either
# token is served; every other Sign, a missing or malformed one, or a
# RequestTime outside the window is 403 with its own reason and stores
# nothing; the token never appears on stderr. Sign is checked before SdkAppid,
# so that an unsigned caller gets the same answer for every SdkAppid.
# Protection pinned: pcb_sign_verify in pcb_handler_head (remove it and the
# forged requests below get 200; check SdkAppid first and an unsigned caller
# can tell the configured SdkAppid from another).
. "$top_srcdir/tests/lib.sh"
need spawn-fcgi sha256sum

TOKEN1=xxxxyyyy
TOKEN2='second token with inner spaces'
pcb_spawn "$T/sock" 1 "PUSHCB_TOKEN=$TOKEN1,$TOKEN2" PUSHCB_SIGN_WINDOW=60
S="$DATA/batch/offlinepush-sample.json"
BASE='SdkAppid=1400000000&CallbackCommand=Push.OfflinePush&contenttype=json'

# sign TOKEN TIME: the lowercase hex Sign for TOKEN at TIME.
sign() { printf '%s%s' "$1" "$2" | sha256sum | cut -d ' ' -f 1; }

# other_digit SIGN POS: SIGN with its POS-th hex digit (from 1) changed, and no other.
other_digit() {
	awk -v s="$1" -v p="$2" 'BEGIN {
		c = substr(s, p, 1)
		printf "%s%s%s\n", substr(s, 1, p - 1), (c == "0" ? "1" : "0"), substr(s, p + 1)
	}'
}

# signed WHAT STATUS REASON QUERY: one request; REASON "-" for the OK answer.
signed() {
	_resp=$(post "$T/sock" "$4" "$S")
	is "$(status_of "$_resp")" "$2" "$1: status $2"
	if [ "$3" = - ]; then
		is "$(body_of "$_resp")" "$OK_JSON" "$1: the OK answer"
	else
		is "$(body_of "$_resp")" "{\"ActionStatus\":\"FAIL\",\"ErrorInfo\":\"$3\",\"ErrorCode\":1}" "$1: $3"
	fi
}

now=$(date +%s)
good=$(sign "$TOKEN1" "$now")
signed "the first token's Sign" 200 - "$BASE&Sign=$good&RequestTime=$now"
signed "the second token's Sign" 200 - "$BASE&Sign=$(sign "$TOKEN2" "$now")&RequestTime=$now"
signed "upper-case hex" 200 - "$BASE&Sign=$(echo "$good" | tr a-f A-F)&RequestTime=$now"
signed "lower-case parameter names" 200 - "$BASE&sign=$good&requesttime=$now"
signed "30 s old, inside the window of 60" 200 - \
	"$BASE&Sign=$(sign "$TOKEN1" $((now - 30)))&RequestTime=$((now - 30))"
logged=$(event_lines "$T/logs" | wc -l | tr -d ' ')
is "$logged" 10 "five signed batches, ten events logged"

signed "no Sign" 403 "Sign or RequestTime missing" "$BASE&RequestTime=$now"
signed "no RequestTime" 403 "Sign or RequestTime missing" "$BASE&Sign=$good"
signed "empty Sign" 403 "Sign or RequestTime missing" "$BASE&Sign=&RequestTime=$now"
signed "a Sign of 63 digits" 403 "Sign or RequestTime malformed" \
	"$BASE&Sign=${good%?}&RequestTime=$now"
signed "a Sign of 65 digits" 403 "Sign or RequestTime malformed" "$BASE&Sign=${good}0&RequestTime=$now"
signed "a Sign with a non-hex digit" 403 "Sign or RequestTime malformed" \
	"$BASE&Sign=g${good#?}&RequestTime=$now"
signed "a RequestTime that is not a number" 403 "Sign or RequestTime malformed" \
	"$BASE&Sign=$good&RequestTime=${now}x"
signed "a negative RequestTime" 403 "Sign or RequestTime malformed" "$BASE&Sign=$good&RequestTime=-$now"
signed "a RequestTime of 30 digits" 403 "Sign or RequestTime malformed" \
	"$BASE&Sign=$good&RequestTime=$(printf '9%.0s' $(seq 1 30))"
signed "a good Sign an hour old" 403 "RequestTime outside the allowed window" \
	"$BASE&Sign=$(sign "$TOKEN1" $((now - 3600)))&RequestTime=$((now - 3600))"
signed "a good Sign an hour ahead" 403 "RequestTime outside the allowed window" \
	"$BASE&Sign=$(sign "$TOKEN1" $((now + 3600)))&RequestTime=$((now + 3600))"
signed "Tencent's test vector (2022): replayed" 403 "RequestTime outside the allowed window" \
	"$BASE&Sign=17773bc39a671d7b9aa835458704d2a6db81360a5940292b587d6d760d484061&RequestTime=1669872112"
signed "a Sign for another RequestTime" 403 "Sign does not match" \
	"$BASE&Sign=$(sign "$TOKEN1" $((now - 1)))&RequestTime=$now"
signed "a Sign made with another token" 403 "Sign does not match" \
	"$BASE&Sign=$(sign wrongtoken "$now")&RequestTime=$now"
# The right Sign but one digit: the whole Sign is compared, not a prefix.
for pos in 1 32 64; do
	signed "the right Sign but its digit $pos" 403 "Sign does not match" \
		"$BASE&Sign=$(other_digit "$good" "$pos")&RequestTime=$now"
done
signed "HMAC is not what Tencent signs" 403 "Sign does not match" \
	"$BASE&Sign=$(printf '%s' "$now" | openssl dgst -sha256 -hmac "$TOKEN1" 2>/dev/null | sed 's/.*= //')&RequestTime=$now"
signed "the token itself as Sign" 403 "Sign or RequestTime malformed" "$BASE&Sign=$TOKEN1&RequestTime=$now"
signed "a wrong Sign is refused before the command is looked at" 403 "Sign does not match" \
	"SdkAppid=1400000000&CallbackCommand=Nope&Sign=$(sign x "$now")&RequestTime=$now"
signed "a good Sign does not help another SdkAppid" 403 "SdkAppid not accepted" \
	"SdkAppid=1400000001&CallbackCommand=Push.OfflinePush&Sign=$good&RequestTime=$now"

# Without a good Sign, the answer does not depend on the SdkAppid: a stranger
# cannot learn which SdkAppids are configured.
# same_answer WHAT SUFFIX: the configured SdkAppid, another and none, each
# with SUFFIX, get the same status and body.
same_answer() {
	_right=$(post "$T/sock" "SdkAppid=1400000000&CallbackCommand=Push.OfflinePush$2" "$S")
	_other=$(post "$T/sock" "SdkAppid=1400000001&CallbackCommand=Push.OfflinePush$2" "$S")
	_none=$(post "$T/sock" "CallbackCommand=Push.OfflinePush$2" "$S")
	is "$(status_of "$_other") $(body_of "$_other")" "$(status_of "$_right") $(body_of "$_right")" \
		"$1, another SdkAppid: the answer the right one gets"
	is "$(status_of "$_none") $(body_of "$_none")" "$(status_of "$_right") $(body_of "$_right")" \
		"$1, no SdkAppid: the answer the right one gets"
}
same_answer "unsigned" ""
same_answer "RequestTime only" "&RequestTime=$now"
same_answer "a malformed Sign" "&Sign=${good%?}&RequestTime=$now"
same_answer "a Sign an hour old" "&Sign=$(sign "$TOKEN1" $((now - 3600)))&RequestTime=$((now - 3600))"
same_answer "a Sign made with another token" "&Sign=$(sign wrongtoken "$now")&RequestTime=$now"
signed "unsigned, another SdkAppid" 403 "Sign or RequestTime missing" \
	"SdkAppid=1400000001&CallbackCommand=Push.OfflinePush"
signed "a good Sign, no SdkAppid" 403 "SdkAppid missing" \
	"CallbackCommand=Push.OfflinePush&Sign=$good&RequestTime=$now"

is "$(event_lines "$T/logs" | wc -l | tr -d ' ')" "$logged" "no refused request logged an event"
is "$(ls "$T/logs" | grep -c reject)" 0 "nor anything in a reject log"
ok "refusals are on stderr with their reason" grep -q 'refused 403 from 127.0.0.1: Sign does not match' "$T/stderr"
ok "no token on stderr" sh -c "! grep -q -e '$TOKEN1' -e 'second token' '$T/stderr'"
done_testing
