#!/usr/bin/env python3
"""Runs the libFuzzer harnesses (tests/fuzz/) for a long time: each for a given
time or number of executions, up to --jobs at once, each with its own corpus
that grows from run to run under --work (outside the repo; seeded from
tests/fuzz/corpus/<name>/ the first time). libFuzzer's fork mode keeps going
after a finding and keeps every failing input under <work>/<name>/findings/.

    CC=clang cmake -S . -B build/fuzz -DWB_FUZZ=ON && cmake --build build/fuzz -j
    python3 bench/fuzz.py --time 2h --jobs 4 [--work ~/wallboard-fuzz] [feed config ...]
    python3 bench/fuzz.py --runs 10000000 --jobs 2

Prints per harness: executions, exec/s, coverage (cov and ft of libFuzzer's
last status line), corpus size, and the findings, each replayed once for the
line that says what failed. Asserts nothing: the 60 s runs in ctest do."""
import argparse
import concurrent.futures
import glob
import os
import re
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FUZZ = os.path.join(ROOT, "tests", "fuzz")
# Fork mode's status line: "#16845: cov: 644 ft: 873 corp: 131 exec/s 1674 oom/timeout/crash: 0/0/1 time: 9s ..."
FORK_LINE = re.compile(r"^#(\d+): cov: (\d+) ft: (\d+) corp: (\d+) exec/s (\d+) oom/timeout/crash: (\d+)/(\d+)/(\d+) time: (\d+)s")
# The plain mode's last line: "#2655220	DONE   cov: 52 ft: 228 corp: 81/3088b lim: 4096 exec/s: 165951 rss: 540Mb"
PLAIN_LINE = re.compile(r"^#(\d+)\s+\w+\s+cov: (\d+) ft: (\d+) corp: (\d+)/\S+ .*exec/s: (\d+)")
WHAT = re.compile(r"property failed: .*|runtime error: .*|ERROR: AddressSanitizer: [\w-]+|ERROR: LeakSanitizer: .*|"
                  r"ERROR: libFuzzer: (timeout|out-of-memory).*")


def duration(text):
    m = re.fullmatch(r"(\d+(?:\.\d+)?)([smhd]?)", text)
    if not m:
        raise argparse.ArgumentTypeError("a time like 90, 90s, 30m, 2h or 1d")
    return int(float(m.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}[m.group(2)])


def harnesses(build):
    found = sorted(glob.glob(os.path.join(build, "tests", "fuzz", "fuzz_*")))
    return {os.path.basename(p)[len("fuzz_"):]: p for p in found if os.access(p, os.X_OK) and os.path.isfile(p)}


def dictionary(name):
    for candidate in (name, name.split("_")[0]):
        path = os.path.join(FUZZ, "dict", candidate + ".dict")
        if os.path.isfile(path):
            return ["-dict=" + path]
    return []


def what_failed(binary, path):
    """The first line of a replay that names the failure."""
    try:
        out = subprocess.run([binary, "-timeout=10", path], capture_output=True, timeout=120).stderr
    except subprocess.TimeoutExpired:
        return "replay did not finish"
    text = out.decode("utf-8", "replace")
    m = WHAT.search(text)
    return m.group(0).strip() if m else "(passes when replayed)"


