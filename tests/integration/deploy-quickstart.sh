#!/bin/bash
# scripts/quickstart, the README's first command, on this machine (packages
# installed, push_callback built): it must serve the page's sample through
# nginx on loopback and exit 0.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
need nginx spawn-fcgi multiwatch curl
[ -x "$PCB" ] || bail "$PCB is not built"

TMPDIR=$T bash "$top_srcdir/scripts/quickstart" --no-install --binary "$PCB" \
	--port "$(free_port)" >"$T/out" 2>&1
is "$?" 0 "quickstart exits 0"
ok "it shows the success answer" grep -qF "$OK_JSON" "$T/out"
is "$(grep -c '^[0-9-]*T[0-9:]*Z	1400000000	Push.OfflinePush	' "$T/out")" 2 \
	"it shows the two logged events"
none_running() { ! pgrep -f "$1" >/dev/null; }
ok "it left no nginx running" none_running "nginx -c $T/push_callback-quickstart"
ok "and no push_callback" none_running "$T/push_callback-quickstart.*/bin/push_callback"
[ "$_tap_failed" = 0 ] || sed 's/^/# /' "$T/out"
done_testing
