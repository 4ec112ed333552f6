#!/bin/sh
# The log directory goes away or becomes unwritable under a running worker:
# removed, replaced by a file, a read-only file system mounted over it, and
# (a second worker running as nobody) a directory it may not write. Each time:
# 503 "log not writable" for every batch (no PUSHCB_FALLBACK_DIR here), one
# clear stderr line naming the cause and one saying that batches are refused
# and lost (not one per request), the worker lives on, and the next batch
# after the repair is written, with one "writable again" line.
# Protections pinned: the 503 for PCB_ERR_LOG_WRITE, pcb_logfile's once-per-
# cause report(), still_current() noticing the directory changed, and the
# reopen on the next append.
. "$top_srcdir/tests/fault-lib.sh"
needs_root "mounts a read-only tmpfs and runs a worker as nobody"
need spawn-fcgi setpriv

S="$DATA/batch/offlinepush-sample.json"
# Unconfined (PUSHCB_SANDBOX=off): a confined worker cannot follow a log
# directory made anew under it (Landlock holds the directory it was confined
# to), which the end of this test pins.
pcb_spawn "$T/sock" 1 PUSHCB_SANDBOX=off

# broken WHAT CAUSE SOCK: ten batches are 503, CAUSE is on stderr once, and
# those ten requests add no other line to stderr than that one.
broken() {
	_before=$(wc -l <"$T/stderr")
	for i in 1 2 3 4 5 6 7 8 9 10; do
		_r=$(post "$3" "$SAMPLE_QUERY" "$S")
		echo "$(status_of "$_r") $(body_of "$_r")"
	done >"$T/answers"
	is "$(sort -u "$T/answers")" "503 $FAIL_LOG" "$1: ten batches, each 503 log not writable"
	is "$(stderr_count "$2")" 1 "$1: stderr names the cause ($2) once"
	# One line per cause, not a flood (pcb_handler.c refuse() leaves log
	# failures to pcb_logfile, which reports each cause once), and one from
	# the handler when the directory starts failing.
	is "$(($(wc -l <"$T/stderr") - _before))" 2 "$1: ten refusals add two lines to stderr, not ten"
	is "$(tail -n 2 "$T/stderr" | grep -c 'fails and no PUSHCB_FALLBACK_DIR is set: batches are refused with 503, and lost')" 1 \
		"$1: one of them says the batches are refused and lost"
}

# repaired WHAT SOCK: the next batch is written again.
repaired() {
	_n=$(stderr_count 'writable again')
	is "$(body_of "$(post "$2" "$SAMPLE_QUERY" "$S")")" "$OK_JSON" "$1: repaired, the next batch is OK"
	is "$(stderr_count 'writable again')" $((_n + 1)) "$1: recovery is reported once"
	is "$(tail -n 1 "$T/stderr" | grep -c 'takes batches again')" 1 "$1: and the directory's, once"
}

is "$(body_of "$(post "$T/sock" "$SAMPLE_QUERY" "$S")")" "$OK_JSON" "a first batch with the file open"

rm -rf "$T/logs"
broken "directory removed" 'open failed: No such file or directory' "$T/sock"
mkdir "$T/logs"
repaired "directory made again" "$T/sock"

rm -rf "$T/logs"
touch "$T/logs"
broken "directory replaced by a file" 'open failed: Not a directory' "$T/sock"
rm "$T/logs"
mkdir "$T/logs"
repaired "directory back" "$T/sock"

with_mount "$T/logs" -t tmpfs -o ro,size=64k pcb-ro
broken "a read-only file system over it" 'open failed: Read-only file system' "$T/sock"
umount "$T/logs"
repaired "unmounted again" "$T/sock"
ok "one worker through all of it" kill -0 "$PCB_PID"

# A worker running as nobody, its directory owned by root, mode 0755. It runs
# a copy of the program that nobody can reach.
copy_programs
mkdir -p "$T/nobody-logs"
chmod 0755 "$T/nobody-logs"
env -i PATH="$PATH" PUSHCB_SDKAPPID=1400000000 PUSHCB_LOG_DIR="$T/nobody-logs" \
	spawn-fcgi -n -s "$T/sock.nobody" -M 0666 -- \
	"$(command -v setpriv)" --reuid=nobody --regid=nogroup --clear-groups "$T/bin/push_callback" 2>>"$T/stderr" &
nobody_pid=$!
pcb_track "$nobody_pid"
wait_for_ready "$nobody_pid" || bail "the worker as nobody did not start"
broken "a directory nobody may not write" 'open failed: Permission denied' "$T/sock.nobody"
chown nobody "$T/nobody-logs"
repaired "chown to nobody" "$T/sock.nobody"
is "$(stat -c %U "$T"/nobody-logs/offlinepush-*.tsv)" nobody "the log is nobody's file"

# A confined worker (the sandbox is on by default) and a log directory
# removed and made again: 503 until the worker is restarted, then written.
# A build without the sandbox (the sanitizers, valgrind) follows it at once.
if "$PCB" --version | grep -q '^sandbox: seccomp'; then
	made_again=$FAIL_LOG why="is not followed: 503 log not writable"
else
	made_again=$OK_JSON why="is followed (built without the sandbox)"
fi
mkdir -p "$T/confined"
pcb_spawn "$T/sock.confined" 1 PUSHCB_LOG_DIR="$T/confined"
is "$(body_of "$(post "$T/sock.confined" "$SAMPLE_QUERY" "$S")")" "$OK_JSON" "confined: a first batch"
rm -rf "$T/confined"
mkdir "$T/confined"
is "$(body_of "$(post "$T/sock.confined" "$SAMPLE_QUERY" "$S")")" "$made_again" \
	"confined: the directory made again $why"
stop_server "$PCB_PID"
pcb_spawn "$T/sock.confined2" 1 PUSHCB_LOG_DIR="$T/confined"
is "$(body_of "$(post "$T/sock.confined2" "$SAMPLE_QUERY" "$S")")" "$OK_JSON" "confined: restarted, it writes there"
done_testing
