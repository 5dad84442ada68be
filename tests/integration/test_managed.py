"""Central management, the transport side (issue 16), with the real binary and
the central simulator (tools/centralsim.py) on 127.0.0.1: the managed
document fetched with X-Wallboard-Id, X-Wallboard-Version, the bearer token
and If-None-Match (the second poll is a 304, which writes nothing), a bad
document rejected with its JSON path and not handed on, managed.json kept and
applied at a restart while the central server is down, and status reports:
with the id, at once after a change of state, without secrets, and backing
off while the central side fails. Also the bytes a 304 and a 200 cost."""

import json
import os
import stat
import sys
import threading
import urllib.parse
import urllib.request

import harness
from harness import Proc, http_request, write_config
from test_api import Api

CENTRALSIM = os.path.join(harness.SOURCE_DIR, "tools", "centralsim.py")
RECEIVED_RE = r"^wallboard: managed: applying the central config \((\d+) bytes"
REJECTED_RE = r"^wallboard: managed: document from (\S+) rejected: (\$\S*): (.+); keeping the last good one$"
LAST_GOOD_RE = r"^wallboard: managed: last good document from (\S+) \(received (.+)\)$"
MANAGED_TOKEN = "managed-secret-0123456789"
FEED_TOKEN = "feed-secret-0123456789"
INTERVAL_S = 10  # the smallest managed.interval_s and report_interval_s
POLL_WAIT_S = INTERVAL_S * 1.1 + harness.WAIT_S  # the next poll, plus the usual deadline
GOOD = {"display": {"title": "Managed floor 3"}, "sla": {"warn_ratio": 0.6}}
BAD = {"display": {"title": "Broken"}, "feed": {"interval_s": 1}}


class Centralsim(Proc):
    LISTEN_RE = r"^centralsim listening on (http://127\.0\.0\.1:(\d+)/)$"

    def __init__(self, port=0):
        super().__init__("centralsim", [sys.executable, CENTRALSIM, "--port", str(port)])
        match = self.wait_for(self.LISTEN_RE, stream="stdout")
        self.base = match.group(1).rstrip("/")
        self.port = int(match.group(2))

    def put_document(self, name, body):
        data = body if isinstance(body, bytes) else json.dumps(body, indent=2).encode("utf-8")
        req = urllib.request.Request(self.base + "/_control/documents/" + name, data=data,
                                     method="PUT")
        with urllib.request.urlopen(req, timeout=10) as resp:
            return json.load(resp)["etag"], data

    def control(self, **settings):
        status, _, body = http_request(self.base + "/_control", data=settings)
        assert status == 200, body
        return json.loads(body)

    def requests(self, prefix="/managed/"):
        doc = json.loads(http_request(self.base + "/_control/requests")[2])
        return [r for r in doc["requests"] if r["path"].startswith(prefix)]

    def reports(self):
        return json.loads(http_request(self.base + "/_control/reports")[2])


def until(wb, what, read, check, timeout=harness.WAIT_S):
    """read() once check(read()) holds, within the deadline: the board acts on
    its own schedule, the test asks again until the answer shows it."""
    deadline = harness.time.monotonic() + timeout
    pause = threading.Event()
    value = None
    while harness.time.monotonic() < deadline:
        value = read()
        if check(value):
            return value
        pause.wait(0.1)
    raise AssertionError("never saw %s within %.0f s; last: %r\n%s"
                         % (what, timeout, value, wb.tail()))


def header(record, name):
    for k, v in record["headers"].items():
        if k.lower() == name.lower():
            return v
    return None


class ManagedTestCase(harness.ProcTestCase):

    def central(self, port=0):
        sim = Centralsim(port)
        self.addCleanup(sim.stop)
        return sim

    def managed_config(self, central, name="config.json", **managed):
        settings = {"url": central.base + "/managed/{id}.json", "token": MANAGED_TOKEN,
                    "interval_s": INTERVAL_S}
        settings.update(managed)
        return write_config(self.tmp, name=name, feed={"token": FEED_TOKEN}, managed=settings)

    def board(self, feed_url, config, state_dir=None):
        wb = self.wallboard(feed_url, config=config, state_dir=state_dir)
        wb.wait_for(harness.FIRST_FRAME_RE)  # the status answers from then on
        return wb, Api(wb.api())

    def managed_status(self, api):
        """The status's managed part; None until the first frame (503)."""
        status, _, doc = api.call("GET", "/api/v1/status", token=None)
        return doc["managed"] if status == 200 else None


