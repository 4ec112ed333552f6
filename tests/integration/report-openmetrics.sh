#!/bin/sh
# report-openmetrics: pushcb-report -F openmetrics prints the funnel and the
# summary of the golden logs and the rejected events by reason of their reject
# file exactly as tests/data/report/expected/openmetrics.prom,
# and with --latency the spans as histograms as openmetrics-latency.prom, whose
# counts are the latency table's, each valid for promtool; a grouping by time
# or TaskId is refused (no such labels).
. "$top_srcdir/tests/lib.sh"
need promtool
REPORT="$top_builddir/pushcb-report"
LOGS="$DATA/report/logs"
LAT="$DATA/report/latency"

"$REPORT" -q -F openmetrics "$LOGS/a" "$LOGS/b" >"$T/om" 2>/dev/null
is "$?" 0 "-F openmetrics: exit 0"
ok "the golden metrics" cmp "$T/om" "$DATA/report/expected/openmetrics.prom"
ok "valid for promtool check metrics" sh -c 'promtool check metrics <"$1"' - "$T/om"
# The reject file of logs/a is read for its reasons, with the fixed names only.
ok "a refused batch by its error's name" grep -qx \
	'pushcb_report_rejected_events{command="Push.OfflinePush",reason="json_syntax"} 1' "$T/om"
ok "refused events by kind, whatever the field" grep -qx \
	'pushcb_report_rejected_events{command="Push.OfflinePush",reason="missing"} 2' "$T/om"
ok "an unknown command and reason are other" grep -qx \
	'pushcb_report_rejected_events{command="other",reason="other"} 1' "$T/om"
# A reject line has no EventTime: --from and --to apply to its RecvTime.
"$REPORT" -q -F openmetrics --from 2026-11-25T13:00:05Z "$LOGS/a" >"$T/from" 2>/dev/null
ok "--from: reject lines received before it are left out" sh -c '! grep -q "reason=\"missing\"" "$1"' - "$T/from"
ok "--from: those after it are counted" grep -qx \
	'pushcb_report_rejected_events{command="Push.OfflinePush",reason="not_object"} 1' "$T/from"
grep "^pushcb_report_rejected_events" "$T/om" | sed 's/ [0-9]*$//' >"$T/rej-labels"
ok "no reason text, field or account in a label" sh -c '! grep -q "To_Account\|u42\| " "$1"' - "$T/rej-labels"
ok "the reject labels are there to check" test -s "$T/rej-labels"
"$REPORT" -F tsv "$LOGS/a" 2>&1 >/dev/null | grep -q "skipped 1 reject file"
is "$?" 0 "-F tsv: the reject file is skipped"

"$REPORT" -q -L -F openmetrics "$LAT/x" "$LAT/y" >"$T/lat" 2>/dev/null
is "$?" 0 "-F openmetrics --latency: exit 0"
ok "the golden latency metrics" cmp "$T/lat" "$DATA/report/expected/openmetrics-latency.prom"
ok "--latency: valid for promtool check metrics" sh -c 'promtool check metrics <"$1"' - "$T/lat"
# The latency table's count and negative per group and span, against the
# histograms' _count and +Inf bucket and the negative gauge.
"$REPORT" -q -L -F tsv "$LAT/x" "$LAT/y" 2>/dev/null |
	awk -F '\t' '$5 ~ /_to_/ { print $1, $2, $3, $5, $6, $6, $11 }' | sort >"$T/want"
awk '
/^pushcb_latency/ {
	split($0, p, /[{}]/)
	n = split(p[2], l, /,/)
	key = ""
	for (i = 1; i <= n; i++) {
		split(l[i], kv, /=/)
		gsub(/"/, "", kv[2])
		v[kv[1]] = kv[2]
	}
	key = v["command"] " " v["push"] " " v["platform"] " " v["span"]
	keys[key] = 1
	val = $NF
	if ($1 ~ /^pushcb_latency_seconds_count/) count[key] = val
	else if ($1 ~ /^pushcb_latency_seconds_bucket/ && v["le"] == "+Inf") inf[key] = val
	else if ($1 ~ /^pushcb_latency_negative_spans/) neg[key] = val
	delete v
}
END { for (k in keys) print k, count[k], inf[k], neg[k] }' "$T/lat" | sort >"$T/got"
ok "the histograms count what the latency table counts" cmp "$T/got" "$T/want"
ok "the table has spans to compare" test "$(wc -l <"$T/want")" -gt 10

"$REPORT" -q -F openmetrics --by vendor,hour "$LOGS/a" >/dev/null 2>&1
is "$?" 2 "--by vendor,hour with -F openmetrics: a usage error"
done_testing
