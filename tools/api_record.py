#!/usr/bin/env python3
"""Records the board's HTTP API byte for byte, so a restructuring of the server
can be shown to change nothing: starts the real binary (headless, 127.0.0.1,
port 0, a fixed admin token) fed by tools/feedsim serving
docs/examples/feed-full.json, sends a fixed list of requests (every endpoint and
method of docs/openapi.yaml, good and bad) and writes each one with its status,
headers (minus Date) and body to a JSON file. Only what legitimately changes
between runs is normalised: timestamps, ages and uptimes, ETag values (mapped to
their order of first appearance), ports, the fetcher's poll counts, PNG bytes
(kept: dimensions). Before a status is recorded the tool waits, unrecorded,
until the main thread has published the change the requests before it made.

    tools/api_record.py --wallboard build/test/firmware/wallboard --out before.json
    tools/api_record.py --wallboard build/test/firmware/wallboard --out after.json
    diff before.json after.json     # must print nothing

Standard library only. Exit status 0 when the record was written.
"""

import argparse
import http.client
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_DIR = os.path.dirname(HERE)
FEED_FULL = os.path.join(SOURCE_DIR, "docs", "examples", "feed-full.json")
FEEDSIM = os.path.join(HERE, "feedsim", "feedsim.py")

TOKEN = "record-admin-token-0123456789"
WRONG = "record-wrong-token-9876543210"
FEED_TOKEN = "record-feed-token-0123456789"
WAIT_S = 30

RFC3339_RE = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)")
PORT_RE = re.compile(r"127\.0\.0\.1:\d+")
CLOCK_RE = re.compile(r"\b\d\d:\d\d(:\d\d)?\b")
# Answers whose length follows the clock (also for HEAD, which has no body).
TIMED_PATHS = ("/healthz", "/api/v1/status", "/metrics")
# JSON keys whose numbers follow the clock, not the code.
TIMED_KEY_RE = re.compile(r"(_ms|_s|age|uptime|latency|seconds_ago|remaining|elapsed)$")


class Child:
    """A child process whose output lines are collected by reader threads."""

    def __init__(self, argv, env=None):
        self.argv = argv
        self.lines = []
        self.cond = threading.Condition()
        self.proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, env=env)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for raw in self.proc.stdout:
            with self.cond:
                self.lines.append(raw.decode("utf-8", "replace").rstrip("\r\n"))
                self.cond.notify_all()

    def wait_for(self, pattern, start=0):
        regex = re.compile(pattern)
        deadline = time.monotonic() + WAIT_S
        with self.cond:
            while True:
                for line in self.lines[start:]:
                    m = regex.search(line)
                    if m:
                        return m
                left = deadline - time.monotonic()
                if left <= 0 or self.proc.poll() is not None:
                    raise SystemExit("api_record: %s never said %r; output:\n%s"
                                     % (self.argv[0], pattern, "\n".join(self.lines[-40:])))
                self.cond.wait(min(left, 0.5))

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode


class Normaliser:
    def __init__(self):
        self.etags = {}

    def etag(self, value):
        if value not in self.etags:
            self.etags[value] = "<etag-%d>" % (len(self.etags) + 1)
        return self.etags[value]

    def text(self, s):
        s = RFC3339_RE.sub("<time>", s)
        s = PORT_RE.sub("127.0.0.1:<port>", s)
        return s

    def json_value(self, key, v):
        if isinstance(v, dict):
            return {k: self.json_value(k, x) for k, x in v.items()}
        if isinstance(v, list):
            return [self.json_value(key, x) for x in v]
        if isinstance(v, bool) or v is None:
            return v
        if isinstance(v, (int, float)) and key and (TIMED_KEY_RE.search(key) or
                                                    key in ("polls_ok", "polls_failed")):
            return "<number>"
        if isinstance(v, str):
            s = self.text(v)
            if key == "etag":
                return "<feed-etag>" if s else s
            if key and TIMED_KEY_RE.search(key) or key in ("clock", "since_local", "stale_since"):
                s = CLOCK_RE.sub("<hh:mm>", s)
            return s
        return v

    def metrics(self, text):
        out = []
        for line in text.splitlines():
            if line.startswith("#") or not line.strip():
                out.append(line)
                continue
            name, _, value = line.rpartition(" ")
            timed = re.search(r"(seconds|uptime|age|latency|_ms)", name)
            out.append("%s %s" % (name, "<number>" if timed else value))
        return out


