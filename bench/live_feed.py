#!/usr/bin/env python3
"""A feed v1 document that keeps changing, for the benchmarks: the six
channels, three alerts (one critical, so the banner pulses) and eight
mentions of docs/examples/feed-full.json, moved to the present and rewritten
every few seconds with counts that drift, as a live API would. With
largest=True it is the largest document the contract allows in its lists:
100 latest mentions of 2,000 bytes and 64 alerts.

    python3 bench/live_feed.py OUT.json [--largest] [--every-s 5]

Writes atomically (a temp file, then rename), so a reader never sees half."""
import argparse
import calendar
import copy
import json
import os
import random
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXAMPLE = os.path.join(ROOT, "docs", "examples", "feed-full.json")
# The example's instant: its timestamps are kept at the same distance from now.
EXAMPLE_NOW = 1795425600  # 2026-11-23T09:20:00Z
MAX_LATEST = 100
MAX_ALERTS = 64
MAX_TEXT_BYTES = 2000
WORDS = ("bestelling", "levering", "terugbetaling", "wachten", "klantenservice", "factuur", "retour",
         "app", "inloggen", "pakket", "vertraging", "antwoord", "geweldig", "slecht", "snel", "vandaag")


def rfc3339(t):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


def moved(stamp, now):
    """An example timestamp at the same distance from now."""
    t = calendar.timegm(time.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ"))
    return rfc3339(now - (EXAMPLE_NOW - t))


def long_text(rnd):
    text = ""
    while True:
        word = rnd.choice(WORDS)
        if len((text + " " + word).encode()) > MAX_TEXT_BYTES:
            return text.strip()
        text += " " + word


def document(base, now, rnd, largest):
    doc = copy.deepcopy(base)
    doc["generated_at"] = rfc3339(now)
    for ch in doc["channels"]:
        ch["mentions"]["today"] += rnd.randint(0, 40)
        ch["mentions"]["last_hour"] = max(0, ch["mentions"]["last_hour"] + rnd.randint(-5, 5))
        ch["unanswered"] = max(0, ch["unanswered"] + rnd.randint(-2, 2))
        oldest = ch["sla"].get("oldest_unanswered_at")
        if oldest:
            ch["sla"]["oldest_unanswered_at"] = moved(oldest, now)
    for a in doc["alerts"]:
        if "since" in a:
            a["since"] = moved(a["since"], now)
    for m in doc["latest"]:
        m["at"] = moved(m["at"], now)
    if largest:
        ids = [ch["id"] for ch in doc["channels"]]
        doc["latest"] = [{"channel": ids[i % len(ids)], "author": "@klant%d" % i, "followers": 100 + i,
                          "text": long_text(rnd), "sentiment": ("negative", "neutral", "positive")[i % 3],
                          "at": rfc3339(now - 10 * i)} for i in range(MAX_LATEST)]
        extra = [{"id": "bench-%d" % i, "severity": ("info", "warning")[i % 2], "kind": "bench",
                  "channel": ids[i % len(ids)], "message": "Benchmark alert %d: %s" % (i, long_text(rnd)[:120]),
                  "since": rfc3339(now - 60 * i)} for i in range(MAX_ALERTS - len(doc["alerts"]))]
        doc["alerts"] += extra
    return doc


class LiveFeed:
    """Rewrites path every every_s seconds in a thread until stop()."""

    def __init__(self, path, largest=False, every_s=5.0, seed=1):
        with open(EXAMPLE) as f:
            self.base = json.load(f)
        self.path, self.largest, self.every_s = path, largest, every_s
        self.rnd = random.Random(seed)
        self.done = threading.Event()
        self.write()
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def write(self):
        tmp = self.path + ".tmp"
        with open(tmp, "w") as f:
            json.dump(document(self.base, time.time(), self.rnd, self.largest), f)
        os.replace(tmp, self.path)

    def run(self):
        while not self.done.wait(self.every_s):
            self.write()

    def stop(self):
        self.done.set()
        self.thread.join()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--largest", action="store_true")
    ap.add_argument("--every-s", type=float, default=5.0)
    args = ap.parse_args()
    feed = LiveFeed(args.out, args.largest, args.every_s)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        feed.stop()


if __name__ == "__main__":
    main()
