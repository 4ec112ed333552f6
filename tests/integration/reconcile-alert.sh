#!/bin/sh
# reconcile-alert: the shipped rule PushCallbackCallbacksMissing is valid and
# promtool's unit tests (tests/data/prometheus/reconcile.test.yml) show it fire
# and stay quiet; the daily unit and timer pass systemd-analyze verify.
. "$top_srcdir/tests/lib.sh"
need promtool

ok "promtool check rules" promtool check rules "$top_srcdir/deploy/prometheus/pushcb-reconcile.rules.yml"
ok "promtool test rules" sh -c 'cd "$1" && promtool test rules reconcile.test.yml' - "$DATA/prometheus"
ok "the timer has a valid calendar (Beijing time)" \
	sh -c "systemd-analyze calendar \"\$(sed -n 's/^OnCalendar=//p' '$top_srcdir/deploy/prometheus/push-callback-reconcile.timer')\" >/dev/null"
ok "the service's script is the shipped one" \
	grep -q '^ExecStart=/bin/sh /usr/libexec/push_callback/pushcb-reconcile-textfile ' \
	"$top_srcdir/deploy/prometheus/push-callback-reconcile.service"
done_testing
