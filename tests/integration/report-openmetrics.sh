#!/bin/sh
# report-openmetrics: pushcb-report -F openmetrics prints the funnel and the
# summary of the golden logs exactly as tests/data/report/expected/openmetrics.prom,
# valid for promtool; a grouping by time or TaskId is refused (no such labels).
. "$top_srcdir/tests/lib.sh"
need promtool
REPORT="$top_builddir/pushcb-report"
LOGS="$DATA/report/logs"

"$REPORT" -q -F openmetrics "$LOGS/a" "$LOGS/b" >"$T/om" 2>/dev/null
is "$?" 0 "-F openmetrics: exit 0"
ok "the golden metrics" cmp "$T/om" "$DATA/report/expected/openmetrics.prom"
ok "valid for promtool check metrics" sh -c 'promtool check metrics <"$1"' - "$T/om"
"$REPORT" -q -F openmetrics --by vendor,hour "$LOGS/a" >/dev/null 2>&1
is "$?" 2 "--by vendor,hour with -F openmetrics: a usage error"
done_testing