def run(name, binary, args):
    work = os.path.join(args.work, name)
    corpus, findings = os.path.join(work, "corpus"), os.path.join(work, "findings")
    if not os.path.isdir(corpus):
        shutil.copytree(os.path.join(FUZZ, "corpus", name), corpus)
    os.makedirs(findings, exist_ok=True)
    before = set(os.listdir(findings))
    cmd = [binary, "-timeout=10", "-rss_limit_mb=2048", "-print_final_stats=1",
           "-artifact_prefix=" + findings + "/"] + dictionary(name)
    if args.runs:
        cmd += ["-runs=%d" % args.runs]  # stops at the first finding
    else:
        cmd += ["-fork=1", "-ignore_crashes=1", "-ignore_timeouts=1", "-ignore_ooms=1",
                "-max_total_time=%d" % args.time]
    cmd.append(corpus)
    started = time.monotonic()
    with open(os.path.join(work, "log"), "wb") as log:
        rc = subprocess.run(cmd, stdout=log, stderr=subprocess.STDOUT).returncode
    seconds = time.monotonic() - started
    execs = cov = ft = 0
    with open(os.path.join(work, "log"), "rb") as log:
        for line in log.read().decode("utf-8", "replace").splitlines():
            m = FORK_LINE.match(line) or PLAIN_LINE.match(line)
            if m:
                execs, cov, ft = int(m.group(1)), int(m.group(2)), int(m.group(3))
            m = re.match(r"stat::number_of_executed_units: (\d+)", line)
            if m:
                execs = int(m.group(1))
    new = sorted(set(os.listdir(findings)) - before)
    kinds = {}  # one finding: the failures whose words agree up to the first number or quote
    for f in new:
        what = what_failed(binary, os.path.join(findings, f))
        key = re.split(r'["\d]', what)[0]
        kinds.setdefault(key, []).append((f, what))
    return {"name": name, "rc": rc, "execs": execs, "seconds": seconds, "cov": cov, "ft": ft,
            "corpus": len(os.listdir(corpus)), "findings": kinds, "dir": findings}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build", default=os.path.join(ROOT, "build", "fuzz"), help="the WB_FUZZ=ON build dir")
    ap.add_argument("--time", type=duration, default=duration("10m"), help="per harness: 90s, 30m, 2h (default 10m)")
    ap.add_argument("--runs", type=int, help="per harness: this many executions instead of a time")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="harnesses at once (default: cores)")
    ap.add_argument("--work", default=os.path.join(os.environ.get("XDG_CACHE_HOME", os.path.expanduser("~/.cache")),
                                                   "wallboard-fuzz"), help="corpora and findings (outside the repo)")
    ap.add_argument("names", nargs="*", help="harnesses (default: all)")
    args = ap.parse_args()
    if os.path.realpath(args.work).startswith(os.path.realpath(ROOT) + os.sep) and \
            not os.path.realpath(args.work).startswith(os.path.realpath(os.path.join(ROOT, "build")) + os.sep):
        sys.exit("fuzz.py: --work must be outside the repo (or under build/)")
    found = harnesses(args.build)
    if not found:
        sys.exit("fuzz.py: no harnesses in %s: CC=clang cmake -S . -B build/fuzz -DWB_FUZZ=ON, then build" % args.build)
    names = args.names or sorted(found)
    missing = [n for n in names if n not in found]
    if missing:
        sys.exit("fuzz.py: no such harness: %s (have %s)" % (", ".join(missing), ", ".join(sorted(found))))
    os.makedirs(args.work, exist_ok=True)
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        results = list(pool.map(lambda n: run(n, found[n], args), names))

    # findings: distinct failures (inputs that show them)
    print("%-14s %14s %9s %6s %7s %7s %9s" % ("harness", "executions", "exec/s", "cov", "ft", "corpus", "findings"))
    for r in results:
        n = sum(len(v) for v in r["findings"].values())
        print("%-14s %14d %9d %6d %7d %7d %9s" % (r["name"], r["execs"], r["execs"] / max(r["seconds"], 1e-9),
                                                 r["cov"], r["ft"], r["corpus"], "%d (%d)" % (len(r["findings"]), n)))
    print("%-14s %14d" % ("all", sum(r["execs"] for r in results)))
    for r in results:
        for key, files in sorted(r["findings"].items(), key=lambda kv: -len(kv[1])):
            f, what = files[0]
            print("%s: %d input(s) like %s\n    %s" % (r["name"], len(files), os.path.join(r["dir"], f), what[:300]))
    print("work dir: %s" % args.work)


if __name__ == "__main__":
    main()
