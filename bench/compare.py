#!/usr/bin/env python3
"""The board against the browser kiosk a contact centre would use instead
(the team's Chromium peer, ../shared/bench/peer-chromium/ beside the project),
in one run, alternating the two so a noisy machine hurts both alike:

    python3 bench/compare.py --binary build/bench/firmware/wallboard \\
        --peer ../shared/bench/peer-chromium [--rounds 3] [--window-s 60]
    python3 bench/compare.py --binary ... --callgrind     # instructions per frame

Each round runs, for both programs, headless (ours: SDL's offscreen driver;
the peer: chromium --headless) and in a real X11 window on a private Xvfb, at
1920x1080; then ours alone turned 90 degrees, at 3840x2160, and with the
largest feed the contract allows at 1080p and 4K (against ours upright at
the same size, for the ratios the renderer targets). Both read a feed that
changes every 5 s and poll it every 5 s (bench/live_feed.py for ours, the
peer's own writer for it).

Per run, after a warm-up: PSS (smaps_rollup, the mean of samples every 5 s),
CPU over the window (utime + stime, % of one core), frames presented a second
(the frame histogram's count in /metrics), the main thread's wake-ups a
second (its context switches), and the time from start to the first frame
with data. Medians over the rounds and our/peer ratios go to stdout as a
Markdown table; every run to --json. Asserts nothing."""
import argparse
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

import live_feed

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CLK_TCK = os.sysconf("SC_CLK_TCK")
FIRST_FRAME = "frame: first frame with data"
API_RE = re.compile(r"http: listening on (http://127\.0\.0\.1:\d+/)")
FRAMES_RE = re.compile(r"^wallboard_frame_render_seconds_count (\d+)", re.M)


def log(msg):
    print("compare: " + msg, file=sys.stderr, flush=True)


