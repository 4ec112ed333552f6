#!/bin/sh
# metrics-truncate: the counter file truncated to 0 under load (an admin
# "resetting" the counters) never kills a worker: an add past the shrunk
# file's end is a SIGBUS, caught (pcb_metrics.h); every batch is answered,
# a worker that met it says that counting was off, opens the file again
# (made anew) and counts on. Four workers under multiwatch, four clients
# that send until the truncations are done (at most PCB_TRUNCATE_REQUESTS
# each), and after each truncation a request of the test's own, so that a
# worker meets it whatever the load's pace.
. "$top_srcdir/tests/fault-lib.sh"
need spawn-fcgi multiwatch

REQUESTS=${PCB_TRUNCATE_REQUESTS:-3000}
CLIENTS=4
TRUNCATIONS=5
metrics() { env -i PATH="$PATH" $(pcb_env) "$PCB" --metrics; }
batches() { metrics | sed -n 's/^pushcb_batches_total{command="Push.OfflinePush"} //p'; }

pcb_spawn "$T/sock" 4
send_ids "$T/sock" 1 0 >"$T/load.first"
# The counter file: hidden in the log directory, no PUSHCB_STATE_DIR being set.
MF=$T/logs/.push_callback.metrics
[ -f "$MF" ] || MF=
[ -n "$MF" ] || bail "no counter file after the first request"
size=$(wc -c <"$MF" | tr -d ' ')
before=$(workers "$PCB_PID")

# whole: waits (up to 60 s) until a worker has made the counter file whole again.
whole() {
	for _ in $(seq 1 600); do
		[ "$(wc -c <"$MF" | tr -d ' ')" = "$size" ] && return 0
		sleep 0.1
	done
	return 1
}

load_until_stopped "$T/sock" "$CLIENTS" "$REQUESTS"
# give_up WHY: stops the clients, then bails out.
give_up() {
	load_stop
	bail "$1"
}
wait_progress 100 || give_up "the load does not progress (waited 60 s for 100 answers)"
for k in $(seq 1 "$TRUNCATIONS"); do
	truncate -s 0 "$MF"
	send_ids "$T/sock" 1 $((9000000 + k)) >>"$T/load.own"
	whole || give_up "truncation $k: the counter file was not made whole again within 60 s"
done
load_stop
ok "the clients were still sending when the truncations were done ($LOAD_RUNNING of $CLIENTS)" \
	test "$LOAD_RUNNING" -gt 0
sent=$(cat "$T"/load.* | wc -l | tr -d ' ')

is "$(workers "$PCB_PID")" "$before" "no worker died: the same four processes"
is "$(answered 200 | wc -l | tr -d ' ')" "$sent" "every batch answered OK ($sent)"
ok "counting was said to be off, by a worker whose add faulted" \
	test "$(stderr_count 'shrank under this process (truncated?): counting is off')" -ge 1
ok "and the file opened again" test "$(stderr_count 'opened again: counting goes on')" -ge 1

# Counting resumes: every batch from now on is counted, whichever worker takes it.
send_ids "$T/sock" 1 9100001 >"$T/load.after"
is "$(wc -c <"$MF" | tr -d ' ')" "$size" "the counter file is whole again"
m1=$(batches)
send_ids "$T/sock" 40 9100002 >>"$T/load.after"
m2=$(batches)
is "$((m2 - m1))" 40 "40 batches more, 40 more counted ($m1, then $m2)"
check_logged_once "truncations under load" "$T/logs"
done_testing
