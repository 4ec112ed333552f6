#!/bin/bash
# deploy/rsyslog as shipped: two receiving hosts (each push_callback with its own
# log directory, hourly files cut into size segments, and its own rsyslogd with
# pushcb-input.conf + pushcb-forward-relp.conf) send to one collector rsyslogd
# (pushcb-collector.conf) over RELP on 127.0.0.1; the collector is restarted in
# the middle of the load. Afterwards the collector's files hold every line of
# both hosts at least once, each after its one header, and pushcb-report counts
# the same over the collector's files as over the hosts' own.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
need rsyslogd
. "$top_srcdir/tests/multihost-lib.sh"
[ -r /usr/lib/x86_64-linux-gnu/rsyslog/omrelp.so ] || [ -n "$(find /usr/lib -name omrelp.so 2>/dev/null)" ] ||
	missing "rsyslog-relp"
REPORT=$top_builddir/pushcb-report
[ -x "$PCB" ] && [ -x "$FCGI_SEND" ] && [ -x "$REPORT" ] || bail "build push_callback, tests/fcgi-send and pushcb-report first"

BATCHES=300        # per host
EVENTS=20          # per batch
RELP_PORT=$(free_port) || bail "no free port"
COLL=$T/collected

# The collector, then each host: push_callback on its own port and log directory,
# and an rsyslogd following that directory.
rs_render collector collector pushcb-collector.conf \
	COLLECTOR=127.0.0.1 RELP_PORT="$RELP_PORT" COLLECTOR_DIR="$COLL"
rs_start collector
wait_listening "$RS_PID_collector" "$RELP_PORT" "the collector rsyslogd"
for h in host1 host2; do
	mkdir -p "$T/$h/logs"
	rs_render "$h" "$h" pushcb-input.conf LOGDIR="$T/$h/logs"
	rs_render "$h" "$h" pushcb-forward-relp.conf COLLECTOR=127.0.0.1 RELP_PORT="$RELP_PORT"
	rs_start "$h"
	port=$(free_port) || bail "no free port"
	env -i PATH="$PATH" PUSHCB_SDKAPPID=$PCB_TEST_SDKAPPID PUSHCB_LOG_DIR="$T/$h/logs" \
		PUSHCB_ROTATE=hourly PUSHCB_MAX_BYTES=100000 \
		"$PCB" --listen "127.0.0.1:$port" 2>>"$T/stderr" &
	pcb_track $!
	wait_listening $! "$port" "push_callback for $h"
	eval "PORT_$h=$port"
	mh_batches "$T/$h/batches" "$h" "$BATCHES" "$EVENTS" 10
done

# The load: every batch of each host, from two background loops.
for h in host1 host2; do
	eval "port=\$PORT_$h"
	(
		for f in "$T/$h/batches"/*.json; do
			status_of "$(post "127.0.0.1:$port" "$SAMPLE_QUERY" "$f")"
		done >"$T/$h/statuses"
		echo done >"$T/$h/load-done"
	) &
done

# The collector restarts in the middle: stopped once a third of the batches are
# in, started again once two thirds are (the hosts queue meanwhile).
host_lines() { cat "$T"/host1/logs/*.tsv "$T"/host2/logs/*.tsv 2>/dev/null | wc -l; }
total=$((2 * BATCHES * EVENTS))
wait_until "a third of the load is logged" 1200 sh -c "[ \$(cat '$T'/host*/logs/offlinepush-*.tsv 2>/dev/null | wc -l) -ge $((total / 3)) ]"
stop_server "$RS_PID_collector"
is "$?" 0 "the collector stops on SIGTERM with status 0"
at_stop=$(host_lines)
wait_until "two thirds of the load are logged" 1200 sh -c "[ \$(cat '$T'/host*/logs/offlinepush-*.tsv 2>/dev/null | wc -l) -ge $((2 * total / 3)) ]"
rs_start collector
wait_listening "$RS_PID_collector" "$RELP_PORT" "the collector rsyslogd, started again"
diag "collector stopped with $at_stop host lines written, started again with $(host_lines)"
wait_until "the load is over" 1200 test -e "$T/host1/load-done" -a -e "$T/host2/load-done"
is "$(cat "$T"/host*/statuses | sort | uniq -c | sed 's/^ *//')" "$((2 * BATCHES)) 200" \
	"every batch of both hosts was answered 200"