def cpu_ticks(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def pss_kib(pid):
    with open("/proc/%d/smaps_rollup" % pid) as f:
        for line in f:
            if line.startswith("Pss:"):
                return int(line.split()[1])
    return 0


def switches(pid):
    """Context switches of the main thread: each is a wake-up (or a preemption)."""
    n = 0
    with open("/proc/%d/task/%d/status" % (pid, pid)) as f:
        for line in f:
            if line.startswith(("voluntary_ctxt_switches", "nonvoluntary_ctxt_switches")):
                n += int(line.split()[1])
    return n


def frames(api):
    with urllib.request.urlopen(api + "metrics", timeout=5) as r:
        m = FRAMES_RE.search(r.read().decode())
    return int(m.group(1)) if m else 0


class Xvfb:
    """A private X server; its number comes back on a pipe (-displayfd)."""

    def __init__(self, size):
        r, w = os.pipe()
        self.proc = subprocess.Popen(["Xvfb", "-displayfd", str(w), "-screen", "0", size + "x24", "-nolisten",
                                      "tcp", "-noreset"], pass_fds=(w,), stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
        os.close(w)
        with os.fdopen(r) as f:
            self.display = ":" + f.readline().strip()

    def stop(self):
        self.proc.terminate()
        self.proc.wait(10)


def run_ours(binary, scenario, warmup_s, window_s, tmp):
    """One steady-state run of the board; a dict of figures."""
    size, rotation, largest, x11 = scenario["size"], scenario.get("rotation", 0), scenario.get("largest"), \
        scenario.get("x11")
    state = tempfile.mkdtemp(prefix="state-", dir=tmp)
    feed_path = os.path.join(state, "feed.json")
    feed = live_feed.LiveFeed(feed_path, largest=largest)
    config = os.path.join(state, "config.json")
    with open(config, "w") as f:
        json.dump({"http": {"bind": "127.0.0.1", "port": 0}, "feed": {"interval_s": 5},
                   "display": {"rotation": rotation}}, f)
    env = dict(os.environ, TZ="Europe/Amsterdam", SDL_VIDEODRIVER="offscreen")
    xvfb = None
    if x11:
        xvfb = Xvfb(size)
        env.update(SDL_VIDEODRIVER="x11", DISPLAY=xvfb.display)
    # --windowed: the window has exactly --size on every driver (full screen
    # would take the offscreen driver's 1024x768 desktop).
    argv = [binary, "--feed", "file://" + feed_path, "--state-dir", state, "--config", config, "--size", size,
            "--windowed"]
    errlog = open(os.path.join(state, "stderr.log"), "w+")
    started = time.monotonic()
    board = subprocess.Popen(argv, stderr=errlog, env=env)
    first, api, text = None, None, ""
    try:
        deadline = started + 30
        while (first is None or api is None) and time.monotonic() < deadline:
            errlog.seek(0)
            text = errlog.read()
            if first is None and FIRST_FRAME in text:
                first = time.monotonic() - started
            m = API_RE.search(text)
            if m:
                api = m.group(1)
            time.sleep(0.01)
        if first is None or api is None:
            raise SystemExit("the board did not show data within 30 s:\n" + text[-2000:])
        time.sleep(warmup_s)
        t0, c0, s0, f0 = time.monotonic(), cpu_ticks(board.pid), switches(board.pid), frames(api)
        x0 = cpu_ticks(xvfb.proc.pid) if xvfb else 0
        pss = []
        while time.monotonic() - t0 < window_s:
            pss.append(pss_kib(board.pid))
            time.sleep(min(5.0, max(0.0, window_s - (time.monotonic() - t0))))
        t1, c1, s1, f1 = time.monotonic(), cpu_ticks(board.pid), switches(board.pid), frames(api)
        wall = t1 - t0
        r = {"pss_mib": statistics.mean(pss) / 1024, "cpu_pct": 100.0 * (c1 - c0) / CLK_TCK / wall,
             "fps": (f1 - f0) / wall, "wakeups_s": (s1 - s0) / wall, "first_frame_s": first}
        if xvfb:
            r["xvfb_cpu_pct"] = 100.0 * (cpu_ticks(xvfb.proc.pid) - x0) / CLK_TCK / wall
        return r
    finally:
        board.send_signal(signal.SIGTERM)
        board.wait(30)
        feed.stop()
        if xvfb:
            xvfb.stop()
        errlog.close()


def run_peer(peer, mode, warmup_s, window_s):
    env = dict(os.environ, RUNS="1", WARMUP=str(warmup_s), WINDOW=str(window_s), SHOTS="1", PNG_OUT="",
               DISPLAY_MODE=mode, KEEP_LOGS="0")
    out = subprocess.run(["bash", os.path.join(peer, "measure.sh")], env=env, stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, text=True, check=True, cwd=peer)
    doc = json.loads(out.stdout.strip().splitlines()[-1])
    r = {"pss_mib": doc["pss_mb"], "cpu_pct": doc["cpu_pct_one_core"], "first_frame_s": doc["first_screenshot_s"]}
    if "xvfb_cpu_pct_one_core" in doc:
        r["xvfb_cpu_pct"] = doc["xvfb_cpu_pct_one_core"]
    return r


SCENARIOS = [
    # name, ours, peer display mode (None: ours alone)
    ("headless 1920x1080", {"size": "1920x1080"}, "headless"),
    ("Xvfb 1920x1080", {"size": "1920x1080", "x11": True}, "xvfb"),
    ("headless, turned 90°", {"size": "1920x1080", "rotation": 90}, None),
    ("headless 3840x2160", {"size": "3840x2160"}, None),
    ("largest feed, 1920x1080", {"size": "1920x1080", "largest": True}, None),
    ("largest feed, 3840x2160", {"size": "3840x2160", "largest": True}, None),
]
FIGURES = [("pss_mib", "PSS MiB", "%.1f"), ("cpu_pct", "CPU % (one core)", "%.2f"), ("fps", "frames/s", "%.1f"),
           ("wakeups_s", "wake-ups/s", "%.0f"), ("first_frame_s", "first frame with data, s", "%.2f"),
           ("xvfb_cpu_pct", "Xvfb CPU %", "%.1f")]


def median(runs, key):
    values = [r[key] for r in runs if r.get(key) is not None]
    return statistics.median(values) if values else None


def table(results):
    lines = ["| scenario | program | " + " | ".join(title for _, title, _ in FIGURES) + " |",
             "| --- | --- |" + " --- |" * len(FIGURES)]
    for name, _, _ in SCENARIOS:
        for program in ("ours", "peer"):
            runs = results.get((name, program))
            if not runs:
                continue
            cells = []
            for key, _, fmt in FIGURES:
                m = median(runs, key)
                cells.append(fmt % m if m is not None else "")
            lines.append("| %s | %s | %s |" % (name, program, " | ".join(cells)))
        ours, peer = results.get((name, "ours")), results.get((name, "peer"))
        if ours and peer:
            cells = []
            for key, _, _ in FIGURES:
                a, b = median(ours, key), median(peer, key)
                cells.append("%.1f× less" % (b / a) if a and b and key != "fps" else "")
            lines.append("| %s | peer ÷ ours | %s |" % (name, " | ".join(cells)))
    return "\n".join(lines)


def callgrind(binary, seconds, tmp):
    """Instructions per frame over the main loop, at 1920x1080 with the
    ticker moving and the critical pulse on (every frame an animating one)."""
    if not shutil.which("valgrind") or not shutil.which("callgrind_annotate"):
        raise SystemExit("needs valgrind (apt-get install valgrind)")
    state = tempfile.mkdtemp(prefix="cg-", dir=tmp)
    feed_path = os.path.join(state, "feed.json")
    feed = live_feed.LiveFeed(feed_path)
    config = os.path.join(state, "config.json")
    with open(config, "w") as f:
        json.dump({"http": {"bind": "127.0.0.1", "port": 0}}, f)
    out = os.path.join(state, "callgrind.out")
    env = dict(os.environ, TZ="Europe/Amsterdam", SDL_VIDEODRIVER="offscreen")
    proc = subprocess.Popen(["valgrind", "--tool=callgrind", "--callgrind-out-file=" + out,
                             "--toggle-collect=wb_app_loop", binary, "--feed", "file://" + feed_path, "--state-dir",
                             state, "--config", config, "--size", "1920x1080", "--windowed"],
                            stderr=subprocess.DEVNULL, env=env)
    time.sleep(seconds)
    proc.send_signal(signal.SIGINT)
    proc.wait(120)
    feed.stop()
    text = subprocess.run(["callgrind_annotate", "--tree=caller", "--inclusive=yes", out], stdout=subprocess.PIPE,
                          text=True).stdout
    m = re.search(r"^\s*([\d,]+) \([^)]*\)\s+< \S*:wb_app_loop \(([\d,]+)x\)[^\n]*\n\s*[\d,]+ \([^)]*\)\s+\*\s+"
                  r"\S*:wb_renderer_draw", text, re.M)
    if not m:
        raise SystemExit("no wb_renderer_draw under wb_app_loop in the profile (%s)" % out)
    draw_ir, calls = int(m.group(1).replace(",", "")), int(m.group(2).replace(",", ""))
    total = re.search(r"^\s*([\d,]+) \([^)]*\)\s+PROGRAM TOTALS", text, re.M)
    loop_ir = int(total.group(1).replace(",", "")) if total else draw_ir
    print("callgrind over %d s: %d frames; %.2f M instructions per frame in the loop (%.2f M in "
          "wb_renderer_draw)" % (seconds, calls, loop_ir / calls / 1e6, draw_ir / calls / 1e6))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", required=True)
    ap.add_argument("--peer", help="the peer's folder (../shared/bench/peer-chromium beside the project)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--warmup-s", type=float, default=10)
    ap.add_argument("--window-s", type=float, default=60)
    ap.add_argument("--only", help="run only scenarios whose name contains this")
    ap.add_argument("--json", help="write every run here")
    ap.add_argument("--callgrind", action="store_true", help="only count instructions per frame")
    ap.add_argument("--callgrind-s", type=float, default=30)
    args = ap.parse_args()
    binary = os.path.abspath(args.binary)
    with tempfile.TemporaryDirectory(prefix="wb-compare-") as tmp:
        if args.callgrind:
            callgrind(binary, args.callgrind_s, tmp)
            return
        results = {}
        for rnd in range(args.rounds):
            for name, ours, mode in SCENARIOS:
                if args.only and args.only not in name:
                    continue
                if mode and args.peer:
                    log("round %d: %s: peer" % (rnd + 1, name))
                    results.setdefault((name, "peer"), []).append(
                        run_peer(os.path.abspath(args.peer), mode, args.warmup_s, args.window_s))
                log("round %d: %s: ours" % (rnd + 1, name))
                results.setdefault((name, "ours"), []).append(
                    run_ours(binary, ours, args.warmup_s, args.window_s, tmp))
        if args.json:
            with open(args.json, "w") as f:
                json.dump({"%s / %s" % k: v for k, v in results.items()}, f, indent=1)
        print(table(results))


if __name__ == "__main__":
    main()
