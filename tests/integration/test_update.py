"""A/B updates, the firmware's side, with the real binary on 127.0.0.1. The
test plays the image's root side of the file contract: a thread that watches
<update-dir>/incoming/request.json, checks the bundle against it, and writes
state.json as the installer would. Covered: uploads through the API (202,
401, 413, 409 while pending, a client cut off mid-body), the pull from a
manifest on a local HTTP server (ETag and 304, the window, a bad sha256),
state.json in /api/v1/update, /api/v1/status and /metrics (a rollback, also
the start screen's line), and the health file."""

import hashlib
import http.server
import json
import os
import queue
import socket
import threading

import harness
from harness import ADMIN_TOKEN, write_config
from test_api import Api

RUNNING = "0.5.0+412.g1a2b3c4"
NEWER = RUNNING + "+t1"
MIB = 1024 * 1024


def write_state(update_dir, **fields):
    """state.json, atomically, as the image's scripts write it."""
    doc = {"state": "idle", "message": "", "progress": None,
           "booted": {"slot": "A", "version": RUNNING},
           "other": {"slot": "B", "version": None, "bootable": False},
           "last": None, "updated": "2026-12-02T03:00:00Z"}
    doc.update(fields)
    tmp = os.path.join(update_dir, "state.json.tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(doc, f)
    os.replace(tmp, os.path.join(update_dir, "state.json"))


class Installer(threading.Thread):
    """The image's path unit and install script, reduced to the file
    contract: a request.json that appears is checked against its bundle and
    reported on `requests`; the install then waits for finish(), which
    writes the outcome to state.json and removes the request and bundle."""

    def __init__(self, update_dir):
        super().__init__(daemon=True)
        self.update_dir = update_dir
        self.incoming = os.path.join(update_dir, "incoming")
        self.requests = queue.Queue()
        self.outcomes = queue.Queue()
        self.stopping = threading.Event()

    def run(self):
        request_path = os.path.join(self.incoming, "request.json")
        while not self.stopping.is_set():
            # A path unit's PathExists=, as a poll: the image reacts to the
            # file, the test waits on what the board reports.
            if not os.path.exists(request_path):
                self.stopping.wait(0.05)
                continue
            with open(request_path, encoding="utf-8") as f:
                request = json.load(f)
            with open(os.path.join(self.incoming, request["bundle"]), "rb") as f:
                actual = hashlib.sha256(f.read()).hexdigest()
            write_state(self.update_dir, state="installing", message="installing", progress=10)
            self.requests.put((request, actual))
            outcome = self.outcomes.get()
            if outcome is None:
                return
            write_state(self.update_dir, **outcome)
            os.unlink(os.path.join(self.incoming, request["bundle"]))
            os.unlink(request_path)

    def finish(self, **state):
        self.outcomes.put(state)

    def next_request(self, timeout=harness.WAIT_S):
        try:
            return self.requests.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError("no request.json within %.0f s" % timeout) from None

    def stop(self):
        self.stopping.set()
        self.outcomes.put(None)


POLL_S = 0.1


def poll(wb, what, read, check):
    """read() once check(read()) holds, within the harness's deadline. The
    board re-reads state.json at most once a second and publishes its status
    once a second, so the test asks again until the answer shows the change
    (a deadline on an observable state, not a sleep standing in for one)."""
    deadline = harness.time.monotonic() + harness.WAIT_S
    doc = None
    pause = threading.Event()
    while harness.time.monotonic() < deadline:
        doc = read()
        if check(doc):
            return doc
        pause.wait(POLL_S)
    raise AssertionError("never saw %s; last: %s\n%s" % (what, doc, wb.tail()))


def update_status(api):
    status, _, doc = api.call("GET", "/api/v1/update", token=None)
    assert status == 200, (status, doc)
    return doc


def wait_status(wb, api, what, check):
    return poll(wb, what, lambda: update_status(api), check)


def raw_post(api, headers, body=b"", close_after=True):
    """A POST written by hand, so the test can lie about Content-Length or
    stop half way; returns the status line's code (None when the server
    closed without an answer)."""
    sock = socket.create_connection((api.host, api.port), timeout=20)
    try:
        head = "POST /api/v1/update HTTP/1.1\r\nHost: 127.0.0.1\r\n" + "".join(
            "%s: %s\r\n" % kv for kv in headers.items()) + "\r\n"
        sock.sendall(head.encode("ascii") + body)
        if close_after:
            return None
        data = sock.recv(4096)
        return int(data.split(b" ", 2)[1]) if data else None
    finally:
        sock.close()


class ManifestServer(threading.Thread):
    """A fleet's update server: /fleet/manifest.json with an ETag (304 for
    If-None-Match), /fleet/bundle.raucb; every request is recorded."""

    def __init__(self, bundle, manifest):
        super().__init__(daemon=True)
        self.bundle = bundle
        self.manifest = json.dumps(manifest).encode()
        self.etag = '"m1"'
        self.log = queue.Queue()
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                server.log.put((self.path, self.headers.get("If-None-Match")))
                if self.path == "/fleet/manifest.json":
                    if self.headers.get("If-None-Match") == server.etag:
                        self.send_response(304)
                        self.send_header("ETag", server.etag)
                        self.end_headers()
                        return
                    body, kind = server.manifest, "application/json"
                elif self.path == "/fleet/bundle.raucb":
                    body, kind = server.bundle, "application/octet-stream"
                else:
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("ETag", server.etag)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = "http://127.0.0.1:%d/fleet/manifest.json" % self.httpd.server_port

    def run(self):
        self.httpd.serve_forever()

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()

    def requests(self):
        out = []
        while not self.log.empty():
            out.append(self.log.get())
        return out


class UpdateTest(harness.ProcTestCase):
    def start(self, update=None, installer=True):
        self.update_dir = os.path.join(self.tmp, "update")
        os.mkdir(self.update_dir)
        write_state(self.update_dir)
        self.health = os.path.join(self.tmp, "healthy")
        if installer:
            self.installer = Installer(self.update_dir)
            self.installer.start()
            self.addCleanup(self.installer.stop)
        sim = self.feedsim()
        config = write_config(self.tmp, update=dict({"max_bundle_mb": 16}, **(update or {})))
        wb = self.wallboard(sim.url, "--update-dir", self.update_dir, "--health-file", self.health,
                            config=config)
        return wb, Api(wb.api())

    def incoming(self, name):
        return os.path.join(self.update_dir, "incoming", name)

    def test_upload(self):
        wb, api = self.start()
        bundle = os.urandom(300 * 1024)
        octet = {"Content-Type": "application/octet-stream"}

        doc = wait_status(wb, api, "state.json", lambda d: d["state"] == "idle")
        self.assertEqual(doc["version"], RUNNING)
        self.assertEqual(doc["booted"], {"slot": "A", "version": RUNNING})

        status, _, doc = api.call("POST", "/api/v1/update", bundle, token=None, content_type=None,
                                  headers=octet)
        self.assertEqual(status, 401, doc)
        status, _, doc = api.call("POST", "/api/v1/update", bundle, content_type="application/json")
        self.assertEqual(status, 415, doc)
        self.assertFalse(os.path.exists(self.incoming("bundle.raucb.part")))

        # Over update.max_bundle_mb by its Content-Length: refused before a byte is read.
        code = raw_post(api, {"Authorization": "Bearer " + ADMIN_TOKEN,
                              "Content-Type": "application/octet-stream",
                              "Content-Length": str(16 * MIB + 1)}, close_after=False)
        self.assertEqual(code, 413)

        # A client that goes away half way leaves nothing behind.
        mark = wb.mark()
        raw_post(api, {"Authorization": "Bearer " + ADMIN_TOKEN,
                       "Content-Type": "application/octet-stream",
                       "Content-Length": str(len(bundle))}, bundle[:100 * 1024])
        wb.wait_for(r"^wallboard: update: api bundle refused: the upload was cut off", start=mark)
        self.assertFalse(os.path.exists(self.incoming("bundle.raucb.part")))
        self.assertFalse(os.path.exists(self.incoming("request.json")))

        status, _, doc = api.call("POST", "/api/v1/update", bundle, content_type=None, headers=octet)
        self.assertEqual(status, 202, doc)
        self.assertTrue(doc["pending"])
        request, actual = self.installer.next_request()
        self.assertEqual(request, {"bundle": "bundle.raucb", "source": "api", "force": False,
                                   "version": None, "sha256": hashlib.sha256(bundle).hexdigest()})
        self.assertEqual(actual, request["sha256"])
        self.assertFalse(os.path.exists(self.incoming("bundle.raucb.part")))

        # While the image has it: no second bundle.
        status, _, doc = api.call("POST", "/api/v1/update?force=1", b"x" * 1000, content_type=None,
                                  headers=octet)
        self.assertEqual(status, 409, doc)
        self.assertEqual(doc["error"], "busy")

        self.installer.finish(state="rolled_back", message="slot B never became healthy",
                              other={"slot": "B", "version": NEWER, "bootable": False},
                              last={"version": NEWER, "source": "api", "result": "rolled_back",
                                    "reason": "no frame within 120 s", "finished": "2026-12-02T03:10:00Z"})
        doc = wait_status(wb, api, "the rollback", lambda d: d["state"] == "rolled_back" and not d["pending"])
        self.assertTrue(doc["rolled_back"])
        self.assertEqual(doc["last"]["reason"], "no frame within 120 s")
        self.assertEqual(doc["other"], {"slot": "B", "version": NEWER, "bootable": False})
        wb.wait_for(r"^wallboard: update: Update teruggedraaid \(%s\): no frame within 120 s$"
                    % NEWER.replace("+", r"\+"), start=0)

        status = poll(wb, "the rollback in /api/v1/status", api.status,
                      lambda d: d.get("update", {}).get("state") == "rolled_back")
        self.assertEqual(status["update"]["state"], "rolled_back")
        self.assertEqual(status["update"]["last"]["result"], "rolled_back")
        _, _, metrics = api.call("GET", "/metrics", token=None)
        text = metrics.decode()
        self.assertIn('wallboard_update_state{state="rolled_back"} 1', text)
        self.assertIn('wallboard_update_state{state="idle"} 0', text)
        self.assertIn('wallboard_image_info{version="%s",slot="A"} 1' % RUNNING, text)
        self.assertIn('wallboard_update_last_result{result="rolled_back",version="%s"} 1' % NEWER, text)
        self.assertIn("wallboard_update_rolled_back 1", text)

        # The health file: the feed was polled and a frame drawn after it.
        wb.wait_for(r"^wallboard: health: healthy \(feed\)", start=0)
        with open(self.health, encoding="utf-8") as f:
            health = json.load(f)
        self.assertEqual(health["reason"], "feed")
        self.assertGreaterEqual(health["frames"], 1)

    def test_garbage_state(self):
        wb, api = self.start(installer=False)
        wait_status(wb, api, "idle", lambda d: d["state"] == "idle")
        with open(os.path.join(self.update_dir, "state.json"), "wb") as f:
            f.write(b'{"state": "trial", "message": "cut')
        doc = wait_status(wb, api, "unknown", lambda d: d["state"] == "unknown")
        self.assertIsNone(doc["booted"])
        self.assertEqual(doc["version"], doc["firmware_version"])

    def pull(self, sha256=None, window=None):
        bundle = os.urandom(200 * 1024)
        manifest = {"version": NEWER, "url": "bundle.raucb",
                    "sha256": sha256 or hashlib.sha256(bundle).hexdigest()}
        server = ManifestServer(bundle, manifest)
        server.start()
        self.addCleanup(server.stop)
        update = {"url": server.url, "interval_s": 3600}
        if window is not None:
            update["window"] = window
        wb, api = self.start(update=update)
        return wb, api, server, bundle

    def test_pull_window_and_etag(self):
        wb, api, server, bundle = self.pull(window={})  # closed all week
        # start=0: the pull starts before the server says where it listens.
        wb.wait_for(r"^wallboard: update: pull: manifest \S+ \(HTTP 200\): outside_window$", start=0)
        self.assertEqual(server.requests(), [("/fleet/manifest.json", None)])
        self.assertFalse(os.path.exists(self.incoming("request.json")))
        self.assertFalse(os.path.exists(self.incoming("bundle.raucb.part")))

        # Opening the window polls at once, with the ETag: 304, then the bundle.
        mark = wb.mark()
        status, _, doc = api.patch({"update": {"window": "always"}})
        self.assertEqual(status, 200, doc)
        wb.wait_for(r"^wallboard: update: pull: manifest \S+ \(HTTP 304\): install$", start=mark)
        request, actual = self.installer.next_request()
        self.assertEqual(request, {"bundle": "bundle.raucb", "source": "pull", "force": False,
                                   "version": NEWER, "sha256": hashlib.sha256(bundle).hexdigest()})
        self.assertEqual(actual, request["sha256"])
        self.assertEqual(server.requests(), [("/fleet/manifest.json", '"m1"'), ("/fleet/bundle.raucb", None)])
        doc = wait_status(wb, api, "the pull", lambda d: d["pull"]["http_status"] == 304)
        self.assertEqual(doc["pull"]["available"], NEWER)
        self.assertEqual(doc["pull"]["decision"], "install")

    def test_pull_bad_hash(self):
        wb, api, server, _ = self.pull(sha256="0" * 64, window="always")
        wb.wait_for(r"^wallboard: update: pull bundle refused: sha256 of the bundle is [0-9a-f]{64}, "
                    r"the manifest says 0{64}$", start=0)
        self.assertFalse(os.path.exists(self.incoming("request.json")))
        self.assertFalse(os.path.exists(self.incoming("bundle.raucb.part")))
        self.assertFalse(os.path.exists(self.incoming("bundle.raucb")))
        doc = wait_status(wb, api, "the error", lambda d: d["error"] is not None)
        self.assertEqual(doc["error"]["source"], "pull")
        self.assertIn("sha256", doc["error"]["message"])
        self.assertFalse(doc["pending"])

        # The same bundle is not fetched again; the error stays visible.
        mark = wb.mark()
        status, _, doc = api.patch({"update": {"interval_s": 7200}})
        self.assertEqual(status, 200, doc)
        wb.wait_for(r"^wallboard: update: pull: manifest \S+ \(HTTP 304\): failed_before$", start=mark)
        bundles = [path for path, _ in server.requests() if path == "/fleet/bundle.raucb"]
        self.assertEqual(bundles, ["/fleet/bundle.raucb"])
        self.assertIn("sha256", update_status(api)["error"]["message"])


if __name__ == "__main__":
    harness.main()