# Every line of every host file, at least once, in the collector's file of the
# same host and name.
missing_lines() {
	_m=0
	for h in host1 host2; do
		for f in "$T/$h/logs"/*.tsv; do
			_c=$COLL/$h/${f##*/}
			[ -e "$_c" ] || { _m=$((_m + $(wc -l <"$f"))); continue; }
			_m=$((_m + $(sort -u "$f" | comm -23 - <(sort -u "$_c") | wc -l)))
		done
	done
	echo "$_m"
}
n=0
for _ in $(seq 1 600); do
	n=$(missing_lines)
	[ "$n" = 0 ] && break
	sleep 0.2
done
is "$n" 0 "the collector's files hold every line of both hosts"

files_of() { (cd "$1" && ls *.tsv) | sort; }
is "$(files_of "$COLL/host1")" "$(files_of "$T/host1/logs")" "host1: one collector file per host file, same names"
is "$(files_of "$COLL/host2")" "$(files_of "$T/host2/logs")" "host2: one collector file per host file, same names"
nfiles=$(files_of "$T/host1/logs" | wc -l)
ok "the hosts' logs rotated (hourly, size segments, rejects): $nfiles files on host1" test "$nfiles" -ge 4
is "$(ls "$COLL")" "$(printf 'host1\nhost2')" "the collector made one directory per sending host, and nothing else"

extra=0 badhead=0 dupheads=0 dups=0
for h in host1 host2; do
	for f in "$T/$h/logs"/*.tsv; do
		c=$COLL/$h/${f##*/}
		extra=$((extra + $(sort -u "$c" | comm -13 <(sort -u "$f") - | wc -l)))
		[ "$(head -n 1 "$c")" = "$(head -n 1 "$f")" ] || badhead=$((badhead + 1))
		dupheads=$((dupheads + $(grep -c '^#' "$c") - 1))
		dups=$((dups + $(wc -l <"$c") - $(sort -u "$c" | wc -l)))
	done
done
is "$extra" 0 "the collector's files hold no line that a host did not write"
is "$badhead" 0 "each collector file begins with its host file's #fields header"
diag "lines received more than once at the collector: $dups (header lines among them: $dupheads)"
ok "any later header line is the file's own header (what pushcb-report skips)" \
	sh -c '! grep -h "^#" "$@" | sort -u | grep -v "^#fields	" >/dev/null' sh "$COLL"/*/*.tsv

# The report over the collector's files equals the report over the hosts' own.
"$REPORT" -q -F tsv "$T/host1/logs" "$T/host2/logs" >"$T/report.hosts" 2>"$T/report.hosts.err"
is "$?" 0 "pushcb-report over the hosts' files: exit 0"
"$REPORT" -q -F tsv "$COLL"/host1 "$COLL"/host2 >"$T/report.collector" 2>"$T/report.collector.err"
is "$?" 0 "pushcb-report over the collector's files: exit 0"
cat "$T/report.collector.err" >>"$T/stderr"
# The lines read and duplicates dropped differ by the lines received twice.
summary_less() { grep -vE '^(lines|duplicates_dropped)	' "$1"; }
ok "the funnel, the errors and the summary are equal (lines and duplicates aside)" \
	diff -u <(summary_less "$T/report.hosts") <(summary_less "$T/report.collector")
counted=$(sed -n 's/^counted	//p' "$T/report.collector")
is "$counted" "$((total - BATCHES / 10 * 2))" "and they count every valid event once"

# The Kafka variant, as far as this machine goes: no broker runs here.
mh_kafka_check

for n in host1 host2 collector; do
	eval "stop_server \$RS_PID_$n"
	is "$?" 0 "rsyslogd $n stops on SIGTERM with status 0"
done
done_testing
