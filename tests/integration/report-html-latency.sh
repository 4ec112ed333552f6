#!/bin/sh
# report-html-latency: with --latency the HTML page has a chart per span, a row per
# command and vendor ("VENDOR online" for online pushes) with p50, p90 and p99 as bars on
# one scale per span and count, max and negative as text: the numbers of the TSV report by
# vendor of the same logs, also when the page is by vendor,hour (a row merges the
# histograms of its hours, so its percentiles are those of all its durations). Without
# --latency there is no latency section.
. "$top_srcdir/tests/lib.sh"
need xmllint
REPORT="$top_builddir/pushcb-report"
LOGS="$DATA/report/latency"
TAB="$(printf '\t')"

"$REPORT" -q -F tsv --latency "$LOGS/x" "$LOGS/y" >"$T/tsv" 2>/dev/null
is "$?" 0 "the TSV latency report is written"
# The latency table of the TSV: command push vendor span count p50 p90 p99 max negative
# ("-" for a percentile or max without spans).
awk -F'\t' -v OFS='\t' '$5 == "span" { on = 1; next } on && NF == 0 { exit }
	on { for (i = 7; i <= 10; i++) if ($i == "") $i = "-"
		print $1, $2, $4, $5, $6, $7, $8, $9, $10, $11 }' "$T/tsv" >"$T/want"
ok "it has latency rows" test -s "$T/want"

# check BY: the page by BY against $T/want, row by row.
check() {
	H="$T/$1.html"
	"$REPORT" -q -F html --latency --by "$1" "$LOGS/x" "$LOGS/y" >"$H" 2>/dev/null
	is "$?" 0 "$1: the HTML report is written"
	ok "$1: it is well-formed" xmllint --noout "$H"
	is "$(xmllint --xpath 'count(//figure[@class="latency"])' "$H")" 4 "$1: a chart per span"
	is "$(xmllint --xpath 'count(//figure[@class="latency"]//*[@class="row"])' "$H")" "$(wc -l <"$T/want" | tr -d ' ')" \
		"$1: a row per command, vendor and span measured"
	bad=0
	while IFS="$TAB" read -r cmd push vendor span count p50 p90 p99 max negative; do
		label=$vendor
		[ "$push" = online ] && label="$vendor online"
		row="//figure[@data-span=\"$span\"]//*[@class=\"row\"][@data-command=\"$cmd\"][*[@class=\"label\"]=\"$label\"]"
		got=$(xmllint --xpath "concat(count($row), ' ', string($row/*[@class=\"p50\"]/*[@class=\"v\"]), ' ',
			string($row/*[@class=\"p90\"]/*[@class=\"v\"]), ' ', string($row/*[@class=\"p99\"]/*[@class=\"v\"]), ' ',
			string($row//*[@class=\"count\"]), ' ', string($row//*[@class=\"max\"]), ' ', string($row//*[@class=\"negative\"]))" "$H")
		if [ "$count" = 0 ]; then
			want="1    $count - $negative"
		else
			want="1 $p50 $p90 $p99 $count $max $negative"
		fi
		if [ "$got" != "$want" ]; then
			bad=1
			diag "$1 $cmd $label $span: got '$got', want '$want'"
		fi
	done <"$T/want"
	is "$bad" 0 "$1: every row shows the TSV's count, p50, p90, p99, max and negative"
	# One scale per span: every bar is its number times the same length, whatever its row.
	for span in created_to_sent sent_to_delivered delivered_to_clicked created_to_delivered; do
		bars="//figure[@data-span=\"$span\"]//*[@class=\"row\"]/*[@class=\"p50\" or @class=\"p90\" or @class=\"p99\"]"
		xmllint --xpath "$bars/*[local-name()=\"rect\"]/@width" "$H" 2>/dev/null |
			sed 's/ width=/\n/g' | sed -n 's/^"\([^"]*\)".*/\1/p' >"$T/widths"
		xmllint --xpath "$bars/*[@class=\"v\"]/text()" "$H" 2>/dev/null | sed '/^$/d' >"$T/values"
		is "$(paste "$T/widths" "$T/values" | awk -F'\t' '
			{ w[NR] = $1; v[NR] = $2; if ($2 > big) { big = $2; unit = $1 / $2 } }
			END { for (i = 1; i <= NR; i++) { d = w[i] - v[i] * unit; if (d > 0.06 || d < -0.06) bad++ }
				print NR " bars, " bad + 0 " off the scale" }')" \
			"$(wc -l <"$T/values" | tr -d ' ') bars, 0 off the scale" "$1 $span: every bar on one scale"
	done
}
check vendor
"$REPORT" -q -F tsv --latency --by vendor,hour "$LOGS/x" "$LOGS/y" >"$T/tsv-hour" 2>/dev/null
ok "by vendor,hour the TSV has more latency rows (one per hour)" \
	test "$(grep -c _to_ "$T/tsv-hour")" -gt "$(grep -c _to_ "$T/tsv")"
check vendor,hour
ok "the page says how a row sums periods" grep -q "percentiles of periods cannot be added" "$T/vendor,hour.html"
is "$(xmllint --xpath 'string(//figure[@data-span="delivered_to_clicked"]//*[@class="row"][*[@class="label"]="Xiaomi"]/*[@class="p99"]/*[local-name()="rect"]/@width)' "$T/vendor.html")" \
	"420.0" "the scale ends at a round number past the largest p99 (200000 of 4 steps of 50000)"

# By TaskId: a row per TaskId and span measured, as the TSV's latency table has.
"$REPORT" -q -F html --latency --by taskid "$LOGS/x" "$LOGS/y" >"$T/taskid.html" 2>/dev/null
"$REPORT" -q -F tsv --latency --by taskid "$LOGS/x" "$LOGS/y" >"$T/tsv-taskid" 2>/dev/null
is "$(xmllint --xpath 'count(//figure[@class="latency"]//*[@class="row"])' "$T/taskid.html")" \
	"$(awk -F'\t' '$4 == "span" { on = 1; next } on && NF == 0 { exit } on { n++ } END { print n + 0 }' "$T/tsv-taskid")" \
	"by taskid: a row per TaskId and span measured"
ok "by taskid: the rows are labelled by TaskId" sh -c 'xmllint --xpath "string(//figure[@class=\"latency\"]//*[@class=\"label\"])" "$1" | grep -q .' - "$T/taskid.html"

"$REPORT" -q -F html "$LOGS/x" "$LOGS/y" >"$T/plain.html" 2>/dev/null
is "$(xmllint --xpath 'count(//figure[@class="latency"]) + count(//table[@class="latency"])' "$T/plain.html")" 0 \
	"without --latency no latency chart or table"
is "$(xmllint --xpath 'count(//table[@class="latency"]/tr[td])' "$T/vendor.html")" "$(wc -l <"$T/want" | tr -d ' ')" \
	"with --latency the page has the latency table"
done_testing
