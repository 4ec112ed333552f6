#!/bin/sh
# report-inputs: what pushcb-report does with bad input and bad usage: messages that name
# the file, the exit codes of the man page (0, 1, 2), and a report written all the same.
. "$top_srcdir/tests/lib.sh"
REPORT="$top_builddir/pushcb-report"
BAD="$DATA/report/bad"
LOGS="$DATA/report/logs"

run() { report_run "$@"; }
summary() { report_summary "$1"; }

run -F tsv "$BAD"
is "$rc" 1 "malformed lines and a file without a header: exit 1"
is "$(summary malformed)" 3 "three malformed lines (few fields, a bad PushStage, a bad escape)"
is "$(summary counted)" 2 "the good lines around them still count"
is "$(summary files_failed)" 1 "the file without a header failed"
is "$(summary files_read)" 1 "the other was read"
ok "the headerless file is named" grep -q 'offlinepush-2026-11-26.tsv: no #fields header' "$T/err"
ok "the malformed lines are counted per file, with the first one" \
	grep -q 'offlinepush-2026-11-25.tsv: 3 malformed lines (the first is line 3)' "$T/err"

f0=$LOGS/b/offlinepush-2026-11-25T13.tsv

# A line cut short at the end of the file (a write in progress) is not counted.
cp "$BAD/offlinepush-2026-11-25.tsv" "$T/offlinepush-2026-11-27.tsv"
printf '2026-11-25T13:00:01Z\t1400000000\tPush.Off' >>"$T/offlinepush-2026-11-27.tsv"
run -F tsv "$T/offlinepush-2026-11-27.tsv"
is "$(summary malformed) $(summary counted) $rc" "4 2 1" "an incomplete last line is malformed, not counted"

# A torn line, ended by the writer with the byte 0xff and a "#torn" comment
# (a write that did not finish, never acknowledged), is counted as torn: not
# malformed, not an event, and no cause for exit 1.
mkdir -p "$T/torn"
{ head -n 3 "$f0"; sed -n 3p "$f0" | cut -c 1-40 | tr -d '\n'
  printf '\377\n#torn\tthe line above ends in a byte 0xff\n'
  sed 1,2d "$f0"; } >"$T/torn/offlinepush-2026-11-25T13.tsv"
run -F tsv "$f0"
want="$(summary counted) $(summary malformed)"
run -F tsv "$T/torn"
is "$(summary counted) $(summary malformed) $(summary torn) $rc" "$want 1 0" \
	"a marked torn line is torn, not malformed; the rest counts the same; exit 0"

run -F tsv "$LOGS/a" "$T/absent"
is "$rc" 1 "a missing operand: exit 1"
ok "it is named" grep -q "$T/absent: No such file or directory" "$T/err"
is "$(summary counted)" 30 "and the others are reported (31 lines, one duplicate)"

mkdir "$T/rejects"
cp "$LOGS/a/reject-offlinepush-2026-11-25.tsv" "$T/rejects/"
run "$T/rejects"
is "$rc" 1 "only reject files: exit 1"
ok "saying no events file was read" grep -q 'no events file was read' "$T/err"

run --by week "$LOGS/a"
is "$rc" 2 "an unknown --by: exit 2"
ok "naming the bad value" grep -q "'week' is not vendor" "$T/err"
run --from 2026-02-30 "$LOGS/a"
is "$rc" 2 "an impossible date: exit 2"
run --from 2026-11-26 --to 2026-11-25 "$LOGS/a"
is "$rc" 2 "--from after --to: exit 2"
run --top 10001 "$LOGS/a"
is "$rc" 2 "--top over its ceiling: exit 2"
run --dedup-window 12x "$LOGS/a"
is "$rc" 2 "--dedup-window not a number: exit 2"
run -b taskid -c Push.OfflinePush "$LOGS/a"
is "$rc" 2 "--by taskid with Push.OfflinePush: exit 2"
run
is "$rc" 2 "no operand: exit 2"
run --help
is "$rc" 0 "--help: exit 0"
ok "--help lists every option" sh -c 'for o in --by --from --to --command --format --top --dedup-window --quiet --version; do
	printf "%s\n" "$1" | grep -q -- "$o" || exit 1; done' - "$out"

run -F tsv -c Push.AllMemberPush "$LOGS/a" "$LOGS/b"
is "$(summary counted) $(summary other_command)" "10 25" "--command keeps one command"

