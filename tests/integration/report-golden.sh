#!/bin/sh
# report-golden: pushcb-report's text, TSV and JSON outputs over tests/data/report/logs
# (both commands, two hosts, duplicates across hosts, unknown vendors, a gzip file with
# an older column order, a reject file) are exactly the expected ones; so are the
# --latency outputs over tests/data/report/latency.
. "$top_srcdir/tests/lib.sh"
REPORT="$top_builddir/pushcb-report"
LOGS="$DATA/report/logs"
EXP="$DATA/report/expected"

golden "text table by vendor" vendor.txt "$LOGS/a" "$LOGS/b"
golden "TSV by vendor" vendor.tsv -F tsv "$LOGS/a" "$LOGS/b"
golden "JSON by vendor" vendor.json --format json "$LOGS/a" "$LOGS/b"
golden "JSON by vendor and hour" vendor-hour.json -F json --by vendor,hour "$LOGS/a" "$LOGS/b"
golden "TSV by TaskId (all-member pushes)" taskid.tsv -F tsv -b taskid "$LOGS/a" "$LOGS/b"
golden "one hour, by vendor and day, top 3 errors" period.txt \
	--from 2026-11-25T13 --to 2026-11-25T14:00:00Z -b vendor,day -n 3 "$LOGS/a" "$LOGS/b"
golden "the operands' order does not change the report" vendor.txt "$LOGS/b" "$LOGS/a"
golden "files named one by one read like their directories" vendor.tsv -F tsv \
	"$LOGS/b/offlinepush-2026-11-25T13.tsv" "$LOGS/a/offlinepush-2026-11-25.tsv" \
	"$LOGS/a/allmemberpush-2026-11-25.tsv" "$LOGS/a/offlinepush-2026-11-24.tsv.gz" \
	"$LOGS/a/reject-offlinepush-2026-11-25.tsv"

# --latency over tests/data/report/latency: x holds a delivery and a click read before
# their send (in y), a delivery 2 s before its send, a delivery whose send never comes, a
# delivery after a failed send; y a retried delivery and clicks 86399, 86401, 90000 and
# 200000 s after their deliveries.
LAT="$DATA/report/latency"
golden "--latency: text" latency.txt -L "$LAT/x" "$LAT/y"
golden "--latency: TSV" latency.tsv -L -F tsv "$LAT/x" "$LAT/y"
golden "--latency: JSON" latency.json --latency -F json "$LAT/x" "$LAT/y"
golden "--latency by vendor and day: a span is in its later event's day" latency-day.json \
	--latency -F json -b vendor,day "$LAT/x" "$LAT/y"
golden "--latency by TaskId" latency-taskid.tsv -L -F tsv -b taskid "$LAT/x" "$LAT/y"
golden "--match-window 2: what falls out of the window is unmatched" latency-window.txt \
	-L --match-window 2 "$LAT/x" "$LAT/y"
"$REPORT" -q -L -F tsv -w 0 "$LAT/x" "$LAT/y" >"$T/lat-nodedup" 2>/dev/null
is "$(awk -F'\t' '$1 == "Push.OfflinePush" && $4 == "APNs" && $5 == "sent_to_delivered" { print $6 }' "$T/lat-nodedup")" "2" \
	"without the duplicate window, a retried delivery still gives its span once"

"$REPORT" -q "$LOGS/a" "$LOGS/b" >/dev/null 2>"$T/err"
ok "the skipped reject file is noted on stderr" \
	grep -q 'skipped 1 reject file (such as .*reject-offlinepush-2026-11-25.tsv)' "$T/err"

# Without the duplicate window, the three retried events count twice.
"$REPORT" -q -F tsv -w 0 "$LOGS/a" "$LOGS/b" >"$T/nodedup" 2>/dev/null
is "$(awk -F'\t' '$1 == "duplicates_dropped" { print $2 } $1 == "counted" { print $2 }' "$T/nodedup" | tr '\n' ' ')" \
	"36 0 " "--dedup-window 0 counts all 36 events and drops none"
is "$(awk -F'\t' '$1 == "Push.OfflinePush" && $4 == "APNs" { print $7 }' "$T/nodedup")" "3" \
	"the retried APNs delivery is then counted twice"

# The gzip file alone: the older column order is read by name.
"$REPORT" -q -F tsv "$LOGS/a/offlinepush-2026-11-24.tsv.gz" >"$T/gz" 2>/dev/null
is "$(awk -F'\t' 'NR > 1 && NF == 0 { exit } NR > 1 { print $4, $5, $7, $8 }' "$T/gz" | tr '\n' ';')" \
	"APNs 1 1 0;Meizu 1 0 1;OPPO 1 0 0;" "a gzip file with another column order is read by column name"
done_testing
