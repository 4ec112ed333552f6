#!/bin/bash
# The fallback directory keeps what the full log directory cannot, and a
# refusal is counted, event by event. The log directory is a small tmpfs,
# filled; PUSHCB_FALLBACK_DIR a second tmpfs; four workers (spawn-fcgi +
# multiwatch); rsyslog imfile with deploy/rsyslog/pushcb-input.conf as shipped
# following both directories and forwarding over RELP to a collector rsyslogd
# (pushcb-forward-relp.conf, pushcb-collector.conf, all on 127.0.0.1).
#   1. Log directory full, four clients: every batch answered 200; every
#      event a whole line in exactly one of the two directories; the fallback
#      holds as many as pushcb_fallback_writes_total says; pushcb_log_dir_failing
#      is 1; each worker says so once at most; the collector receives every
#      acknowledged event, under the file name it was written to.
#   2. Space returns: new batches go to the log directory again (it is tried
#      first for every batch), and every line of both directories is whole or
#      an ended, marked torn line.
#   3. Both full: every batch 503; pushcb_events_refused_total rises by exactly
#      the events of those batches; PushCallbackEventsRefused's query over those
#      values is true (promtool test rules with the shipped rules), as is
#      PushCallbackFallbackInUse's over phase 1's.
# Protections pinned: pcb_handler's write_lines (log directory first, then
# the whole batch to the fallback), note_log_dir, count_refused.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/fault-lib.sh"
needs_root "mounts two small tmpfs"
need spawn-fcgi multiwatch rsyslogd promtool
. "$top_srcdir/tests/multihost-lib.sh"
[ -n "$(find /usr/lib -name omrelp.so 2>/dev/null)" ] || skip_all "rsyslog-relp is not installed"

CLIENTS=4
REQUESTS=${PCB_FALLBACK_REQUESTS:-100} # per client
LOGS=$T/logs
SPARE=$T/spare
COLL=$T/collected
DAY=$(date -u +%Y-%m-%d)
[ "$(date -u -d '+3 minutes' +%Y-%m-%d)" = "$DAY" ] || skip_all "too close to midnight UTC: the log names would change"

with_mount "$LOGS" -t tmpfs -o size=256k,mode=0755 pcb-logs
with_mount "$SPARE" -t tmpfs -o size=8m,mode=0755 pcb-spare

RELP_PORT=$(free_port) || bail "no free port"
rs_render collector collector pushcb-collector.conf \
	COLLECTOR=127.0.0.1 RELP_PORT="$RELP_PORT" COLLECTOR_DIR="$COLL"
rs_start collector
wait_listening "$RS_PID_collector" "$RELP_PORT" "the collector rsyslogd"
rs_render host1 host1 pushcb-input.conf LOGDIR="$LOGS" FALLBACKDIR="$SPARE"
rs_render host1 host1 pushcb-forward-relp.conf COLLECTOR=127.0.0.1 RELP_PORT="$RELP_PORT"
rs_start host1

pcb_spawn "$T/sock" "$CLIENTS" PUSHCB_FALLBACK_DIR="$SPARE"

# metric SERIES: its value in push_callback --metrics (the workers' shared counters).
metric() {
	env -i PATH="$PATH" PUSHCB_LOG_DIR="$LOGS" "$PCB" --metrics |
		awk -v s="$1" '$1 == s { print $2; found = 1 } END { if (!found) print "absent" }'
}
FB='pushcb_fallback_writes_total{command="Push.OfflinePush"}'
REFUSED='pushcb_events_refused_total{command="Push.OfflinePush",reason="log_write"}'

# fill DIR: no free page left in DIR's file system (what is left in the last
# page of each file may still take a few bytes: a write there is cut short).
fill() { dd if=/dev/zero of="$1/fill" bs=4096 2>/dev/null || true; }

# ids_in DIR...: the PushIDs of the whole event lines of DIR..., sorted: not
# of a torn line, ended (logged_ids) or not yet (no newline at the end of its
# file while the disk is full).
ids_in() {
	for _d in "$@"; do
		for _f in "$_d"/offlinepush-*.tsv; do
			[ -f "$_f" ] || continue
			_col=$(head -n 1 "$_f" | tr '\t' '\n' | grep -nx PushID | cut -d: -f1)
			perl -ne 'print if /\n\z/' "$_f" |
				LC_ALL=C awk -F '\t' -v c="$((_col - 1))" '/^#/ || /\377$/ { next } { print $c }'
		done
	done | sort
}

# --- 1. The log directory full ---------------------------------------------
send_ids "$T/sock" 1 9000000001 >"$T/load.0"
is "$(ids_in "$LOGS")" 9000000001 "with room, a batch goes to the log directory"
fill "$LOGS"
load_start "$T/sock" "$CLIENTS" "$REQUESTS" 1
load_wait
answered 200 >"$T/ok.ids"
is "$(wc -l <"$T/ok.ids" | tr -d ' ')" $((CLIENTS * REQUESTS + 1)) \
	"log directory full: every one of $((CLIENTS * REQUESTS)) batches answered 200"
