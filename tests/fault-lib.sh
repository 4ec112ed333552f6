# fault-lib.sh: helpers of the fault tests (tests/integration/fault-*.sh), on
# top of tests/lib.sh. Not a test itself.
#
# Load is fcgi-send -n: each client sends COUNT requests one after the other,
# each with a one-event batch whose PushID is the request's own ten-digit ID,
# and writes "ID STATUS" a line to $T/load.N; so what was answered 200 can be
# compared with what is in the logs, ID by ID.
. "$top_srcdir/tests/lib.sh"

FAULT_SO=$top_builddir/tests/fault-inject.so
FAULT=$T/fault
mkdir -p "$FAULT"
ID_BODY=$T/id-event.json
printf '%s' '{"Events":[{"CallbackCommand":"Push.OfflinePush","EventType":1,"EventTime":1557481127,"From_Account":"user1","To_Account":"user2","PushPlatform":1,"PushStage":1,"MsgKey":"k","MsgSeq":1,"MsgRandom":2,"MsgTime":1557481126,"PushID":"@@@@@@@@@@","ErrCode":0,"ErrInfo":"OK"}]}' >"$ID_BODY"
_loads=""

# id_batch FILE N PREFIX: a batch of N events, PushIDs PREFIX1..PREFIXN, in FILE.
id_batch() {
	{
		printf '{"Events":['
		for _i in $(seq 1 "$2"); do
			[ "$_i" = 1 ] || printf ','
			sed "s/@@@@@@@@@@/$3$_i/; s/^{\"Events\":\[//; s/\]}\$//" "$ID_BODY"
		done
		printf ']}'
	} >"$1"
}

# The answer to a batch whose log cannot be written (503).
FAIL_LOG='{"ActionStatus":"FAIL","ErrorInfo":"log not writable","ErrorCode":1}'

# big_batch_taken WHAT: one TAP test that a 100-event batch ($T/big.json,
# PushIDs big-N, about 30 KB) is answered OK on $T/sock; sets f (the events
# file) and size (its size after).
big_batch_taken() {
	id_batch "$T/big.json" 100 big-
	is "$(body_of "$(post "$T/sock" "$SAMPLE_QUERY" "$T/big.json")")" "$OK_JSON" "$1: a 100-event batch is taken"
	f=$(ls "$T"/logs/offlinepush-*.tsv)
	size=$(wc -c <"$f" | tr -d ' ')
}

# needs_root WHY: skips unless root.
needs_root() { [ "$(id -u)" = 0 ] || skip_all "needs root: $*"; }

# with_mount DIR MOUNT-ARGS...: mounts over DIR (unmounted at exit); skips if
# mount fails (fails under scripts/test-all, which runs as root where it can).
with_mount() {
	_dir=$1
	shift
	mkdir -p "$_dir"
	mount "$@" "$_dir" 2>>"$T/stderr" || missing "a working mount ($*)"
	_mounts="$_dir ${_mounts:-}"
	trap '_unmount_all; _cleanup' EXIT
}
_unmount_all() { for _m in ${_mounts:-}; do umount -l "$_m" 2>/dev/null; done; }

# send_ids SOCK COUNT FIRST: COUNT one-event batches, IDs from FIRST on; prints "ID STATUS" lines.
send_ids() {
	"$FCGI_SEND" -s "$1" -p REQUEST_METHOD=POST -p "QUERY_STRING=$SAMPLE_QUERY" \
		-p "CONTENT_LENGTH=$(wc -c <"$ID_BODY" | tr -d ' ')" -b "$ID_BODY" -n "$2" -I "$3" 2>/dev/null
}

# load_start SOCK CLIENTS COUNT [FIRST]: CLIENTS clients in the background,
# COUNT requests each, LOAD_CHUNK at a time (so that their answers show in
# load_progress as they come); IDs from FIRST (default 1) on, client c taking
# the range FIRST + c * COUNT... A client stops early, between two chunks,
# once load_stop is called.
LOAD_CHUNK=50
load_start() {
	_first=${4:-1}
	rm -f "$T/stop"
	for _c in $(seq 0 $(($2 - 1))); do
		_load_client "$1" "$3" $((_first + _c * $3)) >"$T/load.$_first.$_c" &
		_loads="$_loads $!"
	done
}
_load_client() { # SOCK COUNT FIRST
	_lc_id=$3
	_lc_end=$(($3 + $2))
	while [ "$_lc_id" -lt "$_lc_end" ] && [ ! -e "$T/stop" ]; do
		_lc_n=$((_lc_end - _lc_id))
		[ "$_lc_n" -gt "$LOAD_CHUNK" ] && _lc_n=$LOAD_CHUNK
		send_ids "$1" "$_lc_n" "$_lc_id"
		_lc_id=$((_lc_id + _lc_n))
	done
}

