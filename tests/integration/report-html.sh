#!/bin/sh
# report-html: the HTML page is one self-contained, well-formed file (no script, no URL),
# and the numbers it shows, in its charts and tables, are the report's numbers: the
# funnel of every vendor on one scale per command, the trend per hour (or per day past
# 72 hours) against the TSV report by vendor,hour (vendor,day), the top errors chart.
. "$top_srcdir/tests/lib.sh"
need xmllint
REPORT="$top_builddir/pushcb-report"
LOGS="$DATA/report/logs"
H="$T/report.html"
TAB="$(printf '\t')"

"$REPORT" -q -F html "$LOGS/a" "$LOGS/b" >"$H" 2>/dev/null
is "$?" 0 "the HTML report is written"
"$REPORT" -q -F tsv "$LOGS/a" "$LOGS/b" >"$T/tsv" 2>/dev/null
ok "it is well-formed (parses as XML)" xmllint --noout "$H"
ok "no script" sh -c '! grep -qi "<script" "$1"' - "$H"
ok "no external reference" sh -c '! grep -qiE "https?:|src=|href=|@import|url\(" "$1"' - "$H"
ok "raw text is escaped" sh -c '! grep -q "<quota>" "$1" && grep -q "&lt;quota&gt; &amp; &quot;limit&quot;" "$1"' - "$H"

x() { xmllint --xpath "$1" "$H" 2>/dev/null; }
# xs XPATH: the text nodes XPATH selects, one a line.
xs() { xmllint --xpath "$1" "$H" 2>/dev/null; echo; }

# The funnel: a chart per command, a row per vendor.
is "$(x 'count(//figure[@class="funnel"])')" 2 "one funnel chart per command"
is "$(x 'count(//figure[@class="funnel"]//*[@class="row"])')" 15 "one row per command, push and vendor"
is "$(x 'count(//table[@class="funnel"]/tr[td])')" 15 "one table row per group"

# Every group's numbers, as the TSV gives them, in the chart and in the table
# (an online push's chart row is labelled "VENDOR online").
bad=0
awk -F'\t' 'NR > 1 && NF == 0 { exit }
	NR > 1 { print $1 "\t" $2 "\t" $4 "\t" $5 "\t" $7 "\t" $9 "\t" $6 }' "$T/tsv" >"$T/rows"
