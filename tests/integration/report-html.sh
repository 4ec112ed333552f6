#!/bin/sh
# report-html: the HTML page is one self-contained, well-formed file (no script, no URL),
# and the numbers it shows, in its charts and tables, are the report's numbers.
. "$top_srcdir/tests/lib.sh"
need xmllint
REPORT="$top_builddir/pushcb-report"
LOGS="$DATA/report/logs"
H="$T/report.html"

"$REPORT" -q -F html "$LOGS/a" "$LOGS/b" >"$H" 2>/dev/null
is "$?" 0 "the HTML report is written"
"$REPORT" -q -F tsv "$LOGS/a" "$LOGS/b" >"$T/tsv" 2>/dev/null
ok "it is well-formed (parses as XML)" xmllint --noout "$H"
ok "no script" sh -c '! grep -qi "<script" "$1"' - "$H"
ok "no external reference" sh -c '! grep -qiE "https?:|src=|href=|@import|url\(" "$1"' - "$H"
ok "raw text is escaped" sh -c '! grep -q "<quota>" "$1" && grep -q "&lt;quota&gt; &amp; &quot;limit&quot;" "$1"' - "$H"

x() { xmllint --xpath "$1" "$H" 2>/dev/null; }
is "$(x 'count(//figure)')" 15 "one funnel chart per command and vendor"
is "$(x 'count(//table[@class="funnel"]/tr[td])')" 15 "one table row per group"

# Every group's numbers, as the TSV gives them, in the chart and in the table.
bad=0
awk -F'\t' 'NR > 1 && NF == 0 { exit } NR > 1 { print $1 "\t" $4 "\t" $5 "\t" $7 "\t" $9 "\t" $6 }' "$T/tsv" >"$T/rows"
while IFS="$(printf '\t')" read -r cmd vendor sent delivered clicked sendfail; do
	fig="//figure[figcaption=\"$cmd $vendor\"]"
	row="//table[@class=\"funnel\"]/tr[td[@class=\"command\"]=\"$cmd\" and td[@class=\"vendor\"]=\"$vendor\"]"
	got="$(x "string($fig//*[@class=\"sent\"]/*[@class=\"v\"])") $(x "string($fig//*[@class=\"delivered\"]/*[@class=\"v\"])") $(x "string($fig//*[@class=\"clicked\"]/*[@class=\"v\"])")"
	got="$got / $(x "string($row/td[@class=\"sent n\"])") $(x "string($row/td[@class=\"delivered n\"])") $(x "string($row/td[@class=\"clicked n\"])") $(x "string($row/td[@class=\"send_failed n\"])")"
	want="$sent $delivered $clicked / $sent $delivered $clicked $sendfail"
	if [ "$got" != "$want" ]; then
		bad=1
		diag "$cmd $vendor: got $got, want $want"
	fi
done <"$T/rows"
is "$(wc -l <"$T/rows" | tr -d ' ')" 15 "fifteen groups compared"
is "$bad" 0 "every chart and table row shows the report's sent, delivered, clicked and failures"

is "$(x 'string(//figure[figcaption="Push.OfflinePush APNs"]//*[@class="reach_rate"])')" "66.7%" \
	"the chart states the reach rate (2 of 3)"
is "$(x 'string(//figure[figcaption="Push.OfflinePush vivo"]//*[@class="reach_rate"])')" "-" \
	"a rate with nothing to divide by is shown as -"
tabrow='//table[@class="funnel"]/tr[td[@class="command"]="Push.OfflinePush" and td[@class="vendor"]'
is "$(x "string($tabrow=\"APNs\"]/td[@class=\"reach_rate n\"])") $(x "string($tabrow=\"APNs\"]/td[@class=\"click_rate n\"])")" \
	"66.7% 50.0%" "the table shows the rates as percentages, as the text report does"
is "$(x "string($tabrow=\"vivo\"]/td[@class=\"reach_rate n\"])")" "-" "and a rate without a denominator as -"
is "$(x 'string(//figure[figcaption="Push.OfflinePush APNs"]//*[@class="sent"]/*[local-name()="rect"]/@width)')" "280.0" \
	"the longest bar has the full width"
is "$(x 'string(//figure[figcaption="Push.OfflinePush APNs"]//*[@class="clicked"]/*[local-name()="rect"]/@width)')" "93.3" \
	"a bar's length is its share of the longest (1 of 3)"
is "$(x 'string(//table[@class="top_errors"]/tr[2]/td[@class="errinfo"])')" '推送失败 <quota> & "limit"' \
	"the top error's ErrInfo reads back as it was logged"
is "$(x 'string(//table[@class="summary"]/tr[td[@class="key"]="duplicates_dropped"]/td[@class="value n"])')" 3 \
	"the page states the duplicates dropped"
done_testing
