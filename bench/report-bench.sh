#!/bin/sh
# report-bench.sh: pushcb-report against pushcb-report(1)'s awk one-liner on the same
# generated logs: lines/s for each and the ratio. Not a timed test: `make check`
# runs it only small (--lines 20000) to keep it working.
#
# Usage: bench/report-bench.sh [--lines N] [--dir DIR] [--keep] [--logs-only]
#   --lines N  event lines to generate (default 10000000), over 2 hosts x 4 files
#   --dir DIR  where to generate (default: a new directory under ${TMPDIR:-/tmp})
#   --keep     keep the generated logs
#   --logs-only  only generate the logs into DIR/a and DIR/b (bench/report-duckdb.sh)
# REPORT names the binary (default: ./pushcb-report, or $top_builddir/pushcb-report).
set -eu

lines=10000000
dir=""
keep=0
logs_only=0
while [ $# -gt 0 ]; do
	case $1 in
	--lines) lines=$2; shift 2 ;;
	--dir) dir=$2; shift 2 ;;
	--keep) keep=1; shift ;;
	--logs-only) logs_only=1; keep=1; shift ;;
	*) echo "usage: $0 [--lines N] [--dir DIR] [--keep] [--logs-only]" >&2; exit 2 ;;
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

# The logs: Push.OfflinePush events of 2 hosts, 4 hourly files each. Each push is
# made up to 30 s before it is sent (3% fail), 80% of those sent are delivered
# (within 10 minutes; 2% a few seconds before their send, as skewed clocks log) and 10% of
# those delivered clicked (within 50 minutes); one push in 10 has its stages written
# in reverse order, and about 1 line in 100 repeats the one before (a retried
# callback). Deterministic (srand(42)).
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
			for (i = 0; out < n; i++) {
				t = t0 + int(rand() * 3600)
				v = int(rand() * 9)
				to = int(rand() * 1000000)
				m = t - 1 - int(rand() * rand() * 30)
				e = rand() < 0.03 ? 80100003 : 0
				k = 1; st[1] = t; es[1] = e
				if (!e && rand() < 0.8) {
					# 2% of deliveries logged a few seconds before their send (clock skew).
					st[++k] = t + (rand() < 0.02 ? -int(rand() * 5) - 1 : int(rand() * rand() * 600)); es[k] = 0
					if (rand() < 0.1) { st[++k] = st[2] + int(rand() * 3000); es[k] = 0 }
				}
				rev = rand() < 0.1
				for (j = 1; j <= k && out < n; j++) {
					s = rev ? k + 1 - j : j
					if (out > 0 && rand() < 0.01 && out < n - 1) { print line; out++ }
					line = sprintf("2026-11-25T%02d:00:00Z\t1400000000\tPush.OfflinePush\t1\t%d\tadmin\tuser%d\t%d\t%d\t%d_%d_%d\t\t%d\t%d\t%d\t%s%d_%d\t%d\t%s",
						hour, st[s], to, v, s, i, 7, t, i, 7, m, host, hour, i, es[s],
						es[s] ? "token invalid" : "OK")
					print line
					out++
				}
			}
		}' > "$dir/$host/offlinepush-2026-11-25T$hour.tsv"
	done
done
[ "$logs_only" = 1 ] && exit 0
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

# The --latency table with awk, sort and awk again, holding every push in memory
# (pushcb-report holds a window of them): one line per span (command, platform, span,
# seconds), each push's stage taken once, sorted, then count, nearest-rank p50, p90,
# p99, max and negative per (command, platform, span). It prints the unmatched
# deliveries and clicks as a last line.
awk_latency() {
	"$AWK" -F'\t' -v OFS='\t' '$1 == "#fields" { delete c; for (i = 2; i <= NF; i++) c[$i] = i - 1
		idc = ("PushID" in c) ? c["PushID"] : c["TaskId"]; mc = ("MsgTime" in c) ? c["MsgTime"] : c["TaskTime"]; next }
	/^#/ { next }
	{ id = $c["CallbackCommand"] SUBSEP $idc SUBSEP $c["To_Account"]; s = $c["PushStage"]; t = $c["EventTime"]
	  g = $c["CallbackCommand"] OFS $c["PushPlatform"]
	  if ((s == 1 || s == 2) && $c["ErrCode"] != 0 || s < 1 || s > 3 || (id, s) in T) next
	  T[id, s] = t; G[id, s] = g
	  if (s == 1) print g, "created_to_sent", t - $mc
	  if (s == 2) print g, "created_to_delivered", t - $mc }
	END { for (k in T) { split(k, a, SUBSEP); id = a[1] SUBSEP a[2] SUBSEP a[3]
	    if (a[4] == 1) continue
	    if (!((id, a[4] - 1) in T)) { um++; continue }
	    print G[k], a[4] == 2 ? "sent_to_delivered" : "delivered_to_clicked", T[k] - T[id, a[4] - 1] }
	  printf "~unmatched\t%d\n", um }' "$@" |
	LC_ALL=C sort -t "$(printf '\t')" -k1,3 -k4,4n |
	"$AWK" -F'\t' -v OFS='\t' 'function flush(  m) { if (key == "") return; m = n - neg
		print key, m, m ? v[neg + int((m * 50 + 99) / 100)] : "", m ? v[neg + int((m * 90 + 99) / 100)] : "",
			m ? v[neg + int((m * 99 + 99) / 100)] : "", m ? v[n] : "", neg }
	$1 == "~unmatched" { flush(); key = ""; print $0; next }
	{ k = $1 OFS $2 OFS $3; if (k != key) { flush(); key = k; n = 0; neg = 0 }
	  v[++n] = $4; if ($4 < 0) neg++ }
	END { flush() }'
}

