"""https feeds: certificates are always verified. A server signed by a private
CA fails until that CA is given as feed.ca_file; a certificate for another host
name fails even then. Certificates are made per run with the openssl CLI."""

import http.server
import os
import ssl
import subprocess
import threading

import harness
from harness import png_size, run_wallboard, write_config

EXAMPLE = os.path.join(harness.SOURCE_DIR, "docs", "examples", "feed-full.json")
HANDSHAKE_TIMEOUTS = {"connect_timeout_s": 30, "timeout_s": 45}
TIMED_OUT = r"(?i)time(d)? ?out"


def openssl(*args):
    subprocess.run(["openssl"] + list(args), check=True, capture_output=True)


class FeedHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        with open(EXAMPLE, "rb") as f:
            body = f.read()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class TlsTest(harness.ProcTestCase):

    def make_ca(self):
        self.ca_key = os.path.join(self.tmp, "ca.key")
        self.ca_crt = os.path.join(self.tmp, "ca.crt")
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-subj", "/CN=wallboard test CA", "-keyout", self.ca_key, "-out", self.ca_crt)

    def server_cert(self, name, san):
        key, csr, crt, ext = (os.path.join(self.tmp, name + s) for s in (".key", ".csr", ".crt", ".ext"))
        with open(ext, "w") as f:
            f.write("subjectAltName=%s\n" % san)
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=" + name,
                "-keyout", key, "-out", csr)
        openssl("x509", "-req", "-in", csr, "-CA", self.ca_crt, "-CAkey", self.ca_key,
                "-CAcreateserial", "-days", "2", "-extfile", ext, "-out", crt)
        return crt, key

    def https_server(self, crt, key):
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), FeedHandler)
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(crt, key)
        server.socket = ctx.wrap_socket(server.socket, server_side=True)
        self.addCleanup(server.server_close)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        self.addCleanup(thread.join)
        self.addCleanup(server.shutdown)
        return "https://127.0.0.1:%d/feed" % server.server_address[1]

    def screenshot(self, url, ca_file=None):
        out = os.path.join(self.tmp, "shot.png")
        # The connect timeout covers the TLS handshake too, which under
        # qemu-user on a loaded machine can take seconds: generous limits, so
        # that what fails below fails on the certificate, never on time.
        feed = dict(HANDSHAKE_TIMEOUTS, **({"ca_file": ca_file} if ca_file else {}))
        rc, _, err = run_wallboard("--feed", url, "--config", write_config(self.tmp, feed=feed),
                                   "--state-dir", self.state_dir, "--size", "640x360",
                                   "--screenshot", out, timeout=120)
        return rc, err, out

    def setUp(self):
        super().setUp()
        self.make_ca()

    def test_private_ca_needs_ca_file(self):
        url = self.https_server(*self.server_cert("good", "IP:127.0.0.1"))
        rc, err, out = self.screenshot(url)
        self.assertNotEqual(rc, 0, "an unknown CA was accepted")
        self.assertRegex(err, r"(?i)certificate")
        self.assertNotRegex(err, TIMED_OUT)
        self.assertFalse(os.path.exists(out))

        rc, err, out = self.screenshot(url, ca_file=self.ca_crt)
        self.assertEqual(rc, 0, err)
        self.assertEqual(png_size(out), (640, 360))

    def test_host_name_is_checked_even_with_the_ca(self):
        url = self.https_server(*self.server_cert("other", "DNS:feed.example.nl"))
        rc, err, out = self.screenshot(url, ca_file=self.ca_crt)
        self.assertNotEqual(rc, 0, "a certificate for another host was accepted")
        self.assertRegex(err, r"(?i)(certificate|host ?name|subject)")
        self.assertNotRegex(err, TIMED_OUT)
        self.assertFalse(os.path.exists(out))

    def test_missing_ca_file_is_a_clear_error(self):
        url = self.https_server(*self.server_cert("good", "IP:127.0.0.1"))
        rc, err, _ = self.screenshot(url, ca_file=os.path.join(self.tmp, "nope.pem"))
        self.assertNotEqual(rc, 0)
        self.assertIn("nope.pem", err)


if __name__ == "__main__":
    harness.main()
