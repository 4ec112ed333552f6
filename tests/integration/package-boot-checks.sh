#!/bin/bash
# package-boot-checks: the checks tests/integration/package-boot.sh runs
# inside the booted container, as the oneshot unit pcb-boot-checks.service,
# with systemd as PID 1. It writes TAP to /root/boot.tap (the plan first,
# fixed: a check that cannot run is a skip with its reason) and powers off.
#
#   package-boot-checks.sh NEW_DEB [OLD_DEB]
#
# NEW_DEB is installed already (package-boot.sh did it before the boot, with
# PUSHCB_SDKAPPID set); OLD_DEB, the last release, is for the upgrade. No
# fixed sleeps: every wait is for a condition, with a deadline that names it.
set -u
NEW_DEB=$1
OLD_DEB=${2:-}
OUT=/root/boot.tap
PLAN=84
SOCK=/run/push_callback/push_callback.sock
LOGS=/var/log/push_callback
STATE=/var/lib/push_callback
FALLBACK=/var/spool/push_callback
URL='http://127.0.0.1/im/callback?SdkAppid=1400000000&CallbackCommand=Push.OfflinePush&contenttype=json'
SAMPLE=/root/sample-request.json
OK_JSON='{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0}'
SVC=push-callback.service

exec >"$OUT" 2>&1 3>&1
echo "1..$PLAN"
n=0
ok() {
	_name=$1
	shift
	n=$((n + 1))
	if "$@" >/dev/null 2>&1; then echo "ok $n - $_name"; else echo "not ok $n - $_name"; fi
}
is() {
	n=$((n + 1))
	if [ "$1" = "$2" ]; then
		echo "ok $n - $3"
	else
		echo "not ok $n - $3"
		printf '#   got:  %s\n#   want: %s\n' "$1" "$2"
	fi
}
skip() {
	n=$((n + 1))
	echo "ok $n # SKIP $1: $2"
}
diag() { printf '%s\n' "$*" | sed 's/^/# /'; }
# wait_until WHAT SECONDS COMMAND...: until COMMAND succeeds, at most SECONDS;
# on the deadline it says what it waited for and fails.
wait_until() {
	_what=$1 _secs=$2 _end=$(($(date +%s) + $2))
	shift 2
	until "$@" >/dev/null 2>&1; do
		if [ "$(date +%s)" -ge "$_end" ]; then
			diag "waited $_secs s for $_what, in vain" >&3
			return 1
		fi
		sleep 0.1
	done
}
prop() { systemctl show -p "$2" --value "$1"; }
state_is() { [ "$(prop "$1" ActiveState)" = "$2" ]; }
# post: the sample request through nginx; prints "STATUS BODY".
post() { curl -s -m 20 -o /tmp/body -w '%{http_code}' -H 'Content-Type: application/json' \
	--data-binary @"$SAMPLE" "$URL"; printf ' %s' "$(cat /tmp/body 2>/dev/null)"; }
events() { cat "$LOGS"/offlinepush-*.tsv 2>/dev/null | grep -vc '^#'; }
mainpid() { prop "$SVC" MainPID; }
# The worker's file descriptors that name a log file.
log_fds() { ls -l "/proc/$1/fd" 2>/dev/null | grep -c " $LOGS/offlinepush-"; }
status_field() { sed -n "s/^$2:[[:space:]]*//p" "/proc/$1/status"; }
# As the units run it (their PUSHCB_STATE_DIR; 0.2.0 ignores it).
metric_200() { PUSHCB_STATE_DIR=$STATE push_callback --config /etc/push_callback.conf --metrics 2>/dev/null |
	awk '/^pushcb_requests_total\{status="200"/ { s += $2 } END { print s + 0 }'; }
# No network in here (--private-network): every dependency was installed
# before the boot, and no recommendation is fetched now.
apt_quiet() { DEBIAN_FRONTEND=noninteractive apt-get -y -q --no-install-recommends \
	-o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "$@" >>/root/apt.log 2>&1 </dev/null; }
