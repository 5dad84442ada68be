"""What the image builds on: clock.ntp written out as a systemd-timesyncd
drop-in (--ntp-file) at start and whenever the setting changes, and refused
with the key named when a server name could smuggle anything into the file;
the root-side script that installs that file and trusts none of it; the
first-boot report (--boot-report) on the start screen and in the status; and
the board's identity: the avahi service file of --mdns-dir, the device in the
status and --print-hostname, with the id's sources faked
(WALLBOARD_TEST_DEVICE_ROOT)."""

import os
import signal
import socket
import stat
import subprocess
import time
import urllib.parse
import xml.etree.ElementTree as ET

import harness
from harness import write_config
from test_api import Api, decode_png

NTP_APPLY = os.path.join(harness.SOURCE_DIR, "board", "rpi", "rootfs", "usr", "lib",
                         "wallboard-image", "ntp-apply")
WROTE_RE = r"^wallboard: clock: wrote (.+): (.+)$"


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


class NtpFileTest(harness.ProcTestCase):

    def test_the_file_follows_clock_ntp_and_a_bad_name_changes_nothing(self):
        ntp_file = os.path.join(self.tmp, "timesyncd.conf")
        wb = self.wallboard(self.dead_url(), "--ntp-file", ntp_file)
        wb.wait_for(WROTE_RE)  # at start, with the default: no servers
        self.assertEqual(read(ntp_file), "[Time]\n")
        api = Api(wb.api())

        mark = wb.mark()
        status, _, doc = api.patch({"clock": {"ntp": ["ntp1.example.nl", "192.0.2.1", "fd00::123"]}})
        self.assertEqual(status, 200, doc)
        wb.wait_for(WROTE_RE, start=mark)
        self.assertEqual(read(ntp_file), "[Time]\nNTP=ntp1.example.nl 192.0.2.1 fd00::123\n")
        self.assertEqual(api.status()["clock"]["ntp"], ["ntp1.example.nl", "192.0.2.1", "fd00::123"])

        for bad in ("pool.ntp.org\nFallbackNTP=evil.example", "ntp one", "\"ntp\""):
            status, _, doc = api.patch({"clock": {"ntp": ["ok.example.nl", bad]}})
            self.assertEqual(status, 422, doc)
            paths = [p["path"] for p in doc["problems"]]
            self.assertIn("$.clock.ntp[1]", paths, doc)
        self.assertEqual(read(ntp_file), "[Time]\nNTP=ntp1.example.nl 192.0.2.1 fd00::123\n")

        mark = wb.mark()
        status, _, doc = api.patch({"clock": {"ntp": None}})  # back to the default
        self.assertEqual(status, 200, doc)
        wb.wait_for(WROTE_RE, start=mark)
        self.assertEqual(read(ntp_file), "[Time]\n")


