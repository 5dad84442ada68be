#!/usr/bin/env python3
"""Measures the wallboard against the feed simulator, headless (SDL offscreen
driver): time from process start to the first frame with data, CPU use and
peak RSS over a run (default 60 s), and the same with /usr/bin/time -v.

    python3 bench/run_board.py --binary build/bench/firmware/wallboard [--seconds 60]

Prints figures; asserts nothing (speed is measured here, not tested)."""
import argparse
import os
import re
import signal
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CLK_TCK = os.sysconf("SC_CLK_TCK")


def start_simulator():
    sim = subprocess.Popen([sys.executable, os.path.join(ROOT, "tools/feedsim/feedsim.py"), "--port", "0"],
                           stdout=subprocess.PIPE, text=True)
    line = sim.stdout.readline().strip()
    if not line.startswith("feedsim listening on "):
        sim.kill()
        raise SystemExit("simulator did not start: %r" % line)
    return sim, line[len("feedsim listening on "):]


def cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK  # utime + stime


def status_kb(pid, key):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return -1


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", required=True)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--size", default="1920x1080")
    args = ap.parse_args()
    if not os.path.exists("/usr/bin/time"):
        raise SystemExit("needs /usr/bin/time (apt-get install time)")

    sim, url = start_simulator()
    state = tempfile.mkdtemp(prefix="wb-bench-")
    config = os.path.join(state, "bench-config.json")
    with open(config, "w") as f:  # the API on loopback, as in the tests
        f.write('{"http": {"bind": "127.0.0.1", "port": 0}, "admin": {"token": "bench-admin-token-0000"}}')
    env = dict(os.environ, SDL_VIDEODRIVER="offscreen", TZ="Europe/Amsterdam")
    started = time.monotonic()
    # --windowed as well (the board now honours --size on the offscreen
    # driver either way; before, full screen took its 1024x768 desktop).
    board = subprocess.Popen(["/usr/bin/time", "-v", args.binary, "--feed", url, "--state-dir", state,
                              "--config", config, "--size", args.size, "--windowed"],
                             stderr=subprocess.PIPE,
                             text=True, env=env)
    first_frame = None
    for line in board.stderr:
        if "frame: first frame with data" in line:
            first_frame = time.monotonic() - started
            break
    # The measured process is time's child.
    child = int(subprocess.check_output(["pgrep", "-P", str(board.pid)]).split()[0])
    cpu0, t0 = cpu_seconds(child), time.monotonic()
    time.sleep(args.seconds)
    cpu1, t1 = cpu_seconds(child), time.monotonic()
    rss_now, rss_peak = status_kb(child, "VmRSS"), status_kb(child, "VmHWM")
    os.kill(child, signal.SIGTERM)
    rest = board.stderr.read()
    board.wait()
    sim.terminate()
    sim.wait()

    time_v = dict(re.findall(r"^\s*([^:\n]+):\s*(.+)$", rest, re.M))
    print("size                         %s" % args.size)
    print("start -> first frame w/ data %.0f ms" % (first_frame * 1000 if first_frame else -1))
    print("CPU over %.0f s               %.1f %% of one core" % (t1 - t0, 100 * (cpu1 - cpu0) / (t1 - t0)))
    print("RSS at end                   %d KiB" % rss_now)
    print("peak RSS (/proc VmHWM)       %d KiB" % rss_peak)
    print("peak RSS (time -v)           %s KiB" % time_v.get("Maximum resident set size (kbytes)", "?"))
    print("user / system time (time -v) %s s / %s s" % (time_v.get("User time (seconds)", "?"),
                                                      time_v.get("System time (seconds)", "?")))


if __name__ == "__main__":
    main()