# journal_has UNIT PATTERN: the journal of this boot has a line of UNIT
# matching PATTERN (grep); journal_lacks: has none.
journal_has() { journalctl -b -q --no-pager -o cat -u "$1" | grep -q -- "$2"; }
journal_lacks() { ! journal_has "$@"; }
fails() { ! "$@"; }
# as_worker PID COMMAND...: COMMAND in the worker's mount namespace, as its user.
as_worker() { nsenter -t "$1" -m setpriv --reuid=push_callback --regid=push_callback --clear-groups "${@:2}"; }

# ---- After boot, before any request -------------------------------------------
wait_until "the boot to reach multi-user.target" 120 state_is multi-user.target active
ok "push-callback.socket is active after boot" state_is push-callback.socket active
ok "and listens on $SOCK" test -S "$SOCK"
is "$(stat -c '%U:%G %a' "$SOCK")" "root:www-data 660" "the socket is root:www-data 0660"
is "$(prop "$SVC" ActiveState)" inactive "the service does not run before the first request"
ok "the housekeeping timer is active" state_is push-callback-housekeep.timer active
next=$(prop push-callback-housekeep.timer NextElapseUSecRealtime)
ok "with a next run ($next)" test -n "$next" -a "$next" != 0 -a "$next" != n/a
wait_until "nginx to be active" 60 state_is nginx.service active
ok "nginx runs, with the package's example enabled" state_is nginx.service active

# ---- The first request: socket activation through nginx ------------------------
r=$(post)
is "$r" "200 $OK_JSON" "the sample request through nginx is answered 200 OK"
is "$(events)" 2 "both events are logged"
ok "the service is active after it" state_is "$SVC" active
pid=$(mainpid)
ok "journal: the worker's start line" sh -c "journalctl -b -q --no-pager -o cat _PID=$pid | grep -q 'push_callback\[$pid\]: ready: '"

# ---- The running worker: its user and sandbox -----------------------------------
is "$(status_field "$pid" Uid | awk '{ print $1, $2, $3, $4 }')" "$(id -u push_callback) $(id -u push_callback) $(id -u push_callback) $(id -u push_callback)" \
	"the worker runs as push_callback (real, effective, saved, fs)"
is "$(status_field "$pid" NoNewPrivs)" 1 "NoNewPrivileges=yes: NoNewPrivs 1"
is "$(status_field "$pid" CapEff)" 0000000000000000 "no effective capabilities"
is "$(status_field "$pid" CapBnd)" 0000000000000000 "CapabilityBoundingSet=: an empty bounding set"
is "$(status_field "$pid" Seccomp)" 2 "a seccomp filter (Seccomp: 2)"
# systemd-nspawn filters every process of the container already: the
# unit's SystemCallFilter= shows as filters more than this script has.
ok "the unit's own filters besides nspawn's ($(status_field "$pid" Seccomp_filters) > $(status_field $$ Seccomp_filters))" \
	test "$(status_field "$pid" Seccomp_filters)" -gt "$(status_field $$ Seccomp_filters)"
is "$(status_field "$pid" Umask)" 0027 "UMask=0027"
# mountinfo: field 5 the mount point, field 6 its options; of the mounts
# stacked on one point the last is the one seen. Those writable, besides
# the kernel's and the private ones, must be the service's directories.
# systemd-nspawn's /run/host (the container's window on its manager, no
# part of a real boot) stays rw whatever the unit says: checked apart.
mi=/proc/$pid/mountinfo
top() { awk '{ o[$5] = $6 } END { for (m in o) print m, o[m] }' "$mi" | sort; }
# The options of the mount DIR is on.
options_of() { top | awk -v d="$1" 'index(d "/", $1 "/") == 1 || $1 == "/" { if (length($1) >= l) { l = length($1); o = $2 } } END { print o }'; }
is "$(options_of / | cut -d, -f1)" ro "ProtectSystem=strict: / is read-only"
is "$(top | awk '$2 ~ /^rw/ && $1 !~ "^/(proc|sys|dev|tmp|var/tmp|run/host)(/|$)" { print $1 }' | tr '\n' ' ')" \
	"$STATE $LOGS $FALLBACK " "only the state, log and fallback directories are writable (besides /proc, /sys, /dev, the private /tmp and nspawn's /run/host)"
