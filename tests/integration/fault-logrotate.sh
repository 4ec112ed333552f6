#!/bin/sh
# logrotate under load: four workers append while the current file is renamed
# away ten times (logrotate's "create" way), then removed five times, each
# time once a worker has made it again and the load has written REQUESTS/10
# lines into it. Every
# renamed file keeps whole lines and its one header; every batch answered OK is
# in exactly one file; after a removal every worker notices and makes the file
# again (one header, whoever wins); requests sent after the last removal are all
# in the new file. tests/integration/rotation.sh covers one worker, in turn.
# Protections pinned: still_current() (inode of the path vs. the open file),
# the reopen, create_with_header's link(2) (one header per file).
. "$top_srcdir/tests/fault-lib.sh"
need spawn-fcgi multiwatch

REQUESTS=${PCB_ROTATE_REQUESTS:-4000}
pcb_spawn "$T/sock" 4
send_ids "$T/sock" 1 0 >/dev/null
f=$(ls "$T"/logs/offlinepush-*.tsv)

# grown AFTER: waits until the file at the path holds more than LINES lines
# (a worker made it again, and the load goes on into it); bails out, with the
# answers so far, when it does not within 600 tries.
LINES=$((REQUESTS / 10))
grown() {
	for _ in $(seq 1 600); do
		[ "$(wc -l 2>/dev/null <"$f" || echo 0)" -gt "$LINES" ] && return 0
		sleep 0.1
	done
	bail "the file did not grow past $LINES lines after $1: answers so far" \
		"$(cat "$T"/load.* | awk '{ n[$2]++ } END { for (s in n) printf "%s %d, ", s, n[s] }')files" \
		"$(ls "$T/logs" | tr '\n' ' ')"
}

# The load goes on until the file made after the last rename has grown too
# (at most CAP requests per client: the ID ranges of the phases stay apart).
CAP=20000
load_start "$T/sock" 4 "$CAP" 1
for k in $(seq 1 10); do
	grown "rename $((k - 1))"
	mv "$f" "$f.$k" || bail "could not rename $f"
done
grown "rename 10"
load_stop
sent=$(load_progress)
diag "renamed away ten times under load, $sent requests: $(for k in $(seq 1 10); do grep -vc '^#' "$f.$k"; done | tr '\n' ' ')lines"
is "$(answered 200 | wc -l | tr -d ' ')" "$sent" "renames: every request answered OK"
check_logged_once "renames under load" "$T/logs"
is "$(logged_ids "$T/logs" | wc -l | tr -d ' ')" $((sent + 1)) \
	"renames: exactly the batches answered OK are logged, across the files"

mkdir "$T/old"
mv "$f"* "$T/old/"
rm -f "$T"/load.*
load_start "$T/sock" 4 "$CAP" 100001
for k in 1 2 3 4 5; do
	grown "removal $((k - 1))"
	rm "$f" || bail "could not remove $f"
done
grown "removal 5"
load_stop
rm -f "$T"/load.*
load_start "$T/sock" 4 200 900001
load_wait
ok "after five removals under load, every line whole" all_whole "$T/logs"
is "$(grep -c '^#' "$f")" 1 "one header in the file made again"
answered 200 >"$T/ok.after"
is "$(wc -l <"$T/ok.after" | tr -d ' ')" 800 "requests after the last removal: all answered OK"
is "$(logged_ids "$T/logs" | comm -13 - "$T/ok.after" | head -n 3)" "" \
	"and every one of them is in the file made again"
done_testing
