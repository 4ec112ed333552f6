#!/bin/sh
# The README's awk one-liners, taken from the README itself and run on a small
# log with known answers, so that the documentation cannot drift from the log
# format. (The report's own awk equivalents are checked by report-bench-smoke.)
. "$top_srcdir/tests/lib.sh"

LOG="$DATA/readme/offlinepush-2026-11-25.tsv"

# example TITLE: the indented block of the README that starts with "# TITLE",
# unindented, with the log paths pointed at the test log.
example() {
	awk -v t="    # $1" '
		index($0, t) == 1 { on = 1; next }
		on && /^$/ { exit }
		on { sub(/^    /, ""); print }' "$top_srcdir/README" |
		sed "s|/var/log/push_callback/offlinepush-\*.tsv|$LOG|; s|/var/log/push_callback/offlinepush-\$(date -u +%F).tsv|$LOG|"
}

run_example() {
	example "$1" >"$T/cmd"
	[ -s "$T/cmd" ] || { echo "no README example titled '$1'" >&2; return 1; }
	sh "$T/cmd" | sort
}

is "$(run_example 'failure rate per vendor')" "$(printf '1\t5\t1\t20.0%%\n2\t2\t0\t0.0%%\n3\t2\t1\t50.0%%\n8\t4\t1\t25.0%%')" \
	"README: failure rate per vendor"
is "$(run_example 'sent, delivered and clicked per vendor')" "$(printf '1\t2\t1\t1\n2\t1\t1\t0\n3\t1\t0\t0\n8\t1\t1\t2')" \
	"README: sent, delivered and clicked per vendor"
is "$(run_example 'every failed push to one user today')" "2026-11-25T10:00:07Z 3 1 80300002 invalid token" \
	"README: every failed push to one user"

# The same numbers from pushcb-report, which the README says does all of this.
"$top_builddir/pushcb-report" -q -F tsv --dedup-window 0 "$LOG" >"$T/report" 2>/dev/null
is "$(awk -F'\t' 'NR > 1 && NF == 0 { exit } NR > 1 { print $2 "\t" $4 "\t" $6 "\t" $8 }' "$T/report")" \
	"$(run_example 'sent, delivered and clicked per vendor')" "pushcb-report agrees with the README's awk"
done_testing
