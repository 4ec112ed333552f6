#!/bin/bash
# Followers never miss an acknowledged event: every event of a batch answered
# 200 is, as one whole line, in the event or the reject log at the log's path
# at the time of the write, and no reader that follows the files misses it:
# rsyslog imfile with deploy/rsyslog/pushcb-input.conf as shipped (forwarding
# over RELP, pushcb-forward-relp.conf, to a collector rsyslogd,
# pushcb-collector.conf, all on 127.0.0.1), and `tail -F`, one per path.
#
# Three workers (spawn-fcgi + multiwatch, the fault shim preloaded) write into a
# small tmpfs while clients post batches of five events, each with a PushID
# of its own (half the clients send a batch whose fifth event is rejected,
# so the reject log is written too), in four phases, each with its fault:
#   a. kill      a worker killed in the middle of its write(2) (the shim's
#                write-kill: half the bytes, then SIGKILL): once with no other
#                load, the torn batch left alone for 0.3 s, then four times
#                under load
#   b. full      the tmpfs filled but for two pages, three times, then freed
#   c. reject    the reject log fails (the shim's reject-eio) while the event
#                log is fine: those batches are 503
#   d. rotate    logrotate's way under load, both files, four times: mv to
#                NAME.N, an empty file made at NAME ("create"), NAME.N gzipped
#                at once (twice), or the one before at the next rotation
#                ("delaycompress", twice)
# Meanwhile the size of every file in the log directory is polled every
# 10 ms. Then:
#   - no log file ever got smaller (same inode, smaller size) or had the
#     bytes before its old end changed (cut back, then grown again between two
#     polls), and tail -F never reported "file truncated";
#   - every event of every batch answered 200 is a whole line of the host's
#     files (plain or .gz), and the very same line is in the collector's
#     files and in tail -F's output (the gzipped files could only be read
#     before their rename: no catching up afterwards);
#   - neither follower has a line that the host's files do not hold (no line
#     glued from the ends of two writes);
#   - pushcb-report -F tsv over the collector's files equals pushcb-report over
#     the host's files, file and line counts aside (a follower may send a
#     line twice; rotation makes several host files of one collector file).
# Lines of batches not answered 200 may be anywhere (a killed or failed write
# may leave whole lines and one torn line, ended by the next writer and
# followed by a "#torn" comment line): only the acknowledged must be there.
# Protections pinned: a log file only ever grows (no cut back, no take back),
# so a follower's read position never lands inside a later write.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/fault-lib.sh"
needs_root "mounts a small tmpfs as the log directory"
need spawn-fcgi multiwatch rsyslogd gzip tail perl
. "$top_srcdir/tests/multihost-lib.sh"
[ -n "$(find /usr/lib -name omrelp.so 2>/dev/null)" ] || skip_all "rsyslog-relp is not installed"
REPORT=$top_builddir/pushcb-report
[ -x "$PCB" ] && [ -x "$FCGI_SEND" ] && [ -x "$REPORT" ] && [ -f "$FAULT_SO" ] ||
	bail "build push_callback, pushcb-report, tests/fcgi-send and tests/fault-inject.so first"

REQUESTS=${PCB_FOLLOW_REQUESTS:-200} # per client and phase; three clients
LOGS=$T/logs
COLL=$T/collected
EVENTS_PER_BATCH=5

# The file names of today (daily rotation); the test needs them to stay.
DAY=$(date -u +%Y-%m-%d)
EV=$LOGS/offlinepush-$DAY.tsv
RJ=$LOGS/reject-offlinepush-$DAY.tsv
[ "$(date -u -d '+2 minutes' +%Y-%m-%d)" = "$DAY" ] || skip_all "too close to midnight UTC: the log names would change"

# The batches: five events, PushID pid-ID-0E (ID: fcgi-send's ten-digit request
# ID); in the "r" batch the fifth event is invalid (EventType a string), so it
# goes to the reject log.
batch_template() {
	awk -v bad="$2" 'BEGIN {
		printf "{\"Events\":["
		for (e = 1; e <= 5; e++)
			printf "%s{\"CallbackCommand\":\"Push.OfflinePush\",\"EventType\":%s," \
				"\"EventTime\":1764028800,\"From_Account\":\"from%d\",\"To_Account\":\"to%d\"," \
				"\"PushPlatform\":%d,\"PushStage\":%d,\"MsgKey\":\"k%d\",\"MsgSeq\":%d," \
				"\"MsgRandom\":7,\"MsgTime\":1764028800,\"PushID\":\"pid-@@@@@@@@@@-0%d\"," \
				"\"ErrCode\":%d,\"ErrInfo\":\"%s\"}", (e > 1 ? "," : ""),
				(bad && e == 5 ? "\"1\"" : "1"), e, e, e, 1 + e % 3, e, e, e,
				(e == 3 ? 1001 : 0), (e == 3 ? "push failed" : "OK")
		printf "]}"
	}' >"$1"
}
batch_template "$T/batch.g" 0
batch_template "$T/batch.r" 1
LEN_g=$(wc -c <"$T/batch.g" | tr -d ' ')
LEN_r=$(wc -c <"$T/batch.r" | tr -d ' ')

