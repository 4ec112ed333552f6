#!/bin/sh
# Rotation churn with PUSHCB_FSYNC=1: four workers under multiwatch, six
# clients, and a loop doing what logrotate does, as fast as it can: move the
# file away, create an empty one at the path (set -C: never over one a
# writer made), move that away too. Every event answered OK must be in some
# file (issue 22: a writer that replaced the empty file by rename(2) could
# unlink another writer's acknowledged lines); every line whole, none twice.
# Bounded: the loop stops after PCB_CHURN_SECONDS (20) or PCB_CHURN_ROUNDS
# (3000) rounds; the clients send until it has stopped (in batches of 50
# requests, PCB_CHURN_REQUESTS each at most).
# tests/integration/fault-rotate-empty.sh is the same race, step by step.
. "$top_srcdir/tests/fault-lib.sh"
need spawn-fcgi multiwatch

REQUESTS=${PCB_CHURN_REQUESTS:-50000}
CLIENTS=6
SECONDS_MAX=${PCB_CHURN_SECONDS:-20}
ROUNDS_MAX=${PCB_CHURN_ROUNDS:-3000}

pcb_spawn "$T/sock" 4 PUSHCB_FSYNC=1
send_ids "$T/sock" 1 0 >"$T/load.first"
P=$(ls "$T"/logs/offlinepush-*.tsv) || bail "the first request made no file"

load_until_stopped "$T/sock" "$CLIENTS" "$REQUESTS"
wait_progress 100 || { load_stop; bail "the load does not progress (waited 60 s for 100 answers)"; }
start=$(date +%s)
rounds=0 emptied=0
while [ "$rounds" -lt "$ROUNDS_MAX" ] && [ $(($(date +%s) - start)) -lt "$SECONDS_MAX" ]; do
	rounds=$((rounds + 1))
	mv "$P" "$P.$rounds.a" 2>/dev/null
	(set -C && : >"$P") 2>/dev/null && emptied=$((emptied + 1))
	mv "$P" "$P.$rounds.b" 2>/dev/null
done
load_stop
sent=$(cat "$T"/load.* | wc -l | tr -d ' ')
diag "$rounds rounds in $(($(date +%s) - start)) s, $emptied empty files put at the path, $sent requests"
ok "the clients were still sending when the churn stopped ($LOAD_RUNNING of $CLIENTS)" \
	test "$LOAD_RUNNING" -gt 0
ok "the path was made empty under load many times ($emptied)" test "$emptied" -ge 100

answered 200 >"$T/ok.ids"
n_ok=$(wc -l <"$T/ok.ids" | tr -d ' ')
diag "$n_ok of $sent requests answered OK"
ok "most requests answered OK ($n_ok)" test "$n_ok" -ge $((sent / 2))
# Files that stayed empty say nothing; fewer files, a quicker check.
find "$T/logs" -maxdepth 1 -type f -empty -delete
logged_ids "$T/logs" >"$T/logged.ids"
lost=$(comm -23 "$T/ok.ids" "$T/logged.ids" | wc -l | tr -d ' ')
is "$lost" 0 "every event answered OK is in some file ($lost of $n_ok missing)"
is "$(uniq -d "$T/logged.ids" | head -n 3)" "" "no event logged twice"
ok "every line of every file whole, one header each" all_whole "$T/logs"
is "$(find "$T/logs" -maxdepth 1 -name '.*' ! -name .push_callback.metrics -type f | wc -l | tr -d ' ')" 0 "no temporary file is left (the counter file aside)"
done_testing
