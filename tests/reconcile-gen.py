#!/usr/bin/python3
"""Makes the pushcb-reconcile end-to-end test's events and Tencent's figures for them.

Usage: reconcile-gen.py OUTDIR DAYS_BACK...

For each Beijing day DAYS_BACK days before today: Push.OfflinePush events of four
vendors and Push.AllMemberPush events of 7 tasks (offline per vendor, and online),
every stage, some failures. Writes into OUTDIR:
  kept/*.json     batches to post first (three of them twice: Tencent's resends)
  held/*.json     the events left out of them (about one in eight, and one whole batch)
  tencent.json    the stand-in's data: Tencent's figures for all the events
  missing.tsv     what pushcb-reconcile must report missing while held/ is not posted:
                  day, command, task, push, vendor, stage, errcode, missing
The numbers follow pushcb-reconcile(1)'s mapping: TotalCount the PushStage 1
events, SentCount those with ErrCode 0, DeliveredCount and ClickCount the PushStage 2
and 3 events with ErrCode 0; the loss blocks the failed PushStage 1 and 2 events.
"""
import collections
import json
import os
import random
import sys
import time

BEIJING = 8 * 3600
DAY = 86400
VENDORS = {0: "unknown", 1: "APNs", 2: "Xiaomi", 3: "Huawei", 4: "FCM", 6: "OPPO", 7: "vivo"}
OFFLINE = "Push.OfflinePush"
ALL = "Push.AllMemberPush"


def day_name(start):
    return time.strftime("%Y-%m-%d", time.gmtime(start + BEIJING))


def offline_events(rng, start, d):
    out = []
    for vendor in (1, 3, 4, 6):
        for k in range(12 + 2 * d + vendor):
            t = start + rng.randrange(0, DAY - 60)
            base = {"CallbackCommand": OFFLINE, "EventType": 1, "From_Account": "admin",
                    "To_Account": "u%d-%d-%d" % (d, vendor, k), "PushPlatform": vendor,
                    "MsgKey": "%d_%d_%d" % (k, vendor, t), "MsgSeq": k + 1, "MsgRandom": 7,
                    "MsgTime": t - 1, "PushID": "push-%d-%d-%d" % (d, vendor, k), "ErrInfo": ""}
            fail = rng.random() < 0.15
            out.append(dict(base, EventTime=t, PushStage=1, ErrCode=10 if fail else 0,
                            ErrInfo="vendor refused" if fail else ""))
            if fail:
                continue
            r = rng.random()
            if r < 0.15:
                out.append(dict(base, EventTime=t + 5, PushStage=2, ErrCode=20003, ErrInfo="token expired"))
            elif r < 0.75:
                out.append(dict(base, EventTime=t + 5, PushStage=2, ErrCode=0))
                if rng.random() < 0.4:
                    out.append(dict(base, EventTime=t + 30, PushStage=3, ErrCode=0))
    return out


def allmember_events(rng, start, d):
    out = []
    for task in range(7):
        task_id = "task-%d-%d" % (d, task)
        task_time = start + rng.randrange(0, DAY - 3600)
        for k in range(6):
            online = k >= 4
            vendor = rng.choice((3, 2, 7))
            device = rng.choice((1, 3, 4))
            t = task_time + rng.randrange(1, 1800)
            base = {"CallbackCommand": ALL, "EventType": 2 if online else 1, "TaskId": task_id,
                    "DataId": "biz", "TaskTime": task_time, "To_Account": "m%d-%d-%d" % (d, task, k),
                    "PushPlatform": 0 if online else vendor, "DeviceType": device if online else vendor,
                    "ErrInfo": ""}
            fail = not online and rng.random() < 0.15
            out.append(dict(base, EventTime=t, PushStage=1, ErrCode=30 if fail else 0))
            if fail:
                continue
            out.append(dict(base, EventTime=t + 3, PushStage=2, ErrCode=0))
            if rng.random() < 0.3:
                out.append(dict(base, EventTime=t + 20, PushStage=3, ErrCode=0))
    return out


def keys_of(e):
    """The rows an event counts in: (command, task, push, vendor, stage, errcode)."""
    cmd = e["CallbackCommand"]
    online = cmd == ALL and e["EventType"] == 2
    push = "online" if online else "offline"
    vendor = "all" if online else VENDORS[e["PushPlatform"]]
    task = e.get("TaskId", "")
    ok = e["ErrCode"] == 0
    rows = []
    if e["PushStage"] == 1:
        rows.append((cmd, task, push, vendor, "total", ""))
        if ok:
            rows.append((cmd, task, push, vendor, "sent", ""))
    elif ok:
        rows.append((cmd, task, push, vendor, {2: "delivered", 3: "clicked"}[e["PushStage"]], ""))
    if not ok and e["PushStage"] in (1, 2):
        stage = "ready_to_send" if e["PushStage"] == 1 else "post_send_delivered"
        rows.append((cmd, "", "all", "all", stage, str(e["ErrCode"])))
        rows.append((cmd, "", push, vendor, stage, str(e["ErrCode"])))
    return rows