class NtpApplyScriptTest(harness.ProcTestCase):
    """board/rpi/rootfs/usr/lib/wallboard-image/ntp-apply on the host, with
    temporary paths and a systemctl that records what it was asked."""

    def run_script(self, content):
        """Runs the script on content (bytes; None: no file; a callable: it
        makes the file at the path it is given) and returns its exit status,
        the installed drop-in (None: none), how often it restarted timesyncd
        and what it said."""
        src = os.path.join(self.tmp, "timesyncd.conf")
        dropins = os.path.join(self.tmp, "timesyncd.conf.d")
        calls = os.path.join(self.tmp, "systemctl.calls")
        fake = os.path.join(self.tmp, "systemctl")
        with open(fake, "w") as f:
            f.write("#!/bin/sh\necho \"$*\" >> %s\n" % calls)
        os.chmod(fake, 0o755)
        if os.path.lexists(src):
            os.remove(src)
        if callable(content):
            content(src)
        elif content is not None:
            with open(src, "wb") as f:
                f.write(content)
        env = dict(os.environ, WB_NTP_FILE=src, WB_TIMESYNCD_DIR=dropins, WB_SYSTEMCTL=fake)
        # The timeout only ends a hung script (a FIFO that blocks it); a
        # working one finishes at once.
        done = subprocess.run(["sh", NTP_APPLY], env=env, capture_output=True, timeout=30)
        dest = os.path.join(dropins, "50-wallboard.conf")
        installed = read(dest) if os.path.exists(dest) else None
        restarts = read(calls).count("try-restart systemd-timesyncd.service") if os.path.exists(calls) else 0
        if os.path.exists(calls):
            os.remove(calls)
        return done.returncode, installed, restarts, done.stdout.decode() + done.stderr.decode()

    def test_a_valid_file_is_installed_and_timesyncd_restarted(self):
        rc, installed, restarts, out = self.run_script(b"[Time]\nNTP=ntp1.example.nl 10.0.0.1 fd00::1\n")
        self.assertEqual((rc, restarts), (0, 1), out)
        self.assertEqual(installed, "[Time]\nNTP=ntp1.example.nl 10.0.0.1 fd00::1\n")
        # The board writes the same file at every start: no restart for that.
        rc, installed, restarts, out = self.run_script(b"[Time]\nNTP=ntp1.example.nl 10.0.0.1 fd00::1\n")
        self.assertEqual((rc, restarts), (0, 0), out)
        self.assertEqual(installed, "[Time]\nNTP=ntp1.example.nl 10.0.0.1 fd00::1\n")
        rc, installed, restarts, out = self.run_script(b"[Time]\n")  # back to DHCP's
        self.assertEqual((rc, installed, restarts), (0, None, 1), out)
        rc, installed, restarts, out = self.run_script(b"[Time]\n")  # nothing to change
        self.assertEqual((rc, installed, restarts), (0, None, 0), out)

    def test_anything_else_is_refused_and_changes_nothing(self):
        rc, _, _, out = self.run_script(b"[Time]\nNTP=good.example.nl\n")
        self.assertEqual(rc, 0, out)
        secret = os.path.join(self.tmp, "root-only")
        with open(secret, "wb") as f:
            f.write(b"[Time]\nNTP=secret.example.nl\n")
        # Each with the reason the script must give, so a case cannot pass
        # on a check that is not the one it names.
        bad = {
            "a second setting": (b"[Time]\nNTP=a.nl\nFallbackNTP=evil.nl\n", "more than two lines"),
            "another section": (b"[Network]\nNTP=a.nl\n", "first line is not [Time]"),
            "another key": (b"[Time]\nFallbackNTP=a.nl\n", "second line is not NTP="),
            "a tab": (b"[Time]\nNTP=a.nl\tb.nl\n", "not printable ASCII"),
            "a quote": (b"[Time]\nNTP=\"a.nl\"\n", "NTP= must be"),
            "a semicolon": (b"[Time]\nNTP=a.nl;reboot\n", "NTP= must be"),
            "two spaces": (b"[Time]\nNTP=a.nl  b.nl\n", "NTP= must be"),
            "five servers": (b"[Time]\nNTP=a b c d e\n", "NTP= must be"),
            "a leading dash": (b"[Time]\nNTP=-a.nl\n", "NTP= must be"),
            "a name too long": (b"[Time]\nNTP=" + b"a" * 254 + b"\n", "NTP= must be"),
            "a NUL": (b"[Time]\nNTP=a.nl\x00b\n", "not printable ASCII"),
            "a carriage return": (b"[Time]\r\nNTP=a.nl\r\n", "not printable ASCII"),
            "not ASCII": ("[Time]\nNTP=\u00e9.nl\n".encode(), "not printable ASCII"),
            "too large": (b"[Time]\n" + b"#" * 1100 + b"\n", "larger than 1100 bytes"),
            # wc -l would count one line and take it for "no servers".
            "no final newline": (b"[Time]\nNTP=a.nl", "no newline"),
            "a symlink": (lambda p: os.symlink(secret, p), "not a regular file"),
            # Would block a plain read for good (the run's timeout fails it).
            "a FIFO": (os.mkfifo, "first line is not [Time]"),
        }
        for what, (content, reason) in bad.items():
            rc, installed, restarts, out = self.run_script(content)
            self.assertNotEqual(rc, 0, "%s was accepted" % what)
            self.assertIn("rejected (", out, what)
            self.assertIn(reason, out, what)
            self.assertEqual((installed, restarts), ("[Time]\nNTP=good.example.nl\n", 0), what)


UPDATE_SCRIPT = os.path.join(harness.SOURCE_DIR, "board", "rpi", "rootfs", "usr", "lib", "wallboard-image", "update")
UPDATE_UNIT = os.path.join(harness.SOURCE_DIR, "board", "rpi", "rootfs", "etc", "systemd", "system",
                           "wallboard-update.service")