load=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo ?)
cat "$dir"/*/*.tsv > /dev/null # warm the page cache for both
t0=$(now)
"$REPORT" -q -F tsv --dedup-window 0 "$dir/a" "$dir/b" > "$dir/report.tsv"
t1=$(now)
awk_funnel "$dir"/*/*.tsv > "$dir/awk.tsv"
t2=$(now)
"$REPORT" -q -F tsv "$dir/a" "$dir/b" > "$dir/report-dedup.tsv"
t3=$(now)
# With /usr/bin/time (Debian: time), the most memory (KB) a run held; its output is dropped.
maxrss() {
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -f %M -o "$dir/rss" "$@" >/dev/null && cat "$dir/rss"
	else
		"$@" >/dev/null && echo "?"
	fi
}
t4=$(now)
"$REPORT" -q -F tsv --latency "$dir/a" "$dir/b" > "$dir/report-latency.tsv"
t5=$(now)
awk_latency "$dir"/*/*.tsv > "$dir/awk-latency.tsv"
t6=$(now)
rss_funnel=$(maxrss "$REPORT" -q -F tsv "$dir/a" "$dir/b")
rss_lat=$(maxrss "$REPORT" -q -F tsv --latency "$dir/a" "$dir/b")
# -j 1 (reading and counting in turn) against the default -j (the online CPUs): the same reports.
t7=$(now)
"$REPORT" -q -j 1 -F tsv "$dir/a" "$dir/b" > "$dir/report-dedup-j1.tsv"
t8=$(now)
"$REPORT" -q -j 1 -F tsv --latency "$dir/a" "$dir/b" > "$dir/report-latency-j1.tsv"
t9=$(now)
if ! cmp -s "$dir/report-dedup.tsv" "$dir/report-dedup-j1.tsv" ||
	! cmp -s "$dir/report-latency.tsv" "$dir/report-latency-j1.tsv"; then
	echo "MISMATCH between pushcb-report -j 1 and the default -j" >&2
	exit 1
fi

# Same table both ways, or the comparison means nothing.
"$AWK" -F'\t' 'NR > 1 && NF == 0 { exit } NR > 1 { print $1 "\t" $3 "\t" $5 "\t" $7 "\t" $9 "\t" $12 }' \
	"$dir/report.tsv" | sort > "$dir/report.cmp"
sort "$dir/awk.tsv" > "$dir/awk.cmp"
if ! cmp -s "$dir/report.cmp" "$dir/awk.cmp"; then
	echo "MISMATCH between pushcb-report and awk:" >&2
	diff "$dir/report.cmp" "$dir/awk.cmp" >&2 || true
	exit 1
fi
# The latency table, and unmatched, both ways.
"$AWK" -F'\t' '$1 == "unmatched" { print "~unmatched\t" $2 } $1 == "command" && $5 == "span" { on = 1; next }
	on && NF > 0 { print $1 "\t" $3 "\t" $5 "\t" $6 "\t" $7 "\t" $8 "\t" $9 "\t" $10 "\t" $11 }' \
	"$dir/report-latency.tsv" | LC_ALL=C sort > "$dir/report-latency.cmp"
LC_ALL=C sort "$dir/awk-latency.tsv" > "$dir/awk-latency.cmp"
if ! cmp -s "$dir/report-latency.cmp" "$dir/awk-latency.cmp"; then
	echo "MISMATCH between pushcb-report --latency and awk:" >&2
	diff "$dir/report-latency.cmp" "$dir/awk-latency.cmp" >&2 || true
	exit 1
fi
dups=$("$AWK" -F'\t' '$1 == "duplicates_dropped" { print $2 }' "$dir/report-dedup.tsv")

"$AWK" -v n="$total" -v b="$bytes" -v r="$t1" -v r0="$t0" -v a="$t2" -v d="$t3" -v l0="$t4" -v l="$t5" -v al="$t6" \
	-v rf="$rss_funnel" -v rl="$rss_lat" -v load="$load" -v j1="$t7" -v j1d="$t8" -v j1l="$t9" \
	-v cpus="$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo ?)" \
	-v dups="$dups" -v awkname="$(readlink -f "$(command -v "$AWK")")" 'BEGIN {
	tr = r - r0; ta = a - r; td = d - a; tl = l - l0; tal = al - l
	printf "lines: %d (8 of them headers; %.0f MB, 8 files), tables identical\n", n, b / 1e6
	printf "pushcb-report --dedup-window 0: %7.2f s  %12.0f lines/s\n", tr, n / tr
	printf "awk one-liner (%s): %7.2f s  %12.0f lines/s\n", awkname, ta, n / ta
	printf "pushcb-report (dedup, 1M window): %6.2f s  %12.0f lines/s  (%d duplicates dropped)\n", td, n / td, dups
	printf "pushcb-report --latency (dedup and match, 1M windows): %6.2f s  %12.0f lines/s\n", tl, n / tl
	printf "awk | sort | awk latency: %7.2f s  %12.0f lines/s, latency tables identical\n", tal, n / tal
	printf "pushcb-report -j 1 (dedup): %6.2f s, --latency: %6.2f s; reports identical to -j %s\n", j1d - j1, j1l - j1d, cpus
	printf "max RSS (KB): pushcb-report %s, with --latency %s\n", rf, rl
	printf "load average before the runs: %s\n", load
	printf "ratio pushcb-report/awk: %.1fx\n", ta / tr
}'
