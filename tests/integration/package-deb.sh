#!/bin/bash
# package-deb: the Debian package, built and checked as Debian does it, then
# installed into a fresh minimal Debian 12 root.
#
# - scripts/build-deb: dpkg-buildpackage -us -uc -b from a copy of the tree
#   (what git tracks and what it does not ignore), unit tests included;
# - lintian on the .deb and the .changes: no error, no warning;
# - debootstrap --variant=minbase bookworm with this machine's package
#   sources, then, chrooted: apt-get install ./push-callback_*.deb pulls every
#   dependency; the user, the conffile, the log directory and the units are
#   where they should be; systemd-analyze verifies the installed units and
#   rates them no worse than deploy/systemd's; push_callback refuses to start
#   while PUSHCB_SDKAPPID is unset, then, set, answers the sample request under
#   systemd-socket-activate (the unit's own lines) on the socket the nginx
#   example names and logs its two events; the timer's command compresses a
#   closed period; apt-get remove, then purge, leave what README says.
#
# systemd as PID 1 (the units at boot, their sandbox, the timer, the
# journal, an upgrade) is package-boot.sh's: it boots this package. With
# PCB_DEB_DIR set, the .deb is copied there for it.
# Needs root and the Debian mirror; not part of `make check` (scripts/test-all
# runs it as its "package" step): about four minutes.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
[ "$(id -u)" = 0 ] || skip_all "needs root (debootstrap, chroot)"
need dpkg-buildpackage lintian debootstrap chroot systemd-analyze
. "$top_srcdir/scripts/debian-root.sh"

ROOT=$T/root
trap 'debian_root_release "$ROOT"; _cleanup' EXIT

# ---- Build --------------------------------------------------------------------
"$top_srcdir/scripts/build-deb" "$T/deb" >"$T/build.log" 2>&1
rc=$?
is "$rc" 0 "scripts/build-deb (dpkg-buildpackage -us -uc -b) builds the package"
[ "$rc" = 0 ] || { tail -n 30 "$T/build.log" | sed 's/^/# /'; bail "no package"; }
ok "its build ran the unit tests, all passed" \
	sh -c "grep -q '^PASS: tests/unit/test-logfile' '$T/build.log' && ! grep -q '^FAIL:' '$T/build.log'"
DEB=$(ls "$T"/deb/push-callback_*_*.deb)
# package-boot.sh boots this very package (scripts/test-all's package step).
[ -n "${PCB_DEB_DIR:-}" ] && mkdir -p "$PCB_DEB_DIR" && cp "$DEB" "$PCB_DEB_DIR/"
lintian --fail-on error,warning "$T"/deb/push-callback_*.changes >"$T/lintian.out" 2>&1
rc=$?
is "$rc" 0 "lintian: no error, no warning"
[ "$rc" = 0 ] || sed 's/^/# /' "$T/lintian.out"

# ---- Install into a fresh root --------------------------------------------------
mkdir "$ROOT"
debian_root_make "$ROOT" || bail "debootstrap failed"
debian_root_mount "$ROOT" || bail "cannot mount in the root"
in_root() { debian_root_chroot "$ROOT" "$@"; }
cp "$DEB" "$ROOT/tmp/"
in_root apt-get update >"$T/apt.log" 2>&1
in_root apt-get install -y --no-install-recommends "/tmp/$(basename "$DEB")" >>"$T/apt.log" 2>&1
rc=$?
is "$rc" 0 "apt-get install ./$(basename "$DEB") pulls every dependency"
[ "$rc" = 0 ] || { tail -n 20 "$T/apt.log" | sed 's/^/# /'; bail "the package did not install"; }
in_root push_callback --version >"$T/version"
is "$(head -n 1 "$T/version" | cut -d' ' -f1-2)" "push_callback $(sed -n '1s/.*(\(.*\)).*/\1/p' "$top_srcdir/debian/changelog")" \
	"push_callback --version"
is "$(sed -n '2s/^\(malloc: [a-z]*\).*/\1/p' "$T/version")" "malloc: mimalloc" \
	"the package's push_callback is linked with mimalloc (debian/rules: --with-mimalloc)"
ok "pushcb-report runs" quietly in_root pushcb-report --version
ok "pushcb-reconcile runs" quietly in_root pushcb-reconcile --version
ok "pushcb-reconcile(1) is installed" test -f "$ROOT/usr/share/man/man1/pushcb-reconcile.1.gz"
ok "the conffile has its two settings, commented" sh -c \
	"grep -qx '#PUSHCB_ADMIN_IDENTIFIER=administrator' '$ROOT/etc/push_callback.conf' && grep -qx '#PUSHCB_ADMIN_KEY=' '$ROOT/etc/push_callback.conf'"

is "$(in_root getent passwd push_callback | cut -d: -f6,7)" "/nonexistent:/usr/sbin/nologin" \
	"the system user push_callback, no home, no shell"