class UpdateInstallScriptTest(harness.ProcTestCase):
    """The root side of an install (board/rpi/.../wallboard-image/update
    install) on the host, with a temporary update directory and fakes for
    rauc and chown. CI once lost a second upload: the board hands over the
    next bundle as soon as state.json says how the last one ended, and the
    ending run removed that request on its way out."""

    def setUp(self):
        super().setUp()
        self.dir = os.path.join(self.tmp, "update")
        self.incoming = os.path.join(self.dir, "incoming")
        os.makedirs(self.incoming)
        self.bin = os.path.join(self.tmp, "bin")
        os.makedirs(self.bin)
        self.fake("chown", "exit 0")  # the test does not run as root

    def fake(self, name, body):
        path = os.path.join(self.bin, name)
        with open(path, "w") as f:
            f.write("#!/bin/sh\n%s\n" % body)
        os.chmod(path, 0o755)

    def hand_over(self, body):
        """What the board writes: the bundle, then the request."""
        with open(os.path.join(self.incoming, "bundle.raucb"), "wb") as f:
            f.write(body)
        with open(os.path.join(self.incoming, "request.json"), "w") as f:
            f.write('{"bundle": "bundle.raucb", "source": "api", "force": false}\n')

    def install(self):
        env = dict(os.environ, WB_UPDATE_DIR=self.dir, PATH=self.bin + os.pathsep + os.environ["PATH"])
        done = subprocess.run(["sh", UPDATE_SCRIPT, "install"], env=env, capture_output=True, timeout=60)
        return done.returncode, done.stderr.decode()

    def state(self):
        import json
        with open(os.path.join(self.dir, "state.json"), encoding="utf-8") as f:
            return json.load(f)

    def test_a_request_that_comes_while_an_install_ends_is_left_for_the_next_run(self):
        # rauc refuses the bundle, and a next request is there before the
        # run has ended: the real board writes it once state.json says
        # "failed", this fake a moment earlier; either way it is not the
        # request this run took.
        self.fake("rauc", "printf 'second' > %s/bundle.raucb\n"
                          "printf '{\"bundle\": \"bundle.raucb\", \"source\": \"pull\"}\\n' > %s/request.json\n"
                          "echo 'signature verification failed' >&2\nexit 1"
                  % (self.incoming, self.incoming))
        self.hand_over(b"first")
        rc, out = self.install()
        self.assertEqual(rc, 0, out)
        st = self.state()
        self.assertEqual((st["state"], st["last"]["result"]), ("failed", "refused"), st)
        self.assertIn("signature verification failed", st["last"]["reason"])
        # The next request and its bundle are still there for the path unit.
        with open(os.path.join(self.incoming, "request.json"), encoding="utf-8") as f:
            self.assertIn('"source": "pull"', f.read())
        with open(os.path.join(self.incoming, "bundle.raucb"), "rb") as f:
            self.assertEqual(f.read(), b"second")
        # And the unit removes nothing after the script either.
        with open(UPDATE_UNIT, encoding="utf-8") as f:
            unit = [line for line in f if not line.lstrip().startswith("#")]
        self.assertFalse([line for line in unit if "request.json" in line], unit)

    def test_a_request_without_a_bundle_is_dropped_with_the_reason(self):
        with open(os.path.join(self.incoming, "request.json"), "w") as f:
            f.write('{"bundle": "bundle.raucb", "source": "api"}\n')
        self.fake("rauc", "echo 'rauc must not be asked' >&2; exit 3")
        rc, out = self.install()
        self.assertEqual(rc, 0, out)
        self.assertFalse(os.path.exists(os.path.join(self.incoming, "request.json")))
        st = self.state()
        self.assertEqual(st["last"]["result"], "failed", st)
        self.assertIn("incoming/bundle.raucb is missing", st["last"]["reason"])
        # No request: nothing to do, nothing written.
        os.remove(os.path.join(self.dir, "state.json"))
        rc, out = self.install()
        self.assertEqual(rc, 0, out)
        self.assertFalse(os.path.exists(os.path.join(self.dir, "state.json")))


