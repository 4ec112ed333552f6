#!/bin/sh
# A client that stalls in the middle of a request, directly on the FastCGI
# socket, cannot hold a worker: after PUSHCB_READ_TIMEOUT seconds its read is
# given up. One worker, PUSHCB_READ_TIMEOUT=1, and a client that pauses 8 s:
# another client's request is answered while the first still pauses; the
# stalled request is dropped unanswered (never a 4xx, which would blame the
# sender for a batch that may be sound), said on stderr; nothing of
# it is logged; and the worker is the same process throughout.
# Protections pinned: serve_fastcgi's alarm() around the params and the body
# read, on_alarm (no SA_RESTART), and fcgi_read's alarm(0).
. "$top_srcdir/tests/lib.sh"
need spawn-fcgi

S="$DATA/batch/offlinepush-sample.json"
pcb_spawn "$T/sock" 1 PUSHCB_READ_TIMEOUT=1

# stalled WHAT ARGS...: a client stalls as ARGS say (8 s); meanwhile a second
# request must be answered, and the stalled one must still be pausing then.
stalled() {
	_what=$1
	shift
	post "$T/sock" "$SAMPLE_QUERY" "$S" -r "$@" >"$T/stalled.out" 2>/dev/null &
	_stalled=$!
	sleep 0.3
	is "$(post "$T/sock" "$SAMPLE_QUERY" "$S" -r)" 200 "$_what: another request is answered"
	ok "$_what: while the stalled client still pauses" kill -0 "$_stalled"
	wait "$_stalled"
}

before=$(event_lines "$T/logs" | wc -l | tr -d ' ')
stalled "a body that stops half way" -P 100:8000
is "$(stderr_count 'from 127.0.0.1 dropped unanswered: it did not arrive within')" 1 \
	"the stalled body is dropped unanswered, and that is said"
is "$(cat "$T/stalled.out")" "" "its client gets no answer"
is "$(event_lines "$T/logs" | wc -l | tr -d ' ')" $((before + 2)) "only the other request's two events are logged"

stalled "params that never come" -B 8000
is "$(cat "$T/stalled.out")" "" "its client gets no answer (not a 405 for params cut short)"
is "$(stderr_count 'dropped unanswered: it did not arrive within')" 2 "that is said too"
ok "the worker is the same process throughout" kill -0 "$PCB_PID"
is "$(post "$T/sock" "$SAMPLE_QUERY" "$S" -r)" 200 "and it serves on"
done_testing
