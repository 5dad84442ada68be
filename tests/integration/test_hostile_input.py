"""Issue 17's findings against the real binary, each attack replayed: header
bytes from a hostile feed server (4), a file:// feed naming a FIFO (5), state
files readable by others (7), a damaged cache header (8), timestamps no UTC
year can hold (9), PATCH bodies with duplicate keys, \\u0000, control bytes
and a NUL (10-12), a number one ulp past its range (14), and the disk: a full
disk in the status, a PATCH that changes nothing, temp files left by a power
cut (16)."""

import http.client
import http.server
import json
import os
import stat
import threading

import harness
from harness import ERROR_RE, FIRST_FRAME_RE, UPDATED_RE, write_config
from test_api import Api
from test_display_wait import wait_until

EXAMPLE = os.path.join(harness.SOURCE_DIR, "docs", "examples", "feed-full.json")


def example_body():
    with open(EXAMPLE, "rb") as f:
        return f.read()


class RawFeed:
    """A feed server answering every GET with the raw status line, headers and
    body it is given (bytes, so a test can send what no library would); it
    records each request's headers."""

    def __init__(self):
        self.response = (b"HTTP/1.1 503 Service Unavailable\r\n", [], b"")
        self.requests = []
        self.lock = threading.Lock()
        raw = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                with raw.lock:
                    raw.requests.append(dict(self.headers))
                    status, headers, body = raw.response
                self.wfile.write(status)
                for line in headers + [b"Content-Length: %d" % len(body), b"Connection: close"]:
                    self.wfile.write(line + b"\r\n")
                self.wfile.write(b"\r\n" + body)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = "http://127.0.0.1:%d/feed" % self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def answer(self, headers, body, status=b"HTTP/1.1 200 OK\r\n"):
        with self.lock:
            self.response = (status, headers, body)

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


def strict_status(api):
    """/api/v1/status decoded as strict UTF-8 JSON, as a strict client would."""
    conn = http.client.HTTPConnection(api.host, api.port, timeout=20)
    try:
        conn.request("GET", "/api/v1/status")
        resp = conn.getresponse()
        raw = resp.read()
    finally:
        conn.close()
    assert resp.status == 200, resp.status
    return json.loads(raw.decode("utf-8", errors="strict"))