def png_info(data):
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        return {"not_png": len(data)}
    return {"png": {"width": int.from_bytes(data[16:20], "big"),
                    "height": int.from_bytes(data[20:24], "big")}}


class Recorder:
    def __init__(self, host, port):
        self.host, self.port = host, port
        self.records = []
        self.norm = Normaliser()
        self.etag = None  # the config's current ETag, for If-Match

    def raw(self, method, path, body=None, token=TOKEN, headers=None, content_type=None,
            chunked=False):
        conn = http.client.HTTPConnection(self.host, self.port, timeout=20)
        hdrs = dict(headers or {})
        if token:
            hdrs["Authorization"] = "Bearer " + token
        if content_type:
            hdrs["Content-Type"] = content_type
        if isinstance(body, str):
            body = body.encode("utf-8")
        try:
            if chunked:
                conn.putrequest(method, path, skip_accept_encoding=True)
                for k, v in hdrs.items():
                    conn.putheader(k, v)
                conn.putheader("Transfer-Encoding", "chunked")
                conn.endheaders()
                for i in range(0, len(body), 16384):
                    part = body[i:i + 16384]
                    try:
                        conn.send(b"%x\r\n%s\r\n" % (len(part), part))
                    except OSError:
                        break
                try:
                    conn.send(b"0\r\n\r\n")
                except OSError:
                    pass
            else:
                conn.request(method, path, body=body, headers=hdrs)
            resp = conn.getresponse()
            data = resp.read()
            return resp.status, resp.reason, resp.getheaders(), data
        finally:
            conn.close()

    def call(self, label, method, path, **kw):
        try:
            status, reason, headers, data = self.raw(method, path, **kw)
        except (OSError, http.client.HTTPException) as e:
            self.records.append({"label": label, "request": {"method": method, "path": path},
                                 "error": type(e).__name__})
            return None, b""
        rec = {"label": label, "request": {"method": method, "path": path},
               "status": status, "reason": reason}
        for k in ("token", "content_type", "headers", "chunked"):
            if k in kw:
                v = kw[k]
                if k == "headers" and v:
                    v = {h: ("<current-etag>" if h == "If-Match" and x == self.etag else x)
                         for h, x in v.items()}
                rec["request"][k] = {TOKEN: "<admin>", WRONG: "<wrong>"}.get(v, v) \
                    if isinstance(v, str) else v
        if "body" in kw and kw["body"] is not None:
            b = kw["body"]
            rec["request"]["body_len"] = len(b)
            if len(b) <= 200:
                rec["request"]["body"] = self.norm.text(b if isinstance(b, str)
                                                       else b.decode("utf-8", "replace"))
        ctype = dict((k.lower(), v) for k, v in headers).get("content-type", "")
        normalised_body = False
        if ctype.startswith("image/png"):
            rec["body"] = png_info(data)
            normalised_body = True
        elif ctype.startswith("application/json"):
            try:
                doc = json.loads(data)
                rec["body_exact"] = self.norm.text(data.decode("utf-8")) == data.decode("utf-8")
                normed = self.norm.json_value(None, doc)
                rec["body"] = normed
                normalised_body = path.split("?")[0] in ("/api/v1/status", "/healthz") or not rec["body_exact"]
                if not normalised_body:
                    rec["body_text"] = data.decode("utf-8")
                del rec["body_exact"]
            except ValueError:
                rec["body_text"] = data.decode("utf-8", "replace")
        elif ctype.startswith("text/plain") and path == "/metrics":
            rec["body"] = self.norm.metrics(data.decode("utf-8"))
            normalised_body = True
        else:
            rec["body_text"] = data.decode("utf-8", "replace")
        out_headers = []
        for k, v in headers:
            lk = k.lower()
            if lk == "date":
                continue
            if lk == "etag":
                if path == "/api/v1/config" and status == 200:
                    self.etag = v
                v = self.norm.etag(v)
            if lk == "content-length" and (normalised_body or path.split("?")[0] in TIMED_PATHS):
                v = "<length>"
            if lk == "retry-after" and v.isdigit() and 1 <= int(v) <= 60:
                v = "<1..60>"
            out_headers.append([k, v])
        rec["headers"] = out_headers
        self.records.append(rec)
        if status == 401:
            # Keep the rate limit out of the record: a success clears the failures.
            self.raw("GET", "/api/v1/config")
        return status, data


