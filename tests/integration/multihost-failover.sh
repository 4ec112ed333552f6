#!/bin/bash
# deploy/multihost as shipped: nginx (deploy/nginx with multihost/upstream.conf
# and multihost/push_callback.conf) balancing the callback URL over two
# push_callback backends, FastCGI over TCP on 127.0.0.2 and 127.0.0.3, each
# with its own log directory (two hosts). Under steady load from four curl
# loops, the second backend is killed with SIGKILL and later started again.
# Only requests in flight on it may fail; every accepted event is in one log
# exactly once; the surviving backend takes the traffic meanwhile, and the
# restarted one gets traffic again.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
. "$top_srcdir/tests/multihost-lib.sh"
need nginx curl
[ "$(id -u)" = 0 ] || skip_all "needs root: nginx switches its workers to www-data"
[ -x "$PCB" ] || bail "$PCB is not built"

RUNNERS=4
PER_RUNNER=8000     # an upper bound: the load stops once the backend is back
EVENTS=2
PORT=$(free_port) || bail "no free port"
APP_PORT=$(free_port) || bail "no free port"
BPORT=$(free_port) || bail "no free port"
URL=http://127.0.0.1:$PORT/im/callback?$SAMPLE_QUERY


# backend N: push_callback number N on 127.0.0.(N+1):$BPORT, logs in $T/bN/logs.
backend() {
	mkdir -p "$T/b$1/logs"
	env -i PATH="$PATH" PUSHCB_SDKAPPID=$PCB_TEST_SDKAPPID PUSHCB_LOG_DIR="$T/b$1/logs" \
		"$PCB" --listen "127.0.0.$(($1 + 1)):$BPORT" 2>>"$T/stderr" &
	eval "B$1=\$!"
	pcb_track $!
	wait_listening $! "$BPORT" "backend $1"
}
backend 1
backend 2

# nginx laid out as deploy/nginx/nginx-local lays it out, with the two
# multi-host files in place of deploy/nginx/push_callback.conf.
N=$T/nginx
mkdir -p "$N/conf.d" "$N/snippets" "$N/sites-enabled" "$N/tmp"
ln -s /etc/nginx/fastcgi_params "$N/fastcgi_params"
set -- PREFIX="$N" LISTEN="127.0.0.1:$PORT" APP_BACKEND="127.0.0.1:$APP_PORT" ENDPOINT=/im/callback \
	BACKEND1="127.0.0.2:$BPORT" BACKEND2="127.0.0.3:$BPORT"
render "$DEPLOY/nginx/nginx-local.conf" "$N/nginx.conf" "$@"
render "$DEPLOY/nginx/routing.conf" "$N/conf.d/push_callback.conf" "$@"
render "$DEPLOY/multihost/upstream.conf" "$N/conf.d/push_callback-backends.conf" "$@"
render "$DEPLOY/multihost/push_callback.conf" "$N/snippets/push_callback.conf" "$@"
render "$DEPLOY/nginx/site.conf" "$N/sites-enabled/push_callback" "$@"
render "$DEPLOY/nginx/app-standin.conf" "$N/sites-enabled/app-standin" "$@"
set --
quietly nginx -t -c "$N/nginx.conf" || bail "nginx -t refused $N/nginx.conf"
nginx -c "$N/nginx.conf" 2>>"$T/stderr" &
NGINX_PID=$!
pcb_track "$NGINX_PID"
wait_listening "$NGINX_PID" "$PORT" nginx
wait_listening "$NGINX_PID" "$APP_PORT" "nginx (the stand-in backend)"

