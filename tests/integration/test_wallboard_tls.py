"""https feeds: certificates are always verified. A server signed by a private
CA fails until that CA is given as feed.ca_file; a certificate for another host
name fails even then; a certificate that is not valid yet fails, and while the
system clock is not synchronised the board says that the clock is the cause.
Certificates are made per run with the openssl CLI."""

import http.server
import os
import ssl
import subprocess
import threading

import harness
from harness import ERROR_RE, png_size, run_wallboard, write_config
from test_api import Api
from test_display_wait import wait_until

# The screen's words (display.language en), firmware/core/i18n.c.
CLOCK_EN = "Clock not set"
REMEDY_EN = "allow NTP (UDP 123) or set clock.ntp"
CERT_TIME_EN = ("Certificate out of date", "renew it on the server")
UNTRUSTED_EN = ("Certificate not trusted", "set feed.ca_file")

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

    def future_cert(self, name, san):
        """A certificate of the test CA whose validity starts in 2099 (openssl
        ca, because x509 -req cannot set a start date in OpenSSL 3.0)."""
        d = os.path.join(self.tmp, "ca-db")
        os.makedirs(d)
        open(os.path.join(d, "index.txt"), "w").close()
        with open(os.path.join(d, "serial"), "w") as f:
            f.write("1000\n")
        cnf, ext = os.path.join(d, "ca.cnf"), os.path.join(d, "ext.cnf")
        with open(cnf, "w") as f:
            f.write("[ca]\ndefault_ca = test\n[test]\ndir = %s\ndatabase = $dir/index.txt\n"
                    "serial = $dir/serial\nnew_certs_dir = $dir\ndefault_md = sha256\n"
                    "policy = any\ncopy_extensions = none\n[any]\ncommonName = supplied\n" % d)
        with open(ext, "w") as f:
            f.write("subjectAltName=%s\n" % san)
        key, csr, crt = (os.path.join(self.tmp, name + s) for s in (".key", ".csr", ".crt"))
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=" + name,
                "-keyout", key, "-out", csr)
        openssl("ca", "-batch", "-config", cnf, "-cert", self.ca_crt, "-keyfile", self.ca_key,
                "-startdate", "20990101000000Z", "-enddate", "20991231000000Z",
                "-extfile", ext, "-notext", "-in", csr, "-out", crt)
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


    def clock_board(self, synchronized, cert=None, ca_file=True):
        """The board on an https feed whose certificate is valid from 2099 (or
        cert), with the clock said to be synchronised or not; returns the
        board's status and status.json once the failure is on screen."""
        url = self.https_server(*(cert or self.future_cert("future", "IP:127.0.0.1")))
        feed = dict(HANDSHAKE_TIMEOUTS, **({"ca_file": self.ca_crt} if ca_file else {}))
        config = write_config(self.tmp, feed=feed, display={"language": "en"})
        wb = self.wallboard(url, config=config,
                            env={"WALLBOARD_TEST_CLOCK_SYNCHRONIZED": "1" if synchronized else "0"})
        error = wb.wait_for(ERROR_RE).group(1)
        frame = wb.dump()  # a pass after the failure was applied
        # The API may lag the screen by up to a second (task_publish.c).
        api = Api(wb.api())

        def failed_status():
            status = api.status()
            return status if status["feed"]["last_error"] else None
        return error, wait_until("the failure in /api/v1/status", failed_status), frame

    def test_not_yet_valid_with_the_clock_unset_says_the_clock_is_the_cause(self):
        error, status, frame = self.clock_board(synchronized=False)
        self.assertRegex(error, r"^the system clock is not synchronised \(.*certificate")
        self.assertFalse(status["clock"]["synchronized"])
        self.assertEqual(status["feed"]["last_error"], CLOCK_EN + ": " + REMEDY_EN)
        self.assertEqual(frame["stale_reason"], CLOCK_EN)
        self.assertEqual(frame["stale_remedy"], REMEDY_EN)

    def test_not_yet_valid_with_the_clock_set_is_the_certificate_error(self):
        error, status, frame = self.clock_board(synchronized=True)
        self.assertRegex(error, r"(?i)certificate.*not yet valid")
        self.assertTrue(status["clock"]["synchronized"])
        self.assertRegex(status["feed"]["last_error"], r"(?i)certificate.*not yet valid")
        self.assertNotIn("clock", status["feed"]["last_error"])
        self.assertEqual((frame["stale_reason"], frame["stale_remedy"]), CERT_TIME_EN)

    def test_another_certificate_failure_with_the_clock_unset_is_not_blamed_on_the_clock(self):
        # The same curl code (CURLE_PEER_FAILED_VERIFICATION) with another
        # verify result (an unknown CA, 20): only 9 and 10 are about dates.
        error, status, frame = self.clock_board(
            synchronized=False, cert=self.server_cert("good", "IP:127.0.0.1"), ca_file=False)
        self.assertRegex(error, r"(?i)certificate")
        self.assertNotRegex(error, r"(?i)clock|not yet valid|expired")
        self.assertFalse(status["clock"]["synchronized"])
        self.assertNotIn("clock", status["feed"]["last_error"])
        # curl's verify result 20 tells an unknown CA from other failures
        self.assertEqual((frame["stale_reason"], frame["stale_remedy"]), UNTRUSTED_EN)


if __name__ == "__main__":
    harness.main()