# --- The followers, then the workers --------------------------------------
RELP_PORT=$(free_port) || bail "no free port"
with_mount "$LOGS" -t tmpfs -o size=16m,mode=0755 pcb-follow
rs_render collector collector pushcb-collector.conf \
	COLLECTOR=127.0.0.1 RELP_PORT="$RELP_PORT" COLLECTOR_DIR="$COLL"
rs_start collector
wait_listening "$RS_PID_collector" "$RELP_PORT" "the collector rsyslogd"
rs_render host1 host1 pushcb-input.conf LOGDIR="$LOGS"
rs_render host1 host1 pushcb-forward-relp.conf COLLECTOR=127.0.0.1 RELP_PORT="$RELP_PORT"
rs_start host1
# tail -F, one per path, from the first line of each file that appears there.
for n in "ev:$EV" "rj:$RJ"; do
	tail -F -n +1 -s 0.05 "${n#*:}" >"$T/tail.${n%%:*}" 2>"$T/tail.${n%%:*}.err" &
	pcb_track $!
done

# The size watch: every file of the log directory stat(2)ed every 10 ms, by
# inode (a renamed file is the same file). Written to $T/watch: "smaller NAME:
# OLD -> NEW bytes" when a file is smaller than at the poll before, and
# "rewritten NAME: ..." when the 64 bytes before its size at the poll before
# are not the same bytes any more (a cut back and a regrowth between two
# polls). perl (perl-base, always there on Debian) rather than a shell loop:
# no fork per poll, so the polls can be close.
perl -e '
	my ($dir, $stop, $ms) = @ARGV;
	my (%size, %tail, %fh, $polls);
	$| = 1;
	sub tail_of {
		my ($fh, $end) = @_;
		my $from = $end > 64 ? $end - 64 : 0;
		my $buf = "";
		sysseek($fh, $from, 0) and sysread($fh, $buf, $end - $from);
		return $buf;
	}
	until (-e $stop) {
		my %now;
		if (opendir(my $d, $dir)) {
			for my $n (grep { $_ ne ".push_callback.metrics" } readdir $d) {
				my @st = lstat("$dir/$n") or next;
				next unless -f _;
				my ($ino, $size) = @st[1, 7];
				$now{$ino} = 1;
				if (!$fh{$ino}) {
					open($fh{$ino}, "<", "$dir/$n") or next;
				}
				if (exists $size{$ino}) {
					print "smaller $n: $size{$ino} -> $size bytes\n" if $size < $size{$ino};
					print "rewritten $n: bytes before offset $size{$ino} changed\n"
						if $size >= $size{$ino} && tail_of($fh{$ino}, $size{$ino}) ne $tail{$ino};
				}
				$size{$ino} = $size;
				$tail{$ino} = tail_of($fh{$ino}, $size);
			}
			closedir $d;
		}
		for my $i (grep { !$now{$_} } keys %size) {
			close($fh{$i}) if $fh{$i};
			delete $fh{$i}; delete $size{$i}; delete $tail{$i};
		}
		$polls++;
		select(undef, undef, undef, $ms / 1000);
	}
	print "# $polls polls\n";
' "$LOGS" "$T/watch.stop" 10 >"$T/watch" &
WATCH_PID=$!
pcb_track "$WATCH_PID"

PCB_MULTIWATCH_ARGS=--retry=1000 pcb_spawn "$T/sock" 3 LD_PRELOAD="$FAULT_SO" \
	PCB_FAULT_DIR="$FAULT" ASAN_OPTIONS=verify_asan_link_order=0

