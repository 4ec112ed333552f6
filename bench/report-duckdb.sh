#!/bin/sh
# report-duckdb: pushcb-report against DuckDB on the same logs, side by side in one run:
# the funnel (pushcb-report's default, duplicates dropped; DuckDB's GROUP BY, none dropped)
# and the latency table (pushcb-report --latency; DuckDB's self-join on the push). Both
# tables are checked equal (pushcb-report's funnel with --dedup-window 0) before the
# figures count. A benchmark, not a test: it prints figures (BENCHMARKS.md).
#
# Usage: bench/report-duckdb.sh [--lines N] [--dir DIR] [--threads N] [--keep]
#   --lines N    event lines to generate (default 20000000), as bench/report-bench.sh does
#   --dir DIR    where the logs are, or go (logs already in DIR/a and DIR/b are reused)
#   --threads N  DuckDB's threads and pushcb-report's -j (default 2)
#   --keep       keep the logs and the scratch directory
# Needs npm (Node.js): @duckdb/node-api is installed in a scratch directory under
# ${TMPDIR:-/tmp}, never in the tree; without npm the script says so and exits 0.
set -u
lines=20000000
dir=""
threads=2
keep=0
while [ $# -gt 0 ]; do
	case $1 in
	--lines) lines=$2; shift 2 ;;
	--dir) dir=$2; shift 2 ;;
	--threads) threads=$2; shift 2 ;;
	--keep) keep=1; shift ;;
	*) echo "usage: $0 [--lines N] [--dir DIR] [--threads N] [--keep]" >&2; exit 2 ;;
	esac
done
: "${top_builddir:=.}"
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
REPORT=${REPORT:-$top_builddir/pushcb-report}
[ -x "$REPORT" ] || { echo "$0: $REPORT is not built" >&2; exit 2; }
if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
	echo "report-duckdb: skipped: npm and node (Node.js) are not there, so DuckDB cannot be installed"
	exit 0
fi
scratch=$(mktemp -d "${TMPDIR:-/tmp}/pcb-duckdb.XXXXXX")
[ -n "$dir" ] || dir=$scratch/logs
[ "$keep" = 1 ] || trap 'rm -rf "$scratch"; [ "$dir" = "$scratch/logs" ] || true' EXIT

(cd "$scratch" && npm init -y >/dev/null 2>&1 &&
	npm install --silent --no-audit --no-fund @duckdb/node-api >"$scratch/npm.log" 2>&1) || {
	echo "report-duckdb: skipped: npm could not install @duckdb/node-api (see $scratch/npm.log)"
	keep=1
	exit 0
}
cp "$top_srcdir/bench/report-duckdb.mjs" "$scratch/"
duckdb_version=$(sed -n 's/.*"version": "\(.*\)".*/\1/p' "$scratch/node_modules/@duckdb/node-api/package.json")
if [ ! -d "$dir/a" ] || [ ! -d "$dir/b" ]; then
	REPORT="$REPORT" sh "$top_srcdir/bench/report-bench.sh" --lines "$lines" --dir "$dir" --logs-only ||
		exit 1
