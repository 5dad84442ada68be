"""Shared helpers for the integration tests: run the feed simulator and the real
wallboard binary as child processes, collect their output lines on background
threads, and wait for log events (never sleeps) with the recent log attached to
any failure. Standard library only.
"""

import argparse
import datetime
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_DIR = os.path.dirname(os.path.dirname(HERE))

# Set by main() from the command line (CMake passes them), else from the
# environment, so a module can also be run by hand.
PATHS = {
    "wallboard": os.environ.get("WALLBOARD_BIN", ""),
    "feedsim": os.environ.get("FEEDSIM",
                              os.path.join(SOURCE_DIR, "tools", "feedsim", "feedsim.py")),
}

WAIT_S = 20.0  # deadline for an expected event; only ever reached when a test fails
STOP_S = 10.0  # a child that ignores SIGTERM this long gets SIGKILL
LOG_TAIL = 40  # lines of recent output shown when a wait fails

CHANNEL_IDS = ["twitter", "facebook", "instagram", "linkedin", "whatsapp", "webchat"]
ID_RE = re.compile(r"^[a-z0-9_-]{1,32}$")
RFC3339_RE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")

# The wallboard's log contract (firmware/app/task_feed.c), shared by the test
# modules. The per-poll lines come with --log-polls, which wallboard_argv
# passes unless told not to; without it the board logs changes of state only.
UPDATED_RE = r"^wallboard: feed: updated: (\d+) channels \(HTTP 200, etag (.*)\)$"
NOT_MODIFIED_RE = r"^wallboard: feed: not modified \(HTTP 304\)$"
ERROR_RE = r"^wallboard: feed: error: (.+); keeping last good data$"
OK_RE = r"^wallboard: feed: ok: (\d+) channels"
FAILING_RE = r"^wallboard: feed: failing \((\w+)\): (.+); keeping last good data$"
RECOVERED_RE = r"^wallboard: feed: recovered after (\d+) failed polls: (\d+) channels$"
STALE_RE = r"^wallboard: board: stale since (\d\d):(\d\d): (.+)$"
FRESH_RE = r"^wallboard: board: fresh$"
CACHE_RE = r"^wallboard: cache: showing last good document from (.+) \(received (.+)\)$"
FIRST_FRAME_RE = r"^wallboard: frame: first frame with data$"


def main():
    """unittest.main() with --wallboard BIN and --feedsim PATH taken off argv."""
    ap = argparse.ArgumentParser(add_help=False)
    ap.add_argument("--wallboard")
    ap.add_argument("--feedsim")
    known, rest = ap.parse_known_args()
    for key in ("wallboard", "feedsim"):
        if getattr(known, key):
            PATHS[key] = getattr(known, key)
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)