def wait_status(r, pred):
    """The status is published by the main thread once a second and after a
    change: wait (unrecorded) until it shows what the last request did."""
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        status, _, _, data = r.raw("GET", "/api/v1/status", token=None)
        if status == 200 and pred(json.loads(data)):
            return
        time.sleep(0.05)
    raise SystemExit("api_record: the status never showed the change")


def run_requests(r):
    j = "application/json"
    mp = "application/merge-patch+json"
    # -- health, status, metrics: public, GET and HEAD only
    for path in ("/healthz", "/api/v1/status", "/metrics"):
        r.call("get " + path, "GET", path, token=None)
        r.call("head " + path, "HEAD", path, token=None)
        r.call("get with token " + path, "GET", path)
        r.call("get with wrong token " + path, "GET", path, token=WRONG)
        for m in ("POST", "PUT", "PATCH", "DELETE", "OPTIONS"):
            r.call("%s %s" % (m, path), m, path, token=None)
        r.call("post with token " + path, "POST", path, body="{}", content_type=j)
    r.call("query string /healthz", "GET", "/healthz?x=1", token=None)
    r.call("trailing slash", "GET", "/healthz/", token=None)
    r.call("lower-case method", "get", "/healthz", token=None)

    # -- config reads
    r.call("config no token", "GET", "/api/v1/config", token=None)
    r.call("config wrong token", "GET", "/api/v1/config", token=WRONG)
    r.call("config lower-case bearer", "GET", "/api/v1/config", token=None,
           headers={"Authorization": "bearer " + TOKEN})
    r.call("config basic auth", "GET", "/api/v1/config", token=None,
           headers={"Authorization": "Basic dXNlcjpwYXNz"})
    r.call("config empty bearer", "GET", "/api/v1/config", token=None,
           headers={"Authorization": "Bearer "})
    r.call("config", "GET", "/api/v1/config")
    r.call("config head", "HEAD", "/api/v1/config")
    r.call("config head no token", "HEAD", "/api/v1/config", token=None)
    for m in ("POST", "DELETE", "OPTIONS"):
        r.call("config " + m, m, "/api/v1/config")
        r.call("config %s no token" % m, m, "/api/v1/config", token=None)

    # -- config writes: auth, media types, sizes, bodies
    r.call("patch no token", "PATCH", "/api/v1/config", body="{}", token=None, content_type=mp)
    r.call("patch wrong token", "PATCH", "/api/v1/config", body="{}", token=WRONG,
           content_type=mp)
    r.call("put no token", "PUT", "/api/v1/config", body="{}", token=None, content_type=j)
    r.call("put text/plain", "PUT", "/api/v1/config", body="{}", content_type="text/plain")
    r.call("put merge-patch", "PUT", "/api/v1/config", body="{}", content_type=mp)
    r.call("put no content type", "PUT", "/api/v1/config", body="{}")
    r.call("patch text/plain", "PATCH", "/api/v1/config", body="{}", content_type="text/plain")
    r.call("patch json charset", "PATCH", "/api/v1/config", body='{"display": {"title": "A"}}',
           content_type="application/json; charset=utf-8")
    r.call("patch JSON upper", "PATCH", "/api/v1/config", body='{"display": {"title": "B"}}',
           content_type="Application/Merge-Patch+JSON")
    r.call("patch json-seq", "PATCH", "/api/v1/config", body="{}", content_type="application/jsonx")
    r.call("put bad json", "PUT", "/api/v1/config", body='{"feed": {', content_type=j)
    r.call("put trailing", "PUT", "/api/v1/config", body="{} trailing", content_type=j)
    r.call("put array", "PUT", "/api/v1/config", body="[1, 2]", content_type=j)
    r.call("put empty body", "PUT", "/api/v1/config", body="", content_type=j)
    r.call("patch invalid values", "PATCH", "/api/v1/config",
           body='{"display": {"title": 5}, "feed": {"interval_s": -1}, "nope": 1}', content_type=mp)
    big = b'{"x": "' + b"a" * 70000 + b'"}'
    r.call("patch 413 declared", "PATCH", "/api/v1/config", body=big, content_type=mp)
    r.call("patch 413 chunked", "PATCH", "/api/v1/config", body=big, content_type=mp,
           chunked=True)
    r.call("patch 413 no token", "PATCH", "/api/v1/config", body=big, content_type=mp,
           token=None)
    r.call("patch chunked small", "PATCH", "/api/v1/config",
           body='{"display": {"title": "Chunked"}}', content_type=mp, chunked=True)
    exact = b'{"display": {"title": "' + b"x" * (65536 - 26) + b'"}}'
    r.call("patch exactly 64 KiB", "PATCH", "/api/v1/config", body=exact, content_type=mp)
    r.call("config after", "GET", "/api/v1/config")
    r.call("if-match stale", "PATCH", "/api/v1/config", body='{"display": {"title": "C"}}',
           content_type=mp, headers={"If-Match": '"0000000000000000"'})
    r.call("if-match star", "PATCH", "/api/v1/config", body='{"display": {"title": "D"}}',
           content_type=mp, headers={"If-Match": "*"})
    r.call("config for etag", "GET", "/api/v1/config")
    r.call("if-match current", "PATCH", "/api/v1/config", body='{"display": {"title": "E"}}',
           content_type=mp, headers={"If-Match": r.etag})
    r.call("patch null restores default", "PATCH", "/api/v1/config",
           body='{"display": {"title": null}}', content_type=mp)
    r.call("patch title", "PATCH", "/api/v1/config", body='{"display": {"title": "Recorded"}}',
           content_type=mp)
    status, data = r.call("config for put", "GET", "/api/v1/config")
    doc = json.loads(data)
    doc["display"]["title"] = "Put back"
    r.call("put whole document", "PUT", "/api/v1/config", body=json.dumps(doc), content_type=j)
    r.call("put minimal", "PUT", "/api/v1/config",
           body=json.dumps({"feed": {"url": doc["feed"]["url"], "token": "********"},
                            "http": {"bind": "127.0.0.1", "port": 0},
                            "admin": {"token": "********"},
                            "screen": {"burn_in": {"enabled": False}}}),
           content_type=j)
    r.call("config after put", "GET", "/api/v1/config")
    wait_status(r, lambda d: d["name"] == "Webcare NL, vloer 2")
    r.call("status after put", "GET", "/api/v1/status", token=None)

    # -- ack
    for aid in ("a-17", "a-18", "nope"):
        r.call("ack " + aid, "POST", "/api/v1/alerts/%s/ack" % aid)
    r.call("ack a-17 again", "POST", "/api/v1/alerts/a-17/ack")
    r.call("ack no token", "POST", "/api/v1/alerts/a-19/ack", token=None)
    r.call("ack wrong token", "POST", "/api/v1/alerts/a-19/ack", token=WRONG)
    r.call("ack with body", "POST", "/api/v1/alerts/a-19/ack", body='{"x": 1}', content_type=j)
    r.call("ack GET", "GET", "/api/v1/alerts/a-19/ack")
    r.call("ack PUT", "PUT", "/api/v1/alerts/a-19/ack", body="{}", content_type=j)
    r.call("ack empty id", "POST", "/api/v1/alerts//ack")
    r.call("ack slash id", "POST", "/api/v1/alerts/a/b/ack")
    r.call("ack no id", "POST", "/api/v1/alerts/ack")
    r.call("ack prefix only", "POST", "/api/v1/alerts/")
    r.call("ack escaped id", "POST", "/api/v1/alerts/a%2D18/ack")
    r.call("ack unack suffix", "POST", "/api/v1/alerts/a-18/unack")
    for n in (100, 101, 107, 108, 200):
        r.call("ack id of %d" % n, "POST", "/api/v1/alerts/%s/ack" % ("x" * n))
        r.call("ack id of %d no token" % n, "POST", "/api/v1/alerts/%s/ack" % ("x" * n),
               token=None)
    wait_status(r, lambda d: all(a["acknowledged"] for a in d["alerts"]))
    r.call("status after ack", "GET", "/api/v1/status", token=None)

    # -- identify
    r.call("identify no token", "POST", "/api/v1/identify", token=None)
    r.call("identify GET", "GET", "/api/v1/identify")
    r.call("identify", "POST", "/api/v1/identify")
    r.call("identify with body", "POST", "/api/v1/identify", body="hello", content_type="text/plain")

    # -- screenshot
    r.call("screenshot no token", "GET", "/api/v1/screenshot.png", token=None)
    r.call("screenshot wrong token", "GET", "/api/v1/screenshot.png", token=WRONG)
    r.call("screenshot", "GET", "/api/v1/screenshot.png")
    r.call("screenshot HEAD", "HEAD", "/api/v1/screenshot.png")
    r.call("screenshot POST", "POST", "/api/v1/screenshot.png")

    # -- the web page and its files
    for path in ("/", "/index.html", "/app.js", "/style.css", "/favicon.ico", "/missing.js",
                 "/readme.txt", "/app", "/APP.JS"):
        r.call("static " + path, "GET", path, token=None)
    r.call("static HEAD /", "HEAD", "/", token=None)
    r.call("static HEAD app.js", "HEAD", "/app.js", token=None)
    r.call("static POST /", "POST", "/", token=None)
    r.call("static POST app.js", "POST", "/app.js", token=None)
    r.call("static PUT style.css with token", "PUT", "/style.css", body="x", content_type="text/css")
    r.call("static DELETE /", "DELETE", "/", token=None)
    r.call("static long name", "GET", "/" + "a" * 61 + ".js", token=None)
    r.call("static too long name", "GET", "/" + "a" * 62 + ".js", token=None)
    for path in ("/../../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2fetc%2fpasswd",
                 "/.hidden", "/.htaccess.js", "/index.html/..", "//etc/passwd",
                 "/assets/../index.html", "/%2fetc%2fpasswd", "/app.js%00.html", "/app%20.js",
                 "/..", "/.", "/web/index.html", "/api", "/api/v1", "/api/v1/", "/API/V1/STATUS",
                 "/no/such/path", "/api/v1/configs", "/api/v1/config/"):
        r.call("path " + path, "GET", path, token=None)
    r.call("404 with wrong token", "GET", "/no/such/path", token=WRONG)
    r.call("404 POST", "POST", "/no/such/path", token=None)

    # -- last, because it locks this client out: five failures, then 429
    for i in range(5):
        status, reason, headers, data = r.raw("GET", "/api/v1/config", token=WRONG)
        r.records.append({"label": "lockout failure %d" % (i + 1), "status": status})
    r.call("locked out with the right token", "GET", "/api/v1/config")
    r.call("locked out, public path still fine", "GET", "/healthz", token=None)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--wallboard", required=True, help="the built firmware/wallboard")
    ap.add_argument("--out", required=True, help="the JSON file to write")
    args = ap.parse_args()

    tmp = tempfile.TemporaryDirectory(prefix="wb-api-record-")
    sim = Child([sys.executable, FEEDSIM, "--port", "0", "--static", FEED_FULL, "--token",
                 FEED_TOKEN, "--quiet"])
    board = None
    try:
        feed_url = sim.wait_for(r"^feedsim listening on (http://127\.0\.0\.1:\d+/feed)$").group(1)
        state_dir = os.path.join(tmp.name, "state")
        os.mkdir(state_dir)
        config = os.path.join(tmp.name, "config.json")
        with open(config, "w", encoding="utf-8") as f:
            json.dump({"feed": {"url": feed_url, "token": FEED_TOKEN, "interval_s": 60},
                       "display": {"title": "API record"},
                       "http": {"bind": "127.0.0.1", "port": 0},
                       "admin": {"token": TOKEN},
                       "screen": {"burn_in": {"enabled": False}}}, f)
        env = dict(os.environ, SDL_VIDEODRIVER="offscreen", SDL_AUDIODRIVER="dummy",
                   TZ="Europe/Amsterdam")
        board = Child([args.wallboard, "--config", config, "--state-dir", state_dir, "--size",
                       "1280x720", "--windowed"], env=env)
        url = board.wait_for(r"http: listening on http://(127\.0\.0\.1):(\d+)/$")
        board.wait_for(r"^wallboard: feed: updated: ")
        board.wait_for(r"^wallboard: frame: first frame with data$")
        rec = Recorder(url.group(1), int(url.group(2)))
        run_requests(rec)
    finally:
        status = board.stop() if board else None
        sim.stop()
        tmp.cleanup()
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump({"requests": rec.records}, f, indent=1, sort_keys=False)
        f.write("\n")
    print("api_record: %d requests written to %s (wallboard exit status %s)"
          % (len(rec.records), args.out, status))
    return 0 if status == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
