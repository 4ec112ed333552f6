#!/bin/sh
# Nothing is lost: a batch broken as a whole gets 400 and its body lands in the
# reject log (escaped, on one line); a sound batch with bad events gets 200,
# the good events in the event log and each bad one in the reject log.
. "$top_srcdir/tests/lib.sh"
need spawn-fcgi

pcb_spawn "$T/sock"

printf '{"Events":[{"a":"tab\there"}]}\n\001' >"$T/broken"
resp=$(post "$T/sock" "$SAMPLE_QUERY" "$T/broken")
is "$(status_of "$resp")" 400 "a body with a raw TAB in a string: 400"
is "$(body_of "$resp")" '{"ActionStatus":"FAIL","ErrorInfo":"invalid JSON: control character in string","ErrorCode":1}' \
	"with its precise reason"
r=$(ls "$T"/logs/reject-offlinepush-*.tsv)
is "$(head -n 1 "$r")" "$(printf '#fields\tRecvTime\tSdkAppid\tCallbackCommand\tIndex\tReason\tData')" "the reject log's header"
is "$(sed -n 2p "$r" | cut -f 2-)" \
	"$(printf '1400000000\tPush.OfflinePush\t\tinvalid JSON: control character in string\t{"Events":[{"a":"tab\\there"}]}\\n\\x01')" \
	"the body whole on one line, escaped, with an empty Index"

resp=$(post "$T/sock" "$SAMPLE_QUERY" "$DATA/batch/offlinepush-mixed.json")
is "$(body_of "$resp")" "$OK_JSON" "a batch with some bad events: 200"
is "$(event_lines "$T/logs" | wc -l | tr -d ' ')" 2 "the two good events in the event log"
is "$(sed 1d "$r" | wc -l | tr -d ' ')" 6 "the five bad events (and the broken body) in the reject log"
is "$(sed 1,2d "$r" | cut -f 4,5)" "$(cut -f 4,5 "$DATA/batch/offlinepush-mixed.rejects")" \
	"each with its index and reason"
ok "every line of every file has as many fields as its header names" sh -c '
	for f in "$1"/*.tsv; do
		awk -F "\t" "NR==1{n=NF-1} NR>1 && NF!=n{exit 1}" "$f" || exit 1
	done' sh "$T/logs"
done_testing
