#!/bin/sh
# The man pages render without a warning, and the awk one-liners of
# pushcb-logs(5), taken from the page as man shows it (groff), run on a small
# log with known answers, so that the documentation cannot drift from the
# log format. (The report's own awk
# equivalents are checked by report-bench-smoke.)
. "$top_srcdir/tests/lib.sh"
need groff

LOG="$DATA/readme/offlinepush-2026-11-25.tsv"
groff -man -Tascii -P-cbou -ww "$top_srcdir/pushcb-logs.5" >"$T/man.txt" 2>"$T/groff.err"
is "$(cat "$T/groff.err")" "" "pushcb-logs(5) renders without a warning"
for page in push_callback.8 pushcb-report.1; do
	is "$(groff -man -Tascii -ww -z "$top_srcdir/$page" 2>&1)" "" "$page renders without a warning"
done

# example TITLE: the example block of the page that starts with "# TITLE",
# its indentation removed, with the log paths pointed at the test log.
example() {
	awk -v t="# $1" '
		{ line = $0; sub(/^[ \t]+/, "", line) }
		index(line, t) == 1 { on = 1; next }
		on && line == "" { exit }
		on { print line }' "$T/man.txt" |
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
is "$(awk -F'\t' 'NR > 1 && NF == 0 { exit } NR > 1 { print $2 "\t" $4 "\t" $6 "\t" $8 }' "$T/report")" \
	"$(run_example 'sent, delivered and clicked per vendor')" "pushcb-report agrees with the page's awk"
done_testing