class Proc:
    """A child process whose stdout and stderr lines are gathered by two reader
    threads. wait_for() scans them from a cursor, so consecutive waits see events
    in order; mark() + start= lets a test wait for events in any order."""

    def __init__(self, name, argv, env=None):
        self.name = name
        self.argv = argv
        self.lines = []  # (stream, text), in arrival order
        self.cursor = 0
        self.cond = threading.Condition()
        self.open_streams = 2
        self.proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, env=env)
        for stream, pipe in (("stdout", self.proc.stdout), ("stderr", self.proc.stderr)):
            threading.Thread(target=self._read, args=(stream, pipe), daemon=True,
                             name="%s-%s" % (name, stream)).start()

    def _read(self, stream, pipe):
        for raw in pipe:
            text = raw.decode("utf-8", errors="replace").rstrip("\r\n")
            with self.cond:
                self.lines.append((stream, text))
                self.cond.notify_all()
        pipe.close()
        with self.cond:
            self.open_streams -= 1
            self.cond.notify_all()

    def mark(self):
        with self.cond:
            return len(self.lines)

    def tail(self, n=LOG_TAIL):
        with self.cond:
            shown = self.lines[-n:]
        return "\n".join("  [%s %s] %s" % (self.name, s, t) for s, t in shown) or "  (no output)"

    def wait_for(self, pattern, timeout=WAIT_S, start=None, stream=None):
        """Returns the re.Match of the first line matching pattern at or after the
        cursor (or start), and moves the cursor past it. Raises AssertionError
        with the recent log if the process ends or the deadline passes first."""
        regex = re.compile(pattern)
        deadline = time.monotonic() + timeout
        with self.cond:
            i = self.cursor if start is None else start
            while True:
                for i in range(i, len(self.lines)):
                    s, text = self.lines[i]
                    match = regex.search(text) if stream in (None, s) else None
                    if match:
                        self.cursor = i + 1
                        return match
                i = len(self.lines)
                if self.open_streams == 0:
                    why = "exited with status %s" % self.proc.wait()
                    break
                left = deadline - time.monotonic()
                if left <= 0:
                    why = "said nothing matching within %.0f s" % timeout
                    break
                self.cond.wait(left)
        raise AssertionError("%s %s; expected a line matching %r.\nCommand: %s\nRecent output:\n%s"
                             % (self.name, why, pattern, " ".join(self.argv), self.tail()))

    def seen(self, pattern, start=0):
        """True if any line since start matches (no waiting)."""
        regex = re.compile(pattern)
        with self.cond:
            return any(regex.search(t) for _, t in self.lines[start:])

    def send_signal(self, signum):
        self.proc.send_signal(signum)

    def stop(self, signum=signal.SIGTERM):
        """Asks the child to end and returns its exit status; kills it if it
        does not. Safe to call more than once."""
        if self.proc.poll() is None:
            self.proc.send_signal(signum)
            try:
                self.proc.wait(STOP_S)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        with self.cond:  # let the readers drain what the child said last
            self.cond.wait_for(lambda: self.open_streams == 0, STOP_S)
        return self.proc.returncode


class Feedsim(Proc):
    """The simulator on an ephemeral (or given) port; ready when it has printed
    its listening line."""

    LISTEN_RE = r"^feedsim listening on (http://127\.0\.0\.1:(\d+)/feed)$"

    def __init__(self, *args, port=0):
        argv = [sys.executable, PATHS["feedsim"], "--port", str(port)] + list(args)
        super().__init__("feedsim", argv)
        match = self.wait_for(self.LISTEN_RE, stream="stdout")
        self.url = match.group(1)
        self.port = int(match.group(2))
        self.base = self.url[:-len("/feed")]

    def control(self, **settings):
        status, _, body = http_request(self.base + "/_control", data=settings)
        if status != 200:
            raise AssertionError("feedsim refused control %r: %s" % (settings, body))
        return json.loads(body)

    def requests(self):
        return json.loads(http_request(self.base + "/_control/requests")[2])["requests"]

    def feed_requests(self):
        return [r for r in self.requests() if r["path"].startswith("/feed")]


def http_request(url, headers=None, data=None, method=None, timeout=10):
    """(status, headers, body bytes) for any status; data is sent as JSON."""
    body = None if data is None else json.dumps(data).encode("utf-8")
    req = urllib.request.Request(url, data=body, headers=dict(headers or {}), method=method)
    if body is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, resp.headers, resp.read()
    except urllib.error.HTTPError as e:
        with e:
            return e.code, e.headers, e.read()


class Wallboard(Proc):
    """The real binary, headless, with its own state dir and a test config."""

    def __init__(self, state_dir, feed_url, *args, config=None, size="1280x720", log_polls=True,
                 env=None):
        argv = wallboard_argv(state_dir, feed_url, *args, config=config, size=size,
                              log_polls=log_polls)
        super().__init__("wallboard", argv, env=dict(wallboard_env(), **(env or {})))
        self.state_dir = state_dir

    API_RE = r"^wallboard: http: listening on (http://127\.0\.0\.1:\d+/)$"

    def api(self):
        """The base URL of the board's HTTP server, once it listens."""
        if not getattr(self, "_api", None):
            cursor = self.cursor
            self._api = self.wait_for(self.API_RE, start=0).group(1)
            self.cursor = max(cursor, self.cursor)
        return self._api

    def dump(self):
        """SIGUSR1, then the status.json written for it."""
        mark = self.mark()
        self.send_signal(signal.SIGUSR1)
        self.wait_for(r"^wallboard: dump: wrote (.+)/status\.json and (.+)/screenshot\.png$",
                      start=mark)
        with open(os.path.join(self.state_dir, "status.json"), encoding="utf-8") as f:
            return json.load(f)


