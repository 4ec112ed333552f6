# reconcile-lib.sh: what the pushcb-reconcile tests share (after tests/lib.sh):
# a CA and a certificate for 127.0.0.1 made with openssl, the stand-in for
# Tencent's API (tests/tencent-standin.py, Debian's /usr/bin/python3), the
# configuration with the admin key, and posting batches through the real
# receiver as CGI.

RECONCILE="$top_builddir/pushcb-reconcile"
PY=/usr/bin/python3
RC_APPID=1400000000
RC_ADMIN=administrator
# A key made for this run (the console's are 64 hex digits too).
RC_KEY=$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')

[ -x "$PY" ] || missing /usr/bin/python3
need openssl
"$PY" -c 'import ssl, http.server, zlib, hmac' 2>/dev/null || missing "python3 with ssl and http.server"

# rc_certs: $T/pki/ca.pem, and server.pem/server.key for IP 127.0.0.1 signed by it.
rc_certs() {
	mkdir -p "$T/pki"
	openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=pushcb test CA" \
		-keyout "$T/pki/ca.key" -out "$T/pki/ca.pem" 2>/dev/null || bail "openssl: no CA"
	openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" \
		-keyout "$T/pki/server.key" -out "$T/pki/server.csr" 2>/dev/null || bail "openssl: no request"
	printf 'subjectAltName=IP:127.0.0.1\n' >"$T/pki/ext"
	openssl x509 -req -in "$T/pki/server.csr" -CA "$T/pki/ca.pem" -CAkey "$T/pki/ca.key" \
		-CAcreateserial -days 2 -extfile "$T/pki/ext" -out "$T/pki/server.pem" 2>/dev/null ||
		bail "openssl: no certificate"
	printf '%s\n' "$RC_KEY" >"$T/pki/admin.key"
	chmod 0600 "$T/pki/admin.key"
}

# rc_standin MODE [ARGS...]: starts the stand-in answering from $T/tencent.json;
# sets RC_API. Its calls go to $T/standin.log, one line each.
rc_standin() {
	_mode=$1
	shift
	[ -f "$T/tencent.json" ] || echo '{}' >"$T/tencent.json"
	rm -f "$T/standin.port"
	: >"$T/standin.log"
	"$PY" "$top_srcdir/tests/tencent-standin.py" --cert "$T/pki/server.pem" --certkey "$T/pki/server.key" \
		--port-file "$T/standin.port" --log "$T/standin.log" --sdkappid "$RC_APPID" \
		--identifier "$RC_ADMIN" --key-file "$T/pki/admin.key" --data "$T/tencent.json" \
		--mode "$_mode" "$@" 2>>"$T/standin.err" &
	RC_STANDIN_PID=$!
	pcb_track "$RC_STANDIN_PID"
	for _ in $(seq 1 1200); do
		[ -s "$T/standin.port" ] && break
		sleep 0.05
	done
	[ -s "$T/standin.port" ] || bail "the stand-in did not start within a minute: $(cat "$T/standin.err")"
	RC_API="https://127.0.0.1:$(cat "$T/standin.port")"
}

# rc_standin_stop: stops the stand-in started last.
rc_standin_stop() {
	kill "$RC_STANDIN_PID" 2>/dev/null
	wait "$RC_STANDIN_PID" 2>/dev/null
}

# rc_conf [KEY]: $T/reconcile.conf (mode 0600) with the app, the log directory and the key.
rc_conf() {
	umask 077
	printf 'PUSHCB_SDKAPPID=%s\nPUSHCB_LOG_DIR=%s\nPUSHCB_ADMIN_KEY=%s\n' "$RC_APPID" "$T/logs" "${1:-$RC_KEY}" \
		>"$T/reconcile.conf"
	umask 022
}

# rc_run ARGS...: pushcb-reconcile with a clean environment, the configuration and the stand-in.
rc_run() {
	env -i PATH="$PATH" "$RECONCILE" --config "$T/reconcile.conf" --api "$RC_API" --cacert "$T/pki/ca.pem" "$@"
}

# rc_post FILE...: posts each batch through push_callback as CGI into $T/logs; every answer must be 200.
rc_post() {
	mkdir -p "$T/logs"
	for _b in "$@"; do
		case $(basename "$_b") in
		allmember*) _cmd=Push.AllMemberPush ;;
		*) _cmd=Push.OfflinePush ;;
		esac
		_resp=$(env -i PATH="$PATH" PUSHCB_SDKAPPID="$RC_APPID" PUSHCB_LOG_DIR="$T/logs" REQUEST_METHOD=POST \
			QUERY_STRING="SdkAppid=$RC_APPID&CallbackCommand=$_cmd&contenttype=json" \
			CONTENT_LENGTH="$(wc -c <"$_b" | tr -d ' ')" "$PCB" <"$_b" 2>>"$T/stderr")
		[ "$(status_of "$_resp")" = 200 ] || { diag "$_b: $(body_of "$_resp")"; return 1; }
	done
}

# rc_today_posted: the stand-in (normal) and the configuration for today's
# generated batches (reconcile-gen.py, no other day), those batches posted
# through push_callback (one TAP test); sets D0, today in Beijing.
rc_today_posted() {
	rc_certs
	"$PY" "$top_srcdir/tests/reconcile-gen.py" "$T/gen" 0 || bail "reconcile-gen.py failed"
	cp "$T/gen/tencent.json" "$T/tencent.json"
	rc_conf
	rc_standin normal
	D0=$(rc_beijing_day 0)
	ok "today's kept batches are posted through push_callback" rc_post "$T/gen/kept"/*.json
}

# rc_problems: the stand-in's calls whose checks failed (its log's fourth field is not "-").
rc_problems() { awk '$4 != "-"' "$T/standin.log"; }

# rc_beijing_day N: the Beijing day N days before today, YYYY-MM-DD.
rc_beijing_day() { date -u -d "@$(($(date +%s) + 8 * 3600 - $1 * 86400))" +%F; }

# rc_rate_window: waits (at most 10 s) until the stand-in's last call is a
# second old, so that the next run's first call is within the rate limit.
rc_rate_window() {
	for _ in $(seq 1 200); do
		"$PY" -c 'import sys, time
lines = open(sys.argv[1]).read().split()
sys.exit(0 if not lines or time.time() - float(lines[-4]) >= 1.0 else 1)' "$T/standin.log" && return 0
		sleep 0.05
	done
	bail "the stand-in's rate window did not pass within 10 s"
}