ids_in "$LOGS" "$SPARE" >"$T/both.ids"
is "$(uniq -d "$T/both.ids" | head -n 3)" "" "no event is a whole line in both directories"
is "$(comm -3 "$T/ok.ids" "$T/both.ids" | head -n 3)" "" \
	"every acknowledged event is a whole line in one of them, and nothing else is"
in_spare=$(ids_in "$SPARE" | wc -l | tr -d ' ')
ok "the fallback directory holds most of them ($in_spare)" test "$in_spare" -ge $((CLIENTS * REQUESTS / 2))
is "$(metric "$FB")" "$in_spare" "pushcb_fallback_writes_total counts those batches"
is "$(metric pushcb_log_dir_failing)" 1 "pushcb_log_dir_failing is 1"
said=$(stderr_count 'fails: batches go to the fallback directory')
ok "the log directory's failure said once by each worker at most ($said)" \
	test "$said" -ge 1 -a "$said" -le "$CLIENTS"
is "$(head -n 1 "$SPARE/offlinepush-$DAY.tsv" | cut -f 1)" '#fields' "the fallback's file has its header"

# The collector receives every acknowledged event, whichever directory it is in.
collected_all() {
	LC_ALL=C awk -F '\t' '/^#/ || /\377$/ { next } { print $15 }' "$COLL"/host1/offlinepush-*.tsv 2>/dev/null |
		sort -u >"$T/coll.ids"
	[ -z "$(comm -23 "$T/ok.ids" "$T/coll.ids" | head -n 1)" ]
}
wait_until "the collector holds every acknowledged event (rsyslog imfile following both directories)" 900 \
	collected_all
ok "rsyslog imfile as shipped, following both directories, forwarded every acknowledged event" collected_all
is "$(cd "$COLL/host1" && echo offlinepush-*)" "offlinepush-$DAY.tsv" \
	"under the one name the events were written to, in either directory"

# --- 2. Space returns ------------------------------------------------------
rm "$LOGS/fill"
load_start "$T/sock" "$CLIENTS" 10 5000000001
load_wait
is "$(answered 200 | wc -l | tr -d ' ')" $((CLIENTS * REQUESTS + 1 + CLIENTS * 10)) "space back: every batch 200"
answered 200 | awk '$1 >= 5000000001 && $1 < 6000000000' >"$T/back.ids"
ids_in "$LOGS" >"$T/logs.ids"
ids_in "$SPARE" >"$T/spare.ids"
is "$(comm -12 "$T/back.ids" "$T/logs.ids" | wc -l | tr -d ' ')" $((CLIENTS * 10)) "they are all in the log directory"
is "$(comm -12 "$T/back.ids" "$T/spare.ids" | wc -l | tr -d ' ')" 0 "none in the fallback directory"
is "$(metric pushcb_log_dir_failing)" 0 "pushcb_log_dir_failing is 0 again"
ok "the log directory's recovery said" test "$(stderr_count 'takes batches again')" -ge 1
ok "every line of the log directory whole, a torn one ended and marked" all_whole "$LOGS"
ok "every line of the fallback directory whole" all_whole "$SPARE"

# --- 3. Both full ------------------------------------------------------------
fill "$LOGS"
fill "$SPARE"
id_batch "$T/big.json" 100 lost- # about 30 KB: more than what is left in any file's last page
before=$(metric "$REFUSED")
for _ in 1 2 3 4 5; do
	status_of "$(post "$T/sock" "$SAMPLE_QUERY" "$T/big.json")"
done >"$T/refused.answers"
is "$(sort -u "$T/refused.answers")" 503 "both full: five 100-event batches, each 503"
after=$(metric "$REFUSED")
is "$((after - before))" 500 "pushcb_events_refused_total{log_write} rose by exactly their 500 events"
is "$(metric 'pushcb_batches_refused_unparsed_total{reason="log_write"}')" 0 "none refused unparsed"

# The alerts' queries over these values (the shipped rules, evaluated by promtool).
cat >"$T/alerts.test.yml" <<EOF
rule_files:
  - $top_srcdir/deploy/prometheus/push_callback.rules.yml
evaluation_interval: 1m
tests:
  - interval: 1m
    input_series:
      - series: 'pushcb_events_refused_total{instance="host1",command="Push.OfflinePush",reason="log_write"}'
        values: '$before $after $after'
      - series: 'pushcb_fallback_writes_total{instance="host1",command="Push.OfflinePush"}'
        values: '0 $in_spare $in_spare'
    alert_rule_test:
      - eval_time: 2m
        alertname: PushCallbackEventsRefused
        exp_alerts:
          - exp_labels: { severity: critical, instance: host1, command: Push.OfflinePush, reason: log_write }
            exp_annotations:
              summary: "push_callback on host1 refused and lost Push.OfflinePush events: log_write"
      - eval_time: 2m
        alertname: PushCallbackFallbackInUse
        exp_alerts:
          - exp_labels: { severity: warning, instance: host1 }
            exp_annotations:
              summary: "push_callback on host1 writes to its fallback directory: the log directory fails"
EOF
ok "PushCallbackEventsRefused and PushCallbackFallbackInUse fire on the counts seen" \
	quietly promtool test rules "$T/alerts.test.yml"
ok "the workers lived through it all" kill -0 "$PCB_PID"
done_testing
