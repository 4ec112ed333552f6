# sandbox-lib.sh: what the sandbox tests share (tests/integration/sandbox-*.sh):
# the exploit attempts of tests/exploit-shim.c and how to read their results.
# Source it after tests/lib.sh.

# Under a wrapper first: check-valgrind builds no shim (it needs none).
[ -n "${PCB_WRAPPER:-}" ] && skip_all "the sandbox is off under a wrapper (valgrind, the sanitizers)"
SHIM=$top_builddir/tests/exploit-shim.so
[ -f "$SHIM" ] || bail "$SHIM is not built"
"$PCB" --version | grep -q '^sandbox: seccomp' || skip_all "built without the sandbox (--disable-sandbox)"

# The file attempts get EACCES from Landlock; on a kernel without it they are
# not refused (the program says so at start) and not checked.
mkdir -p "$T/logs" "$T/open"
chmod 1777 "$T/open"
printf 'PUSHCB_MAX_BODY=65536\n# the token would be here\n' >"$T/push_callback.conf"
chmod 0644 "$T/push_callback.conf"
if env -i PATH="$PATH" PUSHCB_SDKAPPID=1 PUSHCB_LOG_DIR="$T/logs" REQUEST_METHOD=GET "$PCB" 2>&1 >/dev/null |
	grep -q 'sandbox: no Landlock'; then
	FILE_RESULT=any
	diag "this kernel has no Landlock: the file attempts are not checked"
else
	FILE_RESULT=EACCES
fi

# attempts PID: each attempt (ptrace of PID) and what it must get: an errno
# name, or SIGSYS (the worker killed). $T/open is writable by every user, so
# only the sandbox can refuse the file made there.
attempts() {
	_cport=$(free_port) || bail "no free port"
	echo "read:/etc/passwd $FILE_RESULT"
	echo "read:$T/push_callback.conf $FILE_RESULT"
	echo "create:$T/open/outside $FILE_RESULT"
	echo "tcp SIGSYS"
	echo "udp SIGSYS"
	echo "connect:$_cport SIGSYS"
	echo "exec SIGSYS"
	echo "ptrace:$1 SIGSYS"
}

# result_of ATTEMPT [LOG]: the shim's last word on ATTEMPT in LOG (default
# $T/stderr): an errno name, "succeeded", or "trying" when it never came back.
result_of() {
	grep -F "]: $1: " "${2:-$T/stderr}" 2>/dev/null | tail -n 1 | sed 's/.*: //'
}

# want GOT WANT: WANT, or GOT when any result is accepted.
want() { [ "$2" = any ] && echo "$1" || echo "$2"; }
