#!/bin/sh
# report-odd-input: pushcb-report beside housekeeping (a file compressed between listing
# and reading, a file both plain and compressed) and on odd bytes (data after a gzip
# stream, raw CR and NUL, CRLF files, negative MsgTime, extreme EventTime under any zone).
. "$top_srcdir/tests/lib.sh"
LOGS="$DATA/report/logs"
f0=$LOGS/b/offlinepush-2026-11-25T13.tsv

run() { report_run "$@"; }
summary() { report_summary "$1"; }
header() { head -n 1 "$f0"; }
# line TO STAGE ERRCODE ERRINFO [MSGTIME [EVENTTIME]]: one Push.OfflinePush event of the columns of f0.
line() {
	printf '2026-11-25T13:00:52Z\t1400000000\tPush.OfflinePush\t1\t%s\tadmin\t%s\t1\t%s\t\t\t48374\t1\t%s\tp%s\t%s\t%s\n' \
		"${6:-1795611612}" "$1" "$2" "${5:-1795611611}" "$1" "$3" "$4"
}

run -F tsv "$f0"
base_counted=$(summary counted)
base_out=$out

# 1. Housekeeping compressed the file after it was named: its .gz is read instead.
mkdir -p "$T/hk"
gzip -c "$f0" >"$T/hk/offlinepush-2026-11-25T13.tsv.gz"
run -F tsv "$T/hk/offlinepush-2026-11-25T13.tsv"
is "$rc $(summary counted) $(summary files_read) $(summary files_failed)" "0 $base_counted 1 0" \
	"a .tsv gone to its .tsv.gz is read from the .gz"
is "$out" "$base_out" "the same report as from the plain file"
mv "$T/hk/offlinepush-2026-11-25T13.tsv.gz" "$T/hk/x.gz"
gunzip -c "$T/hk/x.gz" >"$T/hk/offlinepush-2026-11-25T13.tsv"
rm "$T/hk/x.gz"
run -F tsv "$T/hk/offlinepush-2026-11-25T13.tsv.gz"
is "$rc $(summary counted)" "0 $base_counted" "and the reverse: a .tsv.gz gone, its .tsv read"

# 2. A file both plain and compressed (a housekeeping run stopped between link and
# unlink) is counted once; when the two differ, the report says so and exits 1.
mkdir -p "$T/both"
cp "$f0" "$T/both/offlinepush-2026-11-25T13.tsv"
gzip -c "$f0" >"$T/both/offlinepush-2026-11-25T13.tsv.gz"
run -F tsv --dedup-window 0 "$T/both"
is "$rc $(summary counted) $(summary lines)" "0 $base_counted 5" "a file plain and compressed is counted once"
{ cat "$f0"; line u99 1 0 OK; } >"$T/both/offlinepush-2026-11-25T13.tsv"
run -F tsv --dedup-window 0 "$T/both"
is "$rc $(summary counted)" "1 $base_counted" "when they differ: one is counted, exit 1"
ok "saying they differ, and from which line" \
	grep -q 'offlinepush-2026-11-25T13.tsv and .*offlinepush-2026-11-25T13.tsv.gz differ from line 7' "$T/err"

# 3. Data after the end of a gzip stream is damage, as a truncated stream is.
mkdir -p "$T/trail"
{ header; line u1 1 0 OK; } | gzip -c >"$T/trail/offlinepush-2026-11-25T13.tsv.gz"
for i in 1 2 3; do line "u1$i" 1 0 OK; done >>"$T/trail/offlinepush-2026-11-25T13.tsv.gz"
run -F tsv "$T/trail"
is "$rc $(summary files_failed)" "1 1" "plain lines after a gzip stream: the file failed, exit 1"
ok "naming the damage" grep -q 'offlinepush-2026-11-25T13.tsv.gz: read error after line 2: data after the end of the gzip stream' "$T/err"
{ header; line u1 1 0 OK; } | gzip -c >"$T/trail/offlinepush-2026-11-25T13.tsv.gz"
{ header; line u2 1 0 OK; } | gzip -c >>"$T/trail/offlinepush-2026-11-25T13.tsv.gz"
run -F tsv "$T/trail"
is "$rc $(summary counted) $(summary malformed)" "0 2 0" \
	"a second gzip member is read on (its repeated header skipped)"

# The only input a truncated gzip file: its lines were read, so no "no events file was read".
{ header; i=0; while [ $i -lt 3000 ]; do line "u$i" 1 0 OK; i=$((i + 1)); done; } | gzip -c >"$T/cut.gz"
mkdir -p "$T/cut"
head -c "$(($(wc -c <"$T/cut.gz") / 2))" "$T/cut.gz" >"$T/cut/offlinepush-2026-11-25T13.tsv.gz"
run -F tsv "$T/cut"
is "$rc $(summary files_failed)" "1 1" "a truncated gzip file: failed, exit 1"
ok "its lines were counted" test "$(summary counted)" -gt 0
ok "and the report does not say no events file was read" sh -c '! grep -q "no events file was read" "$1"' - "$T/err"