class HostileFeedTest(harness.ProcTestCase):

    def raw_feed(self):
        feed = RawFeed()
        self.addCleanup(feed.stop)
        return feed

    def test_header_bytes_from_the_feed_server_never_reach_status_cache_or_requests(self):
        feed = self.raw_feed()
        feed.answer([b"Content-Type: text/html\xff\xfe\x01"], b"<html>login</html>")
        wb = self.wallboard(feed.url, config=write_config(self.tmp, feed={"cache_interval_s": 0}))
        reason = wb.wait_for(ERROR_RE).group(1)
        self.assertIn("unexpected content type text/html???", reason)
        api = Api(wb.api())
        error = wait_until("the error in the status", lambda: strict_status(api)["feed"]["last_error"])
        self.assertIn("text/html???", error)

        # An ETag with bytes no ETag may hold: the document is taken, the
        # ETag is not (not shown, not cached, not sent back).
        feed.answer([b"Content-Type: application/json", b'ETag: "\xff\xfe"'], example_body())
        wb.wait_for(UPDATED_RE)
        wait_until("the document in the status", lambda: strict_status(api)["feed"]["last_success"])
        self.assertIn(strict_status(api)["feed"]["etag"], ("", None))
        with open(os.path.join(self.state_dir, "last-good-feed.json.cache"), "rb") as f:
            header = f.readline()
        self.assertRegex(header, rb"^wallboard-cache 1 \d+ \n$")
        mark = len(feed.requests)
        wb.wait_for(UPDATED_RE)
        self.assertTrue(all("If-None-Match" not in r for r in feed.requests[mark:]),
                        feed.requests[mark:])

    def test_a_feed_with_control_bytes_before_the_document_is_refused_with_where(self):
        feed = self.raw_feed()
        feed.answer([b"Content-Type: application/json"], b"\x01\x0c" + example_body())
        wb = self.wallboard(feed.url)
        reason = wb.wait_for(ERROR_RE).group(1)
        self.assertRegex(reason, r"^invalid feed: \$: control character outside a string at byte 0$")

    def test_a_timestamp_no_utc_year_can_hold_is_refused(self):
        doc = json.loads(example_body())
        doc["generated_at"] = "9999-12-31T23:59:59-23:59"
        feed = self.raw_feed()
        feed.answer([b"Content-Type: application/json"], json.dumps(doc).encode())
        wb = self.wallboard(feed.url)
        self.assertRegex(wb.wait_for(ERROR_RE).group(1), r"^invalid feed: \$\.generated_at: ")

    def test_a_fifo_as_feed_is_refused_and_the_board_still_follows_config_and_sigterm(self):
        fifo = os.path.join(self.tmp, "feed.fifo")
        os.mkfifo(fifo)
        wb = self.wallboard("file://" + fifo)
        self.assertRegex(wb.wait_for(ERROR_RE).group(1), r"feed\.fifo is not a regular file$")
        # The fetch thread is not stuck: a new feed URL is followed at once...
        status, _, _ = Api(wb.api()).patch({"feed": {"url": "file://" + EXAMPLE}})
        self.assertEqual(status, 200)
        wb.wait_for(r"^wallboard: feed: updated: 6 channels \(file\)$")
        # ... and SIGTERM ends the board (ProcTestCase's clean-exit check).

    def test_a_damaged_cache_header_is_refused_at_start(self):
        # received_ms near INT64_MIN overflowed the board's arithmetic: the
        # sanitizer build aborted at every start.
        with open(os.path.join(self.state_dir, "last-good-feed.json.cache"), "wb") as f:
            f.write(b"wallboard-cache 1 -9223372036854775808 \"x\"\n" + example_body())
        wb = self.wallboard(self.dead_url())
        wb.wait_for(r"^wallboard: cache: ignoring the cached document: .*damaged \(bad header\)$",
                    start=0)
        wb.wait_for(ERROR_RE)
        self.assertIsNone(strict_status(Api(wb.api()))["feed"].get("last_success"))


class HostileConfigTest(harness.ProcTestCase):

    def board(self):
        sim = self.feedsim()
        wb = self.wallboard(sim.url, config=write_config(self.tmp))
        wb.wait_for(FIRST_FRAME_RE)
        return wb, Api(wb.api())

    def test_bodies_cjson_alone_let_through(self):
        _, api = self.board()
        merge = "application/merge-patch+json"
        cases = [
            # 10: a key twice, last one won.
            (b'{"display":{"title":"a","title":"b"}}', 422, "$.display.title", "duplicate key"),
            # 11: "a\u0000b" became "a".
            (b'{"display":{"title":"a\\u0000b"}}', 400, None,
             "NUL character (\\u0000) in a string at line 1, column 23"),
            # 12: bytes 0x01-0x20 were whitespace; the trailing check stopped at NUL.
            (b"\x01{}", 400, None, "control character outside a string at line 1, column 1"),
            (b"{}\x00x", 400, None, "NUL byte at line 1, column 3"),
            # 14: one ulp past display.scale's maximum was rounded into range.
            (b'{"display":{"scale":2.0000000000000004}}', 422, "$.display.scale", "must be from"),
        ]
        for body, code, path, words in cases:
            for method in ("PATCH", "PUT"):
                status, _, doc = api.call(method, "/api/v1/config", body,
                                          content_type=merge if method == "PATCH" else "application/json")
                self.assertEqual(status, code, (method, body, doc))
                if path:
                    self.assertEqual(doc["problems"][0]["path"], path, (method, body))
                    self.assertIn(words, doc["problems"][0]["message"])
                else:
                    self.assertIn(words, doc["message"], (method, body))
        self.assertNotEqual(api.status()["name"], "a")

    def test_state_files_are_the_boards_own(self):
        wb, api = self.board()
        self.assertEqual(api.patch({"display": {"title": "Vloer 1"}})[0], 200)
        wb.dump()
        names = ("config.json", "status.json", "screenshot.png", "last-good-feed.json.cache")
        for name in names:
            mode = stat.S_IMODE(os.stat(os.path.join(self.state_dir, name)).st_mode)
            self.assertEqual(mode, 0o600, name)

    def test_a_patch_that_changes_nothing_writes_nothing(self):
        _, api = self.board()
        self.assertEqual(api.patch({"display": {"title": "Vloer 1"}})[0], 200)
        self.assertEqual(api.patch({"display": {"title": "Vloer 2"}})[0], 200)
        paths = [os.path.join(self.state_dir, n) for n in ("config.json", "config.last-good.json")]
        before = [(s.st_ino, s.st_mtime_ns) for s in map(os.stat, paths)]
        status, _, doc = api.patch({"display": {"title": "Vloer 2"}})
        self.assertEqual(status, 200)
        self.assertEqual(doc["display"]["title"], "Vloer 2")
        self.assertEqual([(s.st_ino, s.st_mtime_ns) for s in map(os.stat, paths)], before)