ok "and its group" quietly in_root getent group push_callback
is "$(in_root stat -c '%a %U:%G' /etc/push_callback.conf)" "640 root:push_callback" \
	"/etc/push_callback.conf: 0640 root:push_callback"
ok "it is a conffile" grep -qx /etc/push_callback.conf "$ROOT/var/lib/dpkg/info/push-callback.conffiles"
is "$(grep -c '^PUSHCB_SDKAPPID=' "$ROOT/etc/push_callback.conf")" 0 "PUSHCB_SDKAPPID is left to fill in"
is "$(in_root stat -c '%a %U:%G' /var/log/push_callback)" "750 push_callback:push_callback" \
	"/var/log/push_callback: 0750 push_callback"
# The fallback directory: named in the conffile (commented), made, writable by the units.
is "$(grep -c '^#PUSHCB_FALLBACK_DIR=/var/spool/push_callback$' "$ROOT/etc/push_callback.conf")" 1 \
	"the conffile names the fallback directory, commented"
is "$(in_root stat -c '%a %U:%G' /var/spool/push_callback)" "750 push_callback:push_callback" \
	"/var/spool/push_callback: 0750 push_callback"
UNITS=$ROOT/lib/systemd/system
for u in push-callback.socket push-callback.service push-callback-housekeep.service push-callback-housekeep.timer; do
	ok "$u installed" test -f "$UNITS/$u"
done
for u in push-callback.service push-callback-housekeep.service; do
	ok "$u may write the fallback directory" grep -qx 'ReadWritePaths=-/var/spool/push_callback' "$UNITS/$u"
done
ok "the socket is enabled" test -L "$ROOT/etc/systemd/system/sockets.target.wants/push-callback.socket"
ok "the housekeeping timer is enabled" test -L "$ROOT/etc/systemd/system/timers.target.wants/push-callback-housekeep.timer"
ok "no cron job competes with the timer" sh -c "! ls '$ROOT'/etc/cron.*/*push* 2>/dev/null | grep -q ."

in_root systemd-analyze verify --man=no /lib/systemd/system/push-callback.socket \
	/lib/systemd/system/push-callback.service /lib/systemd/system/push-callback-housekeep.service \
	/lib/systemd/system/push-callback-housekeep.timer >"$T/verify.out" 2>&1
