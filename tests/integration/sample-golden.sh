#!/bin/sh
# The page's sample request, through spawn-fcgi: 200, the exact JSON, and the
# two event lines with the page's values (RecvTime aside). The same for a
# Push.AllMemberPush sample.
. "$top_srcdir/tests/lib.sh"
need spawn-fcgi

pcb_spawn "$T/sock"

resp=$(post "$T/sock" "$SAMPLE_QUERY" "$DATA/batch/offlinepush-sample.json")
is "$(status_of "$resp")" 200 "the page's sample: 200"
is "$(body_of "$resp")" "$OK_JSON" "the page's sample: the exact OK JSON"
ok "the page's sample: Content-Type is application/json" \
	sh -c "printf '%s' '$resp' | tr -d '\r' | grep -qx 'Content-Type: application/json'"

f=$(ls "$T"/logs/offlinepush-*.tsv)
is "$(head -n 1 "$f")" "$(printf '#fields\tRecvTime\tSdkAppid\tCallbackCommand\tEventType\tEventTime\tFrom_Account\tTo_Account\tPushPlatform\tPushStage\tMsgKey\tGroupID\tMsgSeq\tMsgRandom\tMsgTime\tPushID\tErrCode\tErrInfo\tUnknownFields')" \
	"the file starts with the #fields header, unknown members' column last"
is "$(sed 1d "$f" | cut -f 2-)" "$(cat "$DATA/batch/offlinepush-sample.events" | cut -f 2-)" \
	"two event lines with the page's values"
ok "RecvTime is an ISO 8601 UTC time" \
	sh -c "sed 1d '$f' | cut -f 1 | grep -Eqx '[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z'"
is "$(ls "$T"/logs | grep -c reject)" 0 "nothing in a reject log"

resp=$(post "$T/sock" "SdkAppid=1400000000&CallbackCommand=Push.AllMemberPush&contenttype=json" \
	"$DATA/batch/allmemberpush-sample.json")
is "$(body_of "$resp")" "$OK_JSON" "a Push.AllMemberPush sample: OK"
f=$(ls "$T"/logs/allmemberpush-*.tsv)
is "$(sed 1d "$f" | cut -f 2-)" "$(cut -f 2- "$DATA/batch/allmemberpush-sample.events")" \
	"Push.AllMemberPush lines in their own file"
is "$(head -n 1 "$f" | cut -f 4-6)" "$(printf 'CallbackCommand\tEventType\tTaskId')" "with their own header"
done_testing
