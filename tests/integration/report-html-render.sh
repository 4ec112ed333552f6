#!/bin/sh
# report-html-render: Debian's headless Chromium renders the HTML page into a PNG that
# is not blank: the size asked for, many colours, and the colours of the funnel's and
# the trend's bars and lines, which only the SVG charts draw. No time limit but a
# generous timeout: Chromium's first start is slow. A page with --latency draws its
# percentile bars too. (report-html.sh checks the numbers.)
. "$top_srcdir/tests/lib.sh"
need chromium identify convert
REPORT="$top_builddir/pushcb-report"
LOGS="$DATA/report/logs"

"$REPORT" -q -F html "$LOGS/a" "$LOGS/b" >"$T/report.html" 2>/dev/null
is "$?" 0 "the HTML report is written"
# render NAME: $T/NAME.html into $T/NAME.png, Chromium's output in $T/NAME.log.
render_page() {
	HOME="$T" timeout 300 chromium --headless --no-sandbox --disable-gpu --no-first-run \
		--user-data-dir="$T/chromium" --screenshot="$T/$1.png" --window-size=1200,2400 \
		"file://$T/$1.html" >"$T/$1.log" 2>&1
}
render_page report
is "$?" 0 "Chromium renders it"
is "$(identify -format '%m %w %h' "$T/report.png" 2>/dev/null)" "PNG 1200 2400" "into a PNG of the window's size"
colours=$(identify -format '%k' "$T/report.png" 2>/dev/null)
ok "with many colours ($colours distinct)" test "${colours:-0}" -ge 200
# The colour of each series (pcb_report_html.c's CSS): over 1000 pixels only from the SVG bars,
# lines and marks (the legend's squares are a few hundred).
convert "$T/report.png" -format %c histogram:info:- >"$T/histogram" 2>/dev/null
for c in 4E79A7:sent 59A14F:delivered F28E2B:clicked E15759:failed; do
	n=$(grep -i "#${c%%:*} " "$T/histogram" | sed 's/^ *\([0-9]*\):.*/\1/')
	ok "the ${c#*:} colour covers over 1000 pixels (${n:-0})" test "${n:-0}" -gt 1000
done

# With --latency: the bars of the latency charts (p50, p90, p99) are drawn too.
"$REPORT" -q -F html --latency "$DATA/report/latency/x" "$DATA/report/latency/y" >"$T/latency.html" 2>/dev/null
is "$?" 0 "the HTML report with --latency is written"
render_page latency
is "$?" 0 "Chromium renders it"
convert "$T/latency.png" -format %c histogram:info:- >"$T/histogram-latency" 2>/dev/null
for c in B07AA1:p50 EDC948:p90 9C755F:p99; do
	n=$(grep -i "#${c%%:*} " "$T/histogram-latency" | sed 's/^ *\([0-9]*\):.*/\1/')
	ok "the ${c#*:} colour of the latency bars covers over 1000 pixels (${n:-0})" test "${n:-0}" -gt 1000
done

# The test can fail: an empty page renders blank.
printf '<!DOCTYPE html>\n<html><head><title>x</title></head><body></body></html>\n' >"$T/blank.html"
render_page blank
is "$(identify -format '%k' "$T/blank.png" 2>/dev/null)" 1 "an empty page renders as one colour"
done_testing