# A collector fed at least once (rsyslog) may repeat a file's header: skipped,
# not counted; any other #fields line in the middle is malformed.
f=$LOGS/b/offlinepush-2026-11-25T13.tsv
mkdir -p "$T/collected"
{ head -n 3 "$f"; head -n 1 "$f"; sed 1,3d "$f"; } >"$T/collected/offlinepush-2026-11-25T13.tsv"
run -F tsv "$f"
want="$(summary counted) $(summary lines)"
run -F tsv "$T/collected"
is "$(summary counted) $(summary lines) $(summary malformed) $rc" "$want 0 0" \
	"a repeated header line is skipped: same counts, nothing malformed"
{ head -n 3 "$f"; printf '#fields\tRecvTime\tOther\n'; sed 1,3d "$f"; } >"$T/collected/offlinepush-2026-11-25T13.tsv"
run -F tsv "$T/collected"
is "$(summary malformed) $rc" "1 1" "a different #fields line in the middle is malformed"

# A file's command comes from its identity column (the command tables): a
# header without a needed column, or with two commands' identities, fails.
mkdir -p "$T/bind"
printf '#fields\tRecvTime\tEventTime\tPushPlatform\tErrCode\tTo_Account\tPushID\n' >"$T/bind/offlinepush-2026-11-25.tsv"
run -F tsv "$T/bind/offlinepush-2026-11-25.tsv"
is "$(summary files_failed) $rc" "1 1" "a header without PushStage fails the file"
ok "naming the column" grep -q 'offlinepush-2026-11-25.tsv: no PushStage column: not an events file' "$T/err"
printf '#fields\tEventTime\tPushPlatform\tPushStage\tErrCode\tTo_Account\tPushID\tTaskId\n' >"$T/bind/both-2026-11-25.tsv"
run -F tsv "$T/bind/both-2026-11-25.tsv"
is "$(summary files_failed) $rc" "1 1" "a header with both PushID and TaskId fails the file"
ok "saying it needs one identity" grep -q 'both-2026-11-25.tsv: needs exactly one identity column (PushID, TaskId)' "$T/err"
run --by taskid --command Push.OfflinePush "$LOGS/a"
is "$rc" 2 "--by taskid with a command that has no task: exit 2"
ok "naming the commands that have one" grep -q -- '--by taskid reads Push.AllMemberPush only' "$T/err"
run --command Push.Other "$LOGS/a"
is "$rc" 2 "an unknown --command: exit 2"
ok "naming the commands there are" grep -q -- "--command: 'Push.Other' is not Push.OfflinePush or Push.AllMemberPush" "$T/err"

# --fallback-dir: push_callback's fallback directory is read like any other,
# and the summary says how many lines came from it, only when some did.
run -F tsv "$LOGS/a"
base_lines=$(summary lines)
is "$(summary lines_from_fallback_dir)" "" "without --fallback-dir no such summary row"
mkdir -p "$T/spare"
run -F tsv --fallback-dir "$T/spare" "$LOGS/a"
is "$(summary lines_from_fallback_dir) $rc" " 0" "an empty fallback directory: no row either"
cp "$LOGS/b/offlinepush-2026-11-25T13.tsv" "$T/spare/"
run -F tsv "$LOGS/b"
b_lines=$(summary lines)
run -F tsv --fallback-dir "$T/spare" "$LOGS/a"
is "$(summary lines) $(summary lines_from_fallback_dir) $rc" "$((base_lines + b_lines)) $b_lines 0" \
	"its events are read like the others, and the summary counts them apart"
run --fallback-dir "$T/spare" "$LOGS/a"
ok "in the text summary too" grep -q "^lines_from_fallback_dir *$b_lines\$" "$T/out"
run -F tsv --fallback-dir "$T/spare"
is "$(summary lines_from_fallback_dir) $rc" "$b_lines 0" "the fallback directory alone is input enough"
run -F tsv --fallback-dir "$T/none" "$LOGS/a"
is "$rc" 1 "a fallback directory that cannot be read: exit 1"

# The progress line appears only on a terminal, and never on stdout.
if command -v script >/dev/null 2>&1; then
	script -qec "'$REPORT' -F tsv '$LOGS/a' >/dev/null" /dev/null >"$T/tty" 2>&1 </dev/null
	ok "on a terminal, reading still works and ends with the note" grep -q 'skipped 1 reject file' "$T/tty"
fi
done_testing