http POST "$URL" "$SAMPLE"
is "$HTTP_STATUS $HTTP_BODY" "200 $OK_JSON" "the sample through nginx to a backend"
rm -f "$T"/b*/logs/*

# The load: RUNNERS loops of curl, one request at a time each, every event with
# its own PushID (rR-BATCH-EVENT). Each request is recorded with the phase read
# before it was sent and after it was answered: "RUNNER BATCH BEFORE AFTER STATUS".
set_phase up
for r in $(seq 1 "$RUNNERS"); do
	mh_batches "$T/load/r$r" "r$r" "$PER_RUNNER" "$EVENTS"
	(
		b=0
		for f in "$T/load/r$r"/*.json; do
			b=$((b + 1))
			read -r before <"$T/phase"
			[ "$before" = stop ] && break
			code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
				--data-binary "@$f" "$URL")
			read -r after <"$T/phase"
			echo "$r $b $before $after $code"
		done >"$T/load/r$r.out"
		echo done >"$T/load/r$r.done"
	) &
done
requests() { cat "$T"/load/r*.out 2>/dev/null | wc -l; }
in_phase() { cat "$T"/load/r*.out 2>/dev/null | grep -c " $1 $2 " || true; }

wait_until "500 requests are answered" 1200 sh -c "[ \$(cat '$T'/load/r*.out | wc -l) -ge 500 ]"
# "killing" is set before the signal, so that a request answered between the
# kill and "killed" is still known to have been in flight across the kill.
set_phase killing
kill -KILL "$B2"
wait "$B2" 2>/dev/null
set_phase killed
diag "backend 2 killed after $(requests) requests"
wait_until "500 requests while backend 2 is dead" 1200 \
	sh -c "[ \$(cat '$T'/load/r*.out | grep -c ' killed killed ') -ge 500 ]"
before_restart=$(cat "$T"/b2/logs/offlinepush-*.tsv 2>/dev/null | wc -l)
t_restart=$(date +%s.%N)
backend 2
set_phase restarted
wait_until "backend 2 logs again" 1200 \
	sh -c "[ \$(cat '$T'/b2/logs/offlinepush-*.tsv | wc -l) -gt $before_restart ]"
t_back=$(date +%s.%N)
at_back=$(requests)
wait_until "500 more requests" 1200 sh -c "[ \$(cat '$T'/load/r*.out | wc -l) -ge $((at_back + 500)) ]"
set_phase stop
wait_until "the load stops" 600 sh -c "[ \$(ls '$T'/load/r*.done | wc -l) = $RUNNERS ]"

cat "$T"/load/r*.out >"$T/results"
total=$(wc -l <"$T/results")
failed=$(awk '$5 != 200' "$T/results" | wc -l)
dead=$(in_phase killed killed)
is "$(awk '$5 != 200 && !(($3 == "up" || $3 == "killing") && ($4 == "killing" || $4 == "killed"))' "$T/results" | wc -l)" 0 \
	"no request failed but those in flight when backend 2 was killed"
ok "at most one request per load loop failed ($failed of $total)" test "$failed" -le "$RUNNERS"
is "$(awk '$5 != 200 && $5 != 502' "$T/results" | wc -l)" 0 "a failed request is a 502"

# nginx's error log: the requests it could not finish on backend 2 (not those it
# could not connect for, which went to backend 1).
inflight=$(grep "upstream: \"fastcgi://127.0.0.3:$BPORT\"" "$N/error.log" |
	grep -vc 'connect() failed' || true)
refused=$(grep "upstream: \"fastcgi://127.0.0.3:$BPORT\"" "$N/error.log" |
	grep -c 'connect() failed' || true)
is "$inflight" "$failed" "nginx logged one lost in-flight request per 502"
diag "nginx: $inflight requests lost in flight on backend 2, $refused refused connections moved to backend 1"

# Every event of an accepted request is in one log exactly once; a failed
# request's batch is in backend 2's log whole or not at all; nothing twice.
pushids() { cat "$1"/offlinepush-*.tsv | awk -F '\t' 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "PushID") c = i - 1 } !/^#/ { print $c }'; }
{ pushids "$T/b1/logs"; pushids "$T/b2/logs"; } | sort >"$T/logged"
is "$(uniq -d "$T/logged" | wc -l)" 0 "no event is logged twice"
awk -v ev="$EVENTS" '$5 == 200 { for (e = 1; e <= ev; e++) print "r" $1 "-" $2 "-" e }' "$T/results" |
	sort >"$T/accepted"
is "$(comm -23 "$T/accepted" "$T/logged" | wc -l)" 0 "every event of every accepted request is logged"
awk -v ev="$EVENTS" '$5 != 200 { print "r" $1 "-" $2 }' "$T/results" | sort >"$T/failed"
partial=0
while read -r id; do
	n=$(grep -c "^$id-" "$T/logged" || true)
	[ "$n" = 0 ] || [ "$n" = "$EVENTS" ] || partial=$((partial + 1))
done <"$T/failed"
is "$partial" 0 "a failed request's batch is logged whole or not at all"
written=$(while read -r id; do grep -q "^$id-" "$T/logged" && echo "$id"; done <"$T/failed" | wc -l)

# The surviving backend took the traffic; the restarted one got its share back.
awk -v ev="$EVENTS" '$3 == "killed" && $4 == "killed" { for (e = 1; e <= ev; e++) print "r" $1 "-" $2 "-" e }' \
	"$T/results" | sort >"$T/while-dead"
is "$(awk '$3 == "killed" && $4 == "killed" && $5 != 200' "$T/results" | wc -l)" 0 \
	"every request while backend 2 was dead was accepted ($dead requests)"
is "$(pushids "$T/b1/logs" | sort | comm -23 "$T/while-dead" - | wc -l)" 0 \
	"backend 1 logged every event sent while backend 2 was dead"
share1=$(pushids "$T/b1/logs" | wc -l)
share2=$(pushids "$T/b2/logs" | wc -l)
ok "backend 2 logged events again after its restart" test "$(cat "$T"/b2/logs/offlinepush-*.tsv | wc -l)" -gt "$before_restart"

recover=$(echo "$t_back $t_restart" | awk '{ printf "%.1f", $1 - $2 }')
diag "figures: $total requests of $EVENTS events from $RUNNERS curl loops; $failed failed (502, in flight" \
	"on the killed backend; $written of them logged before it died); $dead while backend 2 was dead, all" \
	"on backend 1; events logged: backend 1 $share1, backend 2 $share2; backend 2 served again" \
	"${recover}s after its restart (fail_timeout=10s)"

stop_server "$NGINX_PID"
is "$?" 0 "nginx stops on SIGTERM"
done_testing
