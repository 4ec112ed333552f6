#!/bin/bash
# deploy/systemd as shipped, as far as it can be run without systemd as PID 1:
# systemd-analyze verifies the units and rates their sandbox, and the activation
# path runs for real: systemd-socket-activate listens on the unit's ListenStream,
# and on the first connection execs the unit's ExecStart as an unprivileged user
# with the listener on fd 3, LISTEN_FDS=1 and LISTEN_PID, as systemd does.
# systemd itself (the sandbox, LogsDirectory=, SocketMode=, restarts) runs the
# Debian package's rendering of these units in package-boot.sh.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
need systemd-analyze systemd-socket-activate systemd-sysusers setpriv
deploy_setup

SOCK=$T/run/push_callback.sock
mkdir -p "$T/run" "$T/systemd" "$T/state"
chown nobody "$T/state"
log_dir nobody
conf_from_example "$T/push_callback.conf" PUSHCB_LOG_DIR=/nonexistent/overridden
for unit in push-callback.socket push-callback.service; do
	render "$DEPLOY/systemd/$unit" "$T/systemd/$unit" BINARY="$T/bin/push_callback" \
		CONFIG="$T/push_callback.conf" LOGDIR="$T/logs" STATEDIR="$T/state" SOCKET="$SOCK" APP_USER=nobody
done
SERVICE=$T/systemd/push-callback.service
render "$DEPLOY/systemd/push-callback.sysusers" "$T/systemd/push-callback.sysusers" APP_USER=pcbtestuser
mkdir -p "$T/sysroot/etc"
ok "systemd-sysusers accepts the sysusers line" quietly \
	systemd-sysusers --root="$T/sysroot" "$T/systemd/push-callback.sysusers"
ok "and makes the user from it" grep -q '^pcbtestuser:' "$T/sysroot/etc/passwd"

ok "systemd-analyze verify accepts the units" quietly \
	systemd-analyze verify --man=no "$T/systemd/push-callback.socket" "$SERVICE"
level=$(systemd-analyze security --offline=yes --no-pager "$SERVICE" 2>>"$T/stderr" |
	sed -n 's/.*Overall exposure level for push-callback.service: [0-9.]* \([A-Z]*\).*/\1/p')
is "$level" SAFE "systemd-analyze security rates the service SAFE"

# The unit's own lines drive the run: ListenStream, User, Environment, ExecStart.
listen=$(sed -n 's/^ListenStream=//p' "$T/systemd/push-callback.socket")
user=$(sed -n 's/^User=//p' "$SERVICE")
exec_start=$(sed -n 's/^ExecStart=//p' "$SERVICE")
envs=$(sed -n 's/^Environment=//p' "$SERVICE")
set --
for e in $envs; do set -- "$@" -E "$e"; done
ok "the service's configuration passes --check-config" \
	quietly env -i $envs $exec_start --check-config
env -i PATH=/usr/bin:/bin systemd-socket-activate -l "$listen" "$@" \
	setpriv --reuid="$user" --regid="$(id -g "$user")" --clear-groups $exec_start \
	2>>"$T/stderr" &
PID=$!
pcb_track "$PID"
wait_for_socket "$SOCK" || bail "systemd-socket-activate made no socket"

r=$(post "$SOCK" "$SAMPLE_QUERY" "$SAMPLE")
is "$(status_of "$r") $(body_of "$r")" "200 $OK_JSON" "activated on fd 3: the sample is 200 OK"
check_sample_logged "$T/logs" systemd
is "$(stat -c %U "$T/logs"/offlinepush-*.tsv)" "$user" "the log is written as the unit's User"
ok "the counters are in the unit's PUSHCB_STATE_DIR" test -f "$T/state/push_callback.metrics"
r=$("$FCGI_SEND" -s "$SOCK" -p REQUEST_METHOD=GET -p "QUERY_STRING=$SAMPLE_QUERY")
is "$(status_of "$r")" 405 "a GET is 405"
r=$(post "$SOCK" "SdkAppid=1400000001&CallbackCommand=Push.OfflinePush&contenttype=json" "$SAMPLE")
is "$(status_of "$r")" 403 "a wrong SdkAppid is 403"

# ExecReload= sends SIGHUP: the process stays and goes on answering.
kill -HUP "$PID"
r=$(post "$SOCK" "$SAMPLE_QUERY" "$SAMPLE")
is "$(status_of "$r")" 200 "after ExecReload's SIGHUP it still answers"
is "$(event_lines "$T/logs" | wc -l)" 4 "and logs"

ok "KillSignal=SIGTERM: exit status 0" stop_server "$PID"

# The daily housekeeping: its units verify and are as SAFE, and its
# ExecStart, as its User, compresses a closed period and leaves today's.
for unit in push-callback-housekeep.service push-callback-housekeep.timer; do
	render "$DEPLOY/systemd/$unit" "$T/systemd/$unit" BINARY="$T/bin/push_callback" \
		CONFIG="$T/push_callback.conf" LOGDIR="$T/logs" APP_USER=nobody
done
HK=$T/systemd/push-callback-housekeep.service
ok "systemd-analyze verify accepts the housekeeping units" quietly \
	systemd-analyze verify --man=no "$HK" "$T/systemd/push-callback-housekeep.timer"
level=$(systemd-analyze security --offline=yes --no-pager "$HK" 2>>"$T/stderr" |
	sed -n 's/.*Overall exposure level for push-callback-housekeep.service: [0-9.]* \([A-Z]*\).*/\1/p')
is "$level" SAFE "systemd-analyze security rates the housekeeping SAFE"
printf '#fields\tRecvTime\nold\n' >"$T/logs/offlinepush-2026-01-01.tsv"
chown nobody "$T/logs/offlinepush-2026-01-01.tsv"
hk_envs=$(sed -n 's/^Environment=//p' "$HK")
out=$(env -i $hk_envs setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups \
	$(sed -n 's/^ExecStart=//p' "$HK") 2>&1)
is "$?" 0 "the housekeeping's ExecStart runs as its User"
is "$out" "compressed $T/logs/offlinepush-2026-01-01.tsv
housekeeping of $T/logs: 1 compressed, 0 removed, 0 failed" "it compresses the closed period, and says so"
ok "today's file is left" test -f "$T/logs/offlinepush-$(date -u +%F).tsv"
done_testing
