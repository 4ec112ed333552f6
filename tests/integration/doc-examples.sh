#!/bin/sh
# The man pages render without a warning, and their examples, taken from the
# pages as man shows them (groff), hold: the awk one-liners of pushcb-logs(5)
# run on a small log with known answers, pushcb-report(1)'s sample output is
# what pushcb-report prints, and its awk equivalents give pushcb-report's
# numbers, so that the documentation cannot drift from the programs.
. "$top_srcdir/tests/lib.sh"
need groff

LOG="$DATA/readme/offlinepush-2026-11-25.tsv"
groff -man -Tascii -P-cbou -ww "$top_srcdir/pushcb-logs.5" >"$T/man.txt" 2>"$T/groff.err"
is "$(cat "$T/groff.err")" "" "pushcb-logs(5) renders without a warning"
groff -man -Tascii -P-cbou -ww "$top_srcdir/pushcb-report.1" >"$T/report-man.txt" 2>/dev/null
for page in push_callback.8 pushcb-report.1; do
	is "$(groff -man -Tascii -ww -z "$top_srcdir/$page" 2>&1)" "" "$page renders without a warning"
done

# block PAGE TITLE: the example block of the rendered PAGE that starts
# with "# TITLE", its indentation removed.
block() {
	awk -v t="# $2" '
		{ line = $0; sub(/^[ \t]+/, "", line) }
		index(line, t) == 1 { on = 1; next }
		on && line == "" { exit }
		on { print line }' "$1"
}

# example TITLE: pushcb-logs(5)'s example TITLE, with the log paths pointed at the test log.
example() {
	block "$T/man.txt" "$1" |
		sed "s|/var/log/push_callback/offlinepush-\*.tsv|$LOG|; s|/var/log/push_callback/offlinepush-\$(date -u +%F).tsv|$LOG|"
}

run_example() {
	example "$1" >"$T/cmd"
	[ -s "$T/cmd" ] || { echo "no pushcb-logs(5) example titled '$1'" >&2; return 1; }
	sh "$T/cmd" | sort
}

is "$(run_example 'failure rate per vendor')" "$(printf '1\t5\t1\t20.0%%\n2\t2\t0\t0.0%%\n3\t2\t1\t50.0%%\n8\t4\t1\t25.0%%')" \
	"pushcb-logs(5): failure rate per vendor"
is "$(run_example 'sent, delivered and clicked per vendor')" "$(printf '1\t2\t1\t1\n2\t1\t1\t0\n3\t1\t0\t0\n8\t1\t1\t2')" \
	"pushcb-logs(5): sent, delivered and clicked per vendor"
is "$(run_example 'every failed push to one user today')" "2026-11-25T10:00:07Z 3 1 80300002 invalid token" \
	"pushcb-logs(5): every failed push to one user"

# The same numbers from pushcb-report, which the page says does all of this.
"$top_builddir/pushcb-report" -q -F tsv --dedup-window 0 "$LOG" >"$T/report" 2>/dev/null
is "$(awk -F'\t' 'NR > 1 && NF == 0 { exit } NR > 1 { print $3 "\t" $5 "\t" $7 "\t" $9 }' "$T/report")" \
	"$(run_example 'sent, delivered and clicked per vendor')" "pushcb-report agrees with the page's awk"

# pushcb-report(1): the sample output after "$ pushcb-report /var/log/push_callback",
# as long as lines are blank or indented like that one, is what it prints for the test log.
awk '
	/^ *\$ pushcb-report \/var\/log\/push_callback$/ { match($0, /^ */); indent = RLENGTH; on = 1; next }
	on && $0 != "" && substr($0, 1, indent) != sprintf("%*s", indent, "") { exit }
	on { print substr($0, indent + 1) }' "$T/report-man.txt" | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}' >"$T/sample"
"$top_builddir/pushcb-report" -q "$LOG" >"$T/actual" 2>/dev/null
ok "pushcb-report(1) shows a sample output" test "$(wc -l <"$T/sample")" -gt 10
ok "pushcb-report(1)'s sample output is what pushcb-report prints" diff -u "$T/sample" "$T/actual"

# Its awk equivalents, on the report's test logs (two hosts, both commands, an
# older column order compressed, a reject file), against pushcb-report's TSV.
mkdir "$T/logs"
cp "$DATA"/report/logs/a/* "$DATA"/report/logs/b/* "$T/logs/"
report_example() {
	block "$T/report-man.txt" "$1" | sed "s|/var/log/push_callback|$T/logs|g" >"$T/cmd"
	[ -s "$T/cmd" ] || { echo "no pushcb-report(1) example titled '$1'" >&2; return 1; }
	sh "$T/cmd" | sort
}
"$top_builddir/pushcb-report" -q -F tsv -n 100 --dedup-window 0 "$T/logs" >"$T/report" 2>/dev/null
table() { awk -v n="$1" -F'\t' 'NF == 0 { t++; next } t == n && !h { h = 1; next } t == n' "$T/report"; }
is "$(report_example 'the funnel per command and vendor')" \
	"$(table 0 | awk -F'\t' '{ print $1 "\t" $2 "\t" $3 "\t" $5 "\t" $7 "\t" $9 "\t" $12 }' | sort)" \
	"pushcb-report(1): the awk funnel is pushcb-report's, without the window"
is "$(report_example 'the top errors')" \
	"$(table 1 | awk -F'\t' '{ print $5 "\t" $1 "\t" $3 "\t" $4 "\t" $6 }' | sort)" \
	"pushcb-report(1): the awk top errors are pushcb-report's"
done_testing
