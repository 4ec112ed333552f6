#!/bin/sh
# SIGTERM under load, to a single worker (spawn-fcgi) and to multiwatch (which
# passes it on to its workers): every request in flight completes, then the
# process exits 0. What was answered OK and what is in the log are exactly the
# same set: no batch written without its answer, none answered without being
# written. tests/integration/signals.sh covers one slow request.
# Protections pinned: the signals blocked while a request is handled, the
# stop flag checked only between requests (push_callback.c serve_fastcgi).
. "$top_srcdir/tests/fault-lib.sh"
need spawn-fcgi multiwatch

REQUESTS=${PCB_SIGTERM_REQUESTS:-3000}

for workers in 1 4; do
	rm -rf "$T/logs" "$T"/load.*
	pcb_spawn "$T/sock.$workers" "$workers"
	load_start "$T/sock.$workers" 4 "$REQUESTS"
	wait_progress $((REQUESTS * 2)) || bail "the load does not progress"
	kill -TERM "$PCB_PID"
	wait "$PCB_PID"
	st=$?
	load_wait
	what="SIGTERM to $workers worker(s) under load"
	is "$st" 0 "$what: exit status 0"
	ok "$what: requests were served before it" test "$(answered 200 | wc -l)" -ge $((REQUESTS * 2))
	ok "$what: every line whole" all_whole "$T/logs"
	logged_ids "$T/logs" >"$T/logged.ids"
	is "$(answered 200 | comm -3 - "$T/logged.ids" | head -n 5)" "" \
		"$what: the requests answered OK are exactly those logged"
	diag "$what: $(answered 200 | wc -l) answered OK, $(answered 0 | wc -l) refused after the stop"
done
done_testing
