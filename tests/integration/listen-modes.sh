#!/bin/sh
# --listen: its own unix socket (with the asked mode) or TCP socket, loopback
# when no host is given; a stale socket is replaced, another file is not.
. "$top_srcdir/tests/lib.sh"

S="$DATA/batch/offlinepush-sample.json"
mkdir -p "$T/logs"
start() {
	env -i PATH="$PATH" $(pcb_env) "$PCB" "$@" 2>>"$T/stderr" &
	PID=$!
	pcb_track "$PID"
	wait_for_ready "$PID" || bail "push_callback $* did not get ready: see $T/stderr"
}

start --listen "unix:$T/own.sock"
wait_for_socket "$T/own.sock" || bail "no socket"
is "$(stat -c %a "$T/own.sock")" 660 "unix socket mode 0660 by default"
is "$(body_of "$(post "$T/own.sock" "$SAMPLE_QUERY" "$S")")" "$OK_JSON" "--listen unix:PATH serves"
kill -TERM "$PID"
wait "$PID"
is "$?" 0 "SIGTERM: exit 0"

# The socket file left behind is stale: a new start replaces it.
start --listen "unix:$T/own.sock" --socket-mode 0600
is "$(body_of "$(post "$T/own.sock" "$SAMPLE_QUERY" "$S")")" "$OK_JSON" "a stale socket is replaced"
is "$(stat -c %a "$T/own.sock")" 600 "--socket-mode 0600 is applied"
kill -TERM "$PID"; wait "$PID"

echo keep >"$T/not-a-socket"
env -i $(pcb_env) "$PCB" --listen "unix:$T/not-a-socket" 2>"$T/err" </dev/null
is "$?" 1 "a regular file in the way: exit 1"
is "$(cat "$T/not-a-socket")" keep "and the file is untouched"
ok "with a message" grep -q 'exists and is not a socket' "$T/err"

port=$(free_port)
start --listen ":$port"
listening "$PID" "$port" || bail "push_callback is ready but does not listen on $port (taken meanwhile?)"
is "$(body_of "$(post "127.0.0.1:$port" "$SAMPLE_QUERY" "$S")")" "$OK_JSON" "--listen :PORT serves on 127.0.0.1"
hexport=$(printf '%04X' "$port")
ok "--listen :PORT binds 127.0.0.1, not every interface" \
	grep -q "0100007F:$hexport 00000000:0000 0A" /proc/net/tcp
kill -TERM "$PID"; wait "$PID"

# Out of descriptors, a worker waits and accepts again: the request queued meanwhile
# is answered once descriptors are free (a worker that exited left nobody serving).
start --listen "unix:$T/nofile.sock"
prlimit --pid "$PID" --nofile=3: || bail "prlimit failed"
: >"$T/nofile.out"
post_bg() { post "$T/nofile.sock" "$SAMPLE_QUERY" "$S" >"$T/nofile.out"; }
post_bg &
client=$!
ok "an accept without a descriptor is said, and waited out" wait_for_stderr 'accepting again in a moment' 1
prlimit --pid "$PID" --nofile=1024: || bail "prlimit failed"
wait "$client"
is "$(body_of "$(cat "$T/nofile.out")")" "$OK_JSON" "the queued request is answered once descriptors are free"
ok "the worker still runs" kill -0 "$PID"
kill -TERM "$PID"; wait "$PID"

env -i $(pcb_env) "$PCB" --listen "127.0.0.1:70000" 2>"$T/err" </dev/null
is "$?" 1 "port 70000: exit 1"
ok "with a message" grep -q 'expected unix:PATH or HOST:PORT' "$T/err"
"$PCB" --socket-mode 999 2>"$T/err" </dev/null
is "$?" 2 "a bad --socket-mode is a usage error"
done_testing
