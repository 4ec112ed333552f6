#!/bin/sh
# metrics: two workers under spawn-fcgi + multiwatch count into the same
# counters, which outlive them; push_callback --metrics prints exactly what
# was sent, valid for promtool; a worker that cannot map the counters still
# serves and says so once. Where they live: PUSHCB_STATE_DIR, else a hidden
# file in the log directory; a file where 0.2 kept them (the log directory,
# not hidden) is moved by the first worker, which says so, and counts go on.
. "$top_srcdir/tests/lib.sh"
need spawn-fcgi multiwatch promtool

S="$T/sock"
SAMPLE="$DATA/batch/offlinepush-sample.json"
metrics() { env -i PATH="$PATH" PUSHCB_LOG_DIR="$1" "$PCB" --metrics; }
value() { sed -n "s/^$1 //p" "$T/m"; }

pcb_spawn "$S" 2
for i in 1 2 3; do post "$S" "$SAMPLE_QUERY" "$SAMPLE" >/dev/null; done
printf 'not json' >"$T/bad"
post "$S" "$SAMPLE_QUERY" "$T/bad" >/dev/null
post "$S" "SdkAppid=1400000009&CallbackCommand=Push.OfflinePush" "$SAMPLE" >/dev/null

metrics "$T/logs" >"$T/m"
is "$?" 0 "--metrics: exit 0"
ok "valid for promtool check metrics" sh -c 'promtool check metrics <"$1"' - "$T/m"
is "$(value 'pushcb_requests_total{status="200",reason="ok"}')" 3 "three batches answered 200"
is "$(value 'pushcb_requests_total{status="400",reason="json_syntax"}')" 1 "one 400 not JSON"
is "$(value 'pushcb_requests_total{status="403",reason="appid_unknown"}')" 1 "one 403 for another SdkAppid"
is "$(value 'pushcb_batches_total{command="Push.OfflinePush"}')" 3 "three batches of Push.OfflinePush"
is "$(value 'pushcb_events_logged_total{command="Push.OfflinePush"}')" "$(event_lines "$T/logs" | wc -l | tr -d ' ')" \
	"events logged: the event lines in the log"
is "$(value 'pushcb_log_bytes_written_total{command="Push.OfflinePush",log="events"}')" \
	"$(grep -v '^#' "$T"/logs/offlinepush-*.tsv | wc -c | tr -d ' ')" "bytes written: the event lines' bytes"

# Every family, by name (the alert rules and dashboards name them).
for name in pushcb_requests_total pushcb_requests_dropped_total pushcb_batches_total \
	pushcb_events_logged_total pushcb_events_rejected_total pushcb_log_bytes_written_total \
	pushcb_last_success_timestamp_seconds pushcb_events_refused_total \
	pushcb_batches_refused_unparsed_total pushcb_fallback_writes_total pushcb_log_dir_failing \
	pushcb_unknown_fields_total pushcb_counters_created_timestamp_seconds; do
	ok "the family $name" grep -q "^# TYPE $name " "$T/m"
done
is "$(grep -c '^pushcb_events_refused_total{command="Push.OfflinePush",reason="\(no_memory\|log_write\|log_sync\)"} 0$' "$T/m")" 3 \
	"pushcb_events_refused_total by command and the three refusal reasons, all 0"
is "$(grep -c '^pushcb_batches_refused_unparsed_total{reason="\(no_memory\|log_write\|log_sync\)"} 0$' "$T/m")" 3 \
	"pushcb_batches_refused_unparsed_total by reason, all 0"
is "$(value pushcb_log_dir_failing)" 0 "the log directory is not failing"

# The counters outlive the workers.
stop_server "$PCB_PID"
pcb_spawn "$S" 1
post "$S" "$SAMPLE_QUERY" "$SAMPLE" >/dev/null
metrics "$T/logs" >"$T/m"
is "$(value 'pushcb_requests_total{status="200",reason="ok"}')" 4 "after a restart the count goes on"
stop_server "$PCB_PID"

# No counters to read: --metrics fails, saying why.
mkdir -p "$T/empty"
metrics "$T/empty" >"$T/m" 2>"$T/err"
is "$?" 1 "--metrics with no counter file: exit 1"
ok "saying which file (hidden in the log directory without PUSHCB_STATE_DIR)" \
	grep -q "$T/empty/.push_callback.metrics" "$T/err"
ok "the counters are that hidden file" test -f "$T/logs/.push_callback.metrics"
is "$(cd "$T/logs" && ls -- * | grep -c metrics)" 0 "which no glob over the log directory matches"