rc=$?
is "$rc" 0 "systemd-analyze verify accepts the installed units"
[ "$rc" = 0 ] || sed 's/^/# /' "$T/verify.out"
exposure() { systemd-analyze security --offline=yes --no-pager "$1" 2>/dev/null |
	sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p'; }
render "$top_srcdir/deploy/systemd/push-callback.service" "$T/deploy.service"
deploy_level=$(exposure "$T/deploy.service")
for u in push-callback.service push-callback-housekeep.service; do
	level=$(exposure "$UNITS/$u")
	ok "$u's exposure ($level) is no higher than deploy/systemd's ($deploy_level)" \
		awk -v a="$level" -v b="$deploy_level" 'BEGIN { exit !(a != "" && a + 0 <= b + 0) }'
done

# deploy/prometheus ships as documentation (make install's $(docdir)/deploy):
# the metrics unit and timer are not installed; the script their ExecStart
# names is a program, in /usr/libexec (a path-exclude of the docs keeps it).
PROM=/usr/share/doc/push-callback/deploy/prometheus
for f in push-callback-metrics.service push-callback-metrics.timer push_callback.rules.yml \
	push-callback-reconcile.service push-callback-reconcile.timer pushcb-reconcile.rules.yml; do
	ok "$PROM/$f is installed, uncompressed" test -f "$ROOT$PROM/$f"
done
script=$(sed -n 's|^ExecStart=/bin/sh \([^ ]*\) .*|\1|p' "$ROOT$PROM/push-callback-metrics.service")
is "$script" /usr/libexec/push_callback/pushcb-textfile "the metrics unit's ExecStart runs the script from /usr/libexec"
ok "which is installed there, executable" test -x "$ROOT$script"
script=$(sed -n 's|^ExecStart=/bin/sh \([^ ]*\) .*|\1|p' "$ROOT$PROM/push-callback-reconcile.service")
is "$script" /usr/libexec/push_callback/pushcb-reconcile-textfile "so does the reconcile unit's"
ok "which is installed there, executable" test -x "$ROOT$script"
ok "the metrics unit is not installed (nor enabled)" test ! -e "$UNITS/push-callback-metrics.timer"
ok "systemd-analyze verify accepts the shipped metrics service" quietly in_root systemd-analyze verify --man=no \
	"$PROM/push-callback-metrics.service"

# ---- Run it as the units would ------------------------------------------------
SOCKET=$(sed -n 's/^ListenStream=//p' "$UNITS/push-callback.socket")
ok "the nginx example passes to the socket's path ($SOCKET)" \
	grep -q "fastcgi_pass unix:$SOCKET;" "$ROOT/usr/share/doc/push-callback/examples/nginx/push_callback.conf"
user=$(sed -n 's/^User=//p' "$UNITS/push-callback.service")
exec_start=$(sed -n 's/^ExecStart=//p' "$UNITS/push-callback.service")
envs=$(sed -n 's/^Environment=//p' "$UNITS/push-callback.service")
as_user() { in_root setpriv --reuid="$user" --regid="$user" --clear-groups env $envs "$@"; }

as_user $exec_start --check-config >/dev/null 2>"$T/unset.err"
is "$?" 78 "with PUSHCB_SDKAPPID unset it refuses to start: exit 78 (RestartPreventExitStatus)"
is "$(wc -l <"$T/unset.err")" 1 "with one line"
ok "which says what is missing" grep -q 'PUSHCB_SDKAPPID is not set' "$T/unset.err"

sed -i 's/^#PUSHCB_SDKAPPID=$/PUSHCB_SDKAPPID=1400000000/' "$ROOT/etc/push_callback.conf"
# The package again over the edited conffile (as an upgrade of it would be).
in_root dpkg -i "/tmp/$(basename "$DEB")" >>"$T/apt.log" 2>&1 </dev/null
ok "installing the package again keeps the administrator's edit" \
	grep -qx 'PUSHCB_SDKAPPID=1400000000' "$ROOT/etc/push_callback.conf"
is "$(in_root stat -c '%a %U:%G' /etc/push_callback.conf)" "640 root:push_callback" "and its owner and mode"
mkdir -p "$ROOT$(dirname "$SOCKET")"
chown "$(in_root id -u "$user"):$(in_root id -g "$user")" "$ROOT$(dirname "$SOCKET")"
in_root env -i PATH=/usr/bin:/bin systemd-socket-activate -l "$SOCKET" \
	setpriv --reuid="$user" --regid="$user" --clear-groups env $envs $exec_start 2>>"$T/stderr" &
pcb_track $!
wait_for_socket "$ROOT$SOCKET" || bail "no socket at $SOCKET"
r=$(post "$ROOT$SOCKET" "$SAMPLE_QUERY" "$SAMPLE")
is "$(status_of "$r") $(body_of "$r")" "200 $OK_JSON" "the sample request is answered 200 OK"
check_sample_logged "$ROOT/var/log/push_callback" "installed package"

# The timer's command: a closed period beside today's is compressed, one
# past PUSHCB_KEEP_DAYS (90 in the package's configuration) removed.
LOGS=$ROOT/var/log/push_callback
closed=$(date -u -d '2 days ago' +%F)
expired=$(date -u -d '100 days ago' +%F)
timer_cmd=$(sed -n 's/^ExecStart=//p' "$UNITS/push-callback-housekeep.service")
for p in "$closed" "$expired"; do
	printf '#fields\tRecvTime\nold\n' >"$LOGS/offlinepush-$p.tsv"
	chown "$(in_root id -u "$user")" "$LOGS/offlinepush-$p.tsv"
done
out=$(in_root setpriv --reuid="$user" --regid="$user" --clear-groups $timer_cmd 2>&1)
is "$?" 0 "the timer's command runs as $user"
is "$(printf '%s\n' "$out" | sort)" "$(printf 'compressed /var/log/push_callback/offlinepush-%s.tsv\nhousekeeping of /var/log/push_callback: 1 compressed, 1 removed, 0 failed\nremoved /var/log/push_callback/offlinepush-%s.tsv' "$closed" "$expired")" \
	"it compressed the closed period and removed the expired one"
ok "the compressed file is there, the current one left" \
	test -f "$LOGS/offlinepush-$closed.tsv.gz" -a -f "$LOGS/offlinepush-$(date -u +%F).tsv"

# ---- Remove, purge --------------------------------------------------------------
in_root apt-get remove -y push-callback >>"$T/apt.log" 2>&1
ok "apt-get remove" test $? -eq 0
ok "the programs and units are gone" sh -c "[ ! -e '$ROOT/usr/bin/push_callback' ] && [ ! -e '$UNITS/push-callback.service' ]"
ok "the conffile stays until purge" test -f "$ROOT/etc/push_callback.conf"
in_root apt-get purge -y push-callback >>"$T/apt.log" 2>&1
ok "apt-get purge" test $? -eq 0
ok "purge removes the conffile" test ! -e "$ROOT/etc/push_callback.conf"
ok "and the units' enablement" sh -c "! find '$ROOT/etc/systemd' -name 'push-callback*' | grep -q ."
ok "the logs stay, as README says" test -f "$LOGS/offlinepush-$closed.tsv.gz"
ok "and so does the user that owns them" quietly in_root getent passwd push_callback
done_testing
