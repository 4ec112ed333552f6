# lib.sh: shared helpers for the shell integration tests; they print TAP.
#
# Source it from a test with:  . "$top_srcdir/tests/lib.sh"
# It sets PCB (the binary), FCGI_SEND (the test client), T (a private temporary
# directory, removed at exit) and the helpers below. Every server a test starts
# is registered with pcb_track and stopped at exit.

set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
PCB="$top_builddir/push_callback"
FCGI_SEND="$top_builddir/tests/fcgi-send"
DATA="$top_srcdir/tests/data"
SAMPLE_QUERY='SdkAppid=1400000000&CallbackCommand=Push.OfflinePush&contenttype=json'

T=$(mktemp -d "${TMPDIR:-/tmp}/pcbtest.XXXXXX")
chmod 0755 "$T"
_tap_n=0
_tap_failed=0
_pids=""

pcb_track() { _pids="$_pids $1"; }

_cleanup() {
	for p in $_pids; do
		kill -TERM "$p" 2>/dev/null
	done
	for p in $_pids; do
		for _ in 1 2 3 4 5 6 7 8 9 10; do
			kill -0 "$p" 2>/dev/null || break
			sleep 0.1
		done
		kill -KILL "$p" 2>/dev/null
	done
	# Reports a copied program's wrapper wrote (copy_programs) go where they are read.
	if [ -n "${PCB_REPORTS:-}" ] && [ -d "$T/reports" ]; then
		for _r in "$T/reports"/*; do
			[ -f "$_r" ] && cp "$_r" "$PCB_REPORTS/copied-$(basename "$T")-$(basename "$_r")"
		done
	fi
	if [ "${PCB_KEEP_TMP:-}" = "" ]; then
		rm -rf "$T"
	else
		echo "# kept $T"
	fi
}
trap _cleanup EXIT
trap 'exit 1' INT TERM

# ok NAME COMMAND...: one TAP test, passing when COMMAND exits 0.
ok() {
	_name=$1
	shift
	_tap_n=$((_tap_n + 1))
	if "$@"; then
		echo "ok $_tap_n - $_name"
	else
		_tap_failed=$((_tap_failed + 1))
		echo "not ok $_tap_n - $_name"
	fi
}

# is GOT WANT NAME: one TAP test comparing two strings.
is() {
	_tap_n=$((_tap_n + 1))
	if [ "$1" = "$2" ]; then
		echo "ok $_tap_n - $3"
	else
		_tap_failed=$((_tap_failed + 1))
		echo "not ok $_tap_n - $3"
		printf '%s\n' "$1" | sed 's/^/#   got:  /'
		printf '%s\n' "$2" | sed 's/^/#   want: /'
	fi
}

skip_all() { echo "1..0 # SKIP $*"; trap - EXIT; rm -rf "$T"; exit 0; }
bail() { echo "Bail out! $*"; exit 1; }
diag() { printf '%s\n' "$*" | sed 's/^/# /'; }

done_testing() {
	echo "1..$_tap_n"
	[ "$_tap_failed" -eq 0 ]
}

# missing WHAT: something the test needs is not installed. Outside
# scripts/test-all the test is skipped; under it (PCB_REQUIRE_ALL=1, set by
# test-all, which installs every package list) it fails, because a package
# missing there is a gap in scripts/packages/, not a pass.
missing() {
	[ "${PCB_REQUIRE_ALL:-0}" = 1 ] && bail "$* is not installed: add its package to scripts/packages/"
	skip_all "$* is not installed"
}

# need PROGRAM...: the test needs these programs (see missing).
need() {
	for _p in "$@"; do
		command -v "$_p" >/dev/null 2>&1 || missing "$_p"
	done
}

# wait_for_path TEST PATH TRIES: waits TRIES times 50 ms at most until
# `test TEST PATH` holds.
wait_for_path() {
	for _ in $(seq 1 "$3"); do
		[ "$1" "$2" ] && return 0
		sleep 0.05
	done
	return 1
}

# wait_for_socket PATH: waits (600 tries, 30 s at least) for a unix socket to appear.
wait_for_socket() { wait_for_path -S "$1" 600; }

# wait_for_file PATH: waits (1200 tries, a minute at least) for a file to
# appear (fcgi-send -W makes one when its pause begins).
wait_for_file() { wait_for_path -e "$1" 1200; }

# wait_for_port PORT: waits up to 10 s for a TCP port on 127.0.0.1 to accept.
wait_for_port() {
	for _ in $(seq 1 200); do
		(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
		sleep 0.05
	done
	return 1
}

# wait_until WHAT TRIES COMMAND...: runs COMMAND every 0.1 s until it succeeds,
# at most TRIES times; bails out naming WHAT if it never does.
wait_until() {
	_what=$1 _tries=$2
	shift 2
	for _ in $(seq 1 "$_tries"); do
		"$@" 2>/dev/null && return 0
		sleep 0.1
	done
	bail "timed out waiting until $_what"
}

# listening PID PORT: process PID, or a child of it, holds a TCP socket that
# listens on PORT: what answers there is that server, not another program
# (another test's) that took the port between free_port and the server's bind.
listening() {
	_inodes=$(awk -v p="$(printf ':%04X' "$2")" '$4 == "0A" && substr($2, length($2) - 4) == p {
		printf " socket:[%s]", $10 }' /proc/net/tcp /proc/net/tcp6 2>/dev/null)
	[ -n "$_inodes" ] || return 1
	for _lp in "$1" $(pgrep -P "$1"); do
		for _fd in /proc/"$_lp"/fd/*; do
			case "$_inodes " in *" $(readlink "$_fd" 2>/dev/null) "*) return 0 ;; esac
		done
	done
	return 1
}

# wait_listening PID PORT WHAT: waits (600 tries, a minute at least) until
# process PID listens on PORT (listening); bails out naming WHAT when PID ends
# first (the port was taken meanwhile) or it never does.
wait_listening() {
	for _ in $(seq 1 600); do
		listening "$1" "$2" && return 0
		proc_ended "$1" && bail "$3 ended before it listened on port $2 (taken meanwhile?): see $T/stderr"
		sleep 0.1
	done
	bail "timed out waiting until $3 listens on port $2"
}

# wait_for_stderr PATTERN COUNT: waits (1200 tries, a minute at least) until
# COUNT lines of $T/stderr match PATTERN (a grep pattern).
wait_for_stderr() {
	for _ in $(seq 1 1200); do
		_n=$(grep -c -- "$1" "$T/stderr" 2>/dev/null)
		[ "${_n:-0}" -ge "$2" ] && return 0
		sleep 0.05
	done
	return 1
}

# sockets_of PID: the sockets process PID holds, "socket:[INODE]" a line.
sockets_of() {
	for _fd in /proc/"$1"/fd/*; do
		readlink "$_fd" 2>/dev/null
	done | grep '^socket:' || true
}

# wait_new_socket PID BEFORE [CLIENT]: waits (600 tries, 30 s at least) until
# process PID holds a socket that BEFORE (sockets_of PID, taken earlier) did
# not list: a worker has taken a connection made since. Returns 0 then; 2
# when process CLIENT has ended first (its request was over before a look
# saw it held); 1 when neither happens.
wait_new_socket() {
	for _ in $(seq 1 600); do
		sockets_of "$1" | grep -qvxF -e "$2" && return 0
		[ -n "${3:-}" ] && proc_ended "$3" && return 2
		sleep 0.05
	done
	return 1
}

# wait_for_ready PID: waits for push_callback's start-up line
# ("push_callback[PID]: ready: ...") in $T/stderr: its start-up warnings are
# written by then, and its signal handlers are in place. (A socket made by
# spawn-fcgi exists before the program runs.)
wait_for_ready() { wait_for_stderr "push_callback\[$1\]: ready" 1; }

# free_port: prints a TCP port on 127.0.0.1 that nothing listens on now, at
# random (from /dev/urandom: sh has no $RANDOM) below the ephemeral range
# (ip_local_port_range), where no outgoing connection's local port can hold it.
free_port() {
	_top=$(cut -f 1 /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null)
	[ "${_top:-0}" -gt 12000 ] || _top=32768
	for _ in $(seq 1 50); do
		_port=$(($(od -An -N2 -tu2 /dev/urandom) % (_top - 10000) + 10000))
		(exec 3<>"/dev/tcp/127.0.0.1/$_port") 2>/dev/null || { echo "$_port"; return 0; }
	done
	return 1
}

# pcb_env: the environment every test instance runs with; override before calling.
PCB_TEST_SDKAPPID=1400000000
pcb_env() {
	echo "PUSHCB_SDKAPPID=$PCB_TEST_SDKAPPID"
	echo "PUSHCB_LOG_DIR=$T/logs"
}

# pcb_spawn SOCK [WORKERS] [VAR=VALUE...]: runs push_callback under spawn-fcgi
# (and multiwatch for WORKERS > 1) on the unix socket SOCK; sets PCB_PID.
pcb_spawn() {
	_sock=$1
	_workers=${2:-1}
	shift
	[ $# -gt 0 ] && shift
	mkdir -p "$T/logs"
	_ready=$(grep -c -- ': ready: ' "$T/stderr" 2>/dev/null)
	if [ "$_workers" -gt 1 ]; then
		# PCB_MULTIWATCH_ARGS: more multiwatch options (its --retry, say).
		env -i PATH="$PATH" $(pcb_env) "$@" spawn-fcgi -n -s "$_sock" -M 0600 -- \
			/usr/bin/multiwatch -f "$_workers" ${PCB_MULTIWATCH_ARGS:-} -- "$PCB" 2>>"$T/stderr" &
	else
		env -i PATH="$PATH" $(pcb_env) "$@" spawn-fcgi -n -s "$_sock" -M 0600 -- \
			"$PCB" 2>>"$T/stderr" &
	fi
	PCB_PID=$!
	pcb_track "$PCB_PID"
	wait_for_socket "$_sock" || bail "spawn-fcgi did not create $_sock"
	# Every worker past its start-up (handlers installed), not just the socket made.
	wait_for_stderr ': ready: ' $((${_ready:-0} + _workers)) ||
		bail "push_callback did not get ready under spawn-fcgi: see $T/stderr"
}

# post SOCK QUERY BODYFILE [extra fcgi-send args]: prints the whole response.
post() {
	_sock=$1 _query=$2 _body=$3
	shift 3
	"$FCGI_SEND" -s "$_sock" -p REQUEST_METHOD=POST -p "QUERY_STRING=$_query" \
		-p "CONTENT_LENGTH=$(wc -c <"$_body" | tr -d ' ')" -p REMOTE_ADDR=127.0.0.1 \
		-b "$_body" "$@"
}

# stderr_count PATTERN: how many lines of the servers' stderr match PATTERN.
stderr_count() { grep -c -- "$1" "$T/stderr" 2>/dev/null || true; }

# body_of RESPONSE: the part after the blank line that ends the headers
# (CRLF or LF); status_of RESPONSE: the code of the first "Status:" line, 200
# without one. In the shell alone: a test calls them hundreds of times, and a
# fork costs milliseconds on a loaded machine.
_nl='
'
_cr=$(printf '\r')
body_of() {
	case $1 in
	*"$_cr$_nl$_cr$_nl"*) printf '%s' "${1#*"$_cr$_nl$_cr$_nl"}" ;;
	*"$_nl$_nl"*) printf '%s' "${1#*"$_nl$_nl"}" ;;
	esac
}
status_of() {
	_s=$_nl$1
	case $_s in
	*"${_nl}Status: "*) _s=${_s#*"${_nl}Status: "} _s=${_s%%[!0-9]*} ;;
	*) _s= ;;
	esac
	echo "${_s:-200}"
}

# event_lines DIR: every event line (not headers) of every events file, in file order.
event_lines() { cat "$1"/offlinepush-*.tsv 2>/dev/null | grep -v '^#' || true; }

OK_JSON='{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0}'

# ---------------------------------------------------------------------------
# Deployment helpers (tests/integration/deploy-*.sh). Every server configuration
# is rendered from the files in deploy/ with deploy/render, as users do.

DEPLOY="$top_srcdir/deploy"
SAMPLE="$DEPLOY/sample-request.json"

# deploy_setup: skips unless root (the servers switch to www-data and nobody),
# then copies the programs (copy_programs).
deploy_setup() {
	[ "$(id -u)" = 0 ] || skip_all "needs root: the servers run their workers as www-data"
	copy_programs
}

# copy_programs: copies the program and the test client into $T/bin, where
# other users (nobody, www-data) can run them whatever the permissions of the
# build tree (a clone under /root is mode 0700).
copy_programs() {
	[ -x "$PCB" ] || bail "$PCB is not built"
	mkdir -p "$T/bin"
	if [ -n "${PCB_WRAPPER:-}" ]; then
		# Under PCB_WRAPPER: the binary, and a wrapper that runs the copy.
		# The wrapper's reports (valgrind's --log-file, ASan's log_path)
		# go to $T/reports, which every user can write (valgrind will not
		# start a program whose log it cannot create); _cleanup moves them
		# to PCB_REPORTS, where scripts/run-wrapped looks.
		_wrapper=$PCB_WRAPPER
		if [ -n "${PCB_REPORTS:-}" ]; then
			mkdir -p "$T/reports"
			chmod 1777 "$T/reports"
			_wrapper=$(printf '%s\n' "$PCB_WRAPPER" | sed "s|$PCB_REPORTS|$T/reports|g")
		fi
		cp "$PCB_REAL" "$T/bin/push_callback.real"
		write_wrapper "$T/bin/push_callback" "$_wrapper" "$T/bin/push_callback.real"
	else
		cp "$PCB" "$T/bin/push_callback"
	fi
	[ -x "$FCGI_SEND" ] && cp "$FCGI_SEND" "$T/bin/fcgi-send"
	chmod 0755 "$T/bin" "$T/bin"/*
}

# render TEMPLATE OUTPUT [NAME=VALUE]...: deploy/render, or bail.
render() {
	_tpl=$1 _out=$2
	shift 2
	sh "$DEPLOY/render" "$_tpl" "$@" >"$_out" || bail "deploy/render $_tpl failed"
}

# conf_from_example OUTPUT [KEY=VALUE]...: the shipped push_callback.conf.example
# with each KEY set (its line uncommented); bails if the example lacks a KEY.
conf_from_example() {
	_out=$1
	shift
	cp "$top_srcdir/push_callback.conf.example" "$_out.tmp"
	for _kv in "$@"; do
		_k=${_kv%%=*}
		grep -q "^#\{0,1\}$_k=" "$_out.tmp" || bail "the example configuration has no $_k"
		_v=$(printf '%s\n' "${_kv#*=}" | sed 's/[\\|&]/\\&/g')
		sed -i "s|^#\{0,1\}$_k=.*|$_k=$_v|" "$_out.tmp"
	done
	mv "$_out.tmp" "$_out"
	chmod 0644 "$_out"
}

# log_dir OWNER: creates $T/logs owned by OWNER (the user the program runs as).
log_dir() {
	mkdir -p "$T/logs"
	chown "$1" "$T/logs"
	chmod 0750 "$T/logs"
}

# proc_ended PID: true when process PID is gone, or has ended and waits as a
# zombie (state Z) for this shell to reap it.
proc_ended() {
	_st=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d ' ' -f 1)
	case $_st in '' | Z) return 0 ;; esac
	return 1
}

# stop_server PID: SIGTERM, then waits for the process to end (SIGKILL after
# 30 s); returns its exit status. PID must be a child of this shell.
stop_server() {
	kill -TERM "$1" 2>/dev/null
	for _ in $(seq 1 300); do
		proc_ended "$1" && break
		sleep 0.1
	done
	proc_ended "$1" || kill -KILL "$1" 2>/dev/null
	wait "$1"
}

# serve_on_free_ports START VAR...: sets each VAR to a free port of 127.0.0.1,
# runs the function START (which starts one server in the background on those
# ports and sets SERVER_PID), and waits until it listens on every one
# (listening). A port can be taken between the choice and the bind (another
# test, an outgoing connection's local port): when the server ends instead,
# or has not all its ports after 600 tries, it is tried again with other
# ports, three times in all.
serve_on_free_ports() {
	_start=$1
	shift
	for _try in 1 2 3; do
		_taken=
		for _v in "$@"; do
			_p=$(free_port) || bail "no free port"
			while case " $_taken " in *" $_p "*) true ;; *) false ;; esac; do
				_p=$(free_port) || bail "no free port"
			done
			_taken="$_taken $_p"
			eval "$_v=\$_p"
		done
		"$_start"
		# Every port listened on by this server (not by another program that
		# took one meanwhile), within 600 tries.
		for _ in $(seq 1 600); do
			_all=yes
			for _v in "$@"; do
				eval "_p=\$$_v"
				listening "$SERVER_PID" "$_p" || { _all=no && break; }
			done
			[ "$_all" = yes ] && return 0
			proc_ended "$SERVER_PID" && break
			sleep 0.1
		done
		stop_server "$SERVER_PID"
		diag "try $_try: the server did not listen on port $_p"
	done
	bail "the server would not start: see $T/stderr"
}

# nginx_start DIR [NAME=VALUE]...: a private nginx in DIR from deploy/nginx
# (deploy/nginx/nginx-local: see there; LISTEN, APP_BACKEND and SOCKET are
# needed); sets SERVER_PID.
nginx_start() {
	sh "$DEPLOY/nginx/nginx-local" "$@" 2>>"$T/stderr" &
	SERVER_PID=$!
	pcb_track "$SERVER_PID"
}

# apache_start DIR PORT MODULE [DIRECTIVE-FILE]: a private Apache 2.4 (prefork,
# as root with User www-data) on 127.0.0.1:PORT, with the module MODULE (fcgid or
# cgi), a document root DIR/www that honours .htaccess, Debian's "<Directory />
# Require all denied", and DIRECTIVE-FILE included at server level; sets
# SERVER_PID.
apache_start() {
	_d=$1 _port=$2 _mod=$3 _inc=${4:-}
	mkdir -p "$_d/www" "$_d/run" "$_d/fcgid"
	chown www-data "$_d/fcgid"
	{
		echo "ServerRoot /etc/apache2"
		echo "ServerName 127.0.0.1"
		echo "Listen 127.0.0.1:$_port"
		echo "PidFile $_d/run/httpd.pid"
		echo "DefaultRuntimeDir $_d/run"
		echo "Mutex file:$_d/run default"
		echo "ErrorLog $_d/error.log"
		echo "LogLevel warn"
		echo "User www-data"
		echo "Group www-data"
		for _m in mpm_prefork authz_core authz_host mime dir env alias "$_mod"; do
			echo "LoadModule ${_m}_module /usr/lib/apache2/modules/mod_$_m.so"
		done
		echo "TypesConfig /etc/mime.types"
		[ "$_mod" = fcgid ] && echo "FcgidIPCDir $_d/fcgid" &&
			echo "FcgidProcessTableFile $_d/fcgid/shm"
		echo "<Directory />"
		echo "    AllowOverride None"
		echo "    Require all denied"
		echo "</Directory>"
		echo "AccessFileName .htaccess"
		echo "<FilesMatch \"^\\.ht\">"
		echo "    Require all denied"
		echo "</FilesMatch>"
		echo "DocumentRoot $_d/www"
		echo "<Directory $_d/www>"
		echo "    Options None"
		echo "    AllowOverride Options FileInfo AuthConfig"
		echo "    Require all granted"
		echo "</Directory>"
		[ -n "$_inc" ] && echo "Include $_inc"
	} >"$_d/httpd.conf"
	apache2 -t -f "$_d/httpd.conf" 2>>"$T/stderr" || bail "apache2 -t refused $_d/httpd.conf"
	# Its own session: prefork signals its whole process group when stopping.
	setsid apache2 -f "$_d/httpd.conf" -DFOREGROUND 2>>"$T/stderr" &
	SERVER_PID=$!
	pcb_track "$SERVER_PID"
}

# http METHOD URL [BODYFILE]: one request with curl; sets HTTP_STATUS, HTTP_BODY
# and HTTP_HEAD (the response header, CRs removed).
http() {
	_hu=$2 _hb=${3:-}
	set -- -sS -X "$1" -o "$T/http.body" -D "$T/http.head" -w '%{http_code}'
	[ -n "$_hb" ] && set -- "$@" -H 'Content-Type: application/json' --data-binary "@$_hb"
	HTTP_STATUS=$(curl "$@" "$_hu" 2>>"$T/stderr")
	HTTP_BODY=$(cat "$T/http.body" 2>/dev/null)
	HTTP_HEAD=$(tr -d '\r' <"$T/http.head" 2>/dev/null)
}

# header_of NAME: the value of response header NAME from the last http call.
header_of() { printf '%s\n' "$HTTP_HEAD" | sed -n "s/^$1: *//Ip" | head -n 1; }

# big_body FILE BYTES: the sample request padded with spaces to BYTES bytes.
big_body() {
	{
		cat "$SAMPLE"
		head -c "$(($2 - $(wc -c <"$SAMPLE")))" /dev/zero | tr '\0' ' '
	} >"$1"
}

# The page's sample as logged: every field after RecvTime, one line per event.
SAMPLE_LOGGED=$(printf '%s\n' \
	'1400000000	Push.OfflinePush	1	1557481127	user1	user2	1	1	48374_2837546_1557481126		48374	2837546	1557481126	67120c46_6a4086c0_9bf5fb50_200002d1089b322_2000005d8d46421	0	OK	' \
	'1400000000	Push.OfflinePush	2	1557481127	user2	user3	1	1		@TGS#12DEVUDHQ	48375	2837546	1557481126	6710c631_85_392fcbcff_200000b2f2c6820_200002c869bfb81	0	OK	')

# check_sample_logged LOGDIR WHAT: TAP tests that LOGDIR holds exactly the
# sample's two events (no unknown member: the last column empty), after one
# #fields header, with a well-formed RecvTime.
check_sample_logged() {
	_files=$(ls "$1"/offlinepush-*.tsv 2>/dev/null | wc -l)
	is "$_files" 1 "$2: one events file"
	is "$(head -n 1 "$1"/offlinepush-*.tsv 2>/dev/null | cut -f 1-3)" \
		"$(printf '#fields\tRecvTime\tSdkAppid')" "$2: the file starts with its header"
	is "$(event_lines "$1" | cut -f 2-)" "$SAMPLE_LOGGED" "$2: the sample's two events logged"
	_n=$(event_lines "$1" | cut -f 1 |
		grep -cE '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$')
	is "$_n" 2 "$2: RecvTime is UTC seconds"
}

# check_refusals URL LOGDIR WHAT BIG_STATUS: the refusals every way in must
# give: GET 405 (Allow: POST), wrong SdkAppid 403, a body over the limit
# BIG_STATUS (413, or the server's own refusal); none of them logs an event;
# and a body of exactly the limit passes. MAX_BODY is the limit in bytes; the
# answer to the body over it is left in BIG_BODY.
check_refusals() {
	_url=$1 _logs=$2 _what=$3 _big=$4
	_before=$(event_lines "$_logs" | wc -l)
	http GET "$_url?$SAMPLE_QUERY"
	is "$HTTP_STATUS" 405 "$_what: GET is 405"
	is "$(header_of Allow)" POST "$_what: with Allow: POST"
	ok "$_what: and a JSON refusal" json_fail "$HTTP_BODY"
	http POST "$_url?SdkAppid=1400000001&CallbackCommand=Push.OfflinePush&contenttype=json" "$SAMPLE"
	is "$HTTP_STATUS" 403 "$_what: a wrong SdkAppid is 403"
	ok "$_what: with a JSON refusal" json_fail "$HTTP_BODY"
	big_body "$T/big.json" "$((MAX_BODY + 1))"
	http POST "$_url?$SAMPLE_QUERY" "$T/big.json"
	is "$HTTP_STATUS" "$_big" "$_what: a body of PUSHCB_MAX_BODY + 1 bytes is $_big"
	BIG_BODY=$HTTP_BODY
	is "$(event_lines "$_logs" | wc -l)" "$_before" "$_what: no refusal logged an event"
	# The server's limit and the program's are the same: one byte less passes both.
	big_body "$T/big.json" "$MAX_BODY"
	http POST "$_url?$SAMPLE_QUERY" "$T/big.json"
	is "$HTTP_STATUS $HTTP_BODY" "200 $OK_JSON" "$_what: a body of PUSHCB_MAX_BODY bytes is 200"
	is "$(event_lines "$_logs" | wc -l)" "$((_before + 2))" "$_what: and logged"
}

# json_fail TEXT: TEXT is the program's refusal JSON (ErrorCode 1, FAIL).
json_fail() {
	case $1 in
	'{"ActionStatus":"FAIL","ErrorInfo":"'*'","ErrorCode":1}') return 0 ;;
	*) diag "not a JSON refusal: $1"; return 1 ;;
	esac
}