# load_wait: waits for every client started by load_start.
load_wait() {
	for _p in $_loads; do wait "$_p"; done
	_loads=""
}

# load_until_stopped SOCK CLIENTS MAX: load_start's clients, IDs from 1 on,
# meant to be ended by load_stop (MAX requests each at most).
load_until_stopped() { load_start "$1" "$2" "$3" 1; }

# load_stop: stops the clients of load_start after their current chunk and
# waits for them; LOAD_RUNNING says how many were still sending.
load_stop() {
	LOAD_RUNNING=0
	for _p in $_loads; do kill -0 "$_p" 2>/dev/null && LOAD_RUNNING=$((LOAD_RUNNING + 1)); done
	touch "$T/stop"
	load_wait
}

# load_progress: how many requests the clients have had answered (or not) so far.
load_progress() { cat "$T"/load.* 2>/dev/null | wc -l | tr -d ' '; }

# wait_progress N: waits (1200 tries, two minutes at least) until N requests have been answered.
wait_progress() {
	for _ in $(seq 1 1200); do
		[ "$(load_progress)" -ge "$1" ] && return 0
		sleep 0.1
	done
	return 1
}

# answered STATUS: the IDs answered STATUS, sorted.
answered() { cat "$T"/load.* 2>/dev/null | awk -v s="$1" '$2 == s {print $1}' | sort; }

# logged_ids DIR: the PushIDs of every event line in DIR's Push.OfflinePush
# files, sorted; a torn line (it ends in the byte 0xff, pcb_logformat.h) is
# not an event. One awk for all the files: a rotation test leaves thousands.
logged_ids() {
	find "$1" -maxdepth 1 -type f -name 'offlinepush-*.tsv*' -exec env LC_ALL=C awk -F '\t' '
		FNR == 1 { c = 0; for (i = 2; i <= NF; i++) if ($i == "PushID") c = i - 1 }
		/^#/ || /\377$/ || c == 0 { next }
		{ print $c }' {} + | sort
}

# all_whole DIR: every file in DIR ends with a newline, has one header, at its
# top, and lines with as many fields as the header names, but torn lines
# (what a write that did not finish left: they end in the byte 0xff), each
# followed at once by a "#torn" comment line (pcb_logformat.h).
all_whole() {
	for _f in "$1"/*.tsv*; do
		[ -f "$_f" ] || continue
		[ -s "$_f" ] || continue
		[ "$(tail -c 1 "$_f" | od -An -c | tr -d ' ')" = '\n' ] || { diag "$_f: no final newline"; return 1; }
		LC_ALL=C awk -F '\t' 'NR == 1 {n = NF - 1; if ($1 != "#fields") exit 1; next}
			torn { if ($0 !~ /^#torn\t/) exit 1; torn = 0; next }
			/\377$/ { torn = 1; next }
			/^#/ || NF != n { exit 1 }
			END { if (torn) exit 1 }' "$_f" ||
			{ diag "$_f: a line neither whole nor marked torn, or a second header"; return 1; }
	done
}

# torn_lines DIR: how many torn lines (ending in the byte 0xff) DIR's files hold.
torn_lines() { cat "$1"/*.tsv 2>/dev/null | LC_ALL=C grep -c "$(printf '\377')\$" || true; }

# check_logged_once WHAT DIR: TAP tests that every ID answered 200 is logged
# exactly once, that no ID is logged twice, and that every line is whole.
check_logged_once() {
	answered 200 >"$T/ok.ids"
	logged_ids "$2" >"$T/logged.ids"
	ok "$1: every line of every file whole (or marked torn)" all_whole "$2"
	is "$(uniq -d "$T/logged.ids" | head -n 5)" "" "$1: no event logged twice"
	is "$(comm -23 "$T/ok.ids" "$T/logged.ids" | head -n 5)" "" "$1: every request answered 200 is logged"
}

# workers PID: the worker processes under multiwatch PID.
workers() { pgrep -P "$1" | sort; }

