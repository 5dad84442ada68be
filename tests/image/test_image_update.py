"""A/B updates of the SD card image end to end under QEMU (issue 14), checked
from outside only: the serial console and the board's HTTP API through the
forwarded port. One disk, one scenario:

1. the image (version N) boots from slot A;
2. bundle N+1 is uploaded with POST /api/v1/update: the board installs it into
   slot B and restarts by itself; U-Boot's script boots B on trial; the board
   becomes healthy and the slot is committed; status names N+1 on B, N on A;
3. bundle N+2, whose init dies at once, is uploaded: its slot (A) is tried
   three times by the boot script, then B boots again by itself; status says
   rolled back and why;
4. bundle N+3 is uploaded and the power cut in the middle of its install: the
   next boot is N+1 on B, healthy, and status says the install was cut;
5. a bundle signed by another CA and one for another compatible are refused,
   and slot A is not written by either;
6. update.url names a manifest on the test's HTTP server: the board pulls N+3,
   installs it into A, restarts, commits it.

The bundles are made here with board/rpi/build-bundle.sh from the image's own
slot file system (a copy with its version file changed by debugfs; N+2 with a
PID 1 that exits), signed with the throwaway CA the image was built to trust
(--keys); the "other" CA is made here. Figures (bundle size, install time, time
to a committed update, to a rollback) are printed as "figure: NAME=VALUE" and
written to --figures. Standard library only, plus the image tools.
"""

import hashlib
import http.client
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import test_image_boot as tib
from imagefs import debugfs, fat, partitions

UPDATE_GUEST_ADDR = ("10.0.2.101", 8080)
HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
BOOT_DEADLINE_S = tib.BOOT_DEADLINE_S
INSTALL_DEADLINE_S = 900
ATTEMPTS = 3  # the boot script's tries for a new slot (RAUC boot-attempts)


def log(msg):
    tib.log(msg)


def sh(*argv, **kw):
    return subprocess.run(list(argv), check=True, **kw)


def slot_version(ext4):
    return debugfs(ext4, 0, "cat /etc/wallboard-image/version").strip()


def variant(src, dest, version, broken=False):
    """A copy of the slot file system src with another version; broken: its
    PID 1 (systemd) replaced by a program that exits, so the kernel panics."""
    sh("cp", "--sparse=always", src, dest)
    work = os.path.dirname(dest)
    vfile = dest + ".version"
    with open(vfile, "w") as f:
        f.write(version + "\n")
    cmds = ["cd /etc/wallboard-image", "rm version", "write %s version" % vfile]
    if broken:
        init = dest + ".init"
        with open(init, "w") as f:
            f.write("#!/bin/sh\necho 'wallboard test: this slot cannot start'\nexit 1\n")
        os.chmod(init, 0o755)
        cmds += ["cd /usr/lib/systemd", "rm systemd", "write %s systemd" % init]
    script = os.path.join(work, os.path.basename(dest) + ".debugfs")
    with open(script, "w") as f:
        f.write("\n".join(cmds) + "\n")
    sh("debugfs", "-w", "-f", script, dest, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if slot_version(dest) != version:
        raise tib.Failure("could not set the version of %s" % dest)


def bundle(rootfs, out, keys, compatible=None):
    argv = [os.path.join(REPO, "board/rpi/build-bundle.sh"), "--rootfs", rootfs, "--out", out,
            "--cert", os.path.join(keys, "signing.cert.pem"), "--key", os.path.join(keys, "signing.key.pem"),
            "--keyring", os.path.join(keys, "ca.cert.pem")]
    if compatible:
        argv += ["--compatible", compatible]
    t = time.monotonic()
    sh(*argv, stdout=subprocess.DEVNULL)
    return time.monotonic() - t


def small_rootfs(dest, version):
    """A few-KiB slot file system, for the bundles that must be refused."""
    tree = dest + ".tree"
    os.makedirs(os.path.join(tree, "etc/wallboard-image"), exist_ok=True)
    with open(os.path.join(tree, "etc/wallboard-image/version"), "w") as f:
        f.write(version + "\n")
    # Something that does not compress: RAUC wants more than a 4 KiB squashfs.
    with open(os.path.join(tree, "filler"), "wb") as f:
        f.write(os.urandom(256 * 1024))
    sh("mke2fs", "-q", "-F", "-t", "ext4", "-d", tree, dest, "8M")


class UpdateServer:
    """The customer's HTTP server: serves files of a folder, with an ETag and
    304 for If-None-Match, as a CDN would."""

    def __init__(self, folder):
        root = folder

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *a):
                pass

            def do_GET(self):
                path = os.path.join(root, os.path.basename(self.path.split("?")[0]))
                if not os.path.isfile(path):
                    self.send_error(404)
                    return
                st = os.stat(path)
                etag = '"%x-%x"' % (st.st_size, st.st_mtime_ns)
                if self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Length", str(st.st_size))
                self.send_header("ETag", etag)
                self.end_headers()
                with open(path, "rb") as f:
                    shutil.copyfileobj(f, self.wfile, 1 << 20)

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()


