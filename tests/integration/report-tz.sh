#!/bin/sh
# report-tz: pushcb-report --tz puts hours, days, --from and --to in a zone (a tz database
# name, through the C library and tzdata, or a fixed offset), and the HTML page's trend
# too, says which, and refuses a zone it cannot find.
. "$top_srcdir/tests/lib.sh"
REPORT="$top_builddir/pushcb-report"
LOGS="$DATA/report/logs"
EXP="$DATA/report/expected"
ZONEINFO=${TZDIR:-/usr/share/zoneinfo}
[ -f "$ZONEINFO/Asia/Shanghai" ] || missing "tzdata ($ZONEINFO/Asia/Shanghai)"

golden "--tz Asia/Shanghai: hours of Beijing time, the zone in the title" tz-hour.txt \
	-b vendor,hour --tz Asia/Shanghai "$LOGS/a" "$LOGS/b"
golden "--tz +08:00: --from and --to are Beijing times, the zone in the JSON" tz-day.json \
	-F json -b vendor,day --tz +08:00 --from 2026-11-25T21 --to 2026-11-26 "$LOGS/a" "$LOGS/b"
golden "--tz and --latency: a span in its later event's Beijing day" tz-latency-day.json \
	-F json -b vendor,day --tz Asia/Shanghai -L "$DATA/report/latency/x" "$DATA/report/latency/y"

# A tz name and its fixed offset give the same tables.
"$REPORT" -q -F tsv -b vendor,hour --tz Asia/Shanghai "$LOGS/a" "$LOGS/b" >"$T/named" 2>/dev/null
"$REPORT" -q -F tsv -b vendor,hour --tz +0800 "$LOGS/a" "$LOGS/b" >"$T/fixed" 2>/dev/null
ok "Asia/Shanghai and +0800 group alike in November" cmp -s "$T/named" "$T/fixed"
"$REPORT" -q -F tsv -b vendor,hour "$LOGS/a" "$LOGS/b" >"$T/utc" 2>/dev/null
ok "and unlike UTC" sh -c '! cmp -s "$1" "$2"' - "$T/named" "$T/utc"

# A TIME ending in Z stays UTC whatever --tz.
counted() { awk -F'\t' '$1 == "counted" { print $2 }' "$1"; }
"$REPORT" -q -F tsv --tz -10:00 --from 2026-11-25T13:00:00Z --to 2026-11-25T14:00Z "$LOGS/a" "$LOGS/b" >"$T/z" 2>/dev/null
"$REPORT" -q -F tsv --from 2026-11-25T13 --to 2026-11-25T14 "$LOGS/a" "$LOGS/b" >"$T/u" 2>/dev/null
is "$(counted "$T/z")" "$(counted "$T/u")" "--from and --to with a Z are UTC under --tz too"
"$REPORT" -q -F tsv --tz -10:00 --from 2026-11-25T03 --to 2026-11-25T04 "$LOGS/a" "$LOGS/b" >"$T/l" 2>/dev/null
is "$(counted "$T/l")" "$(counted "$T/u")" "and 03:00 at -10:00 is 13:00 UTC"

# Europe/Berlin leaves summer time at 01:00 UTC on 25 October 2026: 00:30 and 01:30
# UTC are both 02:30 on its clocks, one hour of local time; 23:30 UTC the day before
# is already 25 October there, 21:30 UTC still 24 October.
[ -f "$ZONEINFO/Europe/Berlin" ] || missing "tzdata ($ZONEINFO/Europe/Berlin)"
mkdir "$T/dst"
{
	printf '#fields\tRecvTime\tSdkAppid\tCallbackCommand\tEventType\tEventTime\tFrom_Account\tTo_Account\tPushPlatform\tPushStage\tMsgKey\tGroupID\tMsgSeq\tMsgRandom\tMsgTime\tPushID\tErrCode\tErrInfo\n'
	for t in 1792888200 1792891800 1792895400 1792884600 1792877400; do
		printf '2026-10-25T00:00:00Z\t1400000000\tPush.OfflinePush\t1\t%s\tadmin\tu\t1\t1\tk\t\t1\t2\t%s\tp%s\t0\tOK\n' "$t" "$t" "$t"
	done
} >"$T/dst/offlinepush-2026-10-25.tsv"
"$REPORT" -q -F tsv -b vendor,hour --tz Europe/Berlin "$T/dst" >"$T/berlin" 2>/dev/null
is "$(awk -F'\t' 'NR > 1 && NF == 0 { exit } NR > 1 { printf "%s=%s ", $5, $6 }' "$T/berlin")" \
	"2026-10-24T23=1 2026-10-25T01=1 2026-10-25T02=2 2026-10-25T03=1 " \
	"--tz Europe/Berlin: the hour the clocks repeat holds both of its instants"
# The HTML page's trend is in the zone's hours too, whatever --by: each hour's sends
# (every command) as the TSV by vendor,hour has them, and the captions name the zone.
trend() {
	sed -n 's|.*<td class="period">\([^<]*\)</td><td class="sent n">\([0-9]*\)</td>.*|\1 \2|p' "$1" |
		awk '{ s[$1] += $2 } END { for (k in s) if (s[k] > 0) print k "=" s[k] }' | sort | tr '\n' ' '
}
tsv_hours() {
	awk -F'\t' 'NR > 1 && NF == 0 { exit } NR > 1 { s[$5] += $6 }
		END { for (k in s) if (s[k] > 0) print k "=" s[k] }' "$1" | sort | tr '\n' ' '
}
"$REPORT" -q -F html --tz Europe/Berlin "$T/dst" >"$T/berlin.html" 2>/dev/null
is "$(trend "$T/berlin.html")" "$(tsv_hours "$T/berlin")" \
	"--tz Europe/Berlin: the HTML trend has the TSV's local hours, the repeated one holding both"
ok "its caption names the zone" grep -q '<figcaption>Push.OfflinePush per hour (Europe/Berlin)</figcaption>' "$T/berlin.html"
"$REPORT" -q -F html --tz +05:30 "$LOGS/a" "$LOGS/b" >"$T/ist.html" 2>/dev/null
"$REPORT" -q -F tsv -b vendor,hour --tz +05:30 "$LOGS/a" "$LOGS/b" >"$T/ist" 2>/dev/null
is "$(trend "$T/ist.html")" "$(tsv_hours "$T/ist")" \
	"--tz +05:30: the HTML trend's hours start at the half hour of UTC, as the TSV's"
ok "its caption names the zone" grep -q '<figcaption>Push.OfflinePush per hour (+05:30)</figcaption>' "$T/ist.html"
"$REPORT" -q -F html "$LOGS/a" "$LOGS/b" >"$T/utc.html" 2>/dev/null
ok "and they are not UTC's" test "$(trend "$T/ist.html")" != "$(trend "$T/utc.html")"
"$REPORT" -q -F tsv -b vendor,day --tz Europe/Berlin --from 2026-10-25 "$T/dst" >"$T/berlin" 2>/dev/null
is "$(awk -F'\t' 'NR > 1 && NF == 0 { exit } NR > 1 { printf "%s=%s ", $5, $6 }' "$T/berlin")" \
	"2026-10-25=4 " "its 25 October starts at 22:00 UTC the day before, in summer time"

for z in Mars/Base ../zoneinfo/UTC /usr/share/zoneinfo/UTC +24:00 8 ''; do
	"$REPORT" -q --tz "$z" "$LOGS/a" >/dev/null 2>"$T/err"
	is "$?" 2 "--tz '$z' is refused (exit 2)"
done
ok "naming the bad zone" grep -q "^pushcb-report.*--tz: '' is not" "$T/err"
done_testing
