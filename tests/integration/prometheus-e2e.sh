#!/bin/bash
# prometheus-e2e: nginx (deploy/nginx, as deploy-nginx.sh runs it) in front
# of push_callback workers under spawn-fcgi, the shipped textfile
# command (deploy/prometheus/pushcb-textfile, run here instead of its timer),
# prometheus-node-exporter's textfile collector and a Prometheus server
# scraping it every second with the shipped rules, all on 127.0.0.1 with
# free ports and their own data under $T. Known traffic is sent with curl
# through nginx; Prometheus's
# HTTP API then holds the counts sent, and the authentication alert fires.
. "$top_srcdir/tests/lib.sh"
need nginx spawn-fcgi multiwatch prometheus prometheus-node-exporter promtool curl

TOKEN=e2etoken
S="$T/sock"
SAMPLE="$DATA/batch/offlinepush-sample.json"
mkdir -p "$T/textfile" "$T/prom"
pcb_spawn "$S" 2 "PUSHCB_TOKEN=$TOKEN" PUSHCB_SIGN_WINDOW=600
# nginx's workers run as www-data when nginx starts as root.
[ "$(id -u)" != 0 ] || { chgrp www-data "$S" && chmod 0660 "$S"; } || bail "cannot open $S to www-data"
start_nginx() {
	nginx_start "$T/nginx" LISTEN="127.0.0.1:$PORT" APP_BACKEND="127.0.0.1:$APP_PORT" SOCKET="$S" \
		ENDPOINT=/im/callback
}
serve_on_free_ports start_nginx PORT APP_PORT
URL=http://127.0.0.1:$PORT/im/callback
# textfile [PUSHCB_REPORT_LOGS=DIR]: the shipped command, the report's part only once there are logs.
textfile() { env -i PATH="$PATH" PUSHCB_BIN="$PCB" PUSHCB_REPORT="$top_builddir/pushcb-report" \
	PUSHCB_LOG_DIR="$T/logs" "$@" sh "$top_srcdir/deploy/prometheus/pushcb-textfile" "$T/textfile"; }
ok "the textfile command writes the counters" textfile

start_exporter() {
	prometheus-node-exporter --web.listen-address="127.0.0.1:$NODE_PORT" --collector.disable-defaults \
		--collector.textfile --collector.textfile.directory="$T/textfile" 2>>"$T/stderr" &
	SERVER_PID=$!
	pcb_track "$SERVER_PID"
}
serve_on_free_ports start_exporter NODE_PORT
start_prometheus() {
	cat >"$T/prom/prometheus.yml" <<EOC
global: { scrape_interval: 1s, evaluation_interval: 1s }
rule_files: [ "$top_srcdir/deploy/prometheus/push_callback.rules.yml" ]
scrape_configs:
  - job_name: node
    static_configs: [ { targets: [ "127.0.0.1:$NODE_PORT" ] } ]
EOC
	prometheus --config.file="$T/prom/prometheus.yml" --storage.tsdb.path="$T/prom/data" \
		--web.listen-address="127.0.0.1:$PROM_PORT" 2>>"$T/stderr" &
	SERVER_PID=$!
	pcb_track "$SERVER_PID"
}
serve_on_free_ports start_prometheus PROM_PORT

# query EXPR: the value of the first sample, or nothing.
query() {
	curl -sS -G "http://127.0.0.1:$PROM_PORT/api/v1/query" --data-urlencode "query=$1" 2>>"$T/stderr" |
		sed -n 's/.*"value":\[[0-9.]*,"\([^"]*\)"\].*/\1/p'
}
# wait_value EXPR WANT: waits (up to a minute) until EXPR is WANT; prints the last value.
wait_value() {
	for _ in $(seq 1 120); do
		_v=$(query "$1")
		[ "$_v" = "$2" ] && break
		sleep 0.5
	done
	echo "$_v"
}
is "$(wait_value 'sum(pushcb_requests_total)' 0)" 0 "Prometheus scrapes the counters, all 0 before any traffic"

# Known traffic through nginx: 3 signed batches, 1 signed batch with a refused event, 2 unsigned.
now=$(date +%s)
q="$SAMPLE_QUERY&Sign=$(printf '%s%s' "$TOKEN" "$now" | sha256sum | cut -d ' ' -f 1)&RequestTime=$now"
printf '{"Events":[{"EventType":"1"}]}' >"$T/bad-event"
statuses=
for body in "$SAMPLE" "$SAMPLE" "$SAMPLE" "$T/bad-event"; do
	http POST "$URL?$q" "$body"
	statuses="$statuses $HTTP_STATUS"
done
for i in 1 2; do
	http POST "$URL?$SAMPLE_QUERY" "$SAMPLE"
	statuses="$statuses $HTTP_STATUS"
done
is "$statuses" " 200 200 200 200 403 403" "curl through nginx: four signed batches answered 200, two unsigned 403"
ok "nginx logged the six requests it passed on" test "$(grep -c 'POST /im/callback' "$T/nginx/access.log")" = 6
ok "the textfile command writes them again, and the report" textfile PUSHCB_REPORT_LOGS="$T/logs"

logged=$(event_lines "$T/logs" | wc -l | tr -d ' ')
is "$(wait_value 'sum(pushcb_requests_total{status="200"})' 4)" 4 "200s in Prometheus: the four signed batches"
is "$(wait_value 'pushcb_requests_total{reason="sign_missing"}' 2)" 2 "403 sign_missing: the two unsigned"
is "$(wait_value 'pushcb_events_logged_total{command="Push.OfflinePush"}' "$logged")" "$logged" \
	"events logged: the lines in the log ($logged)"
is "$(wait_value 'pushcb_events_rejected_total{command="Push.OfflinePush"}' 1)" 1 "events rejected: 1"
# firing NAME: is alert NAME firing in the last /api/v1/alerts answer? (one alert a line)
firing() { sed 's/{"labels"/\n/g' "$T/alerts" | grep "\"alertname\":\"$1\"" | grep -q '"state":"firing"'; }
for _ in $(seq 1 120); do
	curl -sS "http://127.0.0.1:$PROM_PORT/api/v1/alerts" >"$T/alerts" 2>>"$T/stderr"
	firing PushCallbackAuthRefused && break
	sleep 0.5
done
ok "/api/v1/alerts: PushCallbackAuthRefused is firing" firing PushCallbackAuthRefused
# The sample's EventTimes are of 2019: outside the report's period, yet every line is read.
is "$(wait_value 'sum(pushcb_report_lines)' "$logged")" "$logged" \
	"the report's metrics too: every logged line read"
ok "and PushCallbackLogNotWritable is not" sh -c '! grep -q PushCallbackLogNotWritable "$1"' - "$T/alerts"
done_testing
