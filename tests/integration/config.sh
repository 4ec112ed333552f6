#!/bin/sh
# Configuration as users meet it: --check-config, the file beside the binary
# (shared hosting), PUSHCB_CONFIG, the environment winning, clear errors, and
# --help, --version and bad options.
. "$top_srcdir/tests/lib.sh"

mkdir -p "$T/logs" "$T/bin"
cp "$PCB" "$T/bin/push_callback"
run() { env -i PATH="$PATH" "$@"; }

out=$(run PUSHCB_SDKAPPID=1400000000 PUSHCB_LOG_DIR="$T/logs" PUSHCB_TOKEN=s3cret,other "$PCB" --check-config 2>"$T/err")
is "$?" 0 "--check-config with a good configuration: exit 0"
ok "it prints every key with its source" sh -c "printf '%s\n' '$out' | grep -q '^PUSHCB_SDKAPPID=1400000000 *# from environment'"
ok "it shows defaults" sh -c "printf '%s\n' '$out' | grep -q '^PUSHCB_MAX_BODY=1048576 *# from default'"
ok "tokens are masked" sh -c "printf '%s\n' '$out' | grep -q '^PUSHCB_TOKEN=\*\*\*\*\*\*\*\* (2 tokens, masked)'"
ok "no secret in the output or on stderr" sh -c "! printf '%s\n' '$out' | grep -q s3cret && ! grep -q s3cret '$T/err'"

# pushcb-reconcile's settings live in the same file; its key is shown hidden.
printf 'PUSHCB_SDKAPPID=1400000000\nPUSHCB_LOG_DIR=%s\nPUSHCB_ADMIN_KEY=k3y-s3cret-5bd2850f\n' "$T/logs" >"$T/admin.conf"
out=$(run "$PCB" --config "$T/admin.conf" --check-config 2>"$T/err")
is "$?" 0 "--check-config accepts PUSHCB_ADMIN_KEY in the conffile"
ok "the admin key is masked" sh -c "printf '%s\n' '$out' | grep -q '^PUSHCB_ADMIN_KEY=\*\*\*\*\*\*\*\* (set, masked) *# from $T/admin.conf'"
ok "the admin identifier defaults to administrator" sh -c "printf '%s\n' '$out' | grep -q '^PUSHCB_ADMIN_IDENTIFIER=administrator *# from default'"
ok "the admin key is in neither output nor stderr" sh -c "! printf '%s\n' '$out' | grep -q k3y-s3cret && ! grep -q k3y-s3cret '$T/err'"

run PUSHCB_SDKAPPID=1400000000 PUSHCB_LOG_DIR="$T/logs" "$PCB" --check-config >/dev/null 2>"$T/err"
ok "without a token it warns that callers are checked by SdkAppid only" grep -q 'checked by SdkAppid only' "$T/err"

run PUSHCB_SDKAPPID=1400000000 PUSHCB_LOG_DIR="$T/nope" "$PCB" --check-config >/dev/null 2>"$T/err"
is "$?" 1 "--check-config with a missing log directory: exit 1"
ok "naming the directory" grep -q "log directory $T/nope" "$T/err"

run PUSHCB_SDKAPPID=abc "$PCB" --check-config >/dev/null 2>"$T/err"
is "$?" 78 "an invalid value: exit 78 (EX_CONFIG)"
ok "with a message naming the key" grep -q "PUSHCB_SDKAPPID: 'abc' is not a decimal SdkAppid" "$T/err"

# Shared hosting: push_callback.conf beside the binary.
printf 'PUSHCB_SDKAPPID=1400000000\nPUSHCB_LOG_DIR=%s\nPUSHCB_ROTATE=hourly\n' "$T/logs" >"$T/bin/push_callback.conf"
out=$(run "$T/bin/push_callback" --check-config 2>/dev/null)
ok "the file beside the binary is read" sh -c "printf '%s\n' '$out' | grep -q '^PUSHCB_ROTATE=hourly *# from $T/bin/push_callback.conf'"
out=$(run PUSHCB_ROTATE=daily "$T/bin/push_callback" --check-config 2>/dev/null)
ok "the environment wins over the file" sh -c "printf '%s\n' '$out' | grep -q '^PUSHCB_ROTATE=daily *# from environment'"
n=$(wc -c <"$DATA/batch/offlinepush-sample.json" | tr -d ' ')
resp=$(run REQUEST_METHOD=POST QUERY_STRING="$SAMPLE_QUERY" CONTENT_LENGTH="$n" "$T/bin/push_callback" <"$DATA/batch/offlinepush-sample.json")
is "$(body_of "$resp")" "$OK_JSON" "a CGI request configured by the file alone: OK"

printf 'PUSHCB_SDKAPPID=1\nPUSHCB_LOGDIR=/x\n' >"$T/bad.conf"
run PUSHCB_CONFIG="$T/bad.conf" "$PCB" --check-config >/dev/null 2>"$T/err"
is "$?" 78 "a typo in the file: exit 78"
ok "naming file, line and key" grep -q "$T/bad.conf:2: unknown key 'PUSHCB_LOGDIR'" "$T/err"
run PUSHCB_CONFIG="$T/missing.conf" "$PCB" --check-config >/dev/null 2>"$T/err"
is "$?" 78 "PUSHCB_CONFIG naming a missing file: exit 78"
run PUSHCB_SDKAPPID=1 "$PCB" --config "$T/missing.conf" --check-config >/dev/null 2>"$T/err"
is "$?" 78 "--config naming a missing file: exit 78"