# --- The load ---------------------------------------------------------------
# phase_load P [COUNT]: three clients in the background, COUNT (REQUESTS)
# batches each, IDs P0C00001... (client 0 sends "r" batches, clients 1 and 2
# "g" ones), paced: CHUNK batches one after the other, then a pause of 50 ms,
# so that a phase lasts a few seconds and its faults land in the middle of the
# load; a client stops early once $T/stop.P exists. Each client writes "ID
# STATUS" lines to $T/load.P.C.TEMPLATE.
CHUNK=10
client() { # P C TEMPLATE COUNT
	_id=$(($1 * 1000000 + $2 * 100000 + 1))
	_end=$((_id + $4))
	eval "_len=\$LEN_$3"
	while [ "$_id" -lt "$_end" ] && [ ! -e "$T/stop.$1" ]; do
		"$FCGI_SEND" -s "$T/sock" -p REQUEST_METHOD=POST -p "QUERY_STRING=$SAMPLE_QUERY" \
			-p "CONTENT_LENGTH=$_len" -b "$T/batch.$3" \
			-n "$CHUNK" -I "$_id" 2>/dev/null
		_id=$((_id + CHUNK))
		sleep 0.05
	done >"$T/load.$1.$2.$3"
}
phase_load() {
	PHASE_BASE=$(load_progress)
	PHASE_START=$SECONDS
	for c in 0 1 2; do
		tpl=g
		[ "$c" = 0 ] && tpl=r
		client "$1" "$c" "$tpl" "${2:-$REQUESTS}" &
		_loads="$_loads $!"
		pcb_track $!
	done
}
# Every wait of the test ends by this deadline (seconds), generous for a busy
# machine; a wait that reaches it bails out, naming what it waited for.
DEADLINE=${PCB_FOLLOW_DEADLINE:-120}
# phase_at FRACTION: waits until FRACTION (a percentage) of the phase's
# REQUESTS per client are answered.
phase_at() {
	_t0=$SECONDS
	until [ "$(load_progress)" -ge $((PHASE_BASE + 3 * REQUESTS * $1 / 100)) ]; do
		[ $((SECONDS - _t0)) -lt "$DEADLINE" ] ||
			bail "the load does not progress: $1% of the phase's requests not answered in $DEADLINE s"
		sleep 0.02
	done
}
# statuses P: "STATUS COUNT" of phase P's requests.
statuses() { cat "$T"/load."$1".* | awk '{n[$2]++} END {for (s in n) print s, n[s]}' | sort; }
count_of() { statuses "$1" | awk -v s="$2" '$1 == s {print $2}' | grep . || echo 0; }
# wait_answered P STATUS N WHAT: waits until phase P has more than N requests
# answered STATUS (the fault WHAT was seen by a client).
wait_answered() {
	_t0=$SECONDS
	until [ "$(count_of "$1" "$2")" -gt "$3" ]; do
		[ $((SECONDS - _t0)) -lt "$DEADLINE" ] || bail "no request was answered $2 while $4 ($DEADLINE s)"
		sleep 0.02
	done
}

# a. Workers killed in the middle of a write: first with no other load, the
# torn batch left as it is for 0.3 s (the followers and the size watch see
# it), then four times under load.
touch "$FAULT/write-kill"
"$FCGI_SEND" -s "$T/sock" -p REQUEST_METHOD=POST -p "QUERY_STRING=$SAMPLE_QUERY" \
	-p "CONTENT_LENGTH=$LEN_g" -b "$T/batch.g" -n 1 -I 1900001 >"$T/load.1.9.g" 2>/dev/null
sleep 0.3
phase_load 1
for k in 1 2 3 4; do
	phase_at $((k * 20))
	touch "$FAULT/write-kill"
	for _ in $(seq 1 100); do [ -e "$FAULT/write-kill" ] || break; sleep 0.05; done
done
load_wait
rm -f "$FAULT/write-kill"
diag "a. kill ($((SECONDS - PHASE_START)) s): $(statuses 1 | tr '\n' ' ')"
ok "a. kill: workers were killed mid-write (batches left unanswered)" test "$(count_of 1 0)" -gt 0

# b. The disk full three times: two pages left, so that a write stops part-way.
phase_load 2
for k in 1 2 3; do
	phase_at $((k * 25))
	head -c 8192 /dev/zero >"$LOGS/reserve"
	dd if=/dev/zero of="$LOGS/fill" bs=4096 2>/dev/null
	rm -f "$LOGS/reserve"
	# Full for 0.3 s at least, and until a client has had a 503 of it.
	sleep 0.3
	wait_answered 2 503 $((k - 1)) "the disk was full"
	rm -f "$LOGS/fill"
