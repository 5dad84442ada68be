"""HTTPS (issue 17) with a real TLS client (Python's ssl module): the board
makes its own certificate at first start (key 0600 in <state-dir>/tls, the
same certificate after a restart) and serves it; the fingerprint the client
computes from the handshake equals the one in /api/v1/status and in the log;
an admin-supplied pair made per run with the openssl CLI is served instead
(its fingerprint as `openssl x509 -fingerprint -sha256` prints it), and a
mismatched pair turns HTTPS off with the reason in the status. Plain HTTP
from 127.0.0.2 (playing a LAN client): monitoring 200, the rest 308 to
https, a token 403 tls_required and not counted as a failed login; from
127.0.0.1 unchanged. wallboardctl with a pinned fingerprint: a match works,
a mismatch fails saying so and sends nothing."""

import hashlib
import http.client
import json
import os
import shutil
import socket
import ssl
import stat
import subprocess
import sys

import harness
from harness import ADMIN_TOKEN, write_config

HTTPS_RE = (r"^wallboard: https: listening on (https://127\.0\.0\.1:(\d+)/) "
            r"\(certificate (\w+), SHA-256 ([0-9A-F:]{95})\)$")
TOOL = os.path.join(harness.SOURCE_DIR, "tools", "wallboardctl")
LAN = "127.0.0.2"  # another host, as far as the board is concerned


def fingerprint(der):
    digest = hashlib.sha256(der).hexdigest().upper()
    return ":".join(digest[i:i + 2] for i in range(0, 64, 2))


def https_get(port, path, headers=None, source="127.0.0.1"):
    """(status, headers, body, the server certificate's fingerprint) over TLS
    that trusts nothing: the fingerprint is what the test checks."""
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    conn = http.client.HTTPSConnection("127.0.0.1", port, timeout=10, context=ctx,
                                       source_address=(source, 0))
    try:
        conn.request("GET", path, headers=headers or {})
        resp = conn.getresponse()
        body = resp.read()
        fp = fingerprint(conn.sock.getpeercert(binary_form=True))
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, body, fp
    finally:
        conn.close()


