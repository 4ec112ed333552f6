#!/bin/sh
# Signals: SIGTERM, SIGUSR1 and SIGINT let the request in flight finish, then the
# process exits 0; SIGPIPE (a client gone) never kills it.
. "$top_srcdir/tests/lib.sh"
need spawn-fcgi

S="$DATA/batch/offlinepush-sample.json"
n=$(wc -c <"$S" | tr -d ' ')

# taken CLIENT WHAT: waits until the worker has taken the connection of the
# client CLIENT (a socket it did not hold before); says so when the request
# was over before a look saw it (a very busy machine: the signal then comes
# after it, and the checks below still hold); bails out when neither happens.
taken() {
	wait_new_socket "$PCB_PID" "$before" "$1"
	case $? in
	1) bail "$2: the worker did not take the request; it holds $(sockets_of "$PCB_PID" | tr '\n' ' ')" ;;
	2) diag "$2: the request was over before the worker was seen holding it" ;;
	esac
}

for sig in TERM USR1 INT; do
	rm -rf "$T/logs"
	pcb_spawn "$T/sock.$sig"
	# A slow client: the head and 100 bytes, a pause of 1.5 s, then the rest;
	# the signal once the worker has taken its connection.
	before=$(sockets_of "$PCB_PID")
	"$FCGI_SEND" -s "$T/sock.$sig" -p REQUEST_METHOD=POST -p "QUERY_STRING=$SAMPLE_QUERY" \
		-p "CONTENT_LENGTH=$n" -b "$S" -P 100:1500 >"$T/resp.$sig" &
	client=$!
	taken "$client" "SIG$sig during a request"
	kill -"$sig" "$PCB_PID"
	wait "$client"
	wait "$PCB_PID"
	st=$?
	is "$(body_of "$(cat "$T/resp.$sig")")" "$OK_JSON" "SIG$sig during a request: that request still gets OK"
	is "$(event_lines "$T/logs" | wc -l | tr -d ' ')" 2 "SIG$sig: its events are logged"
	is "$st" 0 "SIG$sig: then the process exits 0"
done

# A signal while the worker reads a new request's params (libfcgi reads them
# inside FCGX_Accept_r) must not cut them short: the request is answered OK.
for sig in HUP TERM; do
	rm -rf "$T/logs"
	pcb_spawn "$T/sock.params.$sig"
	post "$T/sock.params.$sig" "$SAMPLE_QUERY" "$S" >/dev/null   # past start-up
	before=$(sockets_of "$PCB_PID")
	"$FCGI_SEND" -s "$T/sock.params.$sig" -B 1000 -p REQUEST_METHOD=POST -p "QUERY_STRING=$SAMPLE_QUERY" \
		-p "CONTENT_LENGTH=$n" -b "$S" >"$T/resp.params.$sig" &
	client=$!
	taken "$client" "SIG$sig before the params"
	kill -"$sig" "$PCB_PID"
	wait "$client"
	is "$(body_of "$(cat "$T/resp.params.$sig")")" "$OK_JSON" "SIG$sig before the params arrive: that request still gets OK"
	is "$(event_lines "$T/logs" | wc -l | tr -d ' ')" 4 "SIG$sig before the params: its events are logged"
done

# An idle worker (one request served, so it is surely past start-up) stops at once.
pcb_spawn "$T/sock.idle"
post "$T/sock.idle" "$SAMPLE_QUERY" "$S" >/dev/null
kill -TERM "$PCB_PID"
wait "$PCB_PID"
is "$?" 0 "SIGTERM while waiting for a request: exit 0"

# SIGPIPE: the client closes before the answer; the worker lives on.
pcb_spawn "$T/sock.pipe"
for i in 1 2 3 4 5; do
	"$FCGI_SEND" -s "$T/sock.pipe" -p REQUEST_METHOD=POST -p "QUERY_STRING=$SAMPLE_QUERY" \
		-p "CONTENT_LENGTH=$n" -b "$S" -c "$n" >/dev/null 2>&1
done
resp=$(post "$T/sock.pipe" "$SAMPLE_QUERY" "$S")
is "$(body_of "$resp")" "$OK_JSON" "after clients that hung up, the next request is served"
ok "the worker survived (no SIGPIPE death)" kill -0 "$PCB_PID"
done_testing