def update_status(port):
    try:
        with urllib.request.urlopen("http://127.0.0.1:%d/api/v1/update" % port, timeout=10) as r:
            return json.load(r)
    except (urllib.error.URLError, OSError, ValueError):
        return None


def upload(port, path, token=tib.ADMIN_TOKEN):
    """POST /api/v1/update with the bundle as the body: (status, body)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    with open(path, "rb") as f:
        conn.request("POST", "/api/v1/update", body=f,
                     headers={"Authorization": "Bearer " + token, "Content-Type": "application/octet-stream",
                              "Content-Length": str(os.path.getsize(path))})
        r = conn.getresponse()
        body = r.read()
    conn.close()
    return r.status, body


def patch_config(port, patch):
    req = urllib.request.Request("http://127.0.0.1:%d/api/v1/config" % port, data=json.dumps(patch).encode(),
                                 method="PATCH", headers={"Authorization": "Bearer " + tib.ADMIN_TOKEN,
                                                          "Content-Type": "application/merge-patch+json"})
    with urllib.request.urlopen(req, timeout=30) as r:
        return r.status


def run(args):
    work = args.workdir
    os.makedirs(work, exist_ok=True)
    figures = {}
    parts = partitions(args.image)
    if len(parts) != 4:
        raise tib.Failure("expected boot, slot A, slot B and data partitions, found %d" % len(parts))
    boot_off, slot_a, slot_b = parts[0][0], parts[1], parts[2]

    # The bundles: N+1, a broken N+2, N+3, and two that must be refused.
    n = slot_version(args.rootfs)
    if not n:
        raise tib.Failure("%s has no /etc/wallboard-image/version" % args.rootfs)
    v = {k: "%s+t%d" % (n, k) for k in (1, 2, 3, 9)}
    other_keys = os.path.join(work, "other-keys")
    shutil.rmtree(other_keys, ignore_errors=True)
    sh(os.path.join(REPO, "board/rpi/update-keys.sh"), "--dir", other_keys, "--name", "someone else",
       stdout=subprocess.DEVNULL)
    b = {}
    for k, broken in ((1, False), (2, True), (3, False)):
        fs = os.path.join(work, "n%d.ext4" % k)
        variant(args.rootfs, fs, v[k], broken)
        b[k] = os.path.join(work, "n%d.raucb" % k)
        figures["bundle_build_s"] = round(bundle(fs, b[k], args.keys), 1)
        os.unlink(fs)
    figures["bundle_bytes"] = os.path.getsize(b[1])
    small = os.path.join(work, "small.ext4")
    small_rootfs(small, v[9])
    b["otherkey"] = os.path.join(work, "otherkey.raucb")
    bundle(small, b["otherkey"], other_keys)
    b["othercomp"] = os.path.join(work, "othercomp.raucb")
    bundle(small, b["othercomp"], args.keys, compatible="wallboard-test-other-board")
    log("bundles: N=%s, %s (%d bytes each for a whole slot)" % (n, ", ".join(v[k] for k in (1, 2, 3)),
                                                               figures["bundle_bytes"]))

    disk = os.path.join(work, "disk.img")
    sh("cp", "--sparse=always", args.image, disk)
    pub = os.path.join(work, "pub")
    os.makedirs(pub, exist_ok=True)
    server = UpdateServer(pub)
    feedsim = subprocess.Popen([sys.executable, "-B", args.feedsim, "--port", "0", "--bind", "127.0.0.1",
                                "--token", tib.FEED_TOKEN, "--quiet"],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    qemu = None
    http_port = tib.free_port()
    boots = [0]

    def boot():
        boots[0] += 1
        return tib.start_qemu(args, disk, work, http_port, feed_port, boots[0],
                              forwards=[UPDATE_GUEST_ADDR + (server.port,)])

    def wait_status(what, deadline, pred, serial, q):
        last = [None]

        def check():
            st = update_status(http_port)
            if st is not None:
                last[0] = st
            return st if st is not None and pred(st) else None
        try:
            return tib.wait_until(what, deadline, check, serial, q)
        except tib.Failure as e:
            raise tib.Failure("%s\n--- last /api/v1/update ---\n%s" % (e, json.dumps(last[0], indent=1)))

    def runs(st, slot, version):
        booted = st.get("booted") or {}  # null while the board has not read state.json
        return booted.get("slot") == slot and booted.get("version") == version

    try:
        m = re.search(r"listening on http://[^:]+:(\d+)/feed", feedsim.stdout.readline())
        if not m:
            raise tib.Failure("feed simulator did not start")
        feed_port = int(m.group(1))
        # Plain HTTP for the admin API here: the bundles (tens of MB) would
        # cross TLS in an emulated guest for minutes each; HTTPS as shipped
        # is test_image_boot's (certificate, pinning, the token refused over
        # plain HTTP from another host).
        settings = {"feed": {"url": "http://%s:%d/feed" % tib.FEED_GUEST_ADDR, "token": tib.FEED_TOKEN},
                    "display": {"title": tib.TITLE}, "admin": {"token": tib.ADMIN_TOKEN},
                    "http": {"tls_enabled": False}}
        wj = os.path.join(work, "wallboard.json")
        with open(wj, "w") as f:
            json.dump(settings, f)
        sh("mcopy", "-o", "-i", fat(disk, boot_off), wj, "::/wallboard.json")
        tib.set_boot_args(disk, boot_off, args.append, work)

        # 1. Version N from slot A.
        qemu, serial, monitor = boot()
        t = serial.t0
        st = wait_status("version %s running from slot A" % n, t + BOOT_DEADLINE_S,
                         lambda s: runs(s, "A", n) and s.get("state") == "idle", serial, qemu)
        tib.wait_until("first frame with data", t + BOOT_DEADLINE_S,
                       lambda: serial.search(r"frame: first frame with data"), serial, qemu)
        if (st.get("other") or {}).get("bootable"):
            raise tib.Failure("slot B is bootable on a fresh card: %s" % st)
        log("1. version %s runs from slot A; slot B empty" % n)

        # 2. N+1 through the API: installed into B, trial, committed.
        mark = serial.mark()
        t = time.monotonic()
        code, body = upload(http_port, b[1])
        if code != 202:
            raise tib.Failure("POST /api/v1/update answered %d: %s" % (code, body[:300]))
        figures["upload_s"] = round(time.monotonic() - t, 1)
        tib.wait_until("the install of %s and the restart" % v[1], t + INSTALL_DEADLINE_S,
                       lambda: serial.search(r"wallboard: booting slot B", mark), serial, qemu)
        figures["install_to_restart_s"] = round(time.monotonic() - t, 1)
        st = wait_status("%s committed on slot B" % v[1], time.monotonic() + BOOT_DEADLINE_S,
                         lambda s: runs(s, "B", v[1]) and s.get("state") == "committed", serial, qemu)
        figures["upload_to_committed_s"] = round(time.monotonic() - t, 1)
        if (st.get("other") or {}).get("slot") != "A" or (st.get("other") or {}).get("version") != n:
            raise tib.Failure("after the update the other slot should be A with %s: %s" % (n, st))
        if not tib.healthz(http_port):
            raise tib.Failure("/healthz is not 200 on the committed slot")
        log("2. %s committed on slot B after %.0f s (install and restart %.0f s); A keeps %s"
            % (v[1], figures["upload_to_committed_s"], figures["install_to_restart_s"], n))

        # 3. A broken N+2: three tries of slot A, then B again by itself.
        mark = serial.mark()
        t = time.monotonic()
        code, body = upload(http_port, b[2])
        if code != 202:
            raise tib.Failure("POST /api/v1/update (N+2) answered %d: %s" % (code, body[:300]))
        def back_on_b():
            text = serial.text()[mark:]
            tries = [m.end() for m in re.finditer(r"wallboard: booting slot A", text)]
            return len(tries) >= ATTEMPTS and "wallboard: booting slot B" in text[tries[-1]:]

        tib.wait_until("tries of slot A and a boot of slot B", t + INSTALL_DEADLINE_S + BOOT_DEADLINE_S,
                       back_on_b, serial, qemu)
        if serial.count(r"wallboard: booting slot A", mark) != ATTEMPTS:
            raise tib.Failure("slot A was tried %d times, not %d" % (serial.count(r"wallboard: booting slot A", mark),
                                                                      ATTEMPTS))
        if not serial.search(r"wallboard test: this slot cannot start", mark):
            raise tib.Failure("the broken slot's init never ran: the rollback was not caused by it")
        st = wait_status("the rollback reported", time.monotonic() + BOOT_DEADLINE_S,
                         lambda s: runs(s, "B", v[1]) and s.get("state") == "rolled_back", serial, qemu)
        figures["upload_to_rolled_back_s"] = round(time.monotonic() - t, 1)
        last = st.get("last") or {}
        if last.get("result") != "rolled_back" or v[2] not in last.get("reason", "") or \
                "never started" not in last.get("reason", ""):
            raise tib.Failure("the rollback's reason is not reported: %s" % st)
        log("3. %s rolled back to %s on B after %.0f s: %s" % (v[2], v[1], figures["upload_to_rolled_back_s"],
                                                              last.get("reason")))

        # 4. The power cut in the middle of installing N+3.
        code, body = upload(http_port, b[3])
        if code != 202:
            raise tib.Failure("POST /api/v1/update (N+3) answered %d: %s" % (code, body[:300]))
        wait_status("the install of %s writing the slot" % v[3], time.monotonic() + INSTALL_DEADLINE_S,
                    lambda s: s.get("state") == "installing" and s.get("progress", 0) >= 40, serial, qemu)
        tib.power_cut(qemu)
        qemu = None
        log("4. power cut while installing %s" % v[3])
        qemu, serial, monitor = boot()
        st = wait_status("%s on B after the cut" % v[1], serial.t0 + BOOT_DEADLINE_S,
                         lambda s: runs(s, "B", v[1]) and s.get("state") == "failed", serial, qemu)
        last = st.get("last") or {}
        if last.get("result") != "interrupted" or "interrupted" not in last.get("reason", "") or \
                last.get("version") != v[3] or last.get("source") != "api":
            raise tib.Failure("the cut install of %s (uploaded) is not reported: %s" % (v[3], st))
        tib.wait_until("/healthz 200 after the cut", serial.t0 + BOOT_DEADLINE_S,
                       lambda: tib.healthz(http_port), serial, qemu)
        if serial.search(r"wallboard: booting slot A"):
            raise tib.Failure("the boot after the cut tried slot A, which the cut install left half written")
        log("4. after the cut: %s on B, healthy; %s" % (v[1], st["last"]["reason"]))

        # 5. Refused: another CA's signature, another compatible; A untouched.
        before = tib.region_sha256(disk, *slot_a)
        for key, want in (("otherkey", "rauc refused"), ("othercomp", "wallboard-test-other-board")):
            t = time.monotonic()
            code, body = upload(http_port, b[key])
            if code != 202:
                raise tib.Failure("POST /api/v1/update (%s) answered %d: %s" % (key, code, body[:300]))
            st = wait_status("the %s bundle refused" % key, t + INSTALL_DEADLINE_S,
                             lambda s: (s.get("last") or {}).get("result") == "refused" and
                             s.get("state") == "failed" and want in (s.get("last") or {}).get("reason", ""),
                             serial, qemu)
            log("5. %s: %s" % (key, st["last"]["reason"]))
        if tib.region_sha256(disk, *slot_a) != before:
            raise tib.Failure("a refused bundle wrote to slot A")
        if not runs(update_status(http_port) or {}, "B", v[1]):
            raise tib.Failure("the board no longer runs %s on B after the refusals" % v[1])

        # 6. The pull: a manifest names N+3; the board brings itself there.
        shutil.copy(b[3], os.path.join(pub, "n3.raucb"))
        with open(b[3], "rb") as f:
            digest = hashlib.sha256(f.read()).hexdigest()
        with open(os.path.join(pub, "manifest.json"), "w") as f:
            json.dump({"version": v[3], "url": "n3.raucb", "sha256": digest, "min_version": n}, f)
        mark = serial.mark()
        t = time.monotonic()
        patch_config(http_port, {"update": {"url": "http://%s:%d/manifest.json" % UPDATE_GUEST_ADDR,
                                            "interval_s": 60, "window": "always"}})
        tib.wait_until("the pulled install of %s and the restart" % v[3], t + INSTALL_DEADLINE_S + 120,
                       lambda: serial.search(r"wallboard: booting slot A", mark), serial, qemu)
        st = wait_status("%s committed on A" % v[3], time.monotonic() + BOOT_DEADLINE_S,
                         lambda s: runs(s, "A", v[3]) and s.get("state") == "committed", serial, qemu)
        figures["pull_to_committed_s"] = round(time.monotonic() - t, 1)
        if (st.get("last") or {}).get("source") != "pull":
            raise tib.Failure("the committed update does not say it was pulled: %s" % st)
        log("6. pulled %s and committed it on A after %.0f s" % (v[3], figures["pull_to_committed_s"]))
        tib.power_off(monitor, qemu)
        qemu = None
    finally:
        tib.stop_all(qemu, feedsim)
        server.close()
    tib.report_figures(figures, args.figures)
    for p in [disk] + [b[k] for k in b] + [os.path.join(pub, "n3.raucb")]:
        if os.path.exists(p):
            os.unlink(p)


def main():
    ap = tib.image_test_args(__doc__.split("\n\n")[0])
    ap.add_argument("--rootfs", required=True, help="the image's slot file system (wallboard-rpi-arm64.rootfs.ext4)")
    ap.add_argument("--keys", required=True, help="the CA and signing key the image trusts (update-keys.sh --dir)")
    return tib.run_test(run, ap.parse_args())


if __name__ == "__main__":
    sys.exit(main())