# check_sample URL LOGDIR WHAT: POSTs the page's sample and checks the answer
# and the log.
check_sample() {
	http POST "$1?$SAMPLE_QUERY" "$SAMPLE"
	is "$HTTP_STATUS" 200 "$3: the sample is 200"
	is "$HTTP_BODY" "$OK_JSON" "$3: with the success JSON"
	is "$(header_of Content-Type)" application/json "$3: as application/json"
	check_sample_logged "$2" "$3"
}

# htaccess_test MODULE SUFFIX MAX_BODY BIG_STATUS: the shared-hosting way with
# Apache's MODULE (fcgid or cgi): uploads deploy/htaccess/MODULE/.htaccess, the
# binary as push_callbackSUFFIX and push_callback.conf (the shipped example with
# PUSHCB_MAX_BODY=MAX_BODY) into a directory of the web space, then runs the
# common checks; a body over MAX_BODY must get BIG_STATUS. Skips without
# Apache or its MODULE.
htaccess_test() {
	need apache2 curl
	[ -f "/usr/lib/apache2/modules/mod_$1.so" ] || skip_all "Apache's mod_$1 is not installed"
	deploy_setup
	MAX_BODY=$3
	HT_MODULE=$1
	_dir=$T/apache/www/push
	mkdir -p "$_dir"
	cp "$DEPLOY/htaccess/$1/.htaccess" "$_dir/.htaccess"
	cp "$T/bin/push_callback" "$_dir/push_callback$2"
	conf_from_example "$_dir/push_callback.conf" PUSHCB_LOG_DIR="$T/logs" \
		PUSHCB_MAX_BODY="$MAX_BODY"
	log_dir www-data
	serve_on_free_ports _htaccess_start PORT
	_hurl=http://127.0.0.1:$PORT/push/push_callback$2
	check_sample "$_hurl" "$T/logs" "htaccess-$1"
	check_refusals "$_hurl" "$T/logs" "htaccess-$1" "$4"
	http GET "http://127.0.0.1:$PORT/push/push_callback.conf"
	is "$HTTP_STATUS" 403 "htaccess-$1: push_callback.conf beside the binary is not served"
	stop_server "$SERVER_PID"
	done_testing
}
_htaccess_start() { apache_start "$T/apache" "$PORT" "$HT_MODULE"; }