class BootReportTest(harness.ProcTestCase):

    def start_screen(self, *args):
        """The board without a feed URL (the start screen stays up, and its
        status line says the same every time, unlike a connection error that
        names milliseconds): its status and the rows of a screenshot below the
        header (whose clock moves by itself). The same port every run: the
        start screen shows the URL with it."""
        if not hasattr(self, "port"):
            # Both ports fixed: the start screen shows the http and https
            # URLs (the certificate, in the same state dir, stays the same).
            socks = [socket.socket(), socket.socket()]
            for sock in socks:
                sock.bind(("127.0.0.1", 0))
            self.port, self.tls_port = (sock.getsockname()[1] for sock in socks)
            for sock in socks:
                sock.close()
        wb = self.wallboard("", *args,
                            config=write_config(self.tmp, display={"language": "en"},
                                                http={"port": self.port, "tls_port": self.tls_port}))
        wb.wait_for(harness.ERROR_RE)
        header = wb.dump()["layout"]["header"]
        api = Api(wb.api())
        status, shot = api.status(), api.screenshot()
        wb.stop()
        return status, shot[2][header["y"] + header["h"]:]

    def write_report(self, text):
        path = os.path.join(self.tmp, "boot-report.txt")
        with open(path, "wb") as f:
            f.write(text)
        return path

    def test_the_report_is_in_the_status_and_on_the_start_screen(self):
        report = self.write_report(
            b"wallboard.json\tapplied\t\n"
            b"wifi.conf\trejected\tcountry= must be two letters (e.g. country=NL)\n"
            b"ssh\tapplied\t\n")
        status, shot = self.start_screen("--boot-report", report)
        self.assertEqual(status["first_boot"], [
            {"file": "wallboard.json", "result": "applied", "message": ""},
            {"file": "wifi.conf", "result": "rejected",
             "message": "country= must be two letters (e.g. country=NL)"},
            {"file": "ssh", "result": "applied", "message": ""},
        ])
        # The same start screen without a report: the report's lines are what differs.
        os.remove(report)
        status_without, shot_without = self.start_screen("--boot-report", report)
        self.assertEqual(status_without["first_boot"], [])
        self.assertNotEqual(shot, shot_without, "the start screen does not show the report")
        # ... and nothing else differs between two runs, or the line above proves nothing.
        _, shot_again = self.start_screen("--boot-report", report)
        self.assertEqual(shot_without, shot_again, "start screens differ by more than the report")

    def test_a_malformed_report_is_reported_as_such(self):
        report = self.write_report(b"wallboard.json\tapplied\t\nwifi.conf\tmaybe\t\x1b[2J\n")
        status, _ = self.start_screen("--boot-report", report)
        self.assertEqual(status["first_boot"], [
            {"file": "boot-report.txt", "result": "invalid",
             "message": "line 2: the result is neither \"applied\" nor \"rejected\""},
        ])
        report = self.write_report(b"x\tapplied\t\n" * 1000)
        status, _ = self.start_screen("--boot-report", report)
        self.assertEqual(status["first_boot"][0]["result"], "invalid")
        self.assertIn("larger than 4096 bytes", status["first_boot"][0]["message"])


def fake_device_root(directory, serial=None, mac=None, machine_id=None):
    """A directory laid out like / for the id's sources: the device tree's
    serial-number (NUL-terminated, as the kernel has it), eth0's MAC and the
    machine id; what is None is left out."""
    root = os.path.join(directory, "device-root")
    files = {"proc/device-tree/serial-number": serial and serial.encode() + b"\0",
             "sys/class/net/lo/address": b"00:00:00:00:00:00\n",
             "sys/class/net/eth0/address": mac and mac.encode() + b"\n",
             "etc/machine-id": machine_id and machine_id.encode() + b"\n"}
    for path, data in files.items():
        if data is None:
            continue
        full = os.path.join(root, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "wb") as f:
            f.write(data)
    return root


def services(path):
    """{type: (port, {txt key: value})} of an avahi service file, which must
    be well-formed XML; and the instance name."""
    tree = ET.parse(path).getroot()
    assert tree.tag == "service-group", tree.tag
    out = {}
    for svc in tree.findall("service"):
        txt = dict(t.text.split("=", 1) if "=" in (t.text or "") else ((t.text or ""), "")
                   for t in svc.findall("txt-record"))
        out[svc.findtext("type")] = (int(svc.findtext("port")), txt)
    return tree.findtext("name"), out


# The host's own name wins when it is one of ours (a developer's board).
HOST_IS_OURS = socket.gethostname().startswith("wallboard-")
ANNOUNCING_RE = r"^wallboard: mdns: announcing (\S+) port (\d+) in (.+)$"