fi
total=$(cat "$dir"/*/*.tsv | wc -l)

# timed NAME COMMAND...: runs COMMAND (stdout into $scratch/NAME.out); NAME_s (wall seconds),
# NAME_cpu (user + system seconds) and NAME_kb (max RSS) from /usr/bin/time, else wall only.
timed() {
	_n=$1
	shift
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -f '%e %U %S %M' -o "$scratch/$_n.time" "$@" >"$scratch/$_n.out" 2>"$scratch/$_n.err" ||
			{ cat "$scratch/$_n.err" >&2; exit 1; }
		read -r _e _u _s _m <"$scratch/$_n.time"
	else
		_t0=$(date +%s.%N)
		"$@" >"$scratch/$_n.out" 2>"$scratch/$_n.err" || { cat "$scratch/$_n.err" >&2; exit 1; }
		_e=$(echo "$(date +%s.%N) - $_t0" | bc); _u=0; _s=0; _m="?"
	fi
	eval "${_n}_s=$_e ${_n}_cpu=\$(echo \"$_u + $_s\" | bc) ${_n}_kb=$_m"
}

load=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo ?)
cat "$dir"/*/*.tsv >/dev/null # the page cache, for both
timed check "$REPORT" -q -j "$threads" -F tsv --dedup-window 0 "$dir/a" "$dir/b"
timed pcb_funnel "$REPORT" -q -j "$threads" -F tsv "$dir/a" "$dir/b"
timed duck_funnel node "$scratch/report-duckdb.mjs" funnel "$dir" "$threads"
timed pcb_latency "$REPORT" -q -j "$threads" -F tsv --latency "$dir/a" "$dir/b"
timed duck_latency node "$scratch/report-duckdb.mjs" latency "$dir" "$threads"

# The same tables, or the figures mean nothing.
awk -F'\t' 'NR > 1 && NF == 0 { exit } NR > 1 { print $1 "\t" $3 "\t" $5 "\t" $7 "\t" $9 }' \
	"$scratch/check.out" | LC_ALL=C sort >"$scratch/pcb.cmp"
LC_ALL=C sort "$scratch/duck_funnel.out" >"$scratch/duck.cmp"
cmp -s "$scratch/pcb.cmp" "$scratch/duck.cmp" ||
	{ echo "MISMATCH: the funnels differ ($scratch)" >&2; keep=1; exit 1; }
awk -F'\t' '$1 == "command" && $5 == "span" { on = 1; next }
	on && NF > 0 { print $1 "\t" $3 "\t" $5 "\t" $6 "\t" $7 "\t" $8 "\t" $9 "\t" $10 }' \
	"$scratch/pcb_latency.out" | LC_ALL=C sort >"$scratch/pcb-lat.cmp"
LC_ALL=C sort "$scratch/duck_latency.out" >"$scratch/duck-lat.cmp"
cmp -s "$scratch/pcb-lat.cmp" "$scratch/duck-lat.cmp" ||
	{ echo "MISMATCH: the latency tables differ ($scratch)" >&2; keep=1; exit 1; }

echo "lines: $total (8 files, 2 hosts), DuckDB $duckdb_version via @duckdb/node-api, $threads threads each"
echo "tables identical: funnel (pushcb-report --dedup-window 0) and latency"
printf '%-44s %8s %8s %10s\n' "" "wall s" "CPU s" "max RSS KB"
printf '%-44s %8s %8s %10s\n' "pushcb-report -j $threads (duplicates dropped)" "$pcb_funnel_s" "$pcb_funnel_cpu" "$pcb_funnel_kb"
printf '%-44s %8s %8s %10s\n' "DuckDB funnel (none dropped)" "$duck_funnel_s" "$duck_funnel_cpu" "$duck_funnel_kb"
printf '%-44s %8s %8s %10s\n' "pushcb-report -j $threads --latency" "$pcb_latency_s" "$pcb_latency_cpu" "$pcb_latency_kb"
printf '%-44s %8s %8s %10s\n' "DuckDB latency (self-join)" "$duck_latency_s" "$duck_latency_cpu" "$duck_latency_kb"
# DuckDB's own time for the query, without starting node and loading DuckDB: its best case.
dqf=$(sed -n 's/^seconds //p' "$scratch/duck_funnel.err")
dql=$(sed -n 's/^seconds //p' "$scratch/duck_latency.err")
echo "DuckDB's query alone (no node start): funnel $dqf s, latency $dql s"
echo "ratio DuckDB query / pushcb-report wall: funnel $(echo "scale=2; $dqf / $pcb_funnel_s" | bc)x, latency $(echo "scale=2; $dql / $pcb_latency_s" | bc)x (goal: 2x each)"
echo "load average before the runs: $load"