def wallboard_binary():
    path = PATHS["wallboard"]
    if not path or not os.access(path, os.X_OK):
        raise AssertionError("wallboard binary not found (%r): pass --wallboard BIN or set "
                             "WALLBOARD_BIN" % path)
    return path


def wallboard_env():
    env = dict(os.environ)
    env.setdefault("SDL_VIDEODRIVER", "offscreen")
    env.setdefault("SDL_AUDIODRIVER", "dummy")
    env.setdefault("TZ", "Europe/Amsterdam")
    # No render-driver settings: the board itself picks SDL's software
    # renderer on the offscreen driver (firmware/ui/display.c), and the tests
    # run that default. (Mesa's GL path leaks at exit, which ASan would flag.)
    return env


def wallboard_argv(state_dir, feed_url, *args, config=None, size="1280x720", log_polls=True):
    # --windowed: full screen takes the display's own size (1024x768 on the
    # offscreen driver) and ignores --size; a window has exactly the size asked
    argv = [wallboard_binary(), "--feed", feed_url, "--state-dir", state_dir, "--size", size,
            "--windowed"] + (["--log-polls"] if log_polls else [])
    # Tests never listen beyond loopback, and port 0 lets them run in parallel.
    argv += ["--config", config or write_config(os.path.dirname(state_dir), name="http-only.json",
                                                fast_feed=False)]
    return argv + list(args)


def run_wallboard(*argv, timeout=60):
    """Runs the binary to completion: (exit status, stdout, stderr)."""
    done = subprocess.run([wallboard_binary()] + list(argv), stdin=subprocess.DEVNULL,
                          capture_output=True, env=wallboard_env(), timeout=timeout)
    return (done.returncode, done.stdout.decode("utf-8", "replace"),
            done.stderr.decode("utf-8", "replace"))


# Short intervals keep the tests quick: stale after 3 x 2 s, backoff capped at 5 s.
FAST_FEED = {"interval_s": 2, "backoff_max_s": 5, "timeout_s": 3, "connect_timeout_s": 2}


# The API on loopback only, on a free port; a known admin token.
TEST_HTTP = {"bind": "127.0.0.1", "port": 0, "tls_port": 0}
ADMIN_TOKEN = "test-admin-token-0123456789"


def write_config(directory, feed=None, display=None, name="config.json", fast_feed=True,
                 **sections):
    """A config file with FAST_FEED plus feed overrides, the API on loopback
    and the test admin token; returns its path."""
    # Burn-in care moves the picture a pixel every few minutes: tests that
    # compare frames would depend on the minute they run in (render tests
    # check the shift itself).
    doc = {"feed": dict(FAST_FEED if fast_feed else {}, **(feed or {})),
           "http": dict(TEST_HTTP), "admin": {"token": ADMIN_TOKEN},
           "screen": {"burn_in": {"enabled": False}}}
    if display:
        doc["display"] = display
    for key, value in sections.items():
        doc[key] = dict(doc.get(key, {}), **value) if isinstance(value, dict) else value
    path = os.path.join(directory, name)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(doc, f)
    return path


class ProcTestCase(unittest.TestCase):
    """Gives each test a temp dir and stops every child it started, pass or fail."""

    def setUp(self):
        tmp = tempfile.TemporaryDirectory(prefix="wb-int-")
        self.addCleanup(tmp.cleanup)
        self.tmp = tmp.name
        self.state_dir = os.path.join(self.tmp, "state")
        os.mkdir(self.state_dir)

    def feedsim(self, *args, port=0):
        sim = Feedsim(*args, port=port)
        self.addCleanup(sim.stop)
        return sim

    def wallboard(self, feed_url, *args, config=None, size="1280x720", state_dir=None,
                  log_polls=True, env=None):
        wb = Wallboard(state_dir or self.state_dir, feed_url, *args, config=config, size=size,
                       log_polls=log_polls, env=env)
        self.addCleanup(self.assert_clean_exit, wb)
        return wb

    def assert_clean_exit(self, wb):
        """SIGTERM must end the board with status 0: this is also where the
        sanitizer build reports leaks and memory errors (non-zero status)."""
        status = wb.stop()
        if status != 0:
            raise AssertionError("wallboard exited with status %s on SIGTERM.\nRecent output:\n%s"
                                 % (status, wb.tail()))

    def dead_url(self):
        """A URL on a port that is bound but not listening for the whole test, so
        connections are refused and nothing else can take the port meanwhile."""
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        self.addCleanup(sock.close)
        return "http://127.0.0.1:%d/feed" % sock.getsockname()[1]