# quietly COMMAND...: runs COMMAND with its output in $T/stderr, not in the TAP.
quietly() { "$@" >>"$T/stderr" 2>&1; }

# ---------------------------------------------------------------------------
# PCB_WRAPPER (scripts/check-valgrind, scripts/check-sanitizers): a command put
# in front of every start of the program, e.g. "valgrind --error-exitcode=99".
# $PCB then names a small script that runs "$PCB_WRAPPER $PCB_REAL ARGS...", so
# CGI runs, spawn-fcgi and multiwatch all go through it; PCB_REAL is the binary
# itself, for tests that look at the file.
PCB_REAL=$PCB
# write_wrapper OUT WRAPPER BINARY: OUT, a script that runs BINARY under WRAPPER.
write_wrapper() {
	printf '#!/bin/sh\nexec %s "%s" "$@"\n' "$2" "$3" >"$1"
	chmod 0755 "$1"
}
if [ -n "${PCB_WRAPPER:-}" ]; then
	mkdir -p "$T/wrapper"
	chmod 0755 "$T/wrapper"
	write_wrapper "$T/wrapper/push_callback" "$PCB_WRAPPER" "$PCB_REAL"
	PCB=$T/wrapper/push_callback
fi

# golden NAME EXPECTED ARGS...: one pushcb-report test: "$REPORT" -q ARGS prints
# exactly "$EXP/EXPECTED" and exits 0 (report-golden.sh, report-tz.sh).
golden() {
	_name=$1 _exp=$2
	shift 2
	"$REPORT" -q "$@" >"$T/out" 2>"$T/err"
	_rc=$?
	if [ "$_rc" -eq 0 ] && diff -u "$EXP/$_exp" "$T/out" >"$T/diff"; then
		ok "$_name" true
	else
		ok "$_name (exit $_rc)" false
		sed 's/^/# /' "$T/diff" "$T/err"
	fi
}

# report_run ARGS...: runs pushcb-report -q ARGS; sets rc, out and err (also in $T/out, $T/err).
report_run() {
	"$top_builddir/pushcb-report" -q "$@" >"$T/out" 2>"$T/err"
	rc=$?
	out=$(cat "$T/out")
	err=$(cat "$T/err")
}
# report_summary KEY: KEY's value in the summary of the TSV report in $T/out.
report_summary() { awk -F'\t' -v k="$1" '$1 == k { print $2 }' "$T/out"; }
