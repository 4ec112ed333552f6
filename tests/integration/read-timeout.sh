#!/bin/sh
# A client that stalls in the middle of a request, directly on the FastCGI
# socket, cannot hold a worker: after PUSHCB_READ_TIMEOUT seconds its read is
# given up. One worker, PUSHCB_READ_TIMEOUT=1, and a client that pauses 8 s:
# another client's request is answered while the first still pauses; the
# stalled request is dropped unanswered (never a 4xx, which would blame the
# sender for a batch that may be sound), said on stderr; nothing of
# it is logged; and the worker is the same process throughout.
# Then the two ways around one deadline a connection: params that break off
# part way (libfcgi would move on to the next queued connection within the
# same read, the deadline spent), twice, with a sound request queued behind;
# and a body phase kept busy with records of another request id (libfcgi
# skips them, and its close reads on while they come). Each stalled client
# is cut at its own deadline, and the request behind is answered while they
# still hold on.
# Protections pinned: push_callback.c's next_request (one connection per
# FCGX_Accept_r, taken in by pcb_listen_accept with its receive timeout),
# pcb_signals' deadline repeating once passed (no SA_RESTART), fcgi_read
# ending it, and drop() closing without libfcgi's lingering reads.
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

# stall NAME ARGS...: a client stalling as ARGS say (for 30 s); returns once
# its pause has begun (its connection is queued or taken by then), its pid in
# $NAME.
stall() {
	_name=$1
	shift
	post "$T/sock" "$SAMPLE_QUERY" "$S" -W "$T/$_name.paused" "$@" >/dev/null 2>&1 &
	eval "$_name=\$!"
	pcb_track "$!"
	wait_for_file "$T/$_name.paused" || bail "client $_name did not begin its pause"
}
# answered_in_time: a sound request's status, given up after 20 s (far less
# than the 30 s a stalled client holds on).
answered_in_time() {
	timeout 20 "$FCGI_SEND" -s "$T/sock" -p REQUEST_METHOD=POST -p "QUERY_STRING=$SAMPLE_QUERY" \
		-p "CONTENT_LENGTH=$(wc -c <"$S" | tr -d ' ')" -p REMOTE_ADDR=127.0.0.1 -b "$S" -r
}

stall q1 -Q 10:30000
stall q2 -Q 10:30000
is "$(answered_in_time)" 200 "two clients whose params break off after 10 bytes: a request queued behind is answered"
_alive=0
for _p in "$q1" "$q2"; do
	kill -0 "$_p" 2>/dev/null && _alive=$((_alive + 1))
done
is "$_alive" 2 "while both still hold on"
kill "$q1" "$q2" 2>/dev/null
is "$(stderr_count 'dropped unanswered: it did not arrive within')" 4 "both are dropped, and that is said"

# This client's writes fail once it is cut off: it ends then.
stall x -X 30000
is "$(answered_in_time)" 200 "a body phase kept busy with records of another request id: a request behind is answered"
is "$(stderr_count 'dropped unanswered: it did not arrive within')" 5 \
	"the busy one is dropped, and that is said"

ok "the worker is the same process throughout" kill -0 "$PCB_PID"
is "$(post "$T/sock" "$SAMPLE_QUERY" "$S" -r)" 200 "and it serves on"
done_testing