def png_size(path):
    """(width, height) from a PNG's IHDR; AssertionError if it is not a PNG."""
    with open(path, "rb") as f:
        head = f.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        raise AssertionError("%s is not a PNG (starts %r)" % (path, head[:16]))
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")


def updated_etag(match):
    """The ETag header value (a quoted string, as the server sent it) named by
    an UPDATED_RE match."""
    etag = match.group(2)
    if not re.fullmatch(r'(W/)?"[^"]*"', etag):
        raise AssertionError("the log shows etag %s, not a quoted ETag: %s" % (etag, match.group(0)))
    return etag


def parse_time(text):
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


def feed_problems(doc):
    """Checks a document against the feed v1 contract; returns a list of
    problems (empty when valid) so a failure names every one of them."""
    problems = []

    def check(ok, where, what):
        if not ok:
            problems.append("%s: %s" % (where, what))

    def count(value, where):
        check(isinstance(value, int) and not isinstance(value, bool) and value >= 0,
              where, "not an integer >= 0: %r" % (value,))

    def when(value, where, nullable=False):
        check((nullable and value is None) or
              (isinstance(value, str) and RFC3339_RE.match(value)),
              where, "not RFC3339: %r" % (value,))

    check(doc.get("version") == 1, "$.version", "not 1")
    when(doc.get("generated_at"), "$.generated_at")
    check(isinstance(doc.get("title"), str), "$.title", "not a string")
    channels = doc.get("channels")
    check(isinstance(channels, list) and 0 < len(channels) <= 64, "$.channels", "not 1..64")
    ids = []
    for i, ch in enumerate(channels or []):
        at = "$.channels[%d]" % i
        ids.append(ch.get("id"))
        check(isinstance(ch.get("id"), str) and ID_RE.match(ch["id"]), at + ".id", "bad id")
        count(ch["mentions"]["today"], at + ".mentions.today")
        count(ch["mentions"]["last_hour"], at + ".mentions.last_hour")
        count(ch["unanswered"], at + ".unanswered")
        for key in ("positive", "neutral", "negative"):
            count(ch["sentiment"][key], at + ".sentiment." + key)
        sla = ch["sla"]
        check(isinstance(sla["target_s"], int) and sla["target_s"] > 0, at + ".sla.target_s",
              "not > 0")
        when(sla["oldest_unanswered_at"], at + ".sla.oldest_unanswered_at", nullable=True)
        check((sla["oldest_unanswered_at"] is None) == (ch["unanswered"] == 0),
              at + ".sla", "oldest_unanswered_at null exactly when nothing is unanswered")
        check(0 <= sla["within_target_pct"] <= 100, at + ".sla.within_target_pct", "not 0..100")
    check(len(set(ids)) == len(ids), "$.channels", "duplicate ids")
    alert_ids = []
    for i, alert in enumerate(doc.get("alerts", [])):
        at = "$.alerts[%d]" % i
        alert_ids.append(alert.get("id"))
        check(alert.get("severity") in ("info", "warning", "critical"), at, "bad severity")
        check(isinstance(alert.get("message"), str) and alert["message"], at, "no message")
        check(alert.get("channel", ids[0] if ids else None) in ids, at, "unknown channel")
        when(alert.get("since"), at + ".since")
    check(len(set(alert_ids)) == len(alert_ids), "$.alerts", "duplicate ids")
    for i, mention in enumerate(doc.get("latest", [])):
        at = "$.latest[%d]" % i
        check(mention.get("channel") in ids, at, "unknown channel")
        check(isinstance(mention.get("text"), str) and mention["text"], at, "no text")
        check(mention.get("sentiment") in ("positive", "neutral", "negative"), at,
              "bad sentiment")
        count(mention.get("followers"), at + ".followers")
        when(mention.get("at"), at + ".at")
    return problems