# A FIFO where the counters should be: refused at once, not waited on.
mkdir -p "$T/fifo" && mkfifo "$T/fifo/push_callback.metrics"
timeout 20 env -i PATH="$PATH" PUSHCB_LOG_DIR="$T/fifo" "$PCB" --metrics >"$T/m" 2>"$T/err"
is "$?" 1 "--metrics with a FIFO for a counter file: exit 1, not a wait"
ok "saying it is not a regular file" grep -q "push_callback.metrics: not a regular file" "$T/err"

# --metrics runs alone: a usage error with another mode, and no counter file made.
for other in --housekeep --check-config "--listen unix:$T/alone.sock"; do
	# shellcheck disable=SC2086 # OTHER is words
	env -i PATH="$PATH" PUSHCB_SDKAPPID=1400000000 PUSHCB_LOG_DIR="$T/empty" "$PCB" --metrics $other \
		>"$T/m" 2>"$T/err"
	is "$?" 2 "--metrics with ${other%% *}: exit 2"
	want="--metrics runs alone (not with --check-config, --listen or --housekeep)"
	[ "$other" = --housekeep ] && want="--housekeep runs alone (not with --check-config, --listen or --metrics)"
	ok "saying it runs alone, and making nothing" sh -c \
		'grep -qF -- "$3" "$1" && ! ls -A "$2" | grep -q .' - "$T/err" "$T/empty" "$want"
done

# A worker that cannot map them serves anyway, and says so once.
mkdir -p "$T/logs2/.push_callback.metrics"
PCB_LOGS2="$T/logs2"
pcb_env() { echo "PUSHCB_SDKAPPID=$PCB_TEST_SDKAPPID"; echo "PUSHCB_LOG_DIR=$PCB_LOGS2"; }
pcb_spawn "$T/sock2" 1
resp=$(post "$T/sock2" "$SAMPLE_QUERY" "$SAMPLE")
resp2=$(post "$T/sock2" "$SAMPLE_QUERY" "$SAMPLE")
is "$(status_of "$resp") $(status_of "$resp2")" "200 200" "unmapped counters: requests still 200"
is "$(stderr_count 'served but not counted')" 1 "and it says so once"
stop_server "$PCB_PID"

# PUSHCB_STATE_DIR: the counters there, nothing in the log directory. The
# log directory of 0.2 (its counters as push_callback.metrics) is moved
# there by the first worker, saying so once, and the counts go on.
mkdir -p "$T/logs3" "$T/state"
cp "$T/logs/.push_callback.metrics" "$T/logs3/push_callback.metrics"
pcb_env() {
	echo "PUSHCB_SDKAPPID=$PCB_TEST_SDKAPPID"
	echo "PUSHCB_LOG_DIR=$T/logs3"
	echo "PUSHCB_STATE_DIR=$T/state"
}
env -i PATH="$PATH" PUSHCB_LOG_DIR="$T/logs3" PUSHCB_STATE_DIR="$T/state" "$PCB" --metrics >"$T/m"
is "$(value 'pushcb_requests_total{status="200",reason="ok"}')" 4 \
	"before any worker moved it, --metrics reads 0.2's file"
pcb_spawn "$T/sock3" 2
post "$T/sock3" "$SAMPLE_QUERY" "$SAMPLE" >/dev/null
env -i PATH="$PATH" PUSHCB_LOG_DIR="$T/logs3" PUSHCB_STATE_DIR="$T/state" "$PCB" --metrics >"$T/m"
is "$(value 'pushcb_requests_total{status="200",reason="ok"}')" 5 "moved to PUSHCB_STATE_DIR, the count goes on"
ok "the counter file is in the state directory" test -f "$T/state/push_callback.metrics"
is "$(ls -A "$T/logs3" | grep -c metrics)" 0 "and none in the log directory"
is "$(stderr_count "note: counters: moved $T/logs3/push_callback.metrics to $T/state/push_callback.metrics")" 1 \
	"one worker of two said it moved it"
stop_server "$PCB_PID"
# A file of 0.2 beside one in the state directory (a downgrade, then an
# upgrade again): the state directory's is kept, the other removed.
cp "$T/logs/.push_callback.metrics" "$T/logs3/push_callback.metrics"
pcb_spawn "$T/sock3" 1
post "$T/sock3" "$SAMPLE_QUERY" "$SAMPLE" >/dev/null
env -i PATH="$PATH" PUSHCB_LOG_DIR="$T/logs3" PUSHCB_STATE_DIR="$T/state" "$PCB" --metrics >"$T/m"
is "$(value 'pushcb_requests_total{status="200",reason="ok"}')" 6 "with both, the state directory's counts go on"
is "$(stderr_count "note: counters: removed $T/logs3/push_callback.metrics: $T/state/push_callback.metrics holds the counters")" 1 \
	"the older file is removed, saying so"
ok "it is gone" test ! -e "$T/logs3/push_callback.metrics"
done_testing
