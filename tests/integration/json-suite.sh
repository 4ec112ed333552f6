#!/bin/bash
# JSONTestSuite ("Parsing JSON is a Minefield") through the real binary in CGI
# mode. Each file is sent as the value of an extra field of a valid event, so
# that it sits deep inside a batch:
#   n_*  must be refused whole (400), nothing in the event log;
#   y_*  must be accepted (200), except the documented refusals below;
#   i_*  must be answered 200 or 400, never anything else.
# Each n_ file is also sent as the whole body: 400.
. "$top_srcdir/tests/lib.sh"

# Vendored with its licence: tests/data/JSONTestSuite (MIT, Nicolas Seriot).
SUITE=$top_srcdir/tests/data/JSONTestSuite/test_parsing
[ -d "$SUITE" ] || bail "JSONTestSuite not found at $SUITE"

# Valid JSON that push_callback refuses on purpose, with the reason it gives.
declare -A REFUSED=(
	[y_object_duplicated_key.json]="invalid JSON: duplicate key"
	[y_object_duplicated_key_and_value.json]="invalid JSON: duplicate key"
	[y_object_escaped_null_in_key.json]="invalid JSON: NUL in an object key"
)

mkdir -p "$T/logs"
PRE='{"Events":[{"CallbackCommand":"Push.OfflinePush","EventType":1,"EventTime":1,"From_Account":"a","To_Account":"b","PushPlatform":1,"PushStage":1,"MsgKey":"k","MsgSeq":1,"MsgTime":1,"PushID":"p","ErrCode":0,"X":'
POST='}]}'

# send FILE: prints "STATUS REASON" for the body in FILE.
send() {
	local resp len reason=""
	len=$(wc -c <"$1")
	resp=$(env -i PUSHCB_SDKAPPID=1400000000 PUSHCB_LOG_DIR="$T/logs" REQUEST_METHOD=POST \
		QUERY_STRING="$SAMPLE_QUERY" CONTENT_LENGTH="${len// /}" "$PCB" <"$1" 2>/dev/null)
	[[ $(body_of "$resp") =~ \"ErrorInfo\":\"([^\"]*)\" ]] && reason=${BASH_REMATCH[1]}
	printf '%s %s\n' "$(status_of "$resp")" "$reason"
}

bad_n=() bad_y=() bad_i=() bad_whole=()
count=0
for f in "$SUITE"/*.json; do
	name=$(basename "$f")
	{ printf '%s' "$PRE"; cat "$f"; printf '%s' "$POST"; } >"$T/body"
	got=$(send "$T/body")
	status=${got%% *}
	count=$((count + 1))
	case "$name" in
	n_*)
		[ "$status" = 400 ] || bad_n+=("$name: $got")
		got=$(send "$f")
		[ "${got%% *}" = 400 ] || bad_whole+=("$name: $got")
		;;
	y_*)
		want=${REFUSED[$name]:-}
		if [ -n "$want" ]; then
			[ "$got" = "400 $want" ] || bad_y+=("$name: $got (want 400 $want)")
		else
			[ "$status" = 200 ] || bad_y+=("$name: $got")
		fi
		;;
	i_*)
		[ "$status" = 200 ] || [ "$status" = 400 ] || bad_i+=("$name: $got")
		;;
	esac
done
diag "$count files from $SUITE"
ok "the suite is all there (318 files)" test "$count" -eq 318
ok "every n_ file inside a batch is refused with 400" test ${#bad_n[@]} -eq 0
for b in "${bad_n[@]}"; do diag "accepted: $b"; done
ok "every n_ file as the whole body is refused with 400" test ${#bad_whole[@]} -eq 0
for b in "${bad_whole[@]}"; do diag "accepted: $b"; done
ok "every y_ file inside a batch is accepted (but the documented refusals)" test ${#bad_y[@]} -eq 0
for b in "${bad_y[@]}"; do diag "wrong: $b"; done
ok "every i_ file gets 200 or 400" test ${#bad_i[@]} -eq 0
for b in "${bad_i[@]}"; do diag "wrong: $b"; done
lines=$(event_lines "$T/logs" | wc -l | tr -d ' ')
ok "the event log holds only what was accepted, each line whole" \
	test "$(event_lines "$T/logs" | awk -F '\t' 'NF != 18' | wc -l)" -eq 0 -a "$lines" -gt 0
done_testing
