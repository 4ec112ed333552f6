#!/bin/sh
# The line breaks beyond ASCII never reach a log raw: U+2028, U+2029 and
# U+0085, sent as \u escapes or as raw UTF-8 in event fields, in a rejected
# event and in a body refused whole, are written as \xHH bytes, so that a
# reader splitting lines as Python's str.splitlines() or JavaScript does sees
# one line per event; unescaped, the fields give back what was sent.
# Without python3 the check is a grep for the raw bytes.
# Protection pinned: pcb_utf8_is_line_break in pcb_log_escape_to (remove it and
# the events below break into several lines for those readers), and in
# pcb_scan, which counts raw ones as escapes so that a body without any other
# escape does not take the copy-as-is path (found by fuzz-request).
. "$top_srcdir/tests/lib.sh"
need spawn-fcgi

pcb_spawn "$T/sock"

# The golden case: the three characters in ErrInfo, To_Account, From_Account
# and MsgKey of a good event, and in a rejected one.
resp=$(post "$T/sock" "$SAMPLE_QUERY" "$DATA/batch/offlinepush-line-separators.json")
is "$(body_of "$resp")" "$OK_JSON" "a batch holding U+2028, U+2029 and U+0085: 200"
# A body refused whole (data after the value) is kept whole in the reject log.
printf '{"Events":[{"ErrInfo":"a\\u2028b\342\200\250c\342\200\251d\302\205e"}]} x' >"$T/broken"
resp=$(post "$T/sock" "$SAMPLE_QUERY" "$T/broken")
is "$(status_of "$resp")" 400 "a broken body holding them: 400"

# Raw line breaks in a body with no escape at all: json-c's strings are the
# body's own bytes, and the line writer's copy-as-is path must not take them.
printf '{"Events":[{"CallbackCommand":"Push.OfflinePush","EventType":1,"EventTime":1557481127,"From_Account":"r\342\200\250aw","To_Account":"user2","PushPlatform":1,"PushStage":1,"MsgKey":"k\302\205","MsgSeq":1,"MsgTime":1557481126,"PushID":"p\342\200\251","ErrCode":0,"ErrInfo":"OK"}]}' >"$T/raw"
resp=$(post "$T/sock" "$SAMPLE_QUERY" "$T/raw")
is "$(body_of "$resp")" "$OK_JSON" "a batch with raw line breaks and no escape: 200"

ev=$(ls "$T"/logs/offlinepush-*.tsv)
rj=$(ls "$T"/logs/reject-offlinepush-*.tsv)
is "$(wc -l <"$ev" | tr -d ' ')" 3 "the event log: its header and two event lines"
is "$(wc -l <"$rj" | tr -d ' ')" 3 "the reject log: its header, the rejected event and the broken body"
ls_bytes="$(printf '\342\200\250')|$(printf '\342\200\251')|$(printf '\302\205')"
ok "no raw U+2028, U+2029 or U+0085 in any log" \
	sh -c '! LC_ALL=C grep -q -E "$1" "$2"/*.tsv' sh "$ls_bytes" "$T/logs"
is "$(sed -n 2p "$rj" | cut -f 6)" \
	"$(printf '%s' '{"CallbackCommand":"Push.OfflinePush","EventType":"1","EventTime":1557481127,' \
		'"From_Account":"user1","To_Account":"u\xe2\x80\xa8v","ErrInfo":"x\\u2028y"}')" \
	"the rejected event as sent, its raw U+2028 as \\xHH"
is "$(sed -n 3p "$rj" | cut -f 6)" \
	'{"Events":[{"ErrInfo":"a\\u2028b\xe2\x80\xa8c\xe2\x80\xa9d\xc2\x85e"}]} x' \
	"the broken body whole, each raw line break as \\xHH"

# splitlines_check DIR: for each log, Python's str.splitlines() finds exactly
# the lines that LF ends, each with its header's number of fields; the event
# fields, unescaped, are what was sent.
splitlines_check() {
	python3 - "$1" <<'EOF'
import glob, re, sys
bad = 0
for path in sorted(glob.glob(sys.argv[1] + "/*.tsv")):
    text = open(path, "rb").read().decode("utf-8")
    lines = text.splitlines()
    ncols = len(lines[0].split("\t")) - 1
    if len(lines) != text.count("\n") or any(len(l.split("\t")) != ncols for l in lines[1:]):
        print("# %s: %d lines to splitlines(), %d to LF" % (path, len(lines), text.count("\n")))
        bad = 1
def unescape(field):
    rep = {"\\\\": b"\\", "\\t": b"\t", "\\n": b"\n", "\\r": b"\r"}
    out = re.sub(rb"\\(x[0-9a-f]{2}|[\\tnr])",
                 lambda m: bytes([int(m.group(1)[1:], 16)]) if m.group(1)[:1] == b"x"
                 else rep[m.group(0).decode()], field.encode())
    return out.decode("utf-8")
ev = [l for l in open(glob.glob(sys.argv[1] + "/offlinepush-*.tsv")[0], encoding="utf-8").read().split("\n") if l]
names = ev[0].split("\t")[1:]
wants = [{"ErrInfo": "a\u2028b\u2028c\u0085d", "To_Account": "user2\u2029",
          "From_Account": "\u0085user1", "MsgKey": "k\u2029"},
         {"From_Account": "r\u2028aw", "MsgKey": "k\u0085", "PushID": "p\u2029"}]
for line, want in zip(ev[1:], wants):
    row = dict(zip(names, line.split("\t")))
    for name, value in want.items():
        if unescape(row[name]) != value:
            print("# %s: %r unescapes to %r" % (name, row[name], unescape(row[name])))
            bad = 1
if len(ev) != 1 + len(wants):
    print("# %d event lines, not %d" % (len(ev) - 1, len(wants)))
    bad = 1
sys.exit(bad)
EOF
}
if command -v python3 >/dev/null 2>&1; then
	ok "python3 str.splitlines(): one line per event, fields that unescape to what was sent" \
		splitlines_check "$T/logs"
else
	diag "python3 is not installed: the grep above is the only check"
fi
done_testing