class DocumentTest(ManagedTestCase):

    def test_headers_304_and_a_bad_document(self):
        central = self.central()
        etag, good = central.put_document("floor", GOOD)
        feed = self.feedsim()
        wb, api = self.board(feed.url, self.managed_config(central))

        self.assertEqual(int(wb.wait_for(RECEIVED_RE, start=0).group(1)), len(good))
        first = central.requests()[0]
        board_id = header(first, "X-Wallboard-Id")
        self.assertTrue(board_id, first)
        self.assertEqual(first["path"], "/managed/%s.json" % urllib.parse.quote(board_id, safe=""))
        self.assertEqual(header(first, "X-Wallboard-Version"), api.status()["version"])
        self.assertEqual(header(first, "Authorization"), "Bearer " + MANAGED_TOKEN)
        self.assertIsNone(header(first, "If-None-Match"))
        self.assertEqual(first["status"], 200)

        saved_path = os.path.join(self.state_dir, "managed.json")
        saved = os.stat(saved_path)
        self.assertEqual(stat.S_IMODE(saved.st_mode), 0o600)
        with open(saved_path, encoding="utf-8") as f:
            kept = json.load(f)
        self.assertEqual(kept["document"].encode("utf-8"), good)
        self.assertEqual(kept["etag"], etag)
        self.assertEqual(kept["url"], central.base + first["path"])
        status = until(wb, "managed ok", lambda: self.managed_status(api),
                       lambda m: m and m["state"] == "ok")
        self.assertEqual((status["url_set"], status["etag"], status["error_path"]), (True, etag, None))

        # The next poll asks with the ETag and gets a 304: nothing handed on,
        # nothing written.
        mark = wb.mark()
        second = until(wb, "a second poll", central.requests, lambda r: len(r) >= 2,
                       timeout=POLL_WAIT_S)[1]
        self.assertEqual(header(second, "If-None-Match"), etag)
        self.assertEqual(second["status"], 304)
        self.assertEqual(header(second, "X-Wallboard-Id"), board_id)
        after = os.stat(saved_path)
        self.assertEqual((after.st_ino, after.st_mtime_ns), (saved.st_ino, saved.st_mtime_ns))
        self.assertFalse(wb.seen(RECEIVED_RE, start=mark))

        # The figures for the closing note, from the server's side.
        for name, r in (("200", first), ("304", second)):
            print("bytes per poll, %s: request %d + response %d = %d"
                  % (name, r["request_bytes"], r["response_bytes"],
                     r["request_bytes"] + r["response_bytes"]), file=sys.stderr)

        # A bad document: rejected whole with its path, logged once, not
        # handed on; the last good one stays, on disk too.
        central.put_document("floor", BAD)
        mark = wb.mark()
        match = wb.wait_for(REJECTED_RE, timeout=POLL_WAIT_S)
        self.assertEqual(match.group(2), "$.feed.interval_s")
        status = until(wb, "managed error", lambda: self.managed_status(api),
                       lambda m: m and m["state"] == "error")
        self.assertEqual(status["error_path"], "$.feed.interval_s")
        self.assertIn("$.feed.interval_s", status["last_error"])
        self.assertEqual(status["etag"], etag)
        self.assertFalse(wb.seen(RECEIVED_RE, start=mark))
        with open(saved_path, encoding="utf-8") as f:
            self.assertEqual(json.load(f)["document"].encode("utf-8"), good)
        # The next poll still sends the good document's ETag, gets the bad
        # one again and says nothing new.
        until(wb, "another poll", central.requests, lambda r: len(r) >= 4, timeout=POLL_WAIT_S)
        self.assertEqual(header(central.requests()[3], "If-None-Match"), etag)
        lines = [t for _, t in wb.lines[mark:]]
        self.assertEqual(sum(1 for t in lines if "rejected" in t), 1, lines)

    def test_restart_while_the_server_is_down(self):
        central = self.central()
        _, good = central.put_document("floor", GOOD)
        feed = self.feedsim()
        config = self.managed_config(central)
        wb, _ = self.board(feed.url, config)
        self.assertEqual(int(wb.wait_for(RECEIVED_RE, start=0).group(1)), len(good))
        url = central.base + central.requests()[0]["path"]
        self.assertEqual(wb.stop(), 0)
        central.stop()

        # Same config, same state dir, no central server: the saved document
        # is applied at start, and the status says the server is not there.
        wb, api = self.board(feed.url, config)
        self.assertEqual(wb.wait_for(LAST_GOOD_RE, start=0).group(1), url)
        self.assertEqual(int(wb.wait_for(RECEIVED_RE).group(1)), len(good))
        status = until(wb, "managed error", lambda: self.managed_status(api),
                       lambda m: m and m["state"] == "error")
        self.assertIsNone(status["error_path"])
        self.assertTrue(status["last_error"])


    def test_a_settings_change_polls_at_once_and_an_empty_url_turns_it_off(self):
        central = self.central()
        etag, good = central.put_document("floor", GOOD)
        feed = self.feedsim()
        # An hour between polls: any second poll in this test is the change's.
        wb, api = self.board(feed.url, self.managed_config(central, interval_s=3600))
        self.assertEqual(int(wb.wait_for(RECEIVED_RE, start=0).group(1)), len(good))
        until(wb, "managed ok", lambda: self.managed_status(api), lambda m: m and m["state"] == "ok")

        status, _, body = api.patch({"managed": {"interval_s": 3599}})
        self.assertEqual(status, 200, body)
        second = until(wb, "a poll after the change", central.requests, lambda r: len(r) >= 2)[1]
        self.assertEqual((header(second, "If-None-Match"), second["status"]), (etag, 304))

        mark = wb.mark()
        status, _, body = api.patch({"managed": {"url": ""}})
        self.assertEqual(status, 200, body)
        wb.wait_for(r"^wallboard: managed: dropping the central config", start=mark)
        status = until(wb, "managed off", lambda: self.managed_status(api),
                       lambda m: m and m["state"] == "off")
        self.assertEqual((status["url_set"], status["etag"]), (False, None))
        self.assertEqual(len(central.requests()), 2)


