#!/bin/sh
# An empty file at the log's path (logrotate's "create"), rotated away again
# while its first writer is still inside its write (a slow disk: the fault
# shim holds that writer's fsync), then a third request makes the file
# again. Every event answered OK must be in some file: the first writer may
# not put a file at the path over the one the third made (issue 22). And the
# empty file is grown, not replaced, so a reader following it (tail -F,
# rsyslog imfile) reads the header and the lines from the file it found.
# CGI, PUSHCB_FSYNC=1, as the issue's reproduction.
# Protections pinned: try_lock/write_locked (the header and the batch
# appended to an empty file under the lock; nothing renamed over the path).
. "$top_srcdir/tests/fault-lib.sh"
[ -f "$FAULT_SO" ] || bail "$FAULT_SO is not built"

mkdir -p "$T/logs"
# cgi N: one CGI request of a batch of 4 events, PushIDs rN-1..rN-4; prints the answer's body.
cgi() {
	id_batch "$T/b$1.json" 4 "r$1-"
	_resp=$(env -i PATH="$PATH" PUSHCB_SDKAPPID=$PCB_TEST_SDKAPPID PUSHCB_LOG_DIR="$T/logs" \
		PUSHCB_FSYNC=1 LD_PRELOAD="$FAULT_SO" PCB_FAULT_DIR="$FAULT" \
		ASAN_OPTIONS=verify_asan_link_order=0 REQUEST_METHOD=POST QUERY_STRING="$SAMPLE_QUERY" \
		CONTENT_LENGTH="$(wc -c <"$T/b$1.json" | tr -d ' ')" "$PCB" <"$T/b$1.json" 2>>"$T/stderr")
	body_of "$_resp"
}
ids_of() { for _i in 1 2 3 4; do echo "r$1-$_i"; done; }
inode() { stat -c %i "$1"; }

is "$(cgi 1)" "$OK_JSON" "request 1: OK"
P=$(ls "$T"/logs/offlinepush-*.tsv)
mv "$P" "$P.1"
: >"$P"
empty=$(inode "$P")

touch "$FAULT/fsync-hold-next"
cgi 2 >"$T/answer.2" &
writer=$!
for _ in $(seq 1 400); do [ -e "$FAULT/held-next" ] && break; sleep 0.05; done
ok "request 2's writer is held inside fsync (waited up to 20 s)" test -e "$FAULT/held-next"
mv "$P" "$P.2"
is "$(cgi 3)" "$OK_JSON" "request 3, while request 2's writer waits: OK"
rm -f "$FAULT/held-next"
wait "$writer"
is "$(cat "$T/answer.2")" "$OK_JSON" "request 2: OK once its fsync returns"

{ ids_of 1; ids_of 2; ids_of 3; } | sort >"$T/ok.ids"
logged_ids "$T/logs" >"$T/logged.ids"
is "$(comm -23 "$T/ok.ids" "$T/logged.ids" | tr '\n' ' ')" "" \
	"every event answered OK is in some file (none unlinked by a rename over the path)"
is "$(uniq -d "$T/logged.ids" | head -n 3)" "" "no event logged twice"
ok "every file whole, with one header at its top" all_whole "$T/logs"
is "$(inode "$P.2")" "$empty" "the empty file rotated away is the one request 2 wrote: grown, not replaced"
is "$(grep -c . "$P.2")" 5 "it holds the header and request 2's 4 lines"
is "$(ls -A "$T/logs" | grep -vx .push_callback.metrics | grep -c '^\.')" 0 "no temporary file is left (the counter file aside)"
done_testing
