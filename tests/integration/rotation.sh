#!/bin/sh
# Rotation seen from outside: hourly names, size-capped segments, a file moved
# away (logrotate) or removed is noticed and remade with its header, SIGHUP
# reopens, and no line is lost on the way.
. "$top_srcdir/tests/lib.sh"
need spawn-fcgi

S="$DATA/batch/offlinepush-sample.json"
pcb_spawn "$T/sock" 1 PUSHCB_ROTATE=hourly
post "$T/sock" "$SAMPLE_QUERY" "$S" >/dev/null
ok "hourly: offlinepush-YYYY-MM-DDTHH.tsv" sh -c "ls '$T/logs' | grep -Eqx 'offlinepush-[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}\.tsv'"
f=$(ls "$T"/logs/offlinepush-*.tsv)

mv "$f" "$f.1"
post "$T/sock" "$SAMPLE_QUERY" "$S" >/dev/null
is "$(grep -vc '^#' "$f.1")" 2 "the moved file keeps its lines"
is "$(grep -c '^#fields' "$f")" 1 "a new file with its header takes the next batch"
is "$(grep -vc '^#' "$f")" 2 "and its lines"

rm "$f"
post "$T/sock" "$SAMPLE_QUERY" "$S" >/dev/null
is "$(cat "$f" | wc -l | tr -d ' ')" 3 "a removed file is made again: header and two lines"

kill -HUP "$PCB_PID"
post "$T/sock" "$SAMPLE_QUERY" "$S" >/dev/null
is "$(cat "$f" | wc -l | tr -d ' ')" 5 "after SIGHUP the same file goes on"
ok "SIGHUP does not stop the worker" kill -0 "$PCB_PID"
kill -TERM "$PCB_PID"
wait "$PCB_PID" 2>/dev/null

rm -rf "$T/logs"
pcb_spawn "$T/sock2" 1 PUSHCB_MAX_BYTES=1500
for i in 1 2 3 4 5 6; do post "$T/sock2" "$SAMPLE_QUERY" "$S" >/dev/null; done
ok "with PUSHCB_MAX_BYTES: numbered segments" sh -c "ls '$T/logs' | grep -Eqx 'offlinepush-[0-9-]{10}\.0001\.tsv'"
is "$(event_lines "$T/logs" | wc -l | tr -d ' ')" 12 "all twelve lines across the segments"
big=$(for f in "$T"/logs/offlinepush-*.tsv; do [ "$(wc -c <"$f")" -gt 1500 ] && echo "$f"; done)
is "$big" "" "no segment over the cap"
is "$(for f in "$T"/logs/offlinepush-*.tsv; do head -n 1 "$f"; done | grep -c '^#fields')" \
	"$(ls "$T"/logs/offlinepush-*.tsv | wc -l | tr -d ' ')" "each segment begins with its header"
done_testing
