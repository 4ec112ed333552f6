#!/bin/sh
# Disk full, for real: the log directory is a 256 KiB tmpfs. A batch that no
# longer fits is answered 503 with the FAIL body; the part of it that did fit
# stays (a log file only grows): whole lines and one torn line, which the
# next write ends and marks (byte 036, then a "#torn" comment) once there is room; no temporary file is
# left behind; the worker keeps serving; the cause is reported once; and once
# space is freed, writing resumes.
# Protections pinned: pcb_logfile_append's torn-line marking after a short
# write, create_with_header's unlink of its temporary file, the 503 for
# PCB_ERR_LOG_WRITE, and report()'s once-per-cause rule.
. "$top_srcdir/tests/fault-lib.sh"
needs_root "mounts a small tmpfs as a full disk"
need spawn-fcgi

with_mount "$T/logs" -t tmpfs -o size=256k,mode=0755 pcb-full
pcb_spawn "$T/sock"

# A 100-event batch of about 30 KB: larger than what will be left free.
big_batch_taken "with room"

# Leave exactly two pages free: fewer than the batch needs, so that its write
# stops part-way (a short write), not at its first byte.
head -c 8192 /dev/zero >"$T/logs/reserve"
dd if=/dev/zero of="$T/logs/fill" bs=4096 2>/dev/null
rm "$T/logs/reserve"

for i in 1 2 3 4 5; do
	resp=$(post "$T/sock" "$SAMPLE_QUERY" "$T/big.json")
	echo "$(status_of "$resp") $(body_of "$resp")"
done >"$T/full.answers"
is "$(sort -u "$T/full.answers")" "503 $FAIL_LOG" "disk full: five batches, each 503 with the FAIL body"
full_size=$(wc -c <"$f" | tr -d ' ')
ok "the part of the batch that fitted stays: nothing cut ($size, then $full_size bytes)" \
	test "$full_size" -gt "$size"
ok "it ends in a torn line (no final newline)" test "$(tail -c 1 "$f" | od -An -c | tr -d ' ')" != '\n'
is "$(stderr_count 'write failed: No space left on device')" 1 "the cause is reported once, not per request"

# A file that does not exist yet cannot be made: its temporary file goes too.
dd if=/dev/zero of="$T/logs/fill2" bs=1024 2>/dev/null
resp=$(post "$T/sock" 'SdkAppid=1400000000&CallbackCommand=Push.AllMemberPush' "$DATA/batch/allmemberpush-sample.json")
is "$(status_of "$resp")" 503 "disk full: a batch for a new file is 503"
is "$(ls -A "$T/logs" | grep -v '^fill' | grep -vx .push_callback.metrics | grep -v "^${f##*/}\$")" "" \
	"no new file, no temporary file left behind"
ok "the worker is still the same process" kill -0 "$PCB_PID"

rm "$T/logs/fill" "$T/logs/fill2"
resp=$(post "$T/sock" "$SAMPLE_QUERY" "$T/big.json")
is "$(body_of "$resp")" "$OK_JSON" "space freed: the next batch is taken"
ok "every line whole, the torn one ended and marked" all_whole "$T/logs"
is "$(torn_lines "$T/logs")" 1 "one torn line, marked"
is "$(awk '/^#torn/ { t = 1; next } t' "$f" | wc -l | tr -d ' ')" 100 \
	"after it, the whole batch answered OK once space was freed"
is "$(logged_ids "$T/logs" | sort -u | wc -l | tr -d ' ')" 100 "by identity, the one batch of 100 events"
is "$(stderr_count 'writable again')" 1 "recovery is reported once"
done_testing
