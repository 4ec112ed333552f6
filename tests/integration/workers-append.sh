#!/bin/sh
# Several workers (multiwatch) appending to the same files at once, while
# clients post concurrently: the exact number of lines, every line whole with
# its full number of fields, one header per file. Run twice: without a size
# cap, and with a small cap so that segments turn over during the run.
. "$top_srcdir/tests/lib.sh"
need spawn-fcgi multiwatch

CLIENTS=8
BATCHES=${PCB_WORKERS_BATCHES:-500}
S="$DATA/batch/offlinepush-sample.json"   # 2 events a batch

run() {
	_label=$1
	shift
	rm -rf "$T/logs"
	pcb_spawn "$T/sock.$_label" 4 "$@"
	clients=""
	for c in $(seq 1 "$CLIENTS"); do
		# BATCHES requests, one connection each, one after the other; a
		# line "ID STATUS" for each (STATUS 0: no complete answer).
		(
			post "$T/sock.$_label" "$SAMPLE_QUERY" "$S" -n "$BATCHES" >"$T/answers.$c"
			awk -v n="$BATCHES" '$2 != 200 { f++ } END { print f + n - NR }' "$T/answers.$c" >"$T/fails.$c"
		) &
		clients="$clients $!"
	done
	# shellcheck disable=SC2086 # one word a pid
	wait $clients
	is "$(ls "$T"/fails.* | wc -l | tr -d ' ')" "$CLIENTS" "$_label: every client finished"
	fails=$(cat "$T"/fails.* | awk '{s+=$1} END {print s+0}')
	is "$fails" 0 "$_label: every request answered 200"
	is "$(event_lines "$T/logs" | wc -l | tr -d ' ')" $((CLIENTS * BATCHES * 2)) \
		"$_label: exactly $((CLIENTS * BATCHES * 2)) event lines"
	is "$(cat "$T"/logs/offlinepush-*.tsv | grep -v '^#' | awk -F '\t' 'NF != 18' | wc -l | tr -d ' ')" 0 \
		"$_label: every line has 18 fields"
	files=$(ls "$T"/logs/offlinepush-*.tsv | wc -l | tr -d ' ')
	heads=$(for f in "$T"/logs/offlinepush-*.tsv; do head -n 1 "$f"; done | grep -c '^#fields')
	total_heads=$(cat "$T"/logs/offlinepush-*.tsv | grep -c '^#')
	ok "$_label: one header per file, at its top ($files files)" test "$heads" = "$files" -a "$total_heads" = "$files"
	kill -TERM "$PCB_PID"
	wait "$PCB_PID" 2>/dev/null
	rm -f "$T"/fails.* "$T"/answers.*
}

run "no cap"
run "64 KiB segments" PUSHCB_MAX_BYTES=64K
ok "several segments were made" test "$(ls "$T"/logs/offlinepush-*.tsv | wc -l)" -gt 3
done_testing
