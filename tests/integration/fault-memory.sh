#!/bin/sh
# Memory of one worker (spawn-fcgi, PUSHCB_MAX_BODY 1 MiB):
# 1. Flat: PCB_MEMORY_REQUESTS (100 000) requests of every outcome (OK, events
#    rejected, a broken body kept in the reject log, a refused caller), in ten
#    rounds; the resident set after the last round is that after the first,
#    within 256 KiB. A leak of a few bytes a request shows.
# 2. Bounded: bodies at the limit, of the shapes that cost most (the body
#    escaped four times over into the reject log; a huge string; as many JSON
#    values as fit), after which the peak (VmHWM) is at most the start plus
#    16 x PUSHCB_MAX_BODY.
# Phase 1 runs first: after a large peak, freed memory stays resident and would
# hide a leak.
# Protections pinned: every free on every path (1); the body limit, and the
# pre-scan refusing before json-c builds a tree (2).
. "$top_srcdir/tests/fault-lib.sh"
need spawn-fcgi
[ -z "${PCB_WRAPPER:-}" ] || skip_all "the program runs under $PCB_WRAPPER: its memory is not the program's"
grep -q '^SANITIZE_CFLAGS = .*sanitize' "$top_builddir/Makefile" 2>/dev/null &&
	skip_all "a sanitizer build: its memory is not the program's"

N=${PCB_MEMORY_REQUESTS:-100000}
MAX_BODY=1048576
FACTOR=16
pcb_spawn "$T/sock" 1 PUSHCB_MAX_BODY=$MAX_BODY
pid=$PCB_PID
kb() { sed -n "s/^$1:[[:space:]]*\([0-9]*\) kB/\1/p" "/proc/$pid/status"; }

# The other outcomes, each with fcgi-send -n.
printf '%s' '{"Events":[{"a":1},1,{"CallbackCommand":"Push.OfflinePush","EventType":7}]}' >"$T/rejects.json"
printf '{"Events":[{"a":"\001"}]}' >"$T/broken.json"
repeat_post() {
	"$FCGI_SEND" -s "$T/sock" -p REQUEST_METHOD=POST -p "QUERY_STRING=$1" \
		-p "CONTENT_LENGTH=$(wc -c <"$2" | tr -d ' ')" -b "$2" -n "$3" | cut -d ' ' -f 2 | sort | uniq -c
}
per=$((N / 40))
for round in $(seq 1 10); do
	{
		repeat_post "$SAMPLE_QUERY" "$ID_BODY" "$per"
		repeat_post "$SAMPLE_QUERY" "$T/rejects.json" "$per"
		repeat_post "$SAMPLE_QUERY" "$T/broken.json" "$per"
		repeat_post "SdkAppid=1&CallbackCommand=Push.OfflinePush" "$ID_BODY" "$per"
	} >>"$T/statuses"
	[ "$round" = 1 ] && rss1=$(kb VmRSS) && hwm1=$(kb VmHWM)
	# Keep the disk use small: the worker notices the files went and makes new ones.
	rm -f "$T"/logs/*.tsv
done
rss=$(kb VmRSS) hwm=$(kb VmHWM)
diag "after 10%: VmRSS $rss1 kB, VmHWM $hwm1 kB; after $N requests: VmRSS $rss kB, VmHWM $hwm kB"
is "$(awk '{n[$2] += $1} END {for (s in n) print s, n[s]}' "$T/statuses" | sort | tr '\n' ' ')" \
	"200 $((per * 20)) 400 $((per * 10)) 403 $((per * 10)) " "$N requests, each answered as it should be"
ok "the resident set is flat over $N requests (within 256 KiB)" test "$rss" -le $((rss1 + 256))
ok "the peak is flat too (within 256 KiB)" test "$hwm" -le $((hwm1 + 256))

# 2. Bodies at the limit.
event=$(sed 's/^{"Events":\[//; s/\]}$//' "$ID_BODY")
fill() { # fill FILE PREFIX UNIT SUFFIX: PREFIX, UNIT repeated, SUFFIX, spaces up to MAX_BODY bytes
	_n=$(( (MAX_BODY - ${#2} - ${#4} - 8) / ${#3} ))
	{ printf '%s' "$2"; yes -- "$3" | head -n "$_n" | tr -d '\n'; printf '%s' "$4"; } >"$1"
	head -c $((MAX_BODY - $(wc -c <"$1"))) /dev/zero | tr '\0' ' ' >>"$1"
}
head -c "$MAX_BODY" /dev/zero | tr '\0' '\001' >"$T/controls.json"
fill "$T/string.json" "{\"Events\":[$event],\"X\":\"" 'x' '"}'
fill "$T/escaped.json" "{\"Events\":[$event],\"X\":\"" '\u0001' '"}'
fill "$T/numbers.json" "{\"Events\":[$event],\"X\":[" '1,' '1]}'
fill "$T/objects.json" "{\"Events\":[$event],\"X\":[" '{},' '{}]}'
fill "$T/arrays.json" "{\"Events\":[$event],\"X\":[" '[],' '[]]}'
start=$(kb VmHWM)
for shape in controls string escaped numbers arrays objects; do
	is "$(wc -c <"$T/$shape.json" | tr -d ' ')" "$MAX_BODY" "$shape: a body of exactly PUSHCB_MAX_BODY"
	st=$(post "$T/sock" "$SAMPLE_QUERY" "$T/$shape.json" -r)
	peak=$(kb VmHWM)
	diag "$shape: answered $st, VmHWM now $peak kB"
	ok "$shape: peak at most the start ($start kB) + $FACTOR x PUSHCB_MAX_BODY" \
		test "$peak" -le $((start + FACTOR * MAX_BODY / 1024))
done
done_testing
