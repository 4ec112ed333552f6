#!/bin/sh
# prometheus-rules: the shipped alert rules are valid, and promtool's unit
# tests (tests/data/prometheus/rules.test.yml) show each fire and stay quiet.
. "$top_srcdir/tests/lib.sh"
need promtool

ok "promtool check rules" promtool check rules "$top_srcdir/deploy/prometheus/push_callback.rules.yml"
ok "promtool test rules" sh -c 'cd "$1" && promtool test rules rules.test.yml' - "$DATA/prometheus"
done_testing