while IFS="$TAB" read -r cmd push vendor sent delivered clicked sendfail; do
	label=$vendor
	[ "$push" = online ] && label="$vendor online"
	fig="//figure[@data-command=\"$cmd\"]//*[@class=\"row\"][*[@class=\"label\"]=\"$label\"]"
	row="//table[@class=\"funnel\"]/tr[td[@class=\"command\"]=\"$cmd\" and td[@class=\"push\"]=\"$push\" and td[@class=\"vendor\"]=\"$vendor\"]"
	got="$(x "string($fig/*[@class=\"sent\"]/*[@class=\"v\"])") $(x "string($fig/*[@class=\"delivered\"]/*[@class=\"v\"])") $(x "string($fig/*[@class=\"clicked\"]/*[@class=\"v\"])")"
	got="$got / $(x "string($row/td[@class=\"sent n\"])") $(x "string($row/td[@class=\"delivered n\"])") $(x "string($row/td[@class=\"clicked n\"])") $(x "string($row/td[@class=\"send_failed n\"])")"
	want="$sent $delivered $clicked / $sent $delivered $clicked $sendfail"
	if [ "$got" != "$want" ]; then
		bad=1
		diag "$cmd $vendor: got $got, want $want"
	fi
done <"$T/rows"
is "$(wc -l <"$T/rows" | tr -d ' ')" 15 "fifteen groups compared"
is "$bad" 0 "every chart row and table row shows the report's sent, delivered, clicked and failures"

# One scale per command: every bar of a chart is its number times the same length.
for cmd in Push.OfflinePush Push.AllMemberPush; do
	bars="//figure[@data-command=\"$cmd\"]//*[@class=\"row\"]/*[@class=\"sent\" or @class=\"delivered\" or @class=\"clicked\"]"
	xs "$bars/*[local-name()=\"rect\"]/@width" | sed -n 's/.*width="\([^"]*\)".*/\1/p' >"$T/widths"
	xs "$bars/*[@class=\"v\"]/text()" | sed '/^$/d' >"$T/values"
	is "$(paste "$T/widths" "$T/values" | awk -F'\t' '
		$2 > 0 { r = $1 / $2; if (unit == "") unit = r; if (r - unit > 0.06 || unit - r > 0.06) bad++ }
		$2 == 0 && $1 != 0 { bad++ }
		END { print NR " bars, " bad + 0 " off the scale" }')" \
		"$(wc -l <"$T/values" | tr -d ' ') bars, 0 off the scale" "$cmd: all vendors' bars on one scale"
done
is "$(x 'string(//figure[@data-command="Push.OfflinePush"]//*[@class="row"][*[@class="label"]="APNs"]/*[@class="sent"]/*[local-name()="rect"]/@width)')" \
	"315.0" "the scale ends at a round number past the largest (3 of 4 steps of 1: 315 of 420 pixels)"
is "$(x 'string(//figure[@data-command="Push.OfflinePush"]//*[@class="row"][*[@class="label"]="APNs"]/*[contains(@class,"reach_rate")]/*[@class="v"])')" \
	"66.7%" "the chart states the reach rate beside the bars (2 of 3)"
is "$(x 'string(//figure[@data-command="Push.OfflinePush"]//*[@class="row"][*[@class="label"]="vivo"]/*[contains(@class,"reach_rate")]/*[@class="v"])')" \
	"-" "a rate with nothing to divide by is shown as -"
tabrow='//table[@class="funnel"]/tr[td[@class="command"]="Push.OfflinePush" and td[@class="vendor"]'
is "$(x "string($tabrow=\"APNs\"]/td[@class=\"reach_rate n\"])") $(x "string($tabrow=\"APNs\"]/td[@class=\"click_rate n\"])")" \
	"66.7% 50.0%" "the table shows the rates as percentages, as the text report does"
is "$(x "string($tabrow=\"vivo\"]/td[@class=\"reach_rate n\"])")" "-" "and a rate without a denominator as -"

# trend_check NAME BY UNIT: the trend tables of $H against the TSV report by BY of the same
# logs ($T/tsv-BY), period by period, for every command; UNIT is hour or day.
trend_check() {
	awk -F'\t' -v OFS='\t' 'NR > 1 && NF == 0 { exit }
		NR > 1 { k = $1 OFS $5; s[k] += $6; d[k] += $8; c[k] += $10; f[k] += $7 + $9 + $11; keys[k] = 1 }
		END { for (k in keys) print k, s[k], d[k], c[k], f[k] }' "$T/tsv-$2" | sort >"$T/want-$1"
	: >"$T/got-$1"
	for cmd in Push.OfflinePush Push.AllMemberPush; do
		xs "//table[@class=\"trend\"][@data-command=\"$cmd\"]/tr[td]/td/text()" | sed '/^$/d' |
			paste - - - - - | sed "s/^/$cmd$TAB/" >>"$T/got-$1.all"
	done
	# Periods without events are in the page, as zeros; the TSV has no row for them.
	grep -v "${TAB}0${TAB}0${TAB}0${TAB}0\$" "$T/got-$1.all" | sort >"$T/got-$1"
	is "$(cat "$T/got-$1")" "$(cat "$T/want-$1")" "$1: every period's sent, delivered, clicked and failures are the TSV's"
	is "$(x "string(//figure[@class=\"trend\"]/figcaption)")" "Push.OfflinePush per $3 (UTC)" "$1: drawn per $3"
}

"$REPORT" -q -F tsv --by vendor,hour "$LOGS/a" "$LOGS/b" >"$T/tsv-vendor,hour" 2>/dev/null
trend_check "29 hours" vendor,hour hour
is "$(x 'count(//table[@class="trend"][@data-command="Push.OfflinePush"]/tr[td])') $(x 'string(//table[@class="trend"]/tr[2]/td[@class="period"])') $(x 'string(//table[@class="trend"]/tr[last()]/td[@class="period"])')" \
	"29 2026-11-24T10 2026-11-25T14" "every hour from the first to the last, the empty ones too"
is "$(x 'count(//figure[@class="trend"]//*[local-name()="polyline"])')" 8 "four lines per command"
"$REPORT" -q -F html --by taskid "$LOGS/a" "$LOGS/b" >"$T/taskid.html" 2>/dev/null
is "$(xmllint --xpath 'count(//table[@class="trend"][@data-command="Push.AllMemberPush"]/tr[td])' "$T/taskid.html")" 2 \
	"the trend is there whatever --by (Push.AllMemberPush's two hours under --by taskid)"

# Over 72 hours, per day: the same events again five days later, their clicks failed.
mkdir "$T/later"
for f in "$LOGS/b/offlinepush-2026-11-25T13.tsv" "$LOGS/a/allmemberpush-2026-11-25.tsv"; do
	awk -F'\t' -v OFS='\t' '
		/^#fields/ { for (i = 2; i <= NF; i++) c[$i] = i - 1; id = ("PushID" in c) ? c["PushID"] : c["TaskId"]; print; next }
		/^#/ { print; next }
		{ $c["EventTime"] += 5 * 86400; $id = $id "-later" }
		$c["PushStage"] == 3 { $c["ErrCode"] = 7; $c["ErrInfo"] = "click failed" }
		{ print }' "$f" >"$T/later/$(basename "$f" | sed 's/2026-11-25/2026-11-30/')"
done
"$REPORT" -q -F html "$LOGS/a" "$LOGS/b" "$T/later" >"$H" 2>/dev/null
"$REPORT" -q -F tsv --by vendor,day "$LOGS/a" "$LOGS/b" "$T/later" >"$T/tsv-vendor,day" 2>/dev/null
trend_check "seven days" vendor,day day
is "$(x 'count(//table[@class="trend"][@data-command="Push.OfflinePush"]/tr[td])')" 7 \
	"every day from 2026-11-24 to 2026-11-30"
"$REPORT" -q -F html "$LOGS/a" "$LOGS/b" >"$H" 2>/dev/null

# Over 400 days: the last 400 are drawn, and the page says how many it left out.
mkdir "$T/long"
awk -F'\t' -v OFS='\t' '/^#fields/ { for (i = 2; i <= NF; i++) c[$i] = i - 1; print; next }
	/^#/ { next }
	NR == 2 { print; $c["EventTime"] += 500 * 86400; $c["PushID"] = "late"; print }' \
	"$LOGS/b/offlinepush-2026-11-25T13.tsv" >"$T/long/offlinepush-2026-11-25.tsv"
"$REPORT" -q -F html "$T/long" >"$T/long.html" 2>/dev/null
is "$(xmllint --xpath 'count(//table[@class="trend"]/tr[td])' "$T/long.html") $(xmllint --xpath 'string(//p[@class="left_out"])' "$T/long.html")" \
	"400 The 101 earlier days of the span are not drawn." "501 days: the last 400 drawn, the 101 before said"

# Past 100 rows a funnel chart draws the first 100 and says so; the table has every one.
mkdir "$T/many"
{
	head -n 1 "$LOGS/a/allmemberpush-2026-11-25.tsv"
	for i in $(seq 1 101); do
		printf '2026-11-25T13:01:41Z\t1400000000\tPush.AllMemberPush\t1\tT%03d\td\t1795611600\t1795611700\tu1\t1\t1\t1\t0\tOK\n' "$i"
	done
} >"$T/many/allmemberpush-2026-11-25.tsv"
"$REPORT" -q -F html --by taskid "$T/many" >"$T/many.html" 2>/dev/null
is "$(xmllint --xpath 'count(//figure[@class="funnel"]//*[@class="row"])' "$T/many.html") $(xmllint --xpath 'count(//table[@class="funnel"]/tr[td])' "$T/many.html")" \
	"100 101" "101 TaskIds: 100 chart rows, 101 table rows"
is "$(xmllint --xpath 'string(//figure[@class="funnel"]/p)' "$T/many.html")" \
	"Only the first 100 of 101 rows are drawn; the table has every one." "the chart says it drew only 100"

# The top errors: a bar per row of the table, in its order, with its count.
is "$(xs '//figure[@class="errors"]//*[@class="v"]/text()' | sed '/^$/d' | tr '\n' ' ')" \
	"$(xs '//table[@class="top_errors"]/tr/td[@class="count n"]/text()' | sed '/^$/d' | tr '\n' ' ')" \
	"the errors chart has the table's counts, in its order"
is "$(x 'count(//figure[@class="errors"]//*[local-name()="rect"])')" 7 "one bar per error row (seven in the table)"
is "$(x 'string(//figure[@class="errors"]/*[local-name()="svg"]/*[local-name()="g"][1]/*[local-name()="title"])')" \
	'推送失败 <quota> & "limit"' "the top bar's tooltip is the ErrInfo as it was logged"
is "$(x 'string(//table[@class="top_errors"]/tr[2]/td[@class="errinfo"])')" '推送失败 <quota> & "limit"' \
	"the top error's ErrInfo reads back as it was logged"
is "$(x 'string(//table[@class="summary"]/tr[td[@class="key"]="duplicates_dropped"]/td[@class="value n"])')" 3 \
	"the page states the duplicates dropped"

# Logged text in a chart label (a TaskId) and a long ErrInfo cut inside a character stay escaped and whole.
mkdir "$T/odd"
{
	head -n 1 "$LOGS/a/allmemberpush-2026-11-25.tsv"
	printf '2026-11-25T13:01:41Z\t1400000000\tPush.AllMemberPush\t1\t<b>T&"x'"'"'</b>\td\t1795611600\t1795611700\tu1\t1\t1\t1\t0\tOK\n'
	printf '2026-11-25T13:01:41Z\t1400000000\tPush.AllMemberPush\t1\tT2\td\t1795611600\t1795611700\tu1\t1\t1\t1\t9\t%s\n' \
		"$(printf '错%.0s' $(seq 1 40))"
} >"$T/odd/allmemberpush-2026-11-25.tsv"
"$REPORT" -q -F html --by taskid "$T/odd" >"$H" 2>/dev/null
ok "a page with markup in a TaskId is well-formed" xmllint --noout "$H"
is "$(x 'string(//figure[@class="funnel"]//*[@class="label"])')" "<b>T&\"x'</b>" "the TaskId label reads back as logged"
label="$(x 'string(//figure[@class="errors"]//*[@class="errinfo"])')"
is "$label" "$(printf '错%.0s' $(seq 1 16))…" "a long ErrInfo is cut on a character boundary, with an ellipsis"
done_testing
