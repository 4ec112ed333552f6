#!/bin/sh
# A log at the file size limit (RLIMIT_FSIZE, set on the running worker with
# prlimit): the kernel would kill the worker with SIGXFSZ in the middle of
# its write; push_callback ignores SIGXFSZ, so the write fails with EFBIG
# instead: 503 "log not writable", said once on stderr, the worker lives on,
# what went out of the batch stays (a file only grows), and once the limit
# is lifted the next batch is written after the torn line, ended and marked.
# Protections pinned: pcb_signals_ignore_writes' SIG_IGN for SIGXFSZ, pcb_logfile's
# failure path and torn-line marking.
. "$top_srcdir/tests/fault-lib.sh"
need spawn-fcgi prlimit

pcb_spawn "$T/sock"
big_batch_taken "without a limit"
worker=$(pgrep -P "$PCB_PID" || echo "$PCB_PID")
# Room for part of the next batch only.
prlimit --pid "$worker" --fsize=$((size + 4096)):unlimited || bail "prlimit failed"

for i in 1 2 3; do
	resp=$(post "$T/sock" "$SAMPLE_QUERY" "$T/big.json")
	echo "$(status_of "$resp") $(body_of "$resp")"
done >"$T/answers"
is "$(sort -u "$T/answers")" "503 $FAIL_LOG" "at the limit: three batches, each 503 log not writable"
ok "the worker is alive (SIGXFSZ ignored)" kill -0 "$worker"
is "$(stderr_count 'write failed: File too large')" 1 "the cause (EFBIG) is said once"
ok "what went out stays: the file only grew" test "$(wc -c <"$f" | tr -d ' ')" -gt "$size"

prlimit --pid "$worker" --fsize=unlimited:unlimited || bail "prlimit failed"
resp=$(post "$T/sock" "$SAMPLE_QUERY" "$T/big.json")
is "$(body_of "$resp")" "$OK_JSON" "the limit lifted: the next batch is taken"
ok "every line whole, the torn one ended and marked" all_whole "$T/logs"
is "$(torn_lines "$T/logs")" 1 "one torn line, marked"
is "$(logged_ids "$T/logs" | sort -u | wc -l | tr -d ' ')" 100 "by identity, the batch of 100 events"
done_testing
