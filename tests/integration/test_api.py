"""The remote-configuration API of the real binary on 127.0.0.1: auth and rate
limiting, every error code, merge-patch and PUT semantics, If-Match, live
apply (seen in the screenshot and in the fetcher's requests), ack, identify,
metrics checked by promtool, hostile input, a config found corrupt at start,
pairing, and --import-config."""

import http.client
import json
import os
import shutil
import socket
import struct
import subprocess
import urllib.parse
import zlib

import harness
from harness import ADMIN_TOKEN, FIRST_FRAME_RE, UPDATED_RE, write_config

APPLIED_RE = r"^wallboard: config: applied"
AUTH_FAIL_RE = r"^wallboard: http: auth failure from 127\.0\.0\.1 \((\d) of 5\)"


class Api:
    """Raw HTTP against the board, so tests control methods, headers and bodies."""

    def __init__(self, base):
        parts = urllib.parse.urlsplit(base)
        self.host, self.port = parts.hostname, parts.port

    def call(self, method, path, body=None, token=ADMIN_TOKEN, headers=None,
             content_type="application/json", source=None):
        """source: the local address to send from (127.0.0.x binds on Linux)."""
        conn = http.client.HTTPConnection(self.host, self.port, timeout=20,
                                          source_address=(source, 0) if source else None)
        hdrs = dict(headers or {})
        if token:
            hdrs["Authorization"] = "Bearer " + token
        if body is not None:
            if not isinstance(body, (bytes, str)):
                body = json.dumps(body)
            if content_type:
                hdrs["Content-Type"] = content_type
        try:
            conn.request(method, path, body=body, headers=hdrs)
            resp = conn.getresponse()
            data = resp.read()
        finally:
            conn.close()
        doc = None
        if resp.getheader("Content-Type", "").startswith("application/json"):
            doc = json.loads(data)
        return resp.status, resp, doc if doc is not None else data

    def config(self):
        status, resp, doc = self.call("GET", "/api/v1/config")
        assert status == 200, (status, doc)
        return doc, resp.getheader("ETag")

    def patch(self, patch, **kw):
        return self.call("PATCH", "/api/v1/config", patch,
                         content_type="application/merge-patch+json", **kw)

    def status(self):
        status, _, doc = self.call("GET", "/api/v1/status", token=None)
        assert status == 200, (status, doc)
        return doc

    def screenshot(self):
        status, resp, data = self.call("GET", "/api/v1/screenshot.png")
        assert status == 200 and resp.getheader("Content-Type") == "image/png", (status, data[:200])
        return decode_png(data)


