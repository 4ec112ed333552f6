# debian-root.sh: a minimal Debian 12 root for scripts/fresh-debian and the
# package's install test (tests/integration/package-deb.sh). Source it, as
# root; it defines:
#
#   debian_root_make ROOT   debootstrap --variant=minbase bookworm into ROOT
#                           from this machine's mirror, then this machine's
#                           package sources and resolv.conf, and a
#                           policy-rc.d that starts no service inside
#   debian_root_mount ROOT  ROOT bound onto itself, then /proc, /sys,
#                           /sys/fs/cgroup, /dev, /dev/pts, /dev/shm and /run
#                           (systemd-nspawn, as package-boot.sh runs it
#                           under scripts/fresh-debian, needs its root to be
#                           a mount point and the cgroup tree mounted)
#   debian_root_chroot ROOT COMMAND...  runs COMMAND chrooted in ROOT with a
#                           clean environment (apt-get without questions)
#   debian_root_enter ROOT COMMAND...  runs COMMAND with ROOT as the root of
#                           a mount namespace of its own (pivot_root, after
#                           debian_root_mount), not chrooted: the kernel
#                           refuses user namespaces to a chrooted process
#                           (clone(2), EPERM), so systemd's PrivateUsers= in
#                           a container booted from inside (package-boot.sh)
#                           works only this way
#   debian_root_release ROOT  stops what still runs inside ROOT and
#                           unmounts everything under it (ROOT stays)
#
# debootstrap's output is in ROOT.debootstrap.log when it fails.

# The mirror this machine installs from (deb822 sources, then sources.list).
debian_root_mirror() {
	_m=$(sed -n 's/^URIs: *\([^ ]*\).*/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null |
		grep -v security | head -n 1)
	[ -n "$_m" ] || _m=$(awk '$1 == "deb" && $0 !~ /security/ { print $2; exit }' /etc/apt/sources.list 2>/dev/null)
	echo "${_m:-http://deb.debian.org/debian}"
}

debian_root_make() {
	debootstrap --variant=minbase bookworm "$1" "$(debian_root_mirror)" >"$1.debootstrap.log" 2>&1 ||
		{ tail -n 20 "$1.debootstrap.log" >&2; return 1; }
	rm -f "$1.debootstrap.log"
	# This machine's package sources ("the same package sources").
	rm -f "$1/etc/apt/sources.list"
	cp -a /etc/apt/sources.list.d/. "$1/etc/apt/sources.list.d/" 2>/dev/null
	[ -f /etc/apt/sources.list ] && cp /etc/apt/sources.list "$1/etc/apt/sources.list"
	rm -f "$1"/etc/apt/sources.list.d/*disabled*
	cp /etc/resolv.conf "$1/etc/resolv.conf" 2>/dev/null
	printf '#!/bin/sh\n# debian-root.sh: start no service inside this root.\nexit 101\n' >"$1/usr/sbin/policy-rc.d"
	chmod 0755 "$1/usr/sbin/policy-rc.d"
}

debian_root_mount() {
	mount --bind "$1" "$1" || { echo "debian-root: cannot bind $1 onto itself" >&2; return 1; }
	for _m in proc sys sys/fs/cgroup dev dev/pts dev/shm run; do
		mkdir -p "$1/$_m"
		case $_m in
		proc) mount -t proc proc "$1/proc" ;;
		sys) mount -t sysfs sys "$1/sys" ;;
		sys/fs/cgroup)
			mount -t cgroup2 cgroup2 "$1/sys/fs/cgroup" ||
				echo "debian-root: no cgroup2 tree in $1: systemd-nspawn cannot run inside it" >&2
			;;
		dev) mount --bind /dev "$1/dev" ;;
		dev/pts) mount -t devpts -o newinstance,ptmxmode=0666 devpts "$1/dev/pts" ;;
		dev/shm | run) mount -t tmpfs -o mode=1777 tmpfs "$1/$_m" ;;
		esac || { echo "debian-root: cannot mount $_m in $1" >&2; return 1; }
	done
}

debian_root_chroot() {
	_r=$1
	shift
	chroot "$_r" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \
		DEBIAN_FRONTEND=noninteractive "$@"
}

debian_root_enter() {
	_r=$1
	shift
	# The old root is detached in the new namespace only (private propagation).
	unshare --mount --propagation private -- /bin/sh -c '
		cd "$1" && mkdir -p .pcb-oldroot && pivot_root . .pcb-oldroot || exit 125
		shift
		exec /usr/sbin/chroot . /bin/sh -c "umount -l /.pcb-oldroot && rmdir /.pcb-oldroot; exec \"\$@\"" sh "$@"
	' sh "$_r" "$@"
}

debian_root_release() {
	for _p in /proc/[0-9]*; do
		[ "$(readlink "$_p/root" 2>/dev/null)" = "$1" ] && kill -KILL "${_p#/proc/}" 2>/dev/null
	done
	# Deepest first, ROOT itself last; a lazy unmount also takes what the
	# tests mounted inside. Again while any is left: ROOT's bind onto itself
	# hid the mounts made before it, and a lazy unmount of it bares them.
	for _ in 1 2 3 4 5; do
		_ms=$(awk -v r="$1" '$2 == r || index($2, r "/") == 1 { print $2 }' /proc/mounts | sort -r)
		[ -n "$_ms" ] || return 0
		printf '%s\n' "$_ms" | while read -r _m; do umount -l "$_m" 2>/dev/null; done
	done
}
