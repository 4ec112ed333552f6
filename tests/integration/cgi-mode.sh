#!/bin/sh
# Plain CGI: the same program with the request in its environment, one
# request, then exit 0.
. "$top_srcdir/tests/lib.sh"

cgi() {
	_body=$1
	shift
	env -i PATH="$PATH" PUSHCB_SDKAPPID=1400000000 PUSHCB_LOG_DIR="$T/logs" "$@" "$PCB" <"$_body"
}
mkdir -p "$T/logs"
n=$(wc -c <"$DATA/batch/offlinepush-sample.json" | tr -d ' ')

resp=$(cgi "$DATA/batch/offlinepush-sample.json" REQUEST_METHOD=POST QUERY_STRING="$SAMPLE_QUERY" CONTENT_LENGTH="$n")
is "$?" 0 "CGI: exit status 0"
is "$(status_of "$resp")" 200 "CGI: 200"
is "$(body_of "$resp")" "$OK_JSON" "CGI: the OK JSON"
is "$(event_lines "$T/logs" | wc -l | tr -d ' ')" 2 "CGI: two lines logged"

resp=$(cgi /dev/null REQUEST_METHOD=GET QUERY_STRING="$SAMPLE_QUERY")
is "$(status_of "$resp")" 405 "CGI GET: 405"
ok "CGI GET: Allow: POST" sh -c "printf '%s' '$resp' | tr -d '\r' | grep -qx 'Allow: POST'"

# The body arrives shorter than announced (the pipe ends early).
resp=$(cgi "$DATA/batch/offlinepush-sample.json" REQUEST_METHOD=POST QUERY_STRING="$SAMPLE_QUERY" CONTENT_LENGTH=$((n + 10)))
is "$(status_of "$resp")" 400 "CGI short body: 400"
is "$(body_of "$resp")" '{"ActionStatus":"FAIL","ErrorInfo":"body shorter than CONTENT_LENGTH","ErrorCode":1}' "CGI short body: reason"

out=$(env -i PATH="$PATH" PUSHCB_LOG_DIR="$T/logs" REQUEST_METHOD=POST "$PCB" </dev/null 2>"$T/err")
st=$?
is "$st" 78 "CGI without PUSHCB_SDKAPPID: exit 78 (EX_CONFIG)"
ok "CGI without PUSHCB_SDKAPPID: says so on stderr" grep -q 'PUSHCB_SDKAPPID is not set' "$T/err"
is "$out" "" "and prints no response of its own"
done_testing