def decode_png(data):
    """(width, height, rows of RGB bytes) of an 8-bit RGB PNG, as the board writes."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", data[:16]
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, color = struct.unpack(">IIBB", chunk[:10])
            assert (depth, color) == (8, 2), "expected 8-bit RGB, got %d/%d" % (depth, color)
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    raw, stride, rows, prev = zlib.decompress(idat), width * 3, [], bytearray(width * 3)
    for y in range(height):
        filt, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            a = line[x - 3] if x >= 3 else 0
            b, c = prev[x], prev[x - 3] if x >= 3 else 0
            if filt == 1:
                line[x] = (line[x] + a) & 255
            elif filt == 2:
                line[x] = (line[x] + b) & 255
            elif filt == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif filt == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, rows


def region(shot, rect):
    _, _, rows = shot
    return b"".join(rows[y][rect["x"] * 3:(rect["x"] + rect["w"]) * 3]
                    for y in range(rect["y"], rect["y"] + rect["h"]))


class ApiTestCase(harness.ProcTestCase):

    def board(self, *args, config=None, **sections):
        sim = self.feedsim()
        wb = self.wallboard(sim.url, *args, config=config or write_config(self.tmp, **sections))
        wb.wait_for(FIRST_FRAME_RE)
        return sim, wb, Api(wb.api())


class ReadTest(ApiTestCase):

    def test_health_status_and_metrics_are_public_and_hold_no_secret(self):
        _, wb, api = self.board(feed={"token": "feed-secret-42"})
        status, _, doc = api.call("GET", "/healthz", token=None)
        self.assertEqual((status, doc["status"]), (200, "ok"), doc)
        doc = api.status()
        self.assertEqual(doc["feed"]["state"], "ok")
        self.assertEqual(doc["feed"]["polls_failed"], 0)
        self.assertTrue(doc["feed"]["last_success"])
        self.assertEqual([a["acknowledged"] for a in doc["alerts"]], [False] * len(doc["alerts"]))
        self.assertEqual(doc["display"]["rotation"], 0)
        status, resp, text = api.call("GET", "/metrics", token=None)
        self.assertEqual(status, 200)
        self.assertTrue(resp.getheader("Content-Type").startswith("text/plain; version=0.0.4"))
        promtool = os.environ.get("WB_PROMTOOL") or "promtool"
        check = subprocess.run([promtool, "check", "metrics"], input=text, capture_output=True)
        self.assertEqual(check.returncode, 0, check.stdout + check.stderr)
        self.assertIn(b'wallboard_fetch_total{result="updated",reason=""} 1', text)
        for body in (json.dumps(doc).encode(), text):
            self.assertNotIn(b"feed-secret-42", body)
            self.assertNotIn(ADMIN_TOKEN.encode(), body)

    def test_config_needs_the_token_and_redacts_secrets(self):
        _, wb, api = self.board(feed={"token": "feed-secret-42"})
        status, resp, doc = api.call("GET", "/api/v1/config", token=None)
        self.assertEqual((status, doc["error"]), (401, "unauthorized"))
        self.assertEqual(resp.getheader("WWW-Authenticate"), 'Bearer realm="wallboard"')
        self.assertEqual(api.call("GET", "/api/v1/config", token="wrong-token-000000000")[0], 401)
        self.assertEqual(api.call("GET", "/api/v1/screenshot.png", token=None)[0], 401)
        doc, etag = api.config()
        self.assertRegex(etag, r'^"[0-9a-f]{16}"$')
        self.assertEqual(doc["feed"]["token"], "********")
        self.assertEqual(doc["admin"], {"token": "********"})
        self.assertEqual(doc["http"]["bind"], "127.0.0.1")
        log = "\n".join(text for _, text in wb.lines)
        self.assertNotIn("wrong-token", log)
        self.assertNotIn(ADMIN_TOKEN, log)


class AuthTest(ApiTestCase):

    def test_repeated_failures_are_refused_with_429_even_with_the_right_token(self):
        _, wb, api = self.board()
        for i in range(1, 6):
            self.assertEqual(api.patch({}, token="guess-%016d" % i)[0], 401)
            self.assertEqual(wb.wait_for(AUTH_FAIL_RE).group(1), str(i))
        status, resp, doc = api.call("GET", "/api/v1/config")
        self.assertEqual((status, doc["error"]), (429, "too_many_requests"))
        self.assertGreater(int(resp.getheader("Retry-After")), 0)
        # The public endpoints stay open: the screen's health is no secret.
        self.assertEqual(api.call("GET", "/healthz", token=None)[0], 200)
        log = "\n".join(text for _, text in wb.lines)
        self.assertNotIn("guess-", log)


class ChangeTest(ApiTestCase):

    def test_merge_patch_sets_and_null_restores_the_layers_below(self):
        _, wb, api = self.board(display={"page_s": 20})
        status, resp, doc = api.patch({"display": {"title": "Vloer 3", "theme": "light"}})
        self.assertEqual(status, 200, doc)
        self.assertEqual((doc["display"]["title"], doc["display"]["theme"]), ("Vloer 3", "light"))
        self.assertEqual(doc["display"]["page_s"], 20, "a sibling the patch did not name changed")
        self.assertEqual(doc["feed"]["interval_s"], 2)
        wb.wait_for(APPLIED_RE)
        # null takes the device's change away: the file's page_s (20) and the
        # default title apply again.
        doc = api.patch({"display": {"page_s": 30, "title": "x"}})[2]
        self.assertEqual(doc["display"]["page_s"], 30)
        doc = api.patch({"display": {"page_s": None, "title": None}})[2]
        self.assertEqual((doc["display"]["page_s"], doc["display"]["title"]), (20, ""))
        with open(os.path.join(self.state_dir, "config.json"), encoding="utf-8") as f:
            saved = json.load(f)
        # Only what the device changed is kept: the file goes on applying.
        self.assertEqual(saved, {"display": {"theme": "light"}})
        self.assertEqual(os.stat(os.path.join(self.state_dir, "config.json")).st_mode & 0o777, 0o600)
        status, _, sources = api.call("GET", "/api/v1/config/sources")
        self.assertEqual(status, 200, sources)
        self.assertEqual(sources["sources"]["display.theme"], "device")
        self.assertEqual(sources["sources"]["display.page_s"], "file")
        self.assertNotIn("display.title", sources["sources"])

    def test_put_replaces_the_document_and_keeps_redacted_secrets(self):
        _, _, api = self.board(feed={"token": "feed-secret-42"})
        doc, _ = api.config()
        doc["display"]["language"] = "en"
        status, _, after = api.call("PUT", "/api/v1/config", doc)
        self.assertEqual(status, 200, after)
        self.assertEqual(after["feed"]["token"], "********", "the redacted token was not kept")
        with open(os.path.join(self.state_dir, "config.json"), encoding="utf-8") as f:
            saved = json.load(f)
        # The file's token is the file's: the device's layer holds only its change.
        self.assertEqual(saved, {"display": {"language": "en"}})
        # A whole document without a section: that section is back to what the
        # layers below say (here the file's), and the admin token is never
        # dropped (it would open the screen to all).
        status, _, after = api.call("PUT", "/api/v1/config", {"display": {"language": "en"},
                                                               "feed": {"interval_s": 30}})
        self.assertEqual(status, 200, after)
        self.assertEqual((after["feed"]["interval_s"], after["feed"]["token"]), (30, "********"))
        status, _, after = api.call("PUT", "/api/v1/config", {"display": {"language": "en"}})
        self.assertEqual(status, 200, after)
        self.assertEqual((after["feed"]["interval_s"], after["feed"]["token"]),
                         (harness.FAST_FEED["interval_s"], "********"))
        self.assertEqual(api.config()[0]["display"]["language"], "en")

    def test_an_invalid_change_reports_every_problem_and_changes_nothing(self):
        _, _, api = self.board()
        before, etag = api.config()
        status, _, doc = api.patch({"display": {"scale": 9, "rotation": 45, "channels": ["X!"]},
                                    "feed": {"interval_s": 1}, "bogus": 1})
        self.assertEqual((status, doc["error"]), (422, "invalid_config"), doc)
        paths = sorted(p["path"] for p in doc["problems"])
        self.assertEqual(paths, ["$.bogus", "$.display.channels[0]", "$.display.rotation",
                                 "$.display.scale", "$.feed.interval_s"])
        self.assertTrue(all(p["message"] for p in doc["problems"]))
        self.assertEqual(api.config(), (before, etag))
        self.assertFalse(os.path.exists(os.path.join(self.state_dir, "config.json")))
        status, _, doc = api.patch({"admin": {"token_hash": "wbh1$00"}})
        self.assertEqual((status, doc["problems"][0]["path"]), (422, "$.admin.token_hash"))

    def test_if_match_stops_a_second_admin_overwriting_the_first(self):
        _, _, api = self.board()
        _, etag = api.config()
        status, resp, _ = api.patch({"display": {"title": "Admin A"}}, headers={"If-Match": etag})
        self.assertEqual(status, 200)
        self.assertNotEqual(resp.getheader("ETag"), etag)
        status, _, doc = api.patch({"display": {"title": "Admin B"}}, headers={"If-Match": etag})
        self.assertEqual((status, doc["error"]), (412, "precondition_failed"))
        self.assertEqual(api.config()[0]["display"]["title"], "Admin A")

    def test_a_new_admin_token_replaces_the_old_one(self):
        _, _, api = self.board()
        self.assertEqual(api.patch({"admin": {"token": "short"}})[0], 422)
        self.assertEqual(api.patch({"admin": {"token": "a-brand-new-token-123"}})[0], 200)
        self.assertEqual(api.call("GET", "/api/v1/config")[0], 401)
        self.assertEqual(api.call("GET", "/api/v1/config", token="a-brand-new-token-123")[0], 200)


class LiveApplyTest(ApiTestCase):

    def test_title_change_shows_in_the_next_frame(self):
        _, wb, api = self.board()
        header = wb.dump()["layout"]["header"]
        title_area = dict(header, w=header["w"] // 2)  # the clock is on the right half
        first, again = api.screenshot(), api.screenshot()
        self.assertEqual(region(first, title_area), region(again, title_area),
                         "the title area changes by itself; the check below would prove nothing")
        mark = wb.mark()
        self.assertEqual(api.patch({"display": {"title": "Nieuwe titel"}})[0], 200)
        wb.wait_for(APPLIED_RE, start=mark)
        self.assertEqual(api.status()["name"], "Nieuwe titel")
        self.assertNotEqual(region(api.screenshot(), title_area), region(first, title_area))

    def test_new_feed_url_is_polled_without_a_restart(self):
        _, wb, api = self.board(feed={"interval_s": 3600})
        other = self.feedsim("--title", "Tweede feed")
        mark = wb.mark()
        self.assertEqual(api.patch({"feed": {"url": other.url}})[0], 200)
        wb.wait_for(APPLIED_RE + r".*polling the feed now", start=mark)
        wb.wait_for(UPDATED_RE, start=mark)
        self.assertTrue(other.feed_requests())
        self.assertEqual(wb.dump()["title"], "Tweede feed")


class ScreenTest(ApiTestCase):

    def test_ack_marks_the_alert_and_identify_shows_the_screen(self):
        _, wb, api = self.board()
        alerts = api.status()["alerts"]
        self.assertTrue(alerts, "the simulator should start with alerts")
        target = alerts[0]["id"]
        status, _, doc = api.call("POST", "/api/v1/alerts/%s/ack" % urllib.parse.quote(target))
        self.assertEqual((status, doc), (200, {"id": target, "acknowledged": True}))
        acked = {a["id"]: a["acknowledged"] for a in api.status()["alerts"]}
        self.assertTrue(acked[target])
        self.assertFalse(any(v for k, v in acked.items() if k != target))
        self.assertEqual(api.call("POST", "/api/v1/alerts/no-such-alert/ack")[0], 404)
        self.assertEqual(api.call("POST", "/api/v1/alerts/%s/ack" % target, token=None)[0], 401)
        status, _, doc = api.call("POST", "/api/v1/identify")
        self.assertEqual((status, doc), (202, {"seconds": 10}))
        self.assertTrue(api.status()["identify_active"])


class HostileTest(ApiTestCase):

    def test_error_codes(self):
        _, _, api = self.board()
        cases = [
            (("GET", "/no/such/path"), 404, "not_found"),
            (("DELETE", "/api/v1/config"), 405, "method_not_allowed"),
            (("POST", "/healthz"), 405, "method_not_allowed"),
            (("PUT", "/api/v1/config", "{}", ADMIN_TOKEN, None, "text/plain"), 415,
             "unsupported_media_type"),
            (("PUT", "/api/v1/config", "{}", ADMIN_TOKEN, None, "application/merge-patch+json"),
             415, "unsupported_media_type"),
            (("PUT", "/api/v1/config", "{\"feed\": {", ADMIN_TOKEN), 400, "bad_request"),
            (("PUT", "/api/v1/config", "{} trailing", ADMIN_TOKEN), 400, "bad_request"),
            (("PUT", "/api/v1/config", "[1, 2]", ADMIN_TOKEN), 422, "invalid_config"),
            (("PATCH", "/api/v1/config", b"{\"x\": \"" + b"a" * 70000 + b"\"}", ADMIN_TOKEN),
             413, "payload_too_large"),
        ]
        for args, code, error in cases:
            status, resp, doc = api.call(*args)
            self.assertEqual((status, doc.get("error") if isinstance(doc, dict) else doc),
                             (code, error), args[:2])
            if code == 405:
                self.assertIn(args[0] == "POST" and "GET" or "PUT", resp.getheader("Allow"))

    def test_no_path_escapes_the_web_directory(self):
        _, _, api = self.board()
        for path in ("/../../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2fetc%2fpasswd",
                     "/.hidden", "/index.html/..", "//etc/passwd", "/assets/../index.html"):
            status, _, body = api.call("GET", path, token=None)
            self.assertEqual(status, 404, path)
            self.assertNotIn(b"root:", body if isinstance(body, bytes) else json.dumps(body).encode())
        status, resp, body = api.call("GET", "/", token=None)
        self.assertEqual(status, 200)
        self.assertTrue(resp.getheader("Content-Type").startswith("text/html"))
        self.assertIn("default-src 'self'", resp.getheader("Content-Security-Policy"))

    def test_slow_clients_do_not_freeze_the_board(self):
        _, wb, api = self.board()
        slow = []
        for _ in range(6):
            s = socket.create_connection((api.host, api.port), timeout=60)
            s.sendall(b"PUT /api/v1/config HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 50000\r\n")
            slow.append(s)
        self.addCleanup(lambda: [s.close() for s in slow])
        # Everything else still works while they hang...
        self.assertEqual(api.call("GET", "/healthz", token=None)[0], 200)
        mark = wb.mark()
        self.assertEqual(api.patch({"display": {"title": "Nog steeds"}})[0], 200)
        wb.wait_for(APPLIED_RE, start=mark)
        self.assertEqual(api.status()["name"], "Nog steeds")
        # ...and the server drops them after its idle timeout instead of waiting forever.
        for s in slow:
            self.assertEqual(s.recv(1024), b"")


class StartTest(ApiTestCase):

    def test_corrupt_config_starts_on_the_last_good_copy_with_a_warning(self):
        with open(os.path.join(self.state_dir, "config.json"), "w", encoding="utf-8") as f:
            f.write('{"display": {"title": "half a wri')
        good = {"display": {"title": "Laatste goede"}}
        with open(os.path.join(self.state_dir, "config.last-good.json"), "w", encoding="utf-8") as f:
            json.dump(good, f)
        _, wb, api = self.board()
        doc = api.status()
        self.assertEqual(doc["name"], "Laatste goede")
        self.assertEqual(doc["config"]["source"], "state")
        self.assertRegex(doc["config"]["warning"], r"config\.json is damaged .*last good copy")
        wb.wait_for(r"^wallboard: config: .*damaged", start=0)

    def test_without_an_admin_token_a_pairing_code_is_made(self):
        config = os.path.join(self.tmp, "no-admin.json")
        with open(config, "w", encoding="utf-8") as f:
            json.dump({"http": harness.TEST_HTTP}, f)
        _, wb, api = self.board(config=config)
        self.assertTrue(api.status()["pairing"]["pending"])
        wb.wait_for(r"^wallboard: admin: no admin token set; a pairing code is shown", start=0)
        self.assertEqual(api.call("GET", "/api/v1/config", token=ADMIN_TOKEN)[0], 401)
        # Only its hash lives in memory until it is used: nothing on disk yet.
        self.assertFalse(os.path.exists(os.path.join(self.state_dir, "config.json")))

    def no_admin_config(self, name="no-admin.json", **sections):
        config = write_config(self.tmp, name=name, **sections)
        with open(config, encoding="utf-8") as f:
            doc = json.load(f)
        del doc["admin"]
        with open(config, "w", encoding="utf-8") as f:
            json.dump(doc, f)
        return config

    def screenshot_file(self, wb):
        layout = wb.dump()["layout"]
        with open(os.path.join(wb.state_dir, "screenshot.png"), "rb") as f:
            return layout, decode_png(f.read())

    def test_the_pairing_code_is_not_in_the_sigusr1_screenshot(self):
        # With data, in the first minutes: the screen shows the code in a
        # violet pill in the header (tests/render), the file never does.
        _, wb, api = self.board(config=self.no_admin_config())
        self.assertTrue(api.status()["pairing"]["pending"])
        layout, shot = self.screenshot_file(wb)
        header = layout["header"]
        violet = sum(1 for y in range(header["y"], header["y"] + header["h"])
                     for x in range(header["x"], header["x"] + header["w"])
                     if all(abs(shot[2][y][x * 3 + k] - v) <= 12
                            for k, v in enumerate((0x6a, 0x1b, 0x9a))))
        self.assertEqual(violet, 0, "the pairing pill is in the dumped screenshot")
        self.assertTrue(api.status()["pairing"]["pending"])

    def test_the_start_screen_screenshot_is_the_one_without_a_code(self):
        # No data: the code is big on the start screen. The dumped picture
        # below the header (the clock ticks in it) is the same as that of
        # a board with an admin token, which has no code to show. Both on
        # one port (and one HTTPS port): the start screen shows the URL with it.
        dead = self.dead_url()
        socks = [socket.socket(), socket.socket()]
        for sock in socks:
            sock.bind(("127.0.0.1", 0))
        http = {"port": socks[0].getsockname()[1], "tls_port": socks[1].getsockname()[1]}
        for sock in socks:
            sock.close()
        shots = []
        for name, config in (("paired", write_config(self.tmp, name="paired.json", http=http)),
                             ("pairing", self.no_admin_config(http=http))):
            state_dir = os.path.join(self.tmp, name)
            os.mkdir(state_dir)
            if shots:  # the same HTTPS certificate: its fingerprint is on the start screen
                shutil.copytree(os.path.join(self.tmp, "paired", "tls"),
                                os.path.join(state_dir, "tls"))
            wb = self.wallboard(dead, config=config, state_dir=state_dir)
            wb.wait_for(harness.ERROR_RE)
            shots.append(self.screenshot_file(wb))
            wb.stop()
        (layout, paired), (_, pairing) = shots
        body = {"x": 0, "y": layout["header"]["h"], "w": paired[0],
                "h": paired[1] - layout["header"]["h"]}
        self.assertGreater(len(set(region(paired, body))), 2, "the start screen looks blank")
        a, b = region(pairing, body), region(paired, body)
        self.assertTrue(a == b, "the start screen's screenshot differs from one without a pairing "
                        "code in %d bytes" % sum(1 for x, y in zip(a, b) if x != y))


class ImportTest(harness.ProcTestCase):

    def test_first_boot_file_is_merged_into_the_saved_config(self):
        boot = os.path.join(self.tmp, "wallboard.json")
        with open(boot, "w", encoding="utf-8") as f:
            json.dump({"feed": {"url": "https://api.example.nl/v1/feed", "token": "t-1"},
                       "display": {"title": "Scherm 7"},
                       "admin": {"token": "first-boot-admin-token"}}, f)
        rc, _, err = harness.run_wallboard("--import-config", boot, "--state-dir", self.state_dir)
        self.assertEqual(rc, 0, err)
        with open(os.path.join(self.state_dir, "config.json"), encoding="utf-8") as f:
            saved = json.load(f)
        self.assertEqual(saved["display"]["title"], "Scherm 7")
        self.assertEqual(saved["feed"]["token"], "t-1")
        self.assertNotIn("admin", saved)
        with open(os.path.join(self.state_dir, "admin.json"), encoding="utf-8") as f:
            admin = json.load(f)
        self.assertRegex(admin["admin"]["token_hash"], r"^wbh1\$[0-9a-f]{32}\$[0-9a-f]{64}$")
        self.assertNotIn("first-boot-admin-token", json.dumps(saved) + json.dumps(admin))

        with open(boot, "w", encoding="utf-8") as f:
            json.dump({"display": {"title": 7, "rotation": 45}}, f)
        rc, _, err = harness.run_wallboard("--import-config", boot, "--state-dir", self.state_dir)
        self.assertEqual(rc, 2)
        self.assertIn("$.display.title", err)
        self.assertIn("$.display.rotation", err)
        with open(os.path.join(self.state_dir, "config.json"), encoding="utf-8") as f:
            self.assertEqual(json.load(f), saved)


if __name__ == "__main__":
    harness.main()
