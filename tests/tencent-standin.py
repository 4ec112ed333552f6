#!/usr/bin/python3
"""A stand-in for Tencent's push statistics REST API (../shared/spec/STATISTICS-API.md),
for the pushcb-reconcile tests: HTTPS on 127.0.0.1 with the test's certificate.

It checks what Tencent would check on every call: POST to /v4/timpush/COMMAND, the
query (sdkappid, identifier, usersig, random, contenttype=json, nothing else), the
UserSig (the base64 variant, zlib, its JSON: TLS.ver, identifier, sdkappid, time and
expire, and the HMAC-SHA256 of its fields with the key), the body (a Beijing day,
how far back, at most 5 TaskIDs), and the rate limit: a call less than a second after
the previous one is answered ErrorCode 60007. It answers from the data file the test
wrote, and can be told to answer 70009, to stall, or to send Tencent's malformed
normal_push_loss sample.

Every call is one line of the --log file, once answered: time, command, ErrorCode
answered, and what failed ("-" when nothing did); LOG.requests has each request's path,
query and body as it arrived. The key is read from a file, never from argv.

Usage: tencent-standin.py --cert PEM --certkey PEM --port-file FILE --log FILE
       --sdkappid ID --identifier NAME --key-file FILE --data FILE
       [--mode normal|70009|stall|malformed-loss|every-task|ratelimit:N] [--stall SECONDS]
"""
import argparse
import base64
import hashlib
import hmac
import http.server
import json
import os
import ssl
import sys
import threading
import time
import urllib.parse
import zlib

COMMANDS = {
    "normal_push_statistics": ("normal", False, 30),
    "all_member_push_statistics": ("all", True, 30),
    "normal_push_loss": ("normal_loss", False, 7),
    "all_member_push_loss": ("all_loss", True, 7),
}
BEIJING = 8 * 3600
DAY = 86400
# Tencent's own normal_push_loss sample: an unnamed object inside the outer one.
MALFORMED_LOSS = ('{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"sucess",'
                  '{"ReadyToSendLoss":[{"ErrCode":"-1","ErrCount":167,"ErrInfo":"certificate id not set"}]}}')


class Refusal(Exception):
    def __init__(self, code, info):
        super().__init__(info)
        self.code = code
        self.info = info


def check_usersig(sig, args, key, now):
    """Decodes a UserSig as Tencent does and checks it; raises Refusal."""
    try:
        raw = base64.b64decode(sig.translate(str.maketrans("*-_", "+/=")), validate=True)
        doc = json.loads(zlib.decompress(raw))
    except Exception as e:
        raise Refusal(70003, "UserSig could not be parsed: %s" % e)
    for field, kind in (("TLS.ver", str), ("TLS.identifier", str), ("TLS.sdkappid", int),
                        ("TLS.time", int), ("TLS.expire", int), ("TLS.sig", str)):
        if not isinstance(doc.get(field), kind):
            raise Refusal(70003, "UserSig field %s missing or of the wrong type" % field)
    if doc["TLS.ver"] != "2.0":
        raise Refusal(70003, "TLS.ver is not 2.0")
    if doc["TLS.identifier"] != args.identifier:
        raise Refusal(70013, "UserSig identifier mismatch")
    if doc["TLS.sdkappid"] != int(args.sdkappid):
        raise Refusal(70014, "UserSig SDKAppID mismatch")
    if now > doc["TLS.time"] + doc["TLS.expire"]:
        raise Refusal(70001, "UserSig expired")
    if doc["TLS.time"] > now + 300:
        raise Refusal(70003, "UserSig issued in the future")
    content = "TLS.identifier:%s\nTLS.sdkappid:%d\nTLS.time:%d\nTLS.expire:%d\n" % (
        doc["TLS.identifier"], doc["TLS.sdkappid"], doc["TLS.time"], doc["TLS.expire"])
    want = base64.b64encode(hmac.new(key, content.encode(), hashlib.sha256).digest()).decode()
    if not hmac.compare_digest(want, doc["TLS.sig"]):
        raise Refusal(70009, "UserSig check failed")


def check_query(query, args, key, now):
    params = urllib.parse.parse_qs(query, keep_blank_values=True, strict_parsing=True)
    names = sorted(params)
    if names != ["contenttype", "identifier", "random", "sdkappid", "usersig"]:
        raise Refusal(90001, "query parameters %s" % names)
    if any(len(v) != 1 for v in params.values()):
        raise Refusal(90001, "a query parameter given twice")
    p = {k: v[0] for k, v in params.items()}
    if p["sdkappid"] != args.sdkappid:
        raise Refusal(70014, "sdkappid %s" % p["sdkappid"])
    if p["identifier"] != args.identifier:
        raise Refusal(70013, "identifier %s" % p["identifier"])
    if not p["random"].isdigit() or int(p["random"]) > 0xFFFFFFFF:
        raise Refusal(90001, "random is not a 32-bit unsigned number")
    if p["contenttype"] != "json":
        raise Refusal(90001, "contenttype is not json")
    check_usersig(p["usersig"], args, key, now)
    return p


