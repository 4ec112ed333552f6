#!/bin/sh
# Every refusal of the request's head and framing, through the real binary
# under spawn-fcgi: the status, the exact ErrorInfo, and that nothing was
# stored. A refused caller is noted on stderr with the client's address.
. "$top_srcdir/tests/lib.sh"
need spawn-fcgi

pcb_spawn "$T/sock" 1 PUSHCB_MAX_BODY=2048
S="$DATA/batch/offlinepush-sample.json"
n=$(wc -c <"$S" | tr -d ' ')
printf 'x%.0s' $(seq 1 2049) >"$T/big"

# case NAME STATUS REASON [fcgi-send params...]: one request with the sample body.
case_() {
	_name=$1 _status=$2 _reason=$3
	shift 3
	_resp=$("$FCGI_SEND" -s "$T/sock" -p REMOTE_ADDR=192.0.2.7 "$@")
	is "$(status_of "$_resp")" "$_status" "$_name: status $_status"
	is "$(body_of "$_resp")" "{\"ActionStatus\":\"FAIL\",\"ErrorInfo\":\"$_reason\",\"ErrorCode\":1}" "$_name: reason"
}
Q="QUERY_STRING=$SAMPLE_QUERY"
POST="REQUEST_METHOD=POST"
CL="CONTENT_LENGTH=$n"

case_ "GET" 405 "method not allowed: POST only" -p REQUEST_METHOD=GET -p "$Q" -b /dev/null
case_ "no method" 405 "method not allowed: POST only" -p "$Q" -p "$CL" -b "$S"
case_ "no SdkAppid" 403 "SdkAppid missing" -p "$POST" -p "QUERY_STRING=CallbackCommand=Push.OfflinePush" -p "$CL" -b "$S"
case_ "empty SdkAppid" 403 "SdkAppid missing" -p "$POST" -p "QUERY_STRING=SdkAppid=&CallbackCommand=Push.OfflinePush" -p "$CL" -b "$S"
case_ "wrong SdkAppid" 403 "SdkAppid not accepted" -p "$POST" -p "QUERY_STRING=SdkAppid=1400000001&CallbackCommand=Push.OfflinePush" -p "$CL" -b "$S"
case_ "repeated SdkAppid" 400 "query string: parameter repeated" -p "$POST" -p "QUERY_STRING=SdkAppid=1400000000&sdkappid=1400000000&CallbackCommand=Push.OfflinePush" -p "$CL" -b "$S"
case_ "bad percent-encoding" 400 "query string: bad percent-encoding" -p "$POST" -p "QUERY_STRING=SdkAppid=14%G0" -p "$CL" -b "$S"
long=$(printf 'a%.0s' $(seq 1 8200))
case_ "a query over 8 KiB" 414 "query string too long" -p "$POST" -p "QUERY_STRING=SdkAppid=1400000000&x=$long" -p "$CL" -b "$S"
case_ "no command" 400 "CallbackCommand missing" -p "$POST" -p "QUERY_STRING=SdkAppid=1400000000" -p "$CL" -b "$S"
case_ "another command" 400 "CallbackCommand not handled here" -p "$POST" -p "QUERY_STRING=SdkAppid=1400000000&CallbackCommand=Group.CallbackAfterSendMsg" -p "$CL" -b "$S"
case_ "contenttype=xml" 415 "contenttype must be json" -p "$POST" -p "QUERY_STRING=SdkAppid=1400000000&CallbackCommand=Push.OfflinePush&contenttype=xml" -p "$CL" -b "$S"
case_ "no CONTENT_LENGTH" 411 "CONTENT_LENGTH missing" -p "$POST" -p "$Q" -b "$S"
case_ "CONTENT_LENGTH not a number" 400 "CONTENT_LENGTH invalid" -p "$POST" -p "$Q" -p "CONTENT_LENGTH=12a" -b "$S"
case_ "negative CONTENT_LENGTH" 400 "CONTENT_LENGTH invalid" -p "$POST" -p "$Q" -p "CONTENT_LENGTH=-5" -b "$S"
case_ "CONTENT_LENGTH over the limit" 413 "body over the size limit" -p "$POST" -p "$Q" -p "CONTENT_LENGTH=2049" -b "$T/big"
case_ "CONTENT_LENGTH huge" 413 "body over the size limit" -p "$POST" -p "$Q" -p "CONTENT_LENGTH=99999999999999999999999" -b "$S"
case_ "body longer than CONTENT_LENGTH" 400 "body longer than CONTENT_LENGTH" -p "$POST" -p "$Q" -p "CONTENT_LENGTH=$((n - 1))" -b "$S"
case_ "body shorter than CONTENT_LENGTH" 400 "body shorter than CONTENT_LENGTH" -p "$POST" -p "$Q" -p "CONTENT_LENGTH=$((n + 1))" -b "$S"

is "$(ls -A "$T/logs" | grep -vx .push_callback.metrics | wc -l | tr -d ' ')" 0 "no refused request stored anything"
ok "a refused caller is noted on stderr with address and reason" \
	grep -q 'refused 403 from 192.0.2.7: SdkAppid not accepted' "$T/stderr"

# Exactly at the limit passes the framing (and is refused as JSON, not as size).
printf 'y%.0s' $(seq 1 2048) >"$T/exact"
case_ "a body of exactly PUSHCB_MAX_BODY" 400 "invalid JSON: syntax error" -p "$POST" -p "$Q" -p "CONTENT_LENGTH=2048" -b "$T/exact"

# A client that goes away mid-body costs its own request only.
"$FCGI_SEND" -s "$T/sock" -p "$POST" -p "$Q" -p "$CL" -b "$S" -c 10 >/dev/null 2>&1
resp=$(post "$T/sock" "$SAMPLE_QUERY" "$S")
is "$(body_of "$resp")" "$OK_JSON" "after a client abort the next request is served"
ok "the worker is still the same process" kill -0 "$PCB_PID"
done_testing