is "$(for d in /etc /usr /var/lib/dpkg /run /run/lock; do options_of $d | cut -d, -f1; done | tr '\n' ' ')" "ro ro ro ro ro " \
	"/etc, /usr, /var/lib/dpkg, /run and /run/lock are read-only"
ok "the worker's user cannot write to /run/lock (world-writable outside)" fails as_worker "$pid" touch /run/lock/pcb-probe
ok "nor to nspawn's /run/host/incoming, rw in its mounts" fails as_worker "$pid" touch /run/host/incoming/pcb-probe
ok "but can to its log directory" as_worker "$pid" sh -c "touch $LOGS/.pcb-probe && rm $LOGS/.pcb-probe"
ok "ProtectKernelTunables=yes, ProcSubset=pid: no writable /proc/sys" \
	sh -c "[ ! -e /proc/$pid/root/proc/sys/kernel ] || awk '\$5 == \"/proc/sys\" && \$6 ~ /^ro/' $mi | grep -q ."
ok "ProtectControlGroups=yes: /sys/fs/cgroup is read-only" sh -c "awk '\$5 == \"/sys/fs/cgroup\" && \$6 ~ /^ro/' $mi | grep -q ."
ok "ProtectProc=invisible, ProcSubset=pid: /proc is hidepid=invisible,subset=pid" \
	sh -c "awk '\$5 == \"/proc\"' $mi | tail -n 1 | grep -q 'hidepid=invisible.*subset=pid\|subset=pid.*hidepid=invisible'"
ok "PrivateTmp=yes: /tmp is the service's own" sh -c "awk '\$5 == \"/tmp\"' $mi | grep -q ."
ok "PrivateDevices=yes: no block device in its /dev" sh -c "[ -e /proc/$pid/root/dev/null ] && ! find /proc/$pid/root/dev -type b | grep -q ."
ok "ProtectHome=yes: /root is out of its reach" sh -c "! ls /proc/$pid/root/root/ | grep -q ."
ok "PrivateNetwork=yes: a network namespace of its own" test "$(readlink /proc/$pid/ns/net)" != "$(readlink /proc/1/ns/net)"
is "$(awk 'NR > 2 { sub(":", "", $1); print $1 }' /proc/$pid/net/dev | tr '\n' ' ')" "lo " "with only a loopback interface"
# Its descriptors past stdin, stdout and stderr (the journal's stream).
inode=$(ls -l /proc/$pid/fd 2>/dev/null | awk '$9 > 2' | sed -n 's/.*socket:\[\([0-9]*\)\]$/\1/p' | sort -u | tr '\n' ' ')
is "$inode" "$(awk -v p="$SOCK" '$NF == p { print $7 }' /proc/1/net/unix | head -n 1) " \
	"its only socket besides the journal's stream is the one systemd passed ($SOCK)"
ok "PrivateUsers=yes: a user namespace of its own" test "$(readlink /proc/$pid/ns/user)" != "$(readlink /proc/1/ns/user)"
ok "PrivateIPC=yes, ProtectHostname=yes: IPC and UTS namespaces of its own" \
	sh -c "[ \"\$(readlink /proc/$pid/ns/ipc)\" != \"\$(readlink /proc/1/ns/ipc)\" ] && [ \"\$(readlink /proc/$pid/ns/uts)\" != \"\$(readlink /proc/1/ns/uts)\" ]"
ok "every line of the unit is applied (no 'not supported', 'ignoring' or 'failed to' in its journal)" \
	journal_lacks "$SVC" '[Nn]ot supported\|[Ii]gnoring\|[Ff]ailed to'
# IPAddressDeny= needs BPF cgroup programs, which the container's manager
# may not be allowed to load; PrivateNetwork= leaves nothing to deny anyway.
if journalctl -b -q --no-pager -o cat | grep -q 'BPF firewalling not supported'; then
	skip "IPAddressDeny=any" "the container's systemd cannot load BPF programs (journal: BPF firewalling not supported); PrivateNetwork=yes isolates the worker regardless"
else
	ok "IPAddressDeny=any: the service's IP firewall is on" sh -c "systemctl show -p IPAddressDeny --value $SVC | grep -q ."
