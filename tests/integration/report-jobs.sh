#!/bin/sh
# report-jobs: pushcb-report -j 1 and -j 4 give the same output, byte for byte, in every
# format and grouping, with and without --latency, with windows small enough to forget:
# over logs with duplicates across files and hosts, and stages of one push in several
# files (the benchmark's logs, files of two chunks and more), and the golden logs.
. "$top_srcdir/tests/lib.sh"
REPORT="$top_builddir/pushcb-report"
LOGS="$DATA/report/logs"
LAT="$DATA/report/latency"

REPORT="$REPORT" TMPDIR="$T" sh "$top_srcdir/bench/report-bench.sh" --lines 40000 --dir "$T/gen" --keep \
	>"$T/bench.out" 2>&1 || bail "bench/report-bench.sh could not make the logs"
# A plain file and its compressed twin, and a compressed file alone, among them.
gzip -c "$T/gen/a/offlinepush-2026-11-25T11.tsv" >"$T/gen/a/offlinepush-2026-11-25T11.tsv.gz"
gzip "$T/gen/b/offlinepush-2026-11-25T12.tsv"

# same DESCRIPTION ARGS...: the output and the exit status of -j 1 and -j 4 are the same.
same() {
	_what=$1
	shift
	"$REPORT" -q -j 1 "$@" >"$T/j1" 2>"$T/e1"
	_rc1=$?
	"$REPORT" -q -j 4 "$@" >"$T/j4" 2>"$T/e4"
	_rc4=$?
	ok "$_what: -j 1 and -j 4 write the same report" cmp -s "$T/j1" "$T/j4"
	# The messages name the process: its number differs.
	is "$_rc4 $(sed 's/^pushcb-report\[[0-9]*\]//' "$T/e4")" "$_rc1 $(sed 's/^pushcb-report\[[0-9]*\]//' "$T/e1")" \
		"$_what: the same exit status and messages"
}

for fmt in text tsv json html openmetrics; do
	same "-F $fmt" -F "$fmt" "$T/gen/a" "$T/gen/b"
	same "-F $fmt --latency" -F "$fmt" --latency "$T/gen/a" "$T/gen/b"
	same "-F $fmt, golden logs" -F "$fmt" --latency "$LOGS/a" "$LOGS/b" "$LAT/x" "$LAT/y"
done
for fmt in text tsv json html; do
	same "-F $fmt --by vendor,hour --tz +05:30" -F "$fmt" --by vendor,hour --tz +05:30 --latency \
		"$T/gen/a" "$T/gen/b"
	same "-F $fmt --by taskid" -F "$fmt" --by taskid --latency "$LOGS/a" "$LOGS/b" "$LAT/x" "$LAT/y"
done
same "windows of 100 (identities forgotten)" -F tsv -w 100 -m 100 --latency "$T/gen/a" "$T/gen/b"
same "windows of 1" -F json -w 1 -m 1 --latency "$T/gen/a" "$T/gen/b"
same "--from, --to" -F tsv --from 2026-11-25T11:30 --to 2026-11-25T12:30 "$T/gen/a" "$T/gen/b"
ok "the benchmark's logs have duplicates" sh -c '"$1" -q -F tsv "$2" | grep -q "^duplicates_dropped	[1-9]"' - \
	"$REPORT" "$T/gen/a"
ok "and a file of more than one chunk (4096 lines)" test "$(wc -l <"$T/gen/a/offlinepush-2026-11-25T10.tsv")" -gt 4096

# Bad input in several files: the messages come in the order of the files whatever -j.
mkdir -p "$T/bad"
cp "$DATA/report/bad/"* "$T/bad/"
printf 'garbage\n' >"$T/bad/offlinepush-2026-11-20.tsv"
same "bad files" -F tsv "$T/bad" "$T/absent" "$LOGS/a"
# A file counted is closed: many files read with few descriptors (and memory that does not grow with them).
mkdir -p "$T/many"
for h in 00 01 02 03 04 05 06 07 08 09 10 11 12 13 14 15 16 17 18 19 20 21 22 23; do
	for d in 24 25 26; do
		cp "$LOGS/b/offlinepush-2026-11-25T13.tsv" "$T/many/offlinepush-2026-11-${d}T$h.tsv"
	done
done
out=$(ulimit -n 24 && "$REPORT" -q -j 4 -F tsv -w 0 "$T/many" 2>&1)
is "$(printf '%s\n' "$out" | awk -F'\t' '$1 == "files_read" || $1 == "counted" { printf "%s ", $2 }')" "72 360 " \
	"72 files read with 24 descriptors"
"$REPORT" -q -j 0 "$LOGS/a" >/dev/null 2>&1
is "$?" 2 "-j 0 is a usage error"
done_testing
