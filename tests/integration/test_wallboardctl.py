"""tools/wallboardctl against three real boards on 127.0.0.1 that share one
feed simulator, one of them stopped: the status rows and exit code, set and
patch with a result per board (the stopped one reported, the live ones changed
as GET /api/v1/config shows), a wrong token, a write that lands between the
tool's GET and PATCH (412, through a proxy that makes it), identify, list from a hosts file
without python3-zeroconf, and the admin token never in the tool's output; and
the board's /metrics against the series docs/prometheus's alert rules read."""

import http.client
import http.server
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time

import harness
from harness import ADMIN_TOKEN, FIRST_FRAME_RE, http_request, write_config

TOOL = os.path.join(harness.SOURCE_DIR, "tools", "wallboardctl")
# Long enough that redact() would hide it if a board ever echoed it.
WRONG_TOKEN = "not-the-admin-token-5f3a9c"
TITLES = ["Vloer 1 links", "Vloer 1 rechts", "Vloer 2"]


def host_port(base):
    return base.split("//", 1)[1].rstrip("/")


class Run:
    def __init__(self, done):
        self.rc = done.returncode
        self.out = done.stdout.decode("utf-8", "replace")
        self.err = done.stderr.decode("utf-8", "replace")

    def __repr__(self):
        return "exit %s\n--- stdout\n%s--- stderr\n%s" % (self.rc, self.out, self.err)


class FleetTestCase(harness.ProcTestCase):

    def setUp(self):
        super().setUp()
        sim = self.sim = self.feedsim()
        self.boards = []
        for i, title in enumerate(TITLES):
            home = os.path.join(self.tmp, "board%d" % i)
            state = os.path.join(home, "state")
            os.makedirs(state)
            wb = self.wallboard(sim.url, config=write_config(home, display={"title": title}),
                                state_dir=state)
            self.boards.append(wb)
        for wb in self.boards:
            wb.wait_for(FIRST_FRAME_RE)
        self.addresses = [host_port(wb.api()) for wb in self.boards]
        # The third board goes down; its port stays bound (not listening) so
        # that nothing else takes it and a connection is refused.
        self.assertEqual(self.boards[2].stop(), 0, self.boards[2].tail())
        self.hold_port(self.addresses[2])
        self.live, self.down = self.addresses[:2], self.addresses[2]

    def hold_port(self, address):
        host, port = address.rsplit(":", 1)
        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, int(port)))
        except OSError:
            sock.close()  # taken meanwhile: the board is down all the same
            return
        self.addCleanup(sock.close)

    def ctl(self, *args, token=None, env=None):
        """Runs the tool; every run is checked for the admin token and for a
        Python traceback."""
        e = dict(os.environ)
        e.pop("WALLBOARD_TOKEN", None)
        if token is not None:
            e["WALLBOARD_TOKEN"] = token
        e.update(env or {})
        done = subprocess.run([sys.executable, "-B", TOOL] + list(args), capture_output=True,
                              stdin=subprocess.DEVNULL, env=e, timeout=120)
        run = Run(done)
        for secret in (ADMIN_TOKEN, WRONG_TOKEN):
            self.assertNotIn(secret, run.out + run.err, "the tool printed a token: %r" % run)
        self.assertNotIn("Traceback", run.err, run)
        return run

    def config(self, address):
        status, headers, body = http_request("http://%s/api/v1/config" % address,
                                             headers={"Authorization": "Bearer " + ADMIN_TOKEN})
        self.assertEqual(status, 200, body)
        return json.loads(body)

    def poll(self, what, fetch, until):
        """fetch() again until until(value) holds; the deadline is only ever
        reached when the test fails."""
        deadline = time.monotonic() + harness.WAIT_S
        while True:
            value = fetch()
            if until(value):
                return value
            self.assertLess(time.monotonic(), deadline, "%s: never happened; last %r" % (what, value))
            time.sleep(0.05)

    def result_lines(self, run):
        """{address: result} from the one-line-per-board output of set/patch."""
        lines = {}
        for line in run.out.splitlines():
            address, _, result = line.partition(" ")
            lines[address] = result.strip()
        return lines