def check_body(body, command, now):
    try:
        req = json.loads(body)
    except Exception:
        raise Refusal(90001, "body is not JSON")
    _, with_tasks, reach = COMMANDS[command]
    start, end = req.get("StartTime"), req.get("EndTime")
    if not isinstance(start, int) or not isinstance(end, int):
        raise Refusal(90001, "StartTime or EndTime not a number")
    if end - start != DAY or (start + BEIJING) % DAY != 0:
        raise Refusal(90001, "not one Beijing day: %d..%d" % (start, end))
    today = (now + BEIJING) // DAY * DAY - BEIJING
    if start < today - reach * DAY or start > today:
        raise Refusal(90001, "%s reaches %d days back" % (command, reach))
    tasks = req.get("TaskID")
    if with_tasks:
        if (not isinstance(tasks, list) or not 1 <= len(tasks) <= 5
                or not all(isinstance(t, str) and t for t in tasks)):
            raise Refusal(90001, "TaskID must list 1 to 5 TaskIDs")
    elif tasks is not None:
        raise Refusal(90001, "TaskID given to %s" % command)
    return start, tasks


def answer_for(data, command, start, tasks):
    section = data.get(COMMANDS[command][0], {}).get(str(start), {})
    ok = {"ActionStatus": "OK", "ErrorCode": 0, "ErrorInfo": "sucess"}
    if tasks is None:
        out = dict(ok)
        out.update(section)
        if command == "normal_push_statistics":
            out.setdefault("PlatformStatistics", [])
        return out
    results = []
    for t in tasks:
        entry = {"TaskID": t}
        entry.update(section.get(t, {}))
        if command == "all_member_push_statistics":
            entry.setdefault("PlatformStatistics", [])
        results.append(entry)
    out = dict(ok)
    out["Results"] = results
    return out


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *a):
        pass

    def send_json(self, text):
        body = text.encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        self.send_json(json.dumps({"ActionStatus": "FAIL", "ErrorCode": 90001, "ErrorInfo": "POST only"}))

    def do_POST(self):
        srv = self.server
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        now = int(time.time())
        url = urllib.parse.urlsplit(self.path)
        command = url.path.rsplit("/", 1)[-1]
        with srv.lock:
            # Every request as it arrived, for the key-secrecy test: path, query and body.
            with open(srv.args.log + ".requests", "ab") as raw:
                raw.write(self.path.encode() + b" " + body + b"\n")
            mono = time.monotonic()
            too_soon = srv.last is not None and mono - srv.last < 1.0
            srv.last = mono
            srv.calls += 1
            call_no = srv.calls
        code, problem, text = 0, "-", None
        try:
            if not url.path.startswith("/v4/timpush/") or command not in COMMANDS:
                raise Refusal(90001, "no such command %s" % url.path)
            if not body:
                raise Refusal(90001, "empty body")
            check_query(url.query, srv.args, srv.key, now)
            start, tasks = check_body(body, command, now)
            if too_soon:
                raise Refusal(60007, "REST API call rate over the limit")
            mode = srv.args.mode
            if mode.startswith("ratelimit:") and call_no <= int(mode.split(":")[1]):
                raise Refusal(60007, "REST API call rate over the limit")
            if mode == "70009":
                raise Refusal(70009, "UserSig check failed (told to)")
            if mode == "stall":
                time.sleep(srv.args.stall)
            if mode == "malformed-loss" and command == "normal_push_loss":
                text = MALFORMED_LOSS
            elif mode == "every-task" and tasks is not None:
                # Results for every TaskID of the day, asked in this call or not.
                section = srv.data.get(COMMANDS[command][0], {}).get(str(start), {})
                text = json.dumps(answer_for(srv.data, command, start, sorted(set(tasks) | set(section))))
            else:
                text = json.dumps(answer_for(srv.data, command, start, tasks))
        except Refusal as r:
            code = r.code
            # A refusal the test asked for is not a failed check.
            told = (srv.args.mode == "70009" and r.code == 70009) or (
                srv.args.mode.startswith("ratelimit:") and r.code == 60007 and not too_soon)
            problem = "-" if told else r.info.replace(" ", "_")
            text = json.dumps({"ActionStatus": "FAIL", "ErrorCode": r.code, "ErrorInfo": r.info})
        with srv.lock:
            with open(srv.args.log, "a") as log:
                log.write("%.3f %s %d %s\n" % (time.time(), command, code, problem))
        try:
            self.send_json(text)
        except (BrokenPipeError, ConnectionResetError):
            pass


def main():
    ap = argparse.ArgumentParser()
    for name in ("--cert", "--certkey", "--port-file", "--log", "--sdkappid", "--identifier",
                 "--key-file", "--data"):
        ap.add_argument(name, required=True)
    ap.add_argument("--mode", default="normal")
    ap.add_argument("--stall", type=float, default=30.0)
    args = ap.parse_args()
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(args.cert, args.certkey)
    srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    srv.args = args
    with open(args.key_file, "rb") as f:
        srv.key = f.read().strip()
    with open(args.data) as f:
        srv.data = json.load(f)
    srv.lock = threading.Lock()
    srv.last = None
    srv.calls = 0
    with open(args.port_file + ".tmp", "w") as f:
        f.write("%d\n" % srv.server_address[1])
    os.rename(args.port_file + ".tmp", args.port_file)
    srv.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
