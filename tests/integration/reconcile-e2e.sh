#!/bin/sh
# pushcb-reconcile end to end: events of two Beijing days posted through the
# real receiver (CGI), some left out, some posted twice; Tencent's figures for
# all of them from the stand-in, which checks every call (query, UserSig,
# body, one call a second). The rows reported missing must be exactly the
# left-out events' (exit 1); once they are posted too, nothing is (exit 0).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/reconcile-lib.sh"
need promtool

rc_certs
"$PY" "$top_srcdir/tests/reconcile-gen.py" "$T/gen" 3 2 || bail "reconcile-gen.py failed"
cp "$T/gen/tencent.json" "$T/tencent.json"
rc_conf
rc_standin normal
D3=$(rc_beijing_day 3)
D2=$(rc_beijing_day 2)

ok "the kept batches are posted through push_callback (three twice)" rc_post "$T/gen/kept"/*.json

# The rows with something missing, as the expected file has them.
missing_rows() {
	awk -F'\t' 'NR > 1 && $10 > 0 { print $1 "\t" $2 "\t" $3 "\t" $4 "\t" $5 "\t" $6 "\t" $7 "\t" $10 }' "$1" | sort
}

rc_run --from "$D3" --to "$D2" -F tsv >"$T/out.tsv" 2>"$T/err"
is "$?" 1 "with events left out: exit 1"
is "$(head -n 1 "$T/out.tsv")" "$(printf 'day\tcommand\ttask\tpush\tvendor\tstage\terrcode\ttencent\tlogged\tmissing\textra\tpartial')" \
	"TSV: its header"
is "$(missing_rows "$T/out.tsv")" "$(sort "$T/gen/missing.tsv")" "exactly the left-out events are missing, per day, command, task, push, vendor, stage and ErrCode"
ok "nothing is extra: the resent batches are counted once" sh -c "! awk -F'\t' 'NR > 1 && \$11 > 0' '$T/out.tsv' | grep -q ."
ok "both days and both commands compared" sh -c "grep -q '^$D3	Push.OfflinePush' '$T/out.tsv' && grep -q '^$D2	Push.AllMemberPush	task-2-' '$T/out.tsv'"
ok "no day is partial" sh -c "! awk -F'\t' 'NR > 1 && \$12 != \"false\"' '$T/out.tsv' | grep -q ."
is "$(rc_problems)" "" "the stand-in found nothing wrong in any call (query, UserSig, body, rate)"
# Per day: 1 normal_push_statistics, 2 all_member_push_statistics (7 tasks: 5 + 2), and the same for the losses.
is "$(wc -l <"$T/standin.log" | tr -d ' ')" 12 "12 calls for two days of 7 tasks each"
ok "never two calls within a second (60007 never answered)" sh -c "! awk '\$3 == 60007' '$T/standin.log' | grep -q ."
ok "the calls were at least a second apart" awk 'NR > 1 && $1 - prev < 0.999 { bad = 1 } { prev = $1 } END { exit bad }' "$T/standin.log"
is "$(cat "$T/err")" "" "nothing on stderr"

rc_rate_window
rc_run --from "$D3" --to "$D2" >"$T/out.txt" 2>"$T/err"
is "$?" 1 "text: exit 1 too"
n=$(awk -F'\t' '$6 == "total" || $6 == "delivered" || $6 == "clicked" { s += $8 } END { print s }' "$T/gen/missing.tsv")
ok "text: the summary counts the missing callbacks ($n)" grep -q "^$n callbacks missing over 2 days, " "$T/out.txt"
first=$(awk '/^  command/ { getline; print; exit }' "$T/out.txt")
ok "text: a day's table starts with its missing rows" sh -c "printf '%s\n' '$first' | awk '{ exit !(\$(NF - 1) > 0) }'"

rc_rate_window
rc_run --from "$D3" --to "$D2" -F json >"$T/out.json" 2>"$T/err"
is "$?" 1 "JSON: exit 1"
ok "JSON: valid, with reconcile, losses and summary" "$PY" -c '
import json, sys
d = json.load(open(sys.argv[1]))
keys = ["day", "command", "task", "push", "vendor", "stage", "tencent", "logged", "missing", "extra", "partial"]
assert all(list(r) == keys for r in d["reconcile"]), "row keys"
assert d["losses"] and d["summary"]["missing"] > 0
' "$T/out.json"

rc_rate_window
rc_run --from "$D3" --to "$D2" -F openmetrics >"$T/out.om" 2>"$T/err"
is "$?" 1 "openmetrics: exit 1"
ok "openmetrics: promtool check metrics accepts it" sh -c 'promtool check metrics <"$1"' - "$T/out.om"

rc_rate_window
rc_run --from "$D3" --to "$D2" --tolerance 100 -F tsv >/dev/null 2>&1
is "$?" 0 "--tolerance 100: nothing is beyond it, exit 0"

ok "the left-out batches are posted now" rc_post "$T/gen/held"/*.json
rc_rate_window
: >"$T/standin.log"
rc_run --from "$D3" --to "$D2" -F tsv >"$T/out.tsv" 2>"$T/err"
is "$?" 0 "with every event posted: exit 0"
is "$(missing_rows "$T/out.tsv")" "" "nothing missing"
ok "nothing extra" sh -c "! awk -F'\t' 'NR > 1 && \$11 > 0' '$T/out.tsv' | grep -q ."
is "$(rc_problems)" "" "the stand-in found nothing wrong in any call"

# An answer with Results for every TaskID of the day, asked in that call or
# not: the others are ignored, each TaskID counted once.
rc_standin_stop
rc_standin every-task
rc_run --from "$D3" --to "$D2" -F tsv >"$T/out.tsv" 2>"$T/err"
is "$?" 0 "Results of TaskIDs not asked in the call: ignored (exit 0)"
is "$(missing_rows "$T/out.tsv")" "" "each TaskID counted once: nothing missing"
rc_standin_stop
rc_standin normal

# A housekeeping run stopped between gzip and unlink leaves NAME.tsv beside
# NAME.tsv.gz, the same lines: read once, from the .gz, the NAME.tsv compared.
for f in "$T/logs"/*.tsv; do gzip -k "$f"; done
rc_rate_window
rc_run --from "$D3" --to "$D2" -F tsv >"$T/out.tsv" 2>"$T/err"
is "$?" 0 "NAME.tsv beside its NAME.tsv.gz: exit 0"
ok "nothing extra with the twins" sh -c "! awk -F'\t' 'NR > 1 && \$11 > 0' '$T/out.tsv' | grep -q ."
is "$(cat "$T/err")" "" "the same twins: nothing on stderr"
# A NAME.tsv with a line more than its .gz: not counted, said.
one=$(ls "$T/logs"/*.tsv | grep -v rejects | head -n 1)
cp "$one" "$T/one.tsv"
printf 'twin-only\n' >>"$one"
rc_rate_window
rc_run --from "$D3" --to "$D2" -F tsv >"$T/out.tsv" 2>"$T/err"
is "$?" 0 "a NAME.tsv with a line more than its .gz: exit 0"
ok "twins that differ: said" grep -q 'differ from line .*only the second was counted' "$T/err"
cp "$T/one.tsv" "$one"
rm -f "$T/logs"/*.gz

# The daily job of deploy/prometheus writes the same for the textfile collector.
mkdir -p "$T/textfile"
rc_rate_window
env -i PATH="$PATH" PUSHCB_RECONCILE="$RECONCILE" sh "$top_srcdir/deploy/prometheus/pushcb-reconcile-textfile" \
	"$T/textfile" --config "$T/reconcile.conf" --api "$RC_API" --cacert "$T/pki/ca.pem" --from "$D3" --to "$D2" \
	2>"$T/err"
is "$?" 0 "pushcb-reconcile-textfile: exit 0"
ok "it wrote pushcb-reconcile.prom, valid for promtool" sh -c 'promtool check metrics <"$1"' - "$T/textfile/pushcb-reconcile.prom"
is "$(ls -A "$T/textfile")" "pushcb-reconcile.prom" "and nothing else (no temporary file left)"
done_testing