fi

# ---- SIGKILL of the worker: the next request is served by a new one ---------------
kill -KILL "$pid"
r=$(post)
is "$r" "200 $OK_JSON" "after SIGKILL of the worker, the next request is answered 200"
is "$(events)" 4 "nothing lost: the two earlier events and the two new ones"
ok "no torn line" sh -c "! cat $LOGS/offlinepush-*.tsv | grep -q '^#torn'"
pid2=$(mainpid)
ok "by a new worker ($pid2, was $pid)" test "$pid2" != "$pid" -a "$pid2" != 0
is "$(prop "$SVC" NRestarts)" 1 "Restart=on-failure restarted it once"

# ---- The housekeeping service ----------------------------------------------------
ok "systemctl start push-callback-housekeep.service succeeds" systemctl start push-callback-housekeep.service
is "$(prop push-callback-housekeep.service Result) $(prop push-callback-housekeep.service ExecMainStatus)" "success 0" \
	"it ran to exit 0"
ok "and reported its pass in the journal" wait_until "the housekeeping's line in the journal" 30 \
	journal_has push-callback-housekeep.service "housekeeping of $LOGS:"

# ---- systemctl reload: SIGHUP closes the logs, the next batch reopens them -------
pid=$(mainpid)
ok "the worker holds the log file open" test "$(log_fds "$pid")" -gt 0
ok "systemctl reload push-callback.service" systemctl reload "$SVC"
wait_until "the worker to close its log files on SIGHUP" 30 test "$(log_fds "$pid")" -eq 0
is "$(log_fds "$pid")" 0 "after the reload it holds no log file"
r=$(post)
is "$r $(mainpid)" "200 $OK_JSON $pid" "the same worker answers the next request"
ok "and opens the log again" test "$(log_fds "$pid")" -gt 0

# ---- Counters: in the state directory, none in the log directory ------------------
ok "the counter file is $STATE/push_callback.metrics" test -f "$STATE/push_callback.metrics"
ok "no counter file in the log directory" sh -c "! ls -A $LOGS | grep -q metrics"
is "$(metric_200)" 3 "push_callback --metrics counts the three 200 answers"

# ---- Without PUSHCB_SDKAPPID: exit 78, no restart loop -----------------------------
sed -i 's/^PUSHCB_SDKAPPID=/#PUSHCB_SDKAPPID=/' /etc/push_callback.conf
systemctl restart "$SVC"
wait_until "the service to fail without PUSHCB_SDKAPPID" 60 state_is "$SVC" failed
is "$(prop "$SVC" ActiveState) $(prop "$SVC" ExecMainStatus)" "failed 78" \
	"with PUSHCB_SDKAPPID removed, the service fails with exit 78"
n_restarts=$(prop "$SVC" NRestarts)
ok "and is not restarted (RestartPreventExitStatus=78; NRestarts $n_restarts)" test "$n_restarts" -le 1
ok "the journal says why" wait_until "the refusal in the journal" 30 journal_has "$SVC" 'PUSHCB_SDKAPPID is not set'
sed -i 's/^#PUSHCB_SDKAPPID=1400000000/PUSHCB_SDKAPPID=1400000000/' /etc/push_callback.conf
systemctl reset-failed "$SVC"
r=$(post)
is "$r" "200 $OK_JSON" "set again, the next request is answered (the socket started it)"

# ---- apt-get remove, purge ---------------------------------------------------------
apt_quiet remove push-callback
ok "apt-get remove push-callback" test $? -eq 0
is "$(prop push-callback.socket ActiveState) $(prop "$SVC" ActiveState)" "inactive inactive" \
	"it stopped the socket and the service"
ok "no process of push_callback is left" sh -c "! pgrep -u push_callback"
ok "the socket is gone" test ! -e "$SOCK"
apt_quiet purge push-callback
ok "apt-get purge push-callback" test $? -eq 0
ok "the logs stay, as README says" test "$(events)" -eq 8
ok "so does the user that owns them" id push_callback
ok "the counters go with the package's state ($STATE)" test ! -e "$STATE"

