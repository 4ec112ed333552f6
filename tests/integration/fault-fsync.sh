#!/bin/sh
# PUSHCB_FSYNC: each batch is fsync'ed before it is answered, and a failing
# fsync is a 503, reported, and never retried silently. The fault shim
# (tests/fault-inject.so) holds or fails fsync on the log files.
# Protections pinned: the sync flag reaching pcb_logfile_append, the answer
# only after fsync returned (a held fsync holds the answer), and
# PCB_ERR_LOG_SYNC (503 "log not durable", one call, no second try).
. "$top_srcdir/tests/fault-lib.sh"
need spawn-fcgi
[ -f "$FAULT_SO" ] || bail "$FAULT_SO is not built"

S="$DATA/batch/offlinepush-sample.json"
calls() { cat "$FAULT/fsync.calls" 2>/dev/null | wc -l | tr -d ' '; }
shim="LD_PRELOAD=$FAULT_SO PCB_FAULT_DIR=$FAULT ASAN_OPTIONS=verify_asan_link_order=0"

# shellcheck disable=SC2086 # words
pcb_spawn "$T/sock.nosync" 1 $shim
is "$(post "$T/sock.nosync" "$SAMPLE_QUERY" "$S" -r)" 200 "without PUSHCB_FSYNC: OK"
is "$(calls)" 0 "and no fsync"
stop_server "$PCB_PID"

# shellcheck disable=SC2086 # words
pcb_spawn "$T/sock" 1 PUSHCB_FSYNC=1 $shim
is "$(post "$T/sock" "$SAMPLE_QUERY" "$S" -r)" 200 "with PUSHCB_FSYNC=1: OK"
is "$(calls)" 1 "after one fsync of the events file"
is "$(post "$T/sock" "$SAMPLE_QUERY" "$DATA/batch/offlinepush-mixed.json" -r)" 200 \
	"a batch with events and rejects: OK"
is "$(calls)" 3 "after one fsync of each file"

# Held: the answer waits for fsync.
touch "$FAULT/fsync-hold"
post "$T/sock" "$SAMPLE_QUERY" "$S" >"$T/held.resp" &
client=$!
for _ in $(seq 1 1200); do [ -e "$FAULT/held" ] && break; sleep 0.05; done
ok "the worker is inside fsync" test -e "$FAULT/held"
ok "while fsync has not returned, the client has no answer" kill -0 "$client"
is "$(cat "$T/held.resp")" "" "and not a byte of one"
rm "$FAULT/fsync-hold"
wait "$client"
is "$(body_of "$(cat "$T/held.resp")")" "$OK_JSON" "fsync returned: then the OK answer"

# Failing: 503, once, reported once.
touch "$FAULT/fsync-eio"
before=$(calls)
resp=$(post "$T/sock" "$SAMPLE_QUERY" "$S")
is "$(status_of "$resp")" 503 "a failing fsync: 503"
is "$(body_of "$resp")" '{"ActionStatus":"FAIL","ErrorInfo":"log not durable","ErrorCode":1}' \
	"with ErrorInfo log not durable"
is "$(($(calls) - before))" 1 "fsync was called once: not retried"
resp=$(post "$T/sock" "$SAMPLE_QUERY" "$S")
is "$(status_of "$resp")" 503 "still failing: 503 again"
is "$(($(calls) - before))" 2 "one call for that batch too"
is "$(stderr_count 'fsync failed: Input/output error')" 1 "stderr names the cause once"
rm "$FAULT/fsync-eio"
is "$(post "$T/sock" "$SAMPLE_QUERY" "$S" -r)" 200 "fsync works again: OK"
ok "every line whole" all_whole "$T/logs"
done_testing