done
load_wait
diag "b. full ($((SECONDS - PHASE_START)) s): $(statuses 2 | tr '\n' ' ')"
ok "b. full: batches were refused while the disk was full" test "$(count_of 2 503)" -gt 0

# c. The reject log fails while the event log is fine.
phase_load 3
phase_at 25
touch "$FAULT/reject-eio"
phase_at 60
wait_answered 3 503 0 "the reject log failed"
rm -f "$FAULT/reject-eio"
load_wait
diag "c. reject ($((SECONDS - PHASE_START)) s): $(statuses 3 | tr '\n' ' ')"
ok "c. reject: batches with a reject were refused while the reject log failed" \
	test "$(cat "$T"/load.3.0.r | awk '$2 == 503' | wc -l)" -gt 0

# d. logrotate under load: rotations 1 and 2 compress at once, 3 and 4 with
# delaycompress (the file of the rotation before). A follower can only read a
# file it has opened: tail -F follows a name, and one started before its file
# exists polls it (coreutils turns inotify off then), opening the name again
# only once the file it holds has not grown for five polls
# (--max-unchanged-stats); rsyslog imfile stops following a file that gzip
# removes. So a file that stands at the path, or stays uncompressed, for less
# than a follower's lag is never read by it: a limit of every follower by
# name (pushcb-logs(5), ROTATION AND HOUSEKEEPING), which made this phase
# miss 1200 events at tail -F, every run. The test asks of the followers what
# a rotation that gives them time asks: before each rotation, each follower
# has the last acknowledged line of the file at the path (it has opened it),
# and before a file is compressed, each has its last acknowledged line (taken
# once no writer holds the file's lock: whatever a writer had begun is in).
# The load goes on meanwhile, and ends only after the fourth rotation.

# last_acked FILE: the last line of FILE (plain) written by a batch of phase d
# answered 200 so far; nothing when there is none.
last_acked() {
	cat "$T"/load.4.* 2>/dev/null | awk '$2 == 200 {print "pid-" $1}' >"$T/acked.now"
	LC_ALL=C awk -F '\t' 'FILENAME == ARGV[1] { ok[$1] = 1; next }
		NF == 18 && (substr($15, 1, 14) in ok) { last = $0 }
		NF == 6 && match($6, /pid-[0-9]+-0[1-5]/) && (substr($6, RSTART, 14) in ok) { last = $0 }
		END { if (last != "") print last }' "$T/acked.now" "$1"
}
# followers_lack LINE TAILFILE: which follower has not LINE as a whole line
# yet ("tail -F", "rsyslog"), nothing when both have.
followers_lack() {
	LC_ALL=C grep -qxF -- "$1" "$2" || echo "tail -F"
	cat "$COLL"/host1/*.tsv 2>/dev/null | LC_ALL=C grep -qxF -- "$1" || echo rsyslog
}
# caught_up FILE TAILFILE: waits until tail -F (into TAILFILE) and rsyslog
# have the last acknowledged line of FILE (plain); FOLLOW_WAIT adds up the time.
FOLLOW_WAIT=0
caught_up() {
	_t0=$SECONDS
	_line=$(last_acked "$1")
	until [ -n "$_line" ] && [ -z "$(followers_lack "$_line" "$2")" ]; do
		[ $((SECONDS - _t0)) -lt "$DEADLINE" ] || [ -n "$_line" ] ||
			bail "no line of an acknowledged batch in ${1##*/} in $DEADLINE s"
		[ $((SECONDS - _t0)) -lt "$DEADLINE" ] ||
			bail "$(followers_lack "$_line" "$2" | tr '\n' ' ')did not read the last acknowledged line of ${1##*/} in $DEADLINE s"
		sleep 0.05
		[ -n "$_line" ] || _line=$(last_acked "$1")
	done
	FOLLOW_WAIT=$((FOLLOW_WAIT + SECONDS - _t0))
}
# compress FILE TAILFILE: gzip FILE once no writer holds it and the followers have read it.
compress() {
	flock "$1" true
	caught_up "$1" "$2"
	gzip "$1"
}
rotate() { # PATH TAILFILE N DELAY
	[ -e "$1" ] || return 0
	caught_up "$1" "$2"
	mv "$1" "$1.$3" 2>/dev/null || return 0
	(set -C && : >"$1") 2>/dev/null # "create": not over a file a worker made meanwhile
	if [ "$4" = 0 ]; then
		compress "$1.$3" "$2"
	elif [ -e "$1.$(($3 - 1))" ]; then
		compress "$1.$(($3 - 1))" "$2"
	fi
}
# Up to twenty times REQUESTS per client (the IDs of a client stay in its
# range); stopped once the fourth rotation is done and a full phase's worth
# of requests is answered.
phase_load 4 $((REQUESTS * 20 < 90000 ? REQUESTS * 20 : 90000))
for k in 1 2 3 4; do
	phase_at $((k * 20))
	rotate "$EV" "$T/tail.ev" "$k" $((k > 2))
	rotate "$RJ" "$T/tail.rj" "$k" $((k > 2))