class StatusTest(FleetTestCase):

    def test_one_row_per_board_and_the_down_board_fails_the_run(self):
        run = self.ctl("status", *self.addresses)
        self.assertEqual(run.rc, 1, run)
        rows = run.out.splitlines()
        self.assertEqual(rows[0].split()[:3], ["NAME", "ADDRESS", "VERSION"], run)
        self.assertEqual(len(rows), 4, run)
        for title, address, row in zip(TITLES, self.addresses, rows[1:]):
            self.assertTrue(row.startswith(title if address != self.down else "-"), run)
            self.assertIn(address, row, run)
        for row in rows[1:3]:
            self.assertRegex(row, r"\s0\.\d+\.\d+\S*\s+ok\s+\d+ s\s", run)
        self.assertRegex(rows[3], r"UNREACHABLE.*unreachable: connection refused", run)

        run = self.ctl("status", "--json", *self.addresses)
        self.assertEqual(run.rc, 1, run)
        doc = json.loads(run.out)
        self.assertEqual([r["address"] for r in doc], self.addresses)
        self.assertEqual([r["ok"] for r in doc], [True, True, False])
        self.assertEqual([r["reachable"] for r in doc], [True, True, False])
        for title, r in zip(TITLES, doc[:2]):
            self.assertEqual((r["name"], r["feed_state"], r["healthy"]), (title, "ok", True), r)
            self.assertIsInstance(r["data_age_s"], int)
            self.assertIsNone(r["last_error"])
            self.assertEqual(set(r["alerts"]), {"critical", "warning", "info"})
        self.assertIn("connection refused", doc[2]["error"])

        # The live ones alone are all well: exit 0.
        run = self.ctl("status", *self.live)
        self.assertEqual(run.rc, 0, run)

    def test_a_hosts_file_and_usage_errors(self):
        hosts = os.path.join(self.tmp, "floor1.hosts")
        with open(hosts, "w", encoding="utf-8") as f:
            f.write("# floor 1\n%s\n\n%s  # by the window\n" % tuple(self.live))
        run = self.ctl("status", "--hosts", hosts)
        self.assertEqual(run.rc, 0, run)
        self.assertEqual(len(run.out.splitlines()), 3, run)
        for bad in (["status"], ["status", "host:notaport"], ["status", "--hosts", hosts + ".no"],
                    ["set", "display.title=x", self.live[0]], ["frobnicate"]):
            run = self.ctl(*bad)
            self.assertEqual(run.rc, 2, (bad, run))
            self.assertEqual(run.out, "", (bad, run))
            self.assertTrue(run.err.strip(), (bad, run))


