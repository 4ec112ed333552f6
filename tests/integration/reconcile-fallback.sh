#!/bin/sh
# pushcb-reconcile reads PUSHCB_FALLBACK_DIR too, by default: events that
# push_callback wrote there (the log directory could not take their batch)
# are logged, not missing. The same batches are posted, then the
# Push.OfflinePush files moved to a fallback directory: without the setting
# the comparison changes, with it the comparison is the same as before.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/reconcile-lib.sh"

rc_today_posted

rc_run --from "$D0" --to "$D0" -F tsv >"$T/all.tsv" 2>"$T/err"
is "$?" 0 "every file in the log directory: compared"

mkdir "$T/spare"
mv "$T"/logs/offlinepush-*.tsv "$T/spare/"
rc_rate_window
rc_run --from "$D0" --to "$D0" -F tsv >"$T/moved.tsv" 2>"$T/err"
ok "the Push.OfflinePush files moved to another directory: the comparison changes" \
	test "$(cat "$T/moved.tsv")" != "$(cat "$T/all.tsv")"

printf 'PUSHCB_FALLBACK_DIR=%s\n' "$T/spare" >>"$T/reconcile.conf"
rc_rate_window
rc_run --from "$D0" --to "$D0" -F tsv >"$T/fallback.tsv" 2>"$T/err"
is "$?" 0 "that directory as PUSHCB_FALLBACK_DIR: exit 0"
is "$(cat "$T/fallback.tsv")" "$(cat "$T/all.tsv")" "and the comparison is the same as with every file in one place"
is "$(rc_problems)" "" "the stand-in found nothing wrong in any call"
done_testing