# The fallback directory: another directory than the log directory, checked at start (exit 78).
mkdir -p "$T/spare"
for bad in "$T/logs" "$T/logs/" "$T/logs/spare"; do
	run PUSHCB_SDKAPPID=1 PUSHCB_LOG_DIR="$T/logs" PUSHCB_FALLBACK_DIR="$bad" "$PCB" --check-config >/dev/null 2>"$T/err"
	is "$?" 78 "PUSHCB_FALLBACK_DIR=$bad: exit 78"
	ok "saying why" grep -q "configuration: PUSHCB_FALLBACK_DIR: '${bad%/}' is the log directory '$T/logs' or inside it: it must be another directory, ideally on another file system" "$T/err"
done
run PUSHCB_SDKAPPID=1 PUSHCB_LOG_DIR="$T/logs" PUSHCB_FALLBACK_DIR="$T/spare" "$PCB" --fallback-dir "$T/logs/x" \
	--check-config >/dev/null 2>"$T/err"
is "$?" 78 "--fallback-dir inside the log directory: exit 78"
ok "the same reason" grep -q "PUSHCB_FALLBACK_DIR: '$T/logs/x' is the log directory" "$T/err"
ln -s "$T/logs" "$T/logs-link"
run PUSHCB_SDKAPPID=1 PUSHCB_LOG_DIR="$T/logs" "$PCB" --fallback-dir "$T/logs-link" --check-config >/dev/null 2>"$T/err"
is "$?" 78 "--fallback-dir a link to the log directory: exit 78"
out=$(run PUSHCB_SDKAPPID=1 PUSHCB_LOG_DIR="$T/logs" PUSHCB_FALLBACK_DIR="$T/x" "$PCB" --fallback-dir "$T/spare/" \
	--check-config 2>"$T/err")
is "$?" 0 "--fallback-dir another directory: fine"
ok "the option wins, and is named as the source" sh -c "printf '%s\n' '$out' | grep -q '^PUSHCB_FALLBACK_DIR=$T/spare *# from --fallback-dir'"
run PUSHCB_SDKAPPID=1 PUSHCB_LOG_DIR="$T/logs" PUSHCB_FALLBACK_DIR="$T/nope" "$PCB" --check-config >/dev/null 2>"$T/err"
is "$?" 1 "--check-config with a missing fallback directory: exit 1"
ok "naming it" grep -q "warning: fallback directory $T/nope: No such file or directory" "$T/err"
ok "and saying a confined worker needs a restart once it is made" \
	grep -q "warning: a confined worker cannot use a fallback directory made after it started: restart the workers once $T/nope is there" "$T/err"

# --housekeep: needs no SdkAppid, runs alone, fails on a log directory it cannot read.
mkdir -p "$T/hk"
out=$(run PUSHCB_LOG_DIR="$T/hk" "$PCB" --housekeep 2>"$T/err")
is "$?" 0 "--housekeep needs no PUSHCB_SDKAPPID"
is "$out" "housekeeping of $T/hk: 0 compressed, 0 removed, 0 failed" "and says what it did"
mkdir -p "$T/hk-spare"
printf '#fields\tx\n' >"$T/hk-spare/offlinepush-2020-01-01.tsv"
printf '#fields\tx\n' >"$T/hk-spare/offlinepush-2020-01-02.tsv" # the newest period is left open
out=$(run PUSHCB_LOG_DIR="$T/hk" PUSHCB_FALLBACK_DIR="$T/hk-spare" "$PCB" --housekeep 2>"$T/err")
is "$?" 0 "--housekeep with a fallback directory"
is "$out" "housekeeping of $T/hk: 0 compressed, 0 removed, 0 failed
compressed $T/hk-spare/offlinepush-2020-01-01.tsv
housekeeping of $T/hk-spare: 1 compressed, 0 removed, 0 failed" "goes over both directories"
run PUSHCB_LOG_DIR="$T/hk" "$PCB" --housekeep >/dev/full 2>"$T/err"
is "$?" 1 "--housekeep whose report cannot be written: exit 1"
ok "saying so" grep -q "housekeeping: standard output" "$T/err"
run PUSHCB_LOG_DIR="$T/nope" "$PCB" --housekeep >/dev/null 2>"$T/err"
is "$?" 1 "--housekeep on a missing log directory: exit 1"
ok "naming it" grep -q "housekeeping: $T/nope: No such file or directory" "$T/err"
run PUSHCB_SDKAPPID=1 PUSHCB_LOG_DIR="$T/hk" "$PCB" --housekeep --check-config >/dev/null 2>"$T/err"
is "$?" 2 "--housekeep with --check-config: exit 2"
ok "saying it runs alone" grep -q -- '--housekeep runs alone' "$T/err"
run PUSHCB_KEEP_DAYS=x PUSHCB_LOG_DIR="$T/hk" "$PCB" --housekeep >/dev/null 2>"$T/err"
is "$?" 78 "a bad PUSHCB_KEEP_DAYS: exit 78"
ok "naming the key" grep -q "PUSHCB_KEEP_DAYS: 'x' is not a number" "$T/err"

"$PCB" --help >"$T/out"
is "$?" 0 "--help: exit 0"
ok "--help describes the options" grep -q -- '--check-config' "$T/out"
"$PCB" --version >"$T/out"
ok "--version prints the version" grep -q '^push_callback [0-9]' "$T/out"
"$PCB" --bogus >/dev/null 2>&1
is "$?" 2 "an unknown option: exit 2"
"$PCB" extra >/dev/null 2>&1
is "$?" 2 "a stray argument: exit 2"
done_testing