done
# A full phase's worth of requests, and three chunks more after the rotations.
ROTATED_AT=$(load_progress)
phase_at 100
PHASE_BASE=$ROTATED_AT REQUESTS=$CHUNK phase_at 100
touch "$T/stop.4"
load_wait
diag "d. rotate ($((SECONDS - PHASE_START)) s, $FOLLOW_WAIT s of it waiting for the followers): $(statuses 4 | tr '\n' ' '); host files: $(cd "$LOGS" && ls | tr '\n' ' ')"
is "$(cd "$LOGS" && ls | grep -cE '^(reject-)?offlinepush-[0-9-]+\.tsv\.[123]\.gz$')" 6 \
	"d. rotate: both logs were rotated four times, three of their files compressed"
ok "d. rotate: the files made at the paths by the fourth rotation were written to" \
	test "$(grep -vc '^#' "$EV")" -gt 0 -a "$(grep -vc '^#' "$RJ")" -gt 0

acked=$(answered 200 | wc -l)
diag "batches answered 200: $acked of $(load_progress); events in them: $((acked * EVENTS_PER_BATCH))"
[ "$(date -u +%Y-%m-%d)" = "$DAY" ] || skip_all "the UTC day changed during the run"

# --- The checks -------------------------------------------------------------
# The acknowledged events: "pid-ID-0E KIND" (ev: the event log, rj: the reject log).
for f in "$T"/load.*; do
	awk -v r="${f##*.}" '$2 == 200 {
		for (e = 1; e <= 5; e++)
			printf "pid-%s-0%d %s\n", $1, e, (r == "r" && e == 5 ? "rj" : "ev")
	}' "$f"
done >"$T/acked"

# The host's lines, "FILE<TAB>LINE", every file plain or gzipped.
host_lines() {
	for f in "$LOGS"/*.tsv*; do
		zcat -f "$f" | awk -v f="${f##*/}" '{print f "\t" $0}'
	done
}

