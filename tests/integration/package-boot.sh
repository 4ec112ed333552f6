#!/bin/bash
# package-boot: the Debian package booted for real, with systemd as PID 1.
#
# A fresh minimal Debian 12 root (scripts/debian-root.sh) gets systemd, nginx
# and curl, the package, PUSHCB_SDKAPPID in /etc/push_callback.conf and the
# package's nginx example enabled as README says; then systemd-nspawn boots it
# (-b --register=no --keep-unit --private-network: no system bus outside, only
# a loopback inside). A oneshot unit runs package-boot-checks.sh after
# multi-user.target, which writes TAP into the root and powers off; this test
# prints those checks as its own. They cover socket activation at boot, a
# request through nginx, the worker's sandbox as the kernel sees it (user,
# NoNewPrivs, capabilities, seccomp, mounts, network), a SIGKILLed worker,
# the housekeeping timer and service, the journal, reload, exit 78 without a
# restart loop, apt-get remove and purge, and the upgrade from the last
# release (0.2.0, built from its commit) with a downgrade back to it.
#
# The package: PCB_DEB_DIR's push-callback_VERSION_*.deb when package-deb.sh
# left it there (scripts/test-all's package step), else scripts/build-deb
# --no-check. Needs root, the Debian mirror and systemd-nspawn (Debian:
# systemd-container); not part of `make check` (scripts/test-all runs it in
# its "package" step). On a 2-core machine under a load of 20 or more, with
# package-deb.sh's .deb: about 4.5 minutes (building 0.2.0 80 s, the root
# and its packages 170 s, the container 30 s); building the .deb as well
# adds one to three minutes.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
[ "$(id -u)" = 0 ] || skip_all "needs root (debootstrap, systemd-nspawn)"
need dpkg-buildpackage debootstrap chroot systemd-nspawn
. "$top_srcdir/scripts/debian-root.sh"

# The last release: its tag where the clone has it, else its commit.
PCB_LAST_RELEASE=0.2.0
PCB_LAST_RELEASE_COMMIT=98bd97a2c2d10dba723dfe747f29bfab75aeeded
# How long the checks inside may take before the container is stopped.
PCB_BOOT_DEADLINE=${PCB_BOOT_DEADLINE:-600}

ROOT=$T/root
trap 'debian_root_release "$ROOT"; _cleanup' EXIT
start=$(date +%s)

# systemd-nspawn needs the root it runs in to be a mount point and a cgroup
# tree at /sys/fs/cgroup. A chroot without them (scripts/fresh-debian's has
# both: scripts/debian-root.sh) cannot boot the container: say which.
cannot() { [ "${PCB_REQUIRE_ALL:-0}" = 1 ] && bail "$*"; skip_all "$*"; }
mountpoint -q / || cannot "systemd-nspawn cannot run here: / is not a mount point (a chroot? bind its root onto itself, as scripts/debian-root.sh does)"
mountpoint -q /sys/fs/cgroup ||
	cannot "systemd-nspawn cannot run here: no cgroup tree at /sys/fs/cgroup (a chroot? mount one, as scripts/debian-root.sh does)"

# ---- The packages ---------------------------------------------------------------
version=$(sed -n '1s/.*(\(.*\)).*/\1/p' "$top_srcdir/debian/changelog")
DEB=$(ls "${PCB_DEB_DIR:-/nonexistent}"/push-callback_"${version}"_*.deb 2>/dev/null | head -n 1)
if [ -n "$DEB" ]; then
	diag "the package package-deb.sh built: $DEB"
else
	"$top_srcdir/scripts/build-deb" --no-check "$T/deb" >"$T/build.log" 2>&1 ||
		{ tail -n 30 "$T/build.log" | sed 's/^/# /'; bail "scripts/build-deb failed"; }
	DEB=$(ls "$T"/deb/push-callback_"${version}"_*.deb)
fi
ok "the package $version is there" test -f "$DEB"

# 0.2.0 from its commit, built by its own scripts/build-deb (a clone from
# CI carries the commit, not necessarily the tag).
OLD_DEB=
commit=$(git -C "$top_srcdir" rev-parse -q --verify "v$PCB_LAST_RELEASE^{commit}" 2>/dev/null ||
	git -C "$top_srcdir" rev-parse -q --verify "$PCB_LAST_RELEASE_COMMIT^{commit}" 2>/dev/null)