class Interloper(http.server.ThreadingHTTPServer):
    """A forwarding proxy in front of one board that, before it passes on a
    PATCH, changes the board's config itself: another admin's write landing
    between wallboardctl's GET and its PATCH, every time."""

    def __init__(self, board_address):
        self.board = board_address
        self.forwarded = []  # (method, If-Match) of each request passed on

        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def forward(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                host, port = outer.board.rsplit(":", 1)
                if self.command == "PATCH":
                    other = http.client.HTTPConnection(host, int(port), timeout=10)
                    other.request("PATCH", "/api/v1/config", body=b'{"display": {"page_s": 30}}',
                                  headers={"Authorization": "Bearer " + ADMIN_TOKEN,
                                           "Content-Type": "application/merge-patch+json"})
                    assert other.getresponse().status == 200
                    other.close()
                outer.forwarded.append((self.command, self.headers.get("If-Match")))
                conn = http.client.HTTPConnection(host, int(port), timeout=10)
                headers = {k: v for k, v in self.headers.items() if k.lower() != "host"}
                conn.request(self.command, self.path, body=body, headers=headers)
                resp = conn.getresponse()
                data = resp.read()
                conn.close()
                self.send_response(resp.status)
                for k, v in resp.getheaders():
                    if k.lower() not in ("connection", "transfer-encoding", "date", "server"):
                        self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_PATCH = do_POST = forward

        super().__init__(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def address(self):
        return "127.0.0.1:%d" % self.server_address[1]

    def close(self):
        self.shutdown()
        self.server_close()


class ChangeTest(FleetTestCase):

    def test_a_change_made_meanwhile_is_a_conflict_not_overwritten(self):
        proxy = Interloper(self.live[0])
        self.addCleanup(proxy.close)
        run = self.ctl("set", "display.title=Vloer 9", proxy.address, self.live[1],
                       token=ADMIN_TOKEN)
        self.assertEqual(run.rc, 1, run)
        results = self.result_lines(run)
        self.assertRegex(results[proxy.address], r"^conflict: .*\(HTTP 412\)", run)
        self.assertEqual(results[self.live[1]], "ok", run)
        self.assertEqual([m for m, _ in proxy.forwarded], ["GET", "PATCH"])
        self.assertRegex(proxy.forwarded[1][1] or "", r'^"[0-9a-f]{16}"$', "no If-Match sent")
        display = self.config(self.live[0])["display"]
        self.assertEqual((display["title"], display["page_s"]), (TITLES[0], 30))

    def test_set_changes_the_live_boards_and_reports_the_down_one(self):
        run = self.ctl("set", "display.title=Vloer 3", "display.scale=1.25",
                       "display.theme=light", *self.addresses, token=ADMIN_TOKEN)
        self.assertEqual(run.rc, 1, run)
        results = self.result_lines(run)
        self.assertEqual(list(results), self.addresses, run)
        self.assertEqual([results[a] for a in self.live], ["ok", "ok"], run)
        self.assertEqual(results[self.down], "unreachable: connection refused", run)
        for address in self.live:
            display = self.config(address)["display"]
            self.assertEqual((display["title"], display["scale"], display["theme"]),
                             ("Vloer 3", 1.25, "light"))
        # Live boards alone: exit 0, and the status shows the new names.
        # null takes the device's change away: the config file's title is back.
        run = self.ctl("set", "display.title=null", *self.live, token=ADMIN_TOKEN)
        self.assertEqual(run.rc, 0, run)
        self.assertEqual(self.config(self.live[0])["display"]["title"],
                         TITLES[self.addresses.index(self.live[0])])

    def test_a_wrong_token_is_a_clear_error_per_board_and_changes_nothing(self):
        run = self.ctl("set", "display.title=Hacked", *self.addresses, token=WRONG_TOKEN)
        self.assertEqual(run.rc, 1, run)
        results = self.result_lines(run)
        for address in self.live:
            self.assertEqual(results[address], "refused: wrong or missing admin token (HTTP 401)",
                             run)
            self.assertEqual(self.config(address)["display"]["title"],
                             TITLES[self.addresses.index(address)])
        self.assertIn("unreachable", results[self.down], run)

    def test_token_file_and_a_token_on_the_command_line_with_its_warning(self):
        token_file = os.path.join(self.tmp, "admin.token")
        with open(token_file, "w", encoding="utf-8") as f:
            f.write(ADMIN_TOKEN + "\n")
        # Options may stand between the words, as in the examples.
        run = self.ctl("set", "display.page_s=20", "--token-file", token_file, self.live[0])
        self.assertEqual((run.rc, self.result_lines(run)[self.live[0]]), (0, "ok"), run)
        self.assertNotIn("warning", run.err, run)
        self.assertEqual(self.config(self.live[0])["display"]["page_s"], 20)

        # The token itself on the command line works, with a warning (ps shows it).
        done = subprocess.run([sys.executable, "-B", TOOL, "set", "display.page_s=25", "--token",
                               ADMIN_TOKEN, self.live[0]], capture_output=True,
                              stdin=subprocess.DEVNULL, timeout=120)
        err = done.stderr.decode()
        self.assertEqual(done.returncode, 0, err)
        self.assertIn("warning: a token on the command line can be read by other users", err)
        self.assertNotIn(ADMIN_TOKEN, done.stdout.decode() + err)
        self.assertEqual(self.config(self.live[0])["display"]["page_s"], 25)

    def test_patch_file_per_board_and_the_boards_problems_with_their_paths(self):
        good = os.path.join(self.tmp, "floor.json")
        with open(good, "w", encoding="utf-8") as f:
            json.dump({"display": {"theme": "light", "language": "en"}}, f)
        run = self.ctl("patch", good, *self.addresses, token=ADMIN_TOKEN)
        self.assertEqual(run.rc, 1, run)
        results = self.result_lines(run)
        self.assertEqual([results[a] for a in self.live], ["ok", "ok"], run)
        self.assertIn("unreachable", results[self.down], run)
        for address in self.live:
            display = self.config(address)["display"]
            self.assertEqual((display["theme"], display["language"]), ("light", "en"))

        bad = os.path.join(self.tmp, "bad.json")
        with open(bad, "w", encoding="utf-8") as f:
            json.dump({"display": {"scale": 9, "theme": "dark"}}, f)
        run = self.ctl("patch", bad, *self.live, token=ADMIN_TOKEN)
        self.assertEqual(run.rc, 1, run)
        for address in self.live:
            self.assertRegex(self.result_lines(run)[address],
                             r"^error: .*\(HTTP 422\): .*\$\.display\.scale: ", run)
            self.assertEqual(self.config(address)["display"]["theme"], "light",
                             "a refused patch changed something")

        run = self.ctl("patch", "--json", good, self.live[0], token=ADMIN_TOKEN)
        self.assertEqual(run.rc, 0, run)
        self.assertRegex(json.loads(run.out)[0]["etag"], r'^"[0-9a-f]{16}"$')

        with open(bad, "w", encoding="utf-8") as f:
            f.write("[1, 2]")
        run = self.ctl("patch", bad, *self.live, token=ADMIN_TOKEN)
        self.assertEqual(run.rc, 2, run)
        self.assertIn("a merge patch is a JSON object", run.err)


class IdentifyAndListTest(FleetTestCase):

    def test_identify(self):
        run = self.ctl("identify", self.live[0], token=ADMIN_TOKEN)
        self.assertEqual(run.rc, 0, run)
        self.assertRegex(run.out, r"^%s\s+identifying for \d+ s$" % self.live[0])
        self.poll("identify_active", lambda: json.loads(
            http_request("http://%s/api/v1/status" % self.live[0])[2])["identify_active"],
            lambda active: active)
        run = self.ctl("identify", self.down, token=ADMIN_TOKEN)
        self.assertEqual(run.rc, 1, run)
        self.assertIn("unreachable", run.out)

    def test_list_reads_a_hosts_file_and_names_the_package_for_discovery(self):
        # A zeroconf module that cannot be imported, whether or not the
        # machine has python3-zeroconf.
        fake = os.path.join(self.tmp, "nozeroconf")
        os.mkdir(fake)
        with open(os.path.join(fake, "zeroconf.py"), "w", encoding="utf-8") as f:
            f.write("raise ImportError('no zeroconf here')\n")
        env = {"PYTHONPATH": fake}
        hosts = os.path.join(self.tmp, "floor.hosts")
        with open(hosts, "w", encoding="utf-8") as f:
            f.write("\n".join(self.addresses) + "\n")
        run = self.ctl("list", "--hosts", hosts, env=env)
        self.assertEqual(run.rc, 0, run)
        self.assertIn("python3-zeroconf", run.err)
        self.assertEqual(len(run.out.splitlines()), 4, run)
        for address in self.addresses:
            self.assertIn(address, run.out)
        run = self.ctl("list", "--addresses", "--hosts", hosts, env=env)
        self.assertEqual(run.out.split(), self.addresses, run)
        run = self.ctl("list", env=env)
        self.assertEqual(run.rc, 1, run)
        self.assertIn("apt install python3-zeroconf", run.err)


PROM_DIR = os.path.join(harness.SOURCE_DIR, "docs", "prometheus")


class PrometheusTest(FleetTestCase):
    """The board's /metrics against docs/prometheus/wallboard-rules.yml: every
    series the rules read exists, and the one for "a critical alert nobody
    acknowledged" follows an alert and its ack. (promtool checks the rules'
    logic in prometheus_test_rules.)"""

    def metrics(self, address):
        status, _, body = http_request("http://%s/metrics" % address)
        self.assertEqual(status, 200)
        return body.decode("utf-8")

    def test_the_rules_read_series_the_board_serves(self):
        with open(os.path.join(PROM_DIR, "wallboard-rules.yml"), encoding="utf-8") as f:
            names = set(re.findall(r"\b(wallboard_[a-z_]+)\{", f.read()))
        self.assertTrue(names)
        text = self.metrics(self.live[0])
        for name in sorted(names):
            self.assertRegex(text, r"(?m)^%s[{ ]" % name, "the rules read %s" % name)

    def test_unacknowledged_critical_alerts_count_until_acked(self):
        status, _, body = http_request(self.sim.url)
        doc = json.loads(body)
        doc["alerts"] = [{"id": "crit-1", "severity": "critical", "message": "Twitter ligt eruit",
                          "since": doc["generated_at"]}]
        self.sim.control(document=doc)
        line = 'wallboard_alerts_unacknowledged{severity="critical"} %d'
        address = self.live[0]
        self.poll("the critical alert in /metrics", lambda: self.metrics(address),
                  lambda text: (line % 1) in text.splitlines())
        run = self.ctl("status", address)
        self.assertRegex(run.out.splitlines()[1], r"\s1 critical\s", run)
        status, _, body = http_request("http://%s/api/v1/alerts/crit-1/ack" % address,
                                       headers={"Authorization": "Bearer " + ADMIN_TOKEN},
                                       method="POST")
        self.assertEqual(status, 200, body)
        text = self.poll("the ack in /metrics", lambda: self.metrics(address),
                         lambda text: (line % 0) in text.splitlines())
        self.assertIn('wallboard_alerts{severity="critical"} 1', text.splitlines())
        run = self.ctl("status", address)
        self.assertRegex(run.out.splitlines()[1], r"\s1 critical \(1 acked\)\s", run)


if __name__ == "__main__":
    harness.main()
