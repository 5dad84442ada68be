#!/usr/bin/env python3
"""Measures the remote-configuration API of a running wallboard (SDL offscreen
driver) against the feed simulator: latency of the read endpoints, of a
config save (validate, write, fsync, rename, apply) and of a screenshot, and
the board's RSS before and after. Sequential requests on loopback.

    python3 bench/run_api.py --binary build/bench/firmware/wallboard [--requests 200]

Prints figures; asserts nothing (speed is measured here, not tested)."""
import argparse
import http.client
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

from run_board import start_simulator, status_kb

TOKEN = "bench-admin-token-0000"


def timed(conn, method, path, body=None, headers=None):
    started = time.perf_counter()
    conn.request(method, path, body=body, headers=headers or {})
    resp = conn.getresponse()
    resp.read()
    elapsed = (time.perf_counter() - started) * 1000
    if resp.status >= 400:
        raise SystemExit("%s %s: HTTP %d" % (method, path, resp.status))
    return elapsed


def report(name, samples):
    samples = sorted(samples)
    p95 = samples[int(len(samples) * 0.95) - 1]
    print("%-28s median %6.2f ms  p95 %6.2f ms  (%d requests)" % (name, statistics.median(samples), p95,
                                                                len(samples)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", required=True)
    ap.add_argument("--requests", type=int, default=200)
    args = ap.parse_args()
    sim, url = start_simulator()
    state = tempfile.mkdtemp(prefix="wb-bench-api-")
    config = os.path.join(state, "bench-config.json")
    with open(config, "w") as f:
        json.dump({"http": {"bind": "127.0.0.1", "port": 0}, "admin": {"token": TOKEN}}, f)
    env = dict(os.environ, SDL_VIDEODRIVER="offscreen", TZ="Europe/Amsterdam")
    board = subprocess.Popen([args.binary, "--feed", url, "--state-dir", os.path.join(state, "s"),
                              "--config", config, "--size", "1920x1080"],
                             stderr=subprocess.PIPE, text=True, env=env)
    port = None
    for line in board.stderr:
        m = re.search(r"http: listening on http://127\.0\.0\.1:(\d+)/", line)
        port = int(m.group(1)) if m else port
        if "frame: first frame with data" in line:
            break
    rss_before = status_kb(board.pid, "VmRSS")
    auth = {"Authorization": "Bearer " + TOKEN}
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    n = args.requests
    report("GET /healthz", [timed(conn, "GET", "/healthz") for _ in range(n)])
    report("GET /api/v1/status", [timed(conn, "GET", "/api/v1/status") for _ in range(n)])
    report("GET /metrics", [timed(conn, "GET", "/metrics") for _ in range(n)])
    report("GET /api/v1/config", [timed(conn, "GET", "/api/v1/config", headers=auth) for _ in range(n)])
    patch = dict(auth, **{"Content-Type": "application/merge-patch+json"})
    report("PATCH /api/v1/config (save)",
           [timed(conn, "PATCH", "/api/v1/config", json.dumps({"display": {"title": "Bench %d" % i}}),
                  patch) for i in range(n // 4)])
    report("GET /api/v1/screenshot.png",
           [timed(conn, "GET", "/api/v1/screenshot.png", headers=auth) for _ in range(20)])
    rss_after, rss_peak = status_kb(board.pid, "VmRSS"), status_kb(board.pid, "VmHWM")
    print("RSS before / after / peak      %d / %d / %d KiB" % (rss_before, rss_after, rss_peak))
    board.terminate()
    board.wait()
    sim.terminate()
    sim.wait()


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    main()