if [ -n "$commit" ]; then
	mkdir "$T/old"
	git -C "$top_srcdir" archive "$commit" | tar -xf - -C "$T/old"
	if "$T/old/scripts/build-deb" --no-check "$T/olddeb" >"$T/oldbuild.log" 2>&1; then
		OLD_DEB=$(ls "$T"/olddeb/push-callback_"$PCB_LAST_RELEASE"_*.deb 2>/dev/null)
	else
		tail -n 20 "$T/oldbuild.log" | sed 's/^/# /'
	fi
	ok "$PCB_LAST_RELEASE built from its commit ${commit%"${commit#????????????}"}" test -n "$OLD_DEB"
else
	# A tarball has no history: the upgrade checks inside are skipped, saying so.
	echo "ok $((_tap_n += 1)) # SKIP $PCB_LAST_RELEASE cannot be built: no git history here (a tarball?)"
fi
diag "packages ready after $(($(date +%s) - start)) s"

# ---- The root ---------------------------------------------------------------------
mkdir "$ROOT"
debian_root_make "$ROOT" || bail "debootstrap failed"
debian_root_mount "$ROOT" || bail "cannot mount in the root"
in_root() { debian_root_chroot "$ROOT" "$@"; }
cp "$DEB" "$ROOT/root/"
[ -n "$OLD_DEB" ] && cp "$OLD_DEB" "$ROOT/root/"
in_root apt-get update >"$T/apt.log" 2>&1
in_root apt-get install -y --no-install-recommends systemd systemd-sysv nginx curl \
	"/root/$(basename "$DEB")" >>"$T/apt.log" 2>&1
rc=$?
is "$rc" 0 "systemd, nginx, curl and the package install into a fresh root"
[ "$rc" = 0 ] || { tail -n 20 "$T/apt.log" | sed 's/^/# /'; bail "cannot install"; }

# What an administrator does after installing (README): the SdkAppid, and
# the nginx example into the default site.
sed -i 's/^#PUSHCB_SDKAPPID=$/PUSHCB_SDKAPPID=1400000000/' "$ROOT/etc/push_callback.conf"
ok "PUSHCB_SDKAPPID set in /etc/push_callback.conf" grep -qx 'PUSHCB_SDKAPPID=1400000000' "$ROOT/etc/push_callback.conf"
EX=$ROOT/usr/share/doc/push-callback/examples/nginx
cp "$EX/routing.conf" "$ROOT/etc/nginx/conf.d/push_callback.conf"
cp "$EX/push_callback.conf" "$ROOT/etc/nginx/snippets/push_callback.conf"
sed -i 's|^\(\s*server_name _;\)|\1\n\tinclude snippets/push_callback.conf;|' "$ROOT/etc/nginx/sites-available/default"
ok "nginx -t accepts the package's example in the default site" quietly in_root nginx -t

# The checks, run by a oneshot unit once the boot is done.
cp "$top_srcdir/tests/integration/package-boot-checks.sh" "$ROOT/root/checks.sh"
cp "$SAMPLE" "$ROOT/root/sample-request.json"
cat >"$ROOT/etc/systemd/system/pcb-boot-checks.service" <<EOF
[Unit]
Description=package-boot.sh's checks
After=multi-user.target

[Service]
Type=oneshot
ExecStart=/bin/bash /root/checks.sh /root/$(basename "$DEB") ${OLD_DEB:+/root/$(basename "$OLD_DEB")}
ExecStopPost=/bin/systemctl poweroff --no-block

[Install]
WantedBy=multi-user.target
EOF
in_root systemctl enable pcb-boot-checks.service >/dev/null 2>&1
mkdir -p "$ROOT/var/log/journal"
# Services start inside the booted root: no policy-rc.d there.
rm -f "$ROOT/usr/sbin/policy-rc.d"
debian_root_release "$ROOT"
diag "root ready after $(($(date +%s) - start)) s"

# ---- Boot -----------------------------------------------------------------------------
boot_start=$(date +%s)
timeout -k 10 "$PCB_BOOT_DEADLINE" systemd-nspawn -q -D "$ROOT" -b --register=no --keep-unit \
	--private-network >"$T/console.log" 2>&1 </dev/null
rc=$?
diag "the container ran $(($(date +%s) - boot_start)) s; the whole test $(($(date +%s) - start)) s so far"
if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
	diag "the checks did not power off within $PCB_BOOT_DEADLINE s: the container was stopped"
fi
is "$rc" 0 "systemd-nspawn booted the root and the checks powered it off"
if [ "$rc" != 0 ]; then
	tail -n 30 "$T/console.log" | sed 's/^/# console: /'
	journalctl -D "$ROOT/var/log/journal" --no-pager -q 2>/dev/null | tail -n 40 | sed 's/^/# journal: /'
fi

# ---- The checks' TAP, as ours ----------------------------------------------------------
TAP=$ROOT/root/boot.tap
plan=$(sed -n '1s/^1\.\.\([0-9]*\)$/\1/p' "$TAP" 2>/dev/null)
plan_here=$(sed -n 's/^PLAN=//p' "$top_srcdir/tests/integration/package-boot-checks.sh")
is "${plan:-none}" "$plan_here" "the checks inside began (their plan)"
seen=0
while IFS= read -r line; do
	case $line in
	"ok "* | "not ok "*)
		seen=$((seen + 1))
		_tap_n=$((_tap_n + 1))
		case $line in
		"not ok "*) _tap_failed=$((_tap_failed + 1)) ;;
		esac
		# Renumbered in this test's sequence.
		printf '%s\n' "$line" | sed "s/^\(\(not \)\{0,1\}ok\) [0-9]*/\1 $_tap_n/"
		;;
	"#"*) printf '%s\n' "$line" ;;
	esac
done < <(tail -n +2 "$TAP" 2>/dev/null)
# A check that did not run (the container died) still counts, failed.
while [ "$seen" -lt "$plan_here" ]; do
	seen=$((seen + 1))
	_tap_n=$((_tap_n + 1))
	_tap_failed=$((_tap_failed + 1))
	echo "not ok $_tap_n - check $seen inside the container did not run"
done
if grep -q '^not ok' "$TAP" 2>/dev/null; then
	sed 's/^/# apt: /' "$ROOT/root/apt.log" 2>/dev/null | tail -n 20
	journalctl -D "$ROOT/var/log/journal" --no-pager -q -u push-callback.service 2>/dev/null | tail -n 30 |
		sed 's/^/# journal: /'
fi
diag "package-boot took $(($(date +%s) - start)) s"
done_testing