class ReportTest(ManagedTestCase):

    def test_reports_change_secrets_and_backoff(self):
        central = self.central()
        feed = self.feedsim()
        config = self.managed_config(central, url="", report_url=central.base + "/reports",
                                     report_interval_s=INTERVAL_S)
        wb, api = self.board(feed.url, config)

        def reports():
            return [r for rs in central.reports().values() for r in rs]

        def feed_state(r):
            return r["body"]["feed"]["state"]

        first = until(wb, "a report with the feed ok", reports,
                      lambda rs: any(feed_state(r) == "ok" for r in rs))[0]
        board_id = header(first, "X-Wallboard-Id")
        self.assertTrue(board_id)
        self.assertEqual(list(central.reports()), [board_id])
        self.assertEqual(header(first, "Content-Type"), "application/json")
        self.assertEqual(header(first, "X-Wallboard-Version"), first["body"]["version"])
        self.assertEqual(header(first, "Authorization"), "Bearer " + MANAGED_TOKEN)
        self.assertIn(header(first, "X-Wallboard-Report"), ("change", "interval"))
        # The status document, and no secret in it.
        for key in ("version", "hostname", "feed", "display", "alerts", "managed"):
            self.assertIn(key, first["body"])
        for secret in (FEED_TOKEN, MANAGED_TOKEN, harness.ADMIN_TOKEN):
            self.assertNotIn(secret, first["raw"])

        # The feed goes down: a report says so at once, for the change.
        feed.stop()
        down = until(wb, "a report with the feed down", reports,
                     lambda rs: any(feed_state(r) not in ("ok", "connecting") for r in rs))
        down = [r for r in down if feed_state(r) not in ("ok", "connecting")][0]
        self.assertEqual(header(down, "X-Wallboard-Report"), "change")
        self.assertEqual(header(down, "X-Wallboard-Id"), board_id)
        status = self.managed_status(api)
        self.assertEqual(status["reports"]["failures"], 0)
        healthy_wait = status["reports"]["backoff_s"]

        # The central side fails: every failed report doubles the wait.
        central.control(reports_status=503)
        status = until(wb, "two failed reports", lambda: self.managed_status(api),
                       lambda m: m and m["reports"]["failures"] >= 2, timeout=4 * POLL_WAIT_S)
        self.assertEqual(status["reports"]["last_error"], "HTTP 503")
        self.assertGreaterEqual(status["reports"]["backoff_s"], 2 * INTERVAL_S)
        self.assertGreater(status["reports"]["backoff_s"], healthy_wait)
        wb.wait_for(r"^wallboard: managed: report to \S+ failed: HTTP 503; retrying with backoff$",
                    start=0)


if __name__ == "__main__":
    harness.main()