class DiskTest(harness.ProcTestCase):

    def test_temp_files_of_an_interrupted_write_are_removed_at_start(self):
        left = ["config.last-good.json.tmp", "last-good-feed.json.cache.tmp", "screenshot.png.a1B2c3"]
        for name in left:
            with open(os.path.join(self.state_dir, name), "w", encoding="utf-8") as f:
                f.write("half")
        keep = os.path.join(self.state_dir, "notes.txt")
        with open(keep, "w", encoding="utf-8") as f:
            f.write("not ours to remove")
        wb = self.wallboard(self.dead_url())
        wb.wait_for(r"^wallboard: state: removed 3 unfinished files left by an interrupted write$",
                    start=0)
        self.assertEqual([n for n in left if os.path.exists(os.path.join(self.state_dir, n))], [])
        self.assertTrue(os.path.exists(keep))
        wb.wait_for(ERROR_RE)  # up and polling: SIGTERM now tests a clean exit

    def test_a_failing_write_shows_in_the_status_and_is_said_once(self):
        sim = self.feedsim()
        wb = self.wallboard(sim.url, config=write_config(self.tmp, feed={"cache_interval_s": 0}))
        wb.wait_for(FIRST_FRAME_RE)
        api = Api(wb.api())
        self.assertEqual(api.status()["storage"], {"ok": True, "error": ""})
        # The cache's temp file cannot be created while a directory holds
        # its name: every write fails, as on a full or read-only card.
        blocker = os.path.join(self.state_dir, "last-good-feed.json.cache.tmp")
        os.mkdir(blocker)
        wb.wait_for(r"^wallboard: cache: cannot save the last good document: cannot create .*$")
        wb.wait_for(UPDATED_RE)
        wb.wait_for(UPDATED_RE)  # more documents, more failed writes: said once
        storage = wait_until("storage failing in the status",
                             lambda: (lambda st: None if st["ok"] else st)(api.status()["storage"]))
        self.assertRegex(storage["error"], r"^cannot create .*last-good-feed\.json\.cache\.tmp: ")
        os.rmdir(blocker)
        wb.wait_for(r"^wallboard: cache: saving the last good document again$")
        wait_until("storage ok again", lambda: api.status()["storage"] == {"ok": True, "error": ""})
        self.assertEqual(sum(1 for _, text in wb.lines if "cannot save the last good" in text), 1)


if __name__ == "__main__":
    harness.main()