# 4. A raw CR or NUL inside a field: malformed (push_callback writes neither raw).
mkdir -p "$T/cr"
{ header; line u1 1 80100003 'device token expired'; line u2 1 80100003 'device token expired' | sed 's/$/\r/'; } \
	>"$T/cr/offlinepush-2026-11-25T13.tsv"
run -F tsv "$T/cr"
is "$rc $(summary malformed) $(summary counted)" "1 1 1" "a line ending in a raw CR is malformed"
ok "no raw CR reaches the output" sh -c '! grep -q "$(printf "\r")" "$1"' - "$T/out"
{ header; line u1 1 80100003 'bad'; line u2 1 80100003 'badinfo' | sed 's/badinfo/bad\x00info/'; } \
	>"$T/cr/offlinepush-2026-11-25T13.tsv"
run -F json "$T/cr"
ok "a raw NUL is malformed" grep -q '"malformed": 1' "$T/out"
ok "and never printed" sh -c '! grep -q "u0000" "$1"' - "$T/out"

# 5. A file written with CRLF throughout: its header is malformed, loudly.
mkdir -p "$T/crlf"
sed 's/$/\r/' "$f0" >"$T/crlf/offlinepush-2026-11-25T13.tsv"
run -F tsv "$T/crlf"
is "$rc $(summary files_failed) $(summary counted)" "1 1 0" "a CRLF file fails, exit 1"
ok "saying why" grep -q 'offlinepush-2026-11-25T13.tsv: line 1 has a raw CR (CRLF line ends?): not a push_callback log' "$T/err"

# 6. An ErrInfo longer than push_callback's field limit (4096 bytes) is malformed: the
# error keys are bounded (the unit test test-report-errors checks the byte budget).
mkdir -p "$T/long"
long=$(head -c 5000 /dev/zero | tr '\0' x)
{ header; line u1 1 80100003 "$long"; line u2 1 80100003 "$(printf %4096s '' | tr ' ' y)"; } \
	>"$T/long/offlinepush-2026-11-25T13.tsv"
run -F tsv "$T/long"
is "$rc $(summary malformed) $(summary counted)" "1 1 1" "an ErrInfo over 4096 bytes is malformed, 4096 is fine"

# 7. A negative MsgTime is a creation time like any other: its span is measured.
mkdir -p "$T/neg"
{ header; line u1 1 0 OK -5 100; } >"$T/neg/offlinepush-2026-11-25T13.tsv"
run -F tsv --latency "$T/neg"
is "$(printf '%s\n' "$out" | awk -F'\t' '$5 == "created_to_sent" { print $6, $10 }')" "1 105" \
	"MsgTime -5, EventTime 100: created_to_sent 105 s"

# 8. Whether a line is malformed does not depend on --tz.
mkdir -p "$T/edge"
{ header; line u1 1 0 OK 1 9223372036854775807; line u2 1 0 OK 1 -9223372036854775807;
  line u3 1 0 OK 1 1795611612; } >"$T/edge/offlinepush-2026-11-25T13.tsv"
for z in UTC +23:59 -23:59 Asia/Shanghai; do
	run -F tsv --tz "$z" "$T/edge"
	is "$rc $(summary malformed) $(summary counted)" "1 2 1" "EventTime at int64's ends: malformed under --tz $z"
done

# 9. A large report stays within its sandbox: glibc 2.36's qsort of 1 KiB or
# more (here 130 groups, sorted after the report confined itself) asks sysinfo(2).
mkdir -p "$T/many"
{ header; i=0; while [ $i -lt 130 ]; do
	line "u$i" 1 0 OK 1795611611 $((1795611612 + i * 3600)); i=$((i + 1)); done; } \
	>"$T/many/offlinepush-2026-11-25T13.tsv"
run -F tsv -b vendor,hour "$T/many"
is "$rc $(summary counted)" "0 130" "130 hourly groups, confined: every line counted, exit 0"

# 10. A FIFO named like a log in a log directory is a file that failed, not a wait
# for a writer that never comes (timeout: the old report hung there for ever).
mkdir -p "$T/fifo"
cp "$f0" "$T/fifo/"
mkfifo "$T/fifo/offlinepush-2026-11-25T14.tsv"
run_fifo() { timeout 120 "$top_builddir/pushcb-report" -q -F tsv "$T/fifo" >"$T/out" 2>"$T/err"; rc=$?; }
run_fifo
is "$rc $(summary counted) $(summary files_read) $(summary files_failed)" "1 $base_counted 1 1" \
	"a FIFO in a log directory: refused at once (files_failed 1, exit 1), the rest counted"

# 11. A file begun by 0.2 (no UnknownFields in its header) and continued by a newer
# writer the same period (lines with that column): every line counted; one field
# more than that is still malformed.
mkdir -p "$T/upgrade"
{ header; line u1 1 0 OK; line u2 1 0 OK | sed 's/$/	{"X":1}/'; line u3 1 0 OK | sed 's/$/		more/'; } \
	>"$T/upgrade/offlinepush-2026-11-25T13.tsv"
run -F tsv "$T/upgrade"
is "$(summary counted) $(summary malformed)" "2 1" \
	"a 0.2 header with lines of the UnknownFields column: counted; two fields more: malformed"
done_testing