class MdnsTest(harness.ProcTestCase):

    def test_the_service_file_follows_the_name_and_goes_at_exit(self):
        root = fake_device_root(self.tmp, serial="10000000cafe1234", mac="b8:27:eb:12:34:56")
        mdns = os.path.join(self.tmp, "mdns")
        os.makedirs(mdns)
        # A file left by a board that was killed is replaced, not trusted.
        with open(os.path.join(mdns, "wallboard.service"), "w") as f:
            f.write("stale")
        wb = self.wallboard(self.dead_url(), "--mdns-dir", mdns, env={"WALLBOARD_TEST_DEVICE_ROOT": root})
        m = wb.wait_for(ANNOUNCING_RE)
        path = os.path.join(mdns, "wallboard.service")
        self.assertEqual(m.group(3), path)
        port = urllib.parse.urlsplit(wb.api()).port
        self.assertEqual(int(m.group(2)), port)
        hostname = m.group(1) if HOST_IS_OURS else "wallboard-cafe1234"
        self.assertEqual(m.group(1), hostname)
        # avahi reads it as its own user, whatever the board's umask.
        self.assertEqual(stat.S_IMODE(os.stat(path).st_mode), 0o644)
        self.assertEqual(sorted(os.listdir(mdns)), ["wallboard.service"])  # no temp file left

        name, svcs = services(path)
        self.assertEqual(name, hostname)  # no device.name: the hostname
        self.assertEqual(sorted(svcs), ["_http._tcp", "_wallboard._tcp"])
        for kind, api_path in (("_wallboard._tcp", "/api/v1"), ("_http._tcp", "/")):
            self.assertEqual(svcs[kind], (port, {"id": "cafe1234", "name": "",
                                                 "version": svcs[kind][1]["version"], "path": api_path}))
            self.assertRegex(svcs[kind][1]["version"], r"^\d+\.\d+")

        wb.wait_for(harness.ERROR_RE)  # a pass of the loop: the status is published
        api = Api(wb.api())
        device = api.status()["device"]
        self.assertTrue(device.pop("tls")["enabled"])  # test_https.py checks the rest
        self.assertEqual(device, {"id": "cafe1234", "name": "", "hostname": hostname,
                                  "version": svcs["_wallboard._tcp"][1]["version"]})

        # A new name is announced within seconds, escaped for XML.
        status, _, doc = api.patch({"device": {"name": "Floor 2 <east> & co"}})
        self.assertEqual(status, 200, doc)
        deadline = time.monotonic() + harness.WAIT_S
        while services(path)[0] != "Floor 2 <east> & co":
            self.assertLess(time.monotonic(), deadline, open(path).read())
            time.sleep(0.2)
        self.assertEqual(services(path)[1]["_wallboard._tcp"][1]["name"], "Floor 2 <east> & co")
        self.assertEqual(api.status()["device"]["name"], "Floor 2 <east> & co")
        # An id that would not make a hostname is refused with its path.
        status, _, doc = api.patch({"device": {"id": "Floor_2"}})
        self.assertEqual(status, 422, doc)
        self.assertIn("$.device.id", [p["path"] for p in doc["problems"]], doc)

        wb.stop()
        self.assertEqual(os.listdir(mdns), [])  # withdrawn at exit

    def test_without_a_dir_nothing_is_written_and_the_id_falls_back(self):
        # No serial, no MAC: the machine id's last 8 hex digits.
        root = fake_device_root(self.tmp, machine_id="3d1219c7c4c5404aaa1f6d2a48adfda4")
        wb = self.wallboard(self.dead_url(), env={"WALLBOARD_TEST_DEVICE_ROOT": root})
        wb.wait_for(r"^wallboard: device: id 48adfda4 \(machine-id\), hostname ")
        wb.wait_for(harness.ERROR_RE)  # a pass of the loop: the status is published
        self.assertEqual(Api(wb.api()).status()["device"]["id"], "48adfda4")
        self.assertFalse(wb.seen(r"^wallboard: mdns:"))

    def print_hostname(self, root, *args):
        env = dict(harness.wallboard_env(), WALLBOARD_TEST_DEVICE_ROOT=root)
        done = subprocess.run([harness.wallboard_binary(), "--print-hostname"] + list(args),
                              stdin=subprocess.DEVNULL, capture_output=True, env=env, timeout=60)
        self.assertEqual(done.returncode, 0, done.stderr)
        return done.stdout.decode()

    def test_print_hostname_for_the_image(self):
        state = os.path.join(self.tmp, "no-state")
        config = os.path.join(self.tmp, "empty.json")
        with open(config, "w") as f:
            f.write("{}")
        # A serial of zeros (as under QEMU) counts as none: the MAC.
        root = fake_device_root(self.tmp, serial="0000000000000000", mac="52:54:00:12:34:56")
        # Never the system's current name: the image sets it from this.
        self.assertEqual(self.print_hostname(root, "--config", config, "--state-dir", state),
                         "wallboard-00123456\n")
        with open(config, "w") as f:
            f.write('{"device": {"id": "lobby"}}')
        self.assertEqual(self.print_hostname(root, "--config", config, "--state-dir", state),
                         "wallboard-lobby\n")
        self.assertFalse(os.path.exists(state))  # it writes nothing


if __name__ == "__main__":
    harness.main()