def counts(events, start_of):
    c = collections.Counter()
    for e in events:
        for k in keys_of(e):
            c[(day_name(start_of(e)),) + k] += 1
    return c


def tencent_data(events, start_of):
    data = {"normal": {}, "all": {}, "normal_loss": {}, "all_loss": {}}
    stats = collections.defaultdict(lambda: [0, 0, 0, 0])
    losses = collections.defaultdict(int)
    for e in events:
        s = str(start_of(e))
        cmd = e["CallbackCommand"]
        online = cmd == ALL and e["EventType"] == 2
        key = (s, cmd, e.get("TaskId", ""), 2 if online else 1, e["PushPlatform"])
        ok = e["ErrCode"] == 0
        if e["PushStage"] == 1:
            stats[key][0] += 1
            stats[key][1] += ok
        elif ok:
            stats[key][e["PushStage"]] += 1
        if not ok:
            losses[key + (e["PushStage"], e["ErrCode"])] += 1
    for (s, cmd, task, etype, platform), n in sorted(stats.items()):
        entry = {"PushPlatform": platform, "TotalCount": n[0], "SentCount": n[1],
                 "DeliveredCount": n[2], "ClickCount": n[3]}
        if cmd == OFFLINE:
            data["normal"].setdefault(s, {"PlatformStatistics": []})["PlatformStatistics"].append(entry)
        else:
            entry["EventType"] = etype
            data["all"].setdefault(s, {}).setdefault(task, {"PlatformStatistics": []})[
                "PlatformStatistics"].append(entry)
    for (s, cmd, task, etype, platform, stage, code), n in sorted(losses.items()):
        block = "ReadyToSendLoss" if stage == 1 else "PostSendDeliveredLoss"
        where = data["normal_loss"].setdefault(s, {}) if cmd == OFFLINE else \
            data["all_loss"].setdefault(s, {}).setdefault(task, {})
        plain = {"ErrCode": str(code), "ErrCount": n, "ErrInfo": "x"}
        per = dict(plain, PushPlatform=platform)
        if cmd == ALL:
            per["EventType"] = etype
        # Tencent's blocks without a platform sum over the platforms: add to an entry of the same code.
        for entry in where.setdefault(block, []):
            if entry["ErrCode"] == plain["ErrCode"]:
                entry["ErrCount"] += n
                break
        else:
            where[block].append(plain)
        where.setdefault("Platform" + block, []).append(per)
    return data


def batches(events, size):
    for i in range(0, len(events), size):
        yield {"Events": events[i:i + size]}


def write_batches(directory, events, prefix):
    os.makedirs(directory, exist_ok=True)
    names = []
    for i, b in enumerate(batches(events, 40)):
        name = os.path.join(directory, "%s-%03d.json" % (prefix, i))
        with open(name, "w") as f:
            json.dump(b, f)
        names.append(name)
    return names


def main():
    out, days = sys.argv[1], [int(a) for a in sys.argv[2:]]
    rng = random.Random(24)
    today = (int(time.time()) + BEIJING) // DAY * DAY - BEIJING
    kept, held = {OFFLINE: [], ALL: []}, {OFFLINE: [], ALL: []}
    everything = []
    start_of = {}
    for d in days:
        start = today - d * DAY
        for e in offline_events(rng, start, d) + allmember_events(rng, start, d):
            start_of[id(e)] = start
            everything.append(e)
            (held if rng.random() < 0.125 else kept)[e["CallbackCommand"]].append(e)
    # A whole batch never received (a 503, say): the last 40 kept offline events.
    held[OFFLINE].extend(kept[OFFLINE][-40:])
    del kept[OFFLINE][-40:]
    sof = lambda e: start_of[id(e)]
    for cmd, tag in ((OFFLINE, "offlinepush"), (ALL, "allmemberpush")):
        names = write_batches(os.path.join(out, "kept"), kept[cmd], tag)
        # Tencent's resends: three batches posted twice.
        for name in names[:3]:
            os.link(name, name.replace(".json", "-again.json"))
        write_batches(os.path.join(out, "held"), held[cmd], tag)
    with open(os.path.join(out, "tencent.json"), "w") as f:
        json.dump(tencent_data(everything, sof), f)
    missing = counts(held[OFFLINE] + held[ALL], sof)
    with open(os.path.join(out, "missing.tsv"), "w") as f:
        for k in sorted(missing):
            f.write("\t".join(k) + "\t%d\n" % missing[k])


if __name__ == "__main__":
    main()
