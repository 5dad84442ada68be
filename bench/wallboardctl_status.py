#!/usr/bin/env python3
"""Times `wallboardctl status` over a floor of boards: N real boards (SDL
offscreen driver, small windows, each its own state dir and API port on
127.0.0.1) against one feed simulator, then the whole status command, from
process start to exit, several times; prints every run and the median.

    python3 bench/wallboardctl_status.py --binary build/dev/firmware/wallboard [--boards 20] [--runs 7]

Prints figures; asserts nothing (speed is measured here, not tested)."""
import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

from run_board import ROOT

TOOL = os.path.join(ROOT, "tools", "wallboardctl")
LISTEN_RE = re.compile(r"http: listening on http://(127\.0\.0\.1:\d+)/")
WAIT_S = 60


def start_simulator():
    sim = subprocess.Popen([sys.executable, os.path.join(ROOT, "tools/feedsim/feedsim.py"), "--port", "0",
                            "--quiet"], stdout=subprocess.PIPE, text=True)
    line = sim.stdout.readline().strip()
    if not line.startswith("feedsim listening on "):
        sim.kill()
        raise SystemExit("simulator did not start: %r" % line)
    return sim, line[len("feedsim listening on "):]


def start_board(binary, feed_url, home, env):
    """A board whose API port is known once it has drawn its first frame."""
    state = os.path.join(home, "state")
    os.makedirs(state)
    config = os.path.join(home, "config.json")
    with open(config, "w") as f:
        json.dump({"http": {"bind": "127.0.0.1", "port": 0}, "admin": {"token": "bench-token-0000"},
                   "display": {"title": os.path.basename(home)},
                   "screen": {"burn_in": {"enabled": False}}}, f)
    return subprocess.Popen([binary, "--feed", feed_url, "--state-dir", state, "--config", config,
                             "--windowed", "--size", "426x240"],
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, env=env)


def wait_ready(board):
    """The board's API address once it has drawn its first frame with data;
    a thread keeps reading its log after that, so it never blocks on a full
    pipe."""
    found = {}
    ready = threading.Event()

    def read():
        for line in board.stderr:
            m = LISTEN_RE.search(line)
            if m:
                found["address"] = m.group(1)
            if "frame: first frame with data" in line and "address" in found:
                ready.set()
        ready.set()

    threading.Thread(target=read, daemon=True).start()
    if not ready.wait(WAIT_S) or "address" not in found or board.poll() is not None:
        raise SystemExit("a board did not come up (exit %s)" % board.poll())
    return found["address"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", required=True)
    ap.add_argument("--boards", type=int, default=20)
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    env = dict(os.environ, SDL_VIDEODRIVER="offscreen", SDL_AUDIODRIVER="dummy",
               TZ="Europe/Amsterdam")
    tmp = tempfile.mkdtemp(prefix="wb-bench-ctl-")
    sim, url = start_simulator()
    boards = []
    try:
        boards = [start_board(args.binary, url, os.path.join(tmp, "board-%02d" % i), env)
                  for i in range(args.boards)]
        addresses = [wait_ready(b) for b in boards]
        # The fixed cost: the interpreter starting and the tool's imports.
        base = []
        for _ in range(args.runs):
            started = time.perf_counter()
            subprocess.run([sys.executable, TOOL, "--help"], capture_output=True)
            base.append((time.perf_counter() - started) * 1000)
        print("wallboardctl --help (start-up alone): median %.1f ms" % statistics.median(base))
        times = []
        for run in range(args.runs):
            started = time.perf_counter()
            done = subprocess.run([sys.executable, TOOL, "status"] + addresses,
                                  capture_output=True, text=True)
            elapsed = (time.perf_counter() - started) * 1000
            rows = len(done.stdout.splitlines()) - 1
            ok = done.stdout.count(" ok ")
            print("run %d: %7.1f ms  exit %d, %d rows, %d with feed ok"
                  % (run + 1, elapsed, done.returncode, rows, ok))
            times.append(elapsed)
        print("wallboardctl status over %d boards: median %.1f ms of %d runs (min %.1f, max %.1f)"
              % (args.boards, statistics.median(times), len(times), min(times), max(times)))
    finally:
        for b in boards:
            b.terminate()
        for b in boards:
            try:
                b.wait(10)
            except subprocess.TimeoutExpired:
                b.kill()
        sim.terminate()
        sim.wait()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
