#!/bin/sh
# report-bench-smoke: the benchmark script still runs, and pushcb-report and pushcb-report(1)'s
# awk one-liner still compute the same table, and --latency the same as the script's awk
# pipeline (the script fails when they differ).
. "$top_srcdir/tests/lib.sh"
REPORT="$top_builddir/pushcb-report" TMPDIR="$T" sh "$top_srcdir/bench/report-bench.sh" --lines 20000 >"$T/out" 2>&1
is "$?" 0 "bench/report-bench.sh --lines 20000 runs"
ok "pushcb-report and awk agree on the table" grep -q 'tables identical' "$T/out"
ok "pushcb-report --latency and the awk | sort | awk pipeline agree on the latency table" \
	grep -q 'latency tables identical' "$T/out"
ok "-j 1 and the default -j give the same reports" grep -q "reports identical to -j" "$T/out"
ok "it prints the ratio" grep -q '^ratio pushcb-report/awk: [0-9.]*x$' "$T/out"
sed 's/^/# /' "$T/out"
done_testing