# check_followed FILE...: the acknowledged events whose host line is not a
# line of FILE... ("missing N", then, when N > 0, how many of each phase), and
# the lines of FILE... that are no line of the host's files ("foreign N";
# comment lines aside: a collector may repeat a header); then up to five
# examples of each, "missing TOKEN (HOST FILE)" and "foreign LINE".
check_followed() {
	awk -F '\t' '
	FILENAME == ARGV[1] { split($0, a, " "); want[a[1]] = a[2]; next }
	FILENAME == ARGV[2] {
		line = substr($0, length($1) + 2)
		host[line] = 1
		tok = ""; kind = ""
		if (NF == 19) { tok = $16; kind = "ev" }
		else if (NF == 7 && match($7, /pid-[0-9]+-[0-9]+/)) { tok = substr($7, RSTART, RLENGTH); kind = "rj" }
		if (tok in want && want[tok] == kind && !(tok in line_of)) { line_of[tok] = line; file_of[tok] = $1 }
		next
	}
	{ seen[$0] = 1; if (!($0 in host) && $0 !~ /^#/) { foreign++; if (nf++ < 5) fx[nf] = $0 } }
	END {
		for (t in want) if ((t in line_of) && !(line_of[t] in seen)) {
			missing++
			if (nm++ < 5) mx[nm] = t " (" file_of[t] ")"
			byphase[substr(t, 5, 4) + 0]++
		}
		printf "missing %d\nforeign %d\n", missing, foreign
		if (missing > 0)
			printf "missing by phase: a. kill %d, b. full %d, c. reject %d, d. rotate %d\n",
				byphase[1], byphase[2], byphase[3], byphase[4]
		for (i = 1; i <= nm && i <= 5; i++) print "missing " mx[i]
		for (i = 1; i <= nf && i <= 5; i++) print "foreign " substr(fx[i], 1, 120)
	}' "$T/acked" "$T/host.lines" "$@"
}

# The tokens of the acknowledged events that are no whole line of the host's files.
host_lines >"$T/host.lines"
host_missing=$(awk -F '\t' '
	FILENAME == ARGV[1] { split($0, a, " "); want[a[1]] = a[2]; next }
	NF == 19 && ($16 in want) && want[$16] == "ev" { found[$16] = 1 }
	NF == 7 && match($7, /pid-[0-9]+-[0-9]+/) {
		t = substr($7, RSTART, RLENGTH)
		if ((t in want) && want[t] == "rj") found[t] = 1
	}
	END { for (t in want) if (!(t in found)) print t }' "$T/acked" "$T/host.lines")
is "$(printf '%s' "$host_missing" | grep -c . )" 0 \
	"host: every event of a batch answered 200 is a whole line of its log (plain or .gz)"
[ -n "$host_missing" ] && diag "not in the host's files: $(printf '%s\n' "$host_missing" | head -n 5 | tr '\n' ' ')"

# Let the followers catch up: until both have every acknowledged event, at
# most DEADLINE seconds (then the checks below say what is missing).
t0=$SECONDS
while [ $((SECONDS - t0)) -lt "$DEADLINE" ]; do
	[ "$(check_followed "$COLL"/host1/*.tsv | head -n 1)" = "missing 0" ] &&
		[ "$(check_followed "$T/tail.ev" "$T/tail.rj" | head -n 1)" = "missing 0" ] && break
	sleep 0.5
done
diag "waited $((SECONDS - t0)) s for the followers"
touch "$T/watch.stop"
wait "$WATCH_PID"

# No file ever got smaller, nor had its bytes changed.
diag "size watch: $(sed -n 's/^# //p' "$T/watch")"
is "$(grep -c '^smaller ' "$T/watch")" 0 "no log file ever got smaller (its size polled every 10 ms)"
is "$(grep -c '^rewritten ' "$T/watch")" 0 "no log file had bytes changed under a later write (cut back, then grown again)"
grep -v '^#' "$T/watch" | sort | uniq -c | sort -rn | head -n 5 | while IFS= read -r l; do diag "$l"; done
is "$(cat "$T"/tail.*.err | grep -c 'file truncated')" 0 "tail -F never saw a log file truncated"

report_on() { # NAME WHAT: "missing"/"foreign" results of check_followed in $T/NAME.check
	is "$(sed -n 's/^missing \([0-9]*\)$/\1/p' "$T/$1.check")" 0 \
		"$2: every event of a batch answered 200 is there, as the very line the host wrote"
	is "$(sed -n 's/^foreign \([0-9]*\)$/\1/p' "$T/$1.check")" 0 \
		"$2: every line is a line the host wrote (none glued from two writes)"
	grep -E '^(missing|foreign) [^0-9]' "$T/$1.check" | sed 's/^/  /' | while IFS= read -r l; do diag "$l"; done
}
check_followed "$COLL"/host1/*.tsv >"$T/rsyslog.check"
report_on rsyslog "rsyslog imfile (pushcb-input.conf) via the collector"
check_followed "$T/tail.ev" "$T/tail.rj" >"$T/tail.check"
report_on tail "tail -F"

# The tmpfs goes at exit: with PCB_KEEP_TMP, a copy of the host's files stays.
[ -n "${PCB_KEEP_TMP:-}" ] && cp -a "$LOGS" "$T/host-logs"

# The report over the followed files equals the report over the host's own.
"$REPORT" -q -F tsv "$LOGS"/*.tsv* >"$T/report.host" 2>"$T/report.host.err"
host_rc=$?
"$REPORT" -q -F tsv "$COLL/host1" >"$T/report.coll" 2>"$T/report.coll.err"
is "$?" "$host_rc" "pushcb-report: the same exit status over the collector's files as over the host's ($host_rc)"
counts_less() { grep -vE '^(files_read|files_skipped|lines|duplicates_dropped)	' "$1"; }
diff -u <(counts_less "$T/report.host") <(counts_less "$T/report.coll") >"$T/report.diff"
is "$?" 0 "pushcb-report -F tsv: the funnel, errors and summary are equal (file and line counts aside)"
[ -s "$T/report.diff" ] && diag "$(head -n 30 "$T/report.diff")"
diag "counted: host $(sed -n 's/^counted	//p' "$T/report.host"), collector $(sed -n 's/^counted	//p' "$T/report.coll")"

diag "the test took $SECONDS s"
stop_server "$PCB_PID"
for n in host1 collector; do
	eval "stop_server \$RS_PID_$n"
done
done_testing