# ---- Upgrade from the last release -------------------------------------------------
UPGRADE_CHECKS=17
if [ -z "$OLD_DEB" ]; then
	for i in $(seq 1 $UPGRADE_CHECKS); do skip "upgrade check $i" "no package of the last release (see package-boot.sh's output)"; done
else
	old_v=$(dpkg-deb -f "$OLD_DEB" Version) new_v=$(dpkg-deb -f "$NEW_DEB" Version)
	apt_quiet install "$OLD_DEB"
	ok "apt-get install push-callback $old_v" test $? -eq 0
	# The administrator's edits: the SdkAppid, and a retention of their own.
	sed -i 's/^#PUSHCB_SDKAPPID=$/PUSHCB_SDKAPPID=1400000000/; s/^PUSHCB_KEEP_DAYS=90$/PUSHCB_KEEP_DAYS=30/' \
		/etc/push_callback.conf
	systemctl reset-failed "$SVC" 2>/dev/null
	systemctl restart push-callback.socket
	r1=$(post) r2=$(post)
	is "$r1 / $r2" "200 $OK_JSON / 200 $OK_JSON" "$old_v answers two requests"
	before=$(metric_200)
	is "$before" 2 "$old_v counted them (in its log directory)"
	for f in "$LOGS"/*.tsv*; do printf '%s %s %s\n' "$f" "$(stat -c %s "$f")" "$(sha256sum <"$f" | cut -d' ' -f1)"; done >/root/logs.before
	old_pid=$(mainpid)
	apt_quiet install "$NEW_DEB"
	ok "apt-get install push-callback $new_v over it (unattended: --force-confold)" test $? -eq 0
	is "$(dpkg-query -W -f '${Version}' push-callback)" "$new_v" "the package is $new_v"
	ok "the conffile keeps the administrator's edits" \
		sh -c "grep -qx PUSHCB_KEEP_DAYS=30 /etc/push_callback.conf && grep -qx PUSHCB_SDKAPPID=1400000000 /etc/push_callback.conf"
	ok "the logs are untouched by the upgrade" sh -c 'while read -r f size sum; do
		[ "$(head -c "$size" "$f" | sha256sum | cut -d" " -f1)" = "$sum" ] || exit 1; done </root/logs.before'
	r=$(post)
	is "$r" "200 $OK_JSON" "the next request is answered"
	pid=$(mainpid)
	ok "by a new worker ($pid, was $old_pid)" test "$pid" != "$old_pid" -a "$pid" != 0
	is "$(stat -L -c %i /proc/$pid/exe)" "$(stat -c %i /usr/bin/push_callback)" "running the new binary"
	# 0.3.0's counters have another layout than 0.2.0's (the refusal
	# counters): moved, then replaced, they start again (README, NEWS).
	is "$(metric_200)" 1 "the counters start again from zero, as documented (0.2.0 counted $before)"
	ok "the worker said so" wait_until "the replacement in the journal" 30 \
		journal_has "$SVC" "made by another version: replaced, the counters start again from zero"
	ok "from the state directory, moved there from the log directory" \
		sh -c "test -f $STATE/push_callback.metrics && ! ls -A $LOGS | grep -q metrics"
	ok "the worker said so in the journal" wait_until "the move in the journal" 30 \
		journal_has "$SVC" "counters: moved $LOGS/push_callback.metrics to $STATE/push_callback.metrics"
	ok "the old lines are still the files' beginnings after the new request" sh -c 'while read -r f size sum; do
		[ "$(head -c "$size" "$f" | sha256sum | cut -d" " -f1)" = "$sum" ] || exit 1; done </root/logs.before'
	# A downgrade works (README): the older version counts in the log directory again, from zero.
	apt_quiet install --allow-downgrades "$OLD_DEB"
	ok "apt-get install --allow-downgrades push-callback $old_v" test $? -eq 0
	r=$(post)
	pid=$(mainpid)
	is "$r $(stat -L -c %i /proc/$pid/exe)" "200 $OK_JSON $(stat -c %i /usr/bin/push_callback)" \
		"$old_v again serves the next request"
	is "$(metric_200)" 1 "and counts from zero in the log directory, as README says"
fi
is "$((n + 1))" "$PLAN" "every check ran"
