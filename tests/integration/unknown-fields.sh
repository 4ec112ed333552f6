#!/bin/sh
# An event's members that are no field of its command are kept, not dropped:
# as compact JSON in the event log's last column (UnknownFields), the other
# columns where they were; counted in pushcb_unknown_fields_total; each new
# name said once on the worker's stderr, at most PCB_UNKNOWN_NAMES_SAID (16)
# names and then one line, so that a sender inventing a hundred names cannot
# flood the error log; a name is made printable before it is said. An
# unknown member too large makes its event a reject, with the reason.
# Protections pinned: pcb_batch's unknown_json, say_unknown and their limits.
. "$top_srcdir/tests/lib.sh"
need spawn-fcgi

S="$T/sock"
# event EXTRA: one Push.OfflinePush event with EXTRA (",NAME":VALUE...) after its fields.
event() {
	printf '{"CallbackCommand":"Push.OfflinePush","EventType":1,"EventTime":1764028800,"From_Account":"a","To_Account":"b","PushPlatform":1,"PushStage":1,"MsgKey":"k","MsgSeq":1,"MsgTime":1764028800,"PushID":"%s","ErrCode":0%s}' "$1" "$2"
}
# send BODY...: posts the batch of these events; prints the status.
send() {
	_events=$(printf '%s,' "$@")
	printf '{"Events":[%s]}' "${_events%,}" >"$T/body.json"
	status_of "$(post "$S" "$SAMPLE_QUERY" "$T/body.json")"
}
metric() { env -i PATH="$PATH" PUSHCB_LOG_DIR="$T/logs" "$PCB" --metrics | sed -n "s/^$1 //p"; }
UNKNOWN='pushcb_unknown_fields_total{command="Push.OfflinePush"}'
# line_of ID: the event line of PushID ID.
line_of() { cat "$T"/logs/offlinepush-*.tsv | awk -F '\t' -v id="$1" '$15 == id'; }

pcb_spawn "$S" 1

is "$(send "$(event plain '')" "$(event new ',"NewField":"x","Deep":{"a":[1, 2.50],"t":"tab\there"}')")" 200 \
	"a batch with unknown members: 200"
is "$(head -n 1 "$T"/logs/offlinepush-*.tsv | awk -F '\t' '{ print $NF }')" UnknownFields \
	"the header names the last column UnknownFields"
is "$(line_of new | cut -f 1-17)" "$(line_of plain | cut -f 1-17 | sed 's/\tplain\t/\tnew\t/')" \
	"the other columns are where they were"
is "$(line_of plain | cut -f 18)" "" "an event without unknown members: the column is empty"
is "$(line_of new | cut -f 18)" '{"NewField":"x","Deep":{"a":[1,2.50],"t":"tab\\there"}}' \
	"the unknown members, whole, as compact JSON, escaped like any value"
is "$(metric "$UNKNOWN")" 2 "pushcb_unknown_fields_total counts the two members"
is "$(send "$(event again ',"NewField":"y"')")" 200 "the same name again"
is "$(grep -c 'Push.OfflinePush: unknown field "NewField" kept in the last column (UnknownFields)' "$T/stderr")" 1 \
	"the name is said once on stderr"
is "$(send "$(event ctl ',"bad\nname\u0001":1')")" 200 "a name holding a line break and a control byte"
is "$(grep -c 'unknown field "bad?name?"' "$T/stderr")" 1 "is said on one line, made printable"

# A hundred distinct names: the first are said, then one line, then nothing.
members=$(seq 1 100 | awk '{ printf ",\"U%03d\":%d", $1, $1 }')
before=$(wc -l <"$T/stderr")
is "$(send "$(event hundred "$members")")" 200 "a hundred unknown names in one event: 200"
is "$(line_of hundred | cut -f 18 | tr ',' '\n' | grep -c '"U[0-9]*":')" 100 "all kept in its line"
is "$(metric "$UNKNOWN")" 104 "and counted (104 members in all so far)"
is "$(grep -c 'unknown field "' "$T/stderr")" 16 "16 names said in all"
is "$(grep -c 'more than 16 unknown field names: no more are named here' "$T/stderr")" 1 "then one line says so"
is "$(send "$(event more "$(seq 101 200 | awk '{ printf ",\"U%03d\":1", $1 }')")")" 200 "a hundred more"
is "$(($(wc -l <"$T/stderr") - before))" 14 "the two hundred names added 14 lines to stderr in all"

# Over PCB_MAX_UNKNOWN_BYTES (4096): the event is a reject, with the reason.
big=$(head -c 5000 /dev/zero | tr '\0' x)
is "$(send "$(event big ",\"Big\":\"$big\"")" "$(event small '')")" 200 "a huge unknown member: the batch is sound"
is "$(line_of big)" "" "that event is not in the event log"
ok "it is in the reject log, with the reason" \
	grep -q "	UnknownFields: longer than 4096 bytes	" "$T"/logs/reject-offlinepush-*.tsv
ok "the other event of the batch is logged" test -n "$(line_of small)"

# pushcb-report ignores the column: every event line counted, none malformed.
"$top_builddir/pushcb-report" -q -F tsv "$T/logs" >"$T/report" 2>/dev/null
summary() { awk -F '\t' -v k="$1" '$1 == k { print $2 }' "$T/report"; }
is "$(summary lines) $(summary malformed)" "$(cat "$T"/logs/offlinepush-*.tsv | grep -vc '^#') 0" \
	"pushcb-report reads every line, the UnknownFields column ignored"
done_testing
