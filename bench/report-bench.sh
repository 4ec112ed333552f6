#!/bin/sh
# report-bench.sh: pushcb-report against pushcb-report(1)'s awk one-liner on the same
# generated logs: lines/s for each and the ratio. Not a timed test: `make check`
# runs it only small (--lines 20000) to keep it working.
#
# Usage: bench/report-bench.sh [--lines N] [--dir DIR] [--keep]
#   --lines N  event lines to generate (default 10000000), over 2 hosts x 4 files
#   --dir DIR  where to generate (default: a new directory under ${TMPDIR:-/tmp})
#   --keep     keep the generated logs
# REPORT names the binary (default: ./pushcb-report, or $top_builddir/pushcb-report).
set -eu

lines=10000000
dir=""
keep=0
while [ $# -gt 0 ]; do
	case $1 in
	--lines) lines=$2; shift 2 ;;
	--dir) dir=$2; shift 2 ;;
	--keep) keep=1; shift ;;
	*) echo "usage: $0 [--lines N] [--dir DIR] [--keep]" >&2; exit 2 ;;
	esac
done
case $lines in '' | *[!0-9]*) echo "$0: --lines needs a number" >&2; exit 2 ;; esac
: "${top_builddir:=.}"
AWK=${AWK:-awk}
REPORT=${REPORT:-$top_builddir/pushcb-report}
[ -x "$REPORT" ] || { echo "$0: $REPORT is not built" >&2; exit 2; }
if [ -z "$dir" ]; then
	dir=$(mktemp -d "${TMPDIR:-/tmp}/pcb-bench.XXXXXX")
else
	mkdir -p "$dir"
fi
[ "$keep" = 1 ] || trap 'rm -rf "$dir"' EXIT

# The logs: Push.OfflinePush events of 2 hosts, 4 hourly files each; about 1 line
# in 100 repeats the one before (a retried callback). Deterministic (srand(42)).
per_file=$(( (lines + 7) / 8 ))
for host in a b; do
	mkdir -p "$dir/$host"
	for hour in 10 11 12 13; do
		"$AWK" -v n="$per_file" -v hour="$hour" -v host="$host" 'BEGIN {
			srand(42 + hour + (host == "b"));
			OFS = "\t"
			print "#fields", "RecvTime", "SdkAppid", "CallbackCommand", "EventType", "EventTime",
				"From_Account", "To_Account", "PushPlatform", "PushStage", "MsgKey", "GroupID",
				"MsgSeq", "MsgRandom", "MsgTime", "PushID", "ErrCode", "ErrInfo"
			t0 = 1795564800 + hour * 3600
			for (i = 0; i < n; i++) {
				if (i > 0 && rand() < 0.01) { print line; continue }
				t = t0 + int(rand() * 3600)
				v = int(rand() * 9)
				r = rand()
				s = r < 0.55 ? 1 : (r < 0.95 ? 2 : 3)
				e = rand() < 0.03 ? 80100003 : 0
				line = sprintf("2026-11-25T%02d:00:00Z\t1400000000\tPush.OfflinePush\t1\t%d\tadmin\tuser%d\t%d\t%d\t%d_%d_%d\t\t%d\t%d\t%d\t%s%d_%d\t%d\t%s",
					hour, t, int(rand() * 1000000), v, s, i, 7, t, i, 7, t - 1, host, hour, i, e,
					e ? "token invalid" : "OK")
				print line
			}
		}' > "$dir/$host/offlinepush-2026-11-25T$hour.tsv"
	done
done
total=$(cat "$dir"/*/*.tsv | wc -l)
bytes=$(cat "$dir"/*/*.tsv | wc -c)

now() { date +%s.%N; }

# pushcb-report(1)'s awk funnel per command and vendor (no duplicate window, so
# pushcb-report runs with --dedup-window 0 to compute the same table); the files
# are plain, so awk reads them itself rather than through zcat -f.
awk_funnel() {
	"$AWK" -F'\t' '$1 == "#fields" { delete c; for (i = 2; i <= NF; i++) c[$i] = i - 1; next }
	/^#/ { next }
	{ k = $c["CallbackCommand"] "\t" $c["PushPlatform"]; g[k]
	  if ($c["PushStage"] == 1 && $c["ErrCode"] == 0) s[k]++
	  else if ($c["PushStage"] == 2 && $c["ErrCode"] == 0) d[k]++
	  else if ($c["PushStage"] == 3) k3[k]++ }
	END { for (k in g) printf "%s\t%d\t%d\t%d\t%s\n", k, s[k], d[k], k3[k], s[k] ? sprintf("%.4f", d[k] / s[k]) : "" }' "$@"
}

cat "$dir"/*/*.tsv > /dev/null # warm the page cache for both
t0=$(now)
"$REPORT" -q -F tsv --dedup-window 0 "$dir/a" "$dir/b" > "$dir/report.tsv"
t1=$(now)
awk_funnel "$dir"/*/*.tsv > "$dir/awk.tsv"
t2=$(now)
"$REPORT" -q -F tsv "$dir/a" "$dir/b" > "$dir/report-dedup.tsv"
t3=$(now)

# Same table both ways, or the comparison means nothing.
"$AWK" -F'\t' 'NR > 1 && NF == 0 { exit } NR > 1 { print $1 "\t" $2 "\t" $4 "\t" $6 "\t" $8 "\t" $11 }' \
	"$dir/report.tsv" | sort > "$dir/report.cmp"
sort "$dir/awk.tsv" > "$dir/awk.cmp"
if ! cmp -s "$dir/report.cmp" "$dir/awk.cmp"; then
	echo "MISMATCH between pushcb-report and awk:" >&2
	diff "$dir/report.cmp" "$dir/awk.cmp" >&2 || true
	exit 1
fi
dups=$("$AWK" -F'\t' '$1 == "duplicates_dropped" { print $2 }' "$dir/report-dedup.tsv")

"$AWK" -v n="$total" -v b="$bytes" -v r="$t1" -v r0="$t0" -v a="$t2" -v d="$t3" -v dups="$dups" -v awkname="$(readlink -f "$(command -v "$AWK")")" 'BEGIN {
	tr = r - r0; ta = a - r; td = d - a
	printf "lines: %d (8 of them headers; %.0f MB, 8 files), tables identical\n", n, b / 1e6
	printf "pushcb-report --dedup-window 0: %7.2f s  %12.0f lines/s\n", tr, n / tr
	printf "awk one-liner (%s): %7.2f s  %12.0f lines/s\n", awkname, ta, n / ta
	printf "pushcb-report (dedup, 1M window): %6.2f s  %12.0f lines/s  (%d duplicates dropped)\n", td, n / td, dups
	printf "ratio pushcb-report/awk: %.1fx\n", ta / tr
}'