def plain_get(port, path, source=LAN, headers=None):
    """(status, headers, body) over plain HTTP from the given source address."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10,
                                      source_address=(source, 0))
    try:
        conn.request("GET", path, headers=dict({"Host": "127.0.0.1:%d" % port}, **(headers or {})))
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    finally:
        conn.close()


def can_bind_lan():
    try:
        with socket.socket() as s:
            s.bind((LAN, 0))
        return True
    except OSError:
        return False


class HttpsTestCase(harness.ProcTestCase):

    def start(self, state_dir=None, **http):
        config = write_config(self.tmp, name="https-%d.json" % len(os.listdir(self.tmp)),
                              http=dict(harness.TEST_HTTP, **http))
        if not getattr(self, "sim", None):
            self.sim = self.feedsim()
        wb = self.wallboard(self.sim.url, config=config, state_dir=state_dir or self.state_dir)
        # Published status and a healthy /healthz from here on.
        wb.wait_for(harness.FIRST_FRAME_RE)
        return wb

    def listening(self, wb):
        m = wb.wait_for(HTTPS_RE, start=0)
        return int(m.group(2)), m.group(3), m.group(4)

    def plain_port(self, wb):
        return int(wb.api().rsplit(":", 1)[1].rstrip("/"))

    def status(self, wb):
        status, _, body = harness.http_request(wb.api() + "api/v1/status")
        self.assertEqual(status, 200)
        return json.loads(body)


class DeviceCertificate(HttpsTestCase):

    def test_generated_at_first_start_served_and_kept_across_a_restart(self):
        wb = self.start()
        port, source, logged = self.listening(wb)
        self.assertEqual(source, "generated")
        tls_dir = os.path.join(self.state_dir, "tls")
        key = os.path.join(tls_dir, "key.pem")
        cert = os.path.join(tls_dir, "cert.pem")
        self.assertEqual(stat.S_IMODE(os.stat(key).st_mode), 0o600)
        self.assertEqual(stat.S_IMODE(os.stat(tls_dir).st_mode), 0o700)
        status, _, body, seen = https_get(port, "/api/v1/status")
        self.assertEqual(status, 200)
        tls = json.loads(body)["device"]["tls"]
        self.assertEqual(tls, {"enabled": True, "port": port, "fingerprint": seen,
                               "source": "generated", "error": None})
        self.assertEqual(logged, seen)
        # The file's certificate is the one served.
        with open(cert, encoding="ascii") as f:
            self.assertEqual(fingerprint(ssl.PEM_cert_to_DER_cert(f.read())), seen)
        # The board's names, for browsers that check them.
        out = subprocess.run(["openssl", "x509", "-in", cert, "-noout", "-ext", "subjectAltName"],
                             capture_output=True, text=True, check=True).stdout
        hostname = json.loads(body)["device"]["hostname"]
        self.assertIn("DNS:%s, DNS:%s.local" % (hostname, hostname), out)
        with open(key, "rb") as f:
            key_before = f.read()
        self.assertEqual(wb.stop(), 0)

        again = self.start()
        port2, _, logged2 = self.listening(again)
        self.assertEqual(https_get(port2, "/healthz")[3], seen)
        self.assertEqual(logged2, seen)
        self.assertFalse(again.seen(r"^wallboard: tls: made a new"))
        with open(key, "rb") as f:
            self.assertEqual(f.read(), key_before)

    def test_damaged_certificate_is_set_aside_and_a_foreign_one_refused(self):
        wb = self.start()
        _, _, first = self.listening(wb)
        self.assertEqual(wb.stop(), 0)
        cert = os.path.join(self.state_dir, "tls", "cert.pem")
        with open(cert, "w", encoding="ascii") as f:
            f.write("not a certificate\n")
        wb = self.start()
        port, _, second = self.listening(wb)
        wb.wait_for(r"^wallboard: tls: .*cert\.pem was damaged or of another key, kept as "
                    r".*cert\.pem\.bad", start=0)
        self.assertEqual(https_get(port, "/healthz")[3], second)
        self.assertNotEqual(first, second)  # a new certificate, the same key
        self.assertEqual(wb.stop(), 0)

        # A certificate of another key: the admin's business, never replaced.
        other = os.path.join(self.tmp, "other")
        os.mkdir(other)
        make_pair(other, "someone-else")
        shutil.copy(os.path.join(other, "cert.pem"), cert)
        wb = self.start()
        wb.wait_for(r"^wallboard: https: off: tls: .*cert\.pem does not belong to .*key\.pem",
                    start=0)
        tls = self.status(wb)["device"]["tls"]
        self.assertIsNone(tls["port"])
        self.assertIn("does not belong to", tls["error"])
        with open(cert, "rb") as f, open(os.path.join(other, "cert.pem"), "rb") as g:
            self.assertEqual(f.read(), g.read())


def make_pair(directory, name):
    """A self-signed pair made with the openssl CLI; its fingerprint as openssl prints it."""
    key, cert = os.path.join(directory, "key.pem"), os.path.join(directory, "cert.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:P-256", "-nodes", "-keyout", key, "-out", cert,
                    "-days", "30", "-subj", "/CN=%s" % name], check=True, capture_output=True)
    out = subprocess.run(["openssl", "x509", "-in", cert, "-noout", "-fingerprint", "-sha256"],
                         capture_output=True, text=True, check=True).stdout.strip()
    return key, cert, out.split("=", 1)[1]


class AdminCertificate(HttpsTestCase):

    def test_admin_pair_is_served_instead(self):
        key, cert, openssl_fp = make_pair(self.tmp, "wallboard.example")
        wb = self.start(tls_cert_file=cert, tls_key_file=key)
        port, source, logged = self.listening(wb)
        self.assertEqual(source, "admin")
        status, _, body, seen = https_get(port, "/api/v1/status")
        self.assertEqual(seen, openssl_fp)
        self.assertEqual(logged, openssl_fp)
        tls = json.loads(body)["device"]["tls"]
        self.assertEqual((tls["fingerprint"], tls["source"]), (openssl_fp, "admin"))
        self.assertFalse(os.path.exists(os.path.join(self.state_dir, "tls")))

    def test_mismatched_pair_turns_https_off_and_says_why(self):
        key, _, _ = make_pair(self.tmp, "one")
        other = os.path.join(self.tmp, "two")
        os.mkdir(other)
        _, cert, _ = make_pair(other, "two")
        wb = self.start(tls_cert_file=cert, tls_key_file=key)
        wb.wait_for(r"^wallboard: https: off: tls: .*key\.pem is not the key of the certificate",
                    start=0)
        tls = self.status(wb)["device"]["tls"]
        self.assertEqual((tls["enabled"], tls["port"], tls["fingerprint"]), (True, None, None))
        self.assertIn("is not the key of the certificate", tls["error"])
        if can_bind_lan():
            # Never a fallback to the token in clear text: monitoring only.
            plain = self.plain_port(wb)
            self.assertEqual(plain_get(plain, "/healthz")[0], 200)
            status, _, body = plain_get(plain, "/api/v1/status")
            self.assertEqual((status, json.loads(body)["error"]), (503, "tls_unavailable"))


class PlainHttpPolicy(HttpsTestCase):

    def setUp(self):
        super().setUp()
        if not can_bind_lan():
            self.skipTest("cannot bind %s as a source address" % LAN)
        self.wb = self.start()
        self.tls_port, _, _ = self.listening(self.wb)
        self.plain = self.plain_port(self.wb)

    def test_other_hosts_get_monitoring_and_a_redirect(self):
        self.assertEqual(plain_get(self.plain, "/healthz")[0], 200)
        self.assertEqual(plain_get(self.plain, "/metrics")[0], 200)
        for path in ("/api/v1/status", "/", "/index.html"):
            status, headers, _ = plain_get(self.plain, path)
            self.assertEqual(status, 308, path)
            self.assertEqual(headers["location"], "https://127.0.0.1:%d%s" % (self.tls_port, path))
        # No Host header to go by (HTTP/1.0; HTTP/1.1 without one is a 400,
        # test_http_edge.py): the board's own name.
        with socket.create_connection(("127.0.0.1", self.plain), timeout=10,
                                      source_address=(LAN, 0)) as sock:
            sock.sendall(b"GET /api/v1/status HTTP/1.0\r\n\r\n")
            answer = b""
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                answer += chunk
        head = answer.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
        location = [line.split(":", 1)[1].strip() for line in head[1:]
                    if line.lower().startswith("location:")]
        hostname = self.status(self.wb)["device"]["hostname"]
        self.assertEqual((head[0].split(" ")[1], location),
                         ("308", ["https://%s.local:%d/api/v1/status" % (hostname, self.tls_port)]))

    def test_a_token_over_plain_http_is_refused_and_not_counted(self):
        auth = {"Authorization": "Bearer " + ADMIN_TOKEN}
        # More attempts than the lockout allows (5): none of them counts.
        for _ in range(8):
            status, _, body = plain_get(self.plain, "/api/v1/config", headers=auth)
            self.assertEqual((status, json.loads(body)["error"]), (403, "tls_required"))
        status, _, _ = plain_get(self.plain, "/healthz", headers={"Authorization": "Bearer x"})
        self.assertEqual(status, 403)
        # Over TLS the same other host gets everything, the token included.
        status, _, _, _ = https_get(self.tls_port, "/api/v1/config", headers=auth, source=LAN)
        self.assertEqual(status, 200)
        self.assertEqual(https_get(self.tls_port, "/", source=LAN)[0], 200)
        metrics = harness.http_request(self.wb.api() + "metrics")[2].decode()
        self.assertIn("wallboard_http_auth_failures_total 0", metrics)

    def test_this_host_is_unchanged(self):
        auth = {"Authorization": "Bearer " + ADMIN_TOKEN}
        self.assertEqual(plain_get(self.plain, "/api/v1/status", source="127.0.0.1")[0], 200)
        self.assertEqual(plain_get(self.plain, "/api/v1/config", source="127.0.0.1",
                                   headers=auth)[0], 200)


class HttpsDeadline(HttpsTestCase):

    def test_a_late_head_over_tls_is_closed_without_clear_text(self):
        # The request deadline (conns.c) serves both daemons; on the HTTPS
        # one its 408 must not be written as clear text into the TLS stream
        # (the client would see a TLS record error instead of a close).
        wb = self.start()
        port, _, _ = self.listening(wb)
        ctx = ssl.create_default_context()
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        raw = socket.create_connection(("127.0.0.1", port), timeout=60)
        with ctx.wrap_socket(raw) as tls:
            tls.sendall(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n")
            # A header line every 2 s, as a slowloris does, so the idle
            # timeout never fires and only the deadline can end it.
            tls.settimeout(2)
            for line in range(60):
                try:
                    got = tls.recv(4096)  # b"" at the close (no close_notify is fine)
                    break
                except TimeoutError:
                    tls.sendall(b"X-Slow-%d: 1\r\n" % line)
            else:
                self.fail("the connection outlived 60 header lines")
        self.assertEqual(got, b"")


class Wallboardctl(HttpsTestCase):

    def ctl(self, *args):
        env = dict(os.environ)
        env["WALLBOARD_TOKEN"] = ADMIN_TOKEN
        done = subprocess.run([sys.executable, TOOL] + list(args), capture_output=True,
                              env=env, timeout=60)
        return done.returncode, done.stdout.decode(), done.stderr.decode()

    def test_pinned_fingerprint_match_and_mismatch(self):
        wb = self.start()
        port, _, fp = self.listening(wb)
        url = "https://127.0.0.1:%d" % port
        rc, out, err = self.ctl("status", "--json", "--fingerprint", fp.lower(), url)
        row = json.loads(out)[0]
        self.assertEqual((row["reachable"], row["tls_fingerprint"], row["fingerprint_pinned"]),
                         (True, fp, True), out + err)
        self.assertNotIn("untrusted", row.get("error", ""))
        rc, out, err = self.ctl("status", url, "--fingerprint", fp)
        self.assertIn(fp, out)

        wrong = ":".join(["00"] * 32)
        hosts = os.path.join(self.tmp, "hosts")
        with open(hosts, "w", encoding="utf-8") as f:
            f.write("%s %s\n" % (url, wrong))
        for args in (["status", "--hosts", hosts], ["identify", "--hosts", hosts]):
            rc, out, err = self.ctl(*args)
            self.assertEqual(rc, 1, out + err)
            self.assertIn("certificate fingerprint mismatch: the board presents %s, the pin is %s"
                          % (fp, wrong), out + err)
        # Nothing was sent: the identify request never arrived.
        self.assertFalse(self.status(wb)["identify_active"])
        rc, out, err = self.ctl("identify", "--fingerprint", fp, url)
        self.assertEqual(rc, 0, out + err)
        self.assertTrue(self.status(wb)["identify_active"])

        # Without a pin a self-signed board is not trusted either.
        rc, out, err = self.ctl("status", url)
        self.assertEqual(rc, 1)
        self.assertIn("certificate not trusted", out + err)


if __name__ == "__main__":
    harness.main()
