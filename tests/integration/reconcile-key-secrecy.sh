#!/bin/sh
# PUSHCB_ADMIN_KEY never leaves pushcb-reconcile: not in its argv or its
# environment while it runs (/proc, with the key given in the environment and
# in the file), no child process to inherit it, not on stdout or stderr of a
# good run or of failed ones, not in any request the API received.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/reconcile-lib.sh"

rc_certs
rc_conf
mkdir -p "$T/logs"
D2=$(rc_beijing_day 2)

# has_key FILE: whether FILE holds the key (NULs of /proc files read as newlines).
has_key() { tr '\0' '\n' <"$1" | grep -qF "$RC_KEY"; }

# watch_run NAME ENV...: runs pushcb-reconcile against a stalling stand-in with the
# extra environment ENV; once the API has its request, copies its /proc files.
watch_run() {
	_name=$1
	shift
	rc_rate_window
	rm -f "$T/standin.log.requests"
	env -i PATH="$PATH" "$@" "$RECONCILE" --config "$T/$_name.conf" --api "$RC_API" --cacert "$T/pki/ca.pem" \
		--from "$D2" --to "$D2" --timeout 10 >"$T/$_name.out" 2>"$T/$_name.err" &
	_pid=$!
	for _ in $(seq 1 1200); do
		[ -s "$T/standin.log.requests" ] && break
		sleep 0.05
	done
	[ -s "$T/standin.log.requests" ] || bail "$_name: no request reached the stand-in within a minute"
	cp "/proc/$_pid/cmdline" "$T/$_name.cmdline"
	cp "/proc/$_pid/environ" "$T/$_name.environ"
	cat /proc/"$_pid"/task/*/children >"$T/$_name.children"
	kill -0 "$_pid" 2>/dev/null && echo alive >"$T/$_name.alive"
	wait "$_pid"
	echo $? >"$T/$_name.status"
}

rc_standin stall --stall 60

# The key in the environment, not in the file.
printf 'PUSHCB_SDKAPPID=%s\nPUSHCB_LOG_DIR=%s\n' "$RC_APPID" "$T/logs" >"$T/env.conf"
watch_run env PUSHCB_ADMIN_KEY="$RC_KEY"
ok "key in the environment: /proc read while it ran" test -f "$T/env.alive"
ok "its argv has no key" sh -c "! tr '\0' '\n' <'$T/env.cmdline' | grep -qF '$RC_KEY'"
ok "its environment has none left (wiped once read)" sh -c "! tr '\0' '\n' <'$T/env.environ' | grep -qF '$RC_KEY'"
ok "and PUSHCB_ADMIN_KEY's value is wiped" sh -c "! tr '\0' '\n' <'$T/env.environ' | grep -q '^PUSHCB_ADMIN_KEY=[0-9a-f]'"
is "$(cat "$T/env.children")" "" "no child process to inherit it"
is "$(cat "$T/env.status")" 3 "the stall ends in exit 3"
ok "stderr has no key" sh -c "! grep -qF '$RC_KEY' '$T/env.err'"

# The key in the file only.
cp "$T/reconcile.conf" "$T/file.conf"
watch_run file
ok "key in the file: /proc read while it ran" test -f "$T/file.alive"
ok "its argv has no key" sh -c "! tr '\0' '\n' <'$T/file.cmdline' | grep -qF '$RC_KEY'"
ok "its environment has no key" sh -c "! tr '\0' '\n' <'$T/file.environ' | grep -qF '$RC_KEY'"
is "$(cat "$T/file.children")" "" "no child process"
ok "stdout and stderr have no key" sh -c "! grep -qF '$RC_KEY' '$T/file.out' '$T/file.err'"
rc_standin_stop

# A good run, and refused ones: nothing the program writes has the key.
rc_standin normal
rc_run --from "$D2" --to "$D2" -F json >"$T/good.out" 2>"$T/good.err"
is "$?" 0 "a good run: exit 0"
ok "its output and stderr have no key" sh -c "! grep -qF '$RC_KEY' '$T/good.out' '$T/good.err'"
ok "no request the API received had the key (only the UserSig made from it)" sh -c "! grep -qF '$RC_KEY' '$T/standin.log.requests'"
rc_standin_stop
rc_standin 70009
rc_run --from "$D2" --to "$D2" >"$T/bad.out" 2>"$T/bad.err"
is "$?" 3 "a refused run: exit 3"
ok "its output and stderr have no key" sh -c "! grep -qF '$RC_KEY' '$T/bad.out' '$T/bad.err'"
rc_conf "bad-$RC_KEY"
rc_run --from 1999-01-01 >"$T/usage.out" 2>"$T/usage.err"
is "$?" 2 "a usage error: exit 2"
ok "its stderr has no key" sh -c "! grep -qF '$RC_KEY' '$T/usage.out' '$T/usage.err'"
out=$(env -i PATH="$PATH" "$PCB" --config "$T/reconcile.conf" --check-config 2>&1)
ok "push_callback --check-config shows it hidden" sh -c "printf '%s\n' '$out' | grep -q '^PUSHCB_ADMIN_KEY=\*\*\*\*\*\*\*\* (set, masked)' && ! printf '%s\n' '$out' | grep -qF '$RC_KEY'"
done_testing
