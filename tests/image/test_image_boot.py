"""End-to-end test of the SD card image: boot it under qemu-system-aarch64
(software emulation, -M virt, Debian's U-Boot for QEMU running the image's own
A/B boot script, which boots slot A's kernel and initrd; the image as a virtio
disk, virtio-gpu for /dev/dri) with a
wallboard.json on the boot partition that points at the feed simulator on the
host, then check from outside only: the serial console, GET /healthz through a
port forwarded to 127.0.0.1, and the screen through the QEMU monitor.
The guest's network is restricted: it reaches only the simulator (a guestfwd
address) and answers only on the forwarded API port.

The same disk boots three times: (1) power cut right after the first-boot
import (a test hook on the kernel command line stops firstboot there);
(2) the import is repeated and the admin's settings are in force, writes and
flushes to the disk are measured over a steady-state window, then the power is
cut again; (3) a normal boot and power-off, after which the data partition is
read with debugfs (machine id, one bounded journal directory, clock file) and
the boot partition's FAT dirty bit is checked after each cut.

Every wait has a deadline and fails with the tail of the serial log. Figures
(boot to first data, RSS in the guest, image size, writes and flushes per day)
are printed as "figure: NAME=VALUE" lines and written to --figures as JSON.
Standard library only; needs qemu-system-arm, mtools and e2fsprogs.
"""

import argparse
import hashlib
import http.client
import json
import os
import re
import selectors
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import zlib

from imagefs import debugfs, ext4_read, fat, fat_names, fat_read, partitions

BOOT_DEADLINE_S = 900  # a slow shared CI core under TCG; a healthy boot takes a few minutes
POWERDOWN_S = 60
SCREEN_WAIT_S = 90
# SD card life (issue 13): at the default poll interval with a feed that
# changes every poll, the whole disk sees less than this per day.
MAX_WRITE_BYTES_PER_DAY = 50 * 1000 * 1000
MAX_FLUSHES_PER_DAY = 1000
# Steady state begins once the disk has been idle this long (the kernel's
# writeback comes 30 s after a page is dirtied), waited for at most so long.
DISK_IDLE_S = 40
DISK_SETTLE_MAX_S = 90
STATS_EVERY_S = 5  # how often the block statistics are sampled
# firstboot's test hook (board/rpi/rootfs/usr/lib/wallboard-image/firstboot).
STOP_AFTER_IMPORT = "wallboard.firstboot_stop=after-import"
STOPPED_AFTER_IMPORT = r"wallboard-firstboot: test stop after-import: waiting for the power cut"
# The dark theme's background (firmware/ui/render.c). A text console is black
# and grey; the start screen (no data yet) has no SLA timers.
BOARD_BG = 0x0b0f14
FEED_TOKEN = "image-test-feed-token"
# The simulator as the guest sees it: a guestfwd address of QEMU's user-mode
# network, the only outside address a restricted guest can reach.
FEED_GUEST_ADDR = ("10.0.2.100", 8080)
TITLE = "Image test board"
ADMIN_TOKEN = "image-test-admin-token-0123"


class Failure(Exception):
    pass


def log(msg):
    print("test_image_boot: %s" % msg, flush=True)






def fat_has(image, offset, name):
    return any(n.lower() == name.lower() for n in fat_names(image, offset))


def region_sha256(path, offset, size):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        f.seek(offset)
        left = size
        while left:
            chunk = f.read(min(left, 1 << 20))
            if not chunk:
                break
            h.update(chunk)
            left -= len(chunk)
    return h.hexdigest()


WATCHDOG_ARMED = r"(Using hardware watchdog|Watchdog running with a .*timeout)"


def fat_dirty(image, offset):
    """The FAT32 boot sector's dirty bit (byte 0x41, bit 0): Linux sets it, and
    writes the sector at once, when it mounts the FAT read-write, and clears it
    when it unmounts or remounts it read-only; fsck.fat clears it too."""
    with open(image, "rb") as f:
        f.seek(offset)
        sector = f.read(512)
    if sector[0x52:0x5a] != b"FAT32   ":
        raise Failure("the boot partition is not FAT32")
    return bool(sector[0x41] & 1)


def fstab_options(disk, root_off, mount_point):
    """The options of mount_point's line in the image's /etc/fstab."""
    for line in debugfs(disk, root_off, "cat /etc/fstab").splitlines():
        f = line.split()
        if len(f) >= 4 and not f[0].startswith("#") and f[1] == mount_point:
            return f[3].split(",")
    raise Failure("no %s line in the image's /etc/fstab" % mount_point)


def size_setting(disk, root_off, path, key):
    """A journald-style size (e.g. 48M) from a file in the image, in bytes."""
    m = re.search(r"^%s=(\d+)([KMG]?)\s*$" % key, debugfs(disk, root_off, "cat " + path), re.M)
    if not m:
        raise Failure("no %s= in the image's %s" % (key, path))
    return int(m.group(1)) * 1024 ** " KMG".index(m.group(2) or " ")




def ext4_stat(disk, offset, path):
    """(uid, mtime_s) of a file, or None when it is missing."""
    out = debugfs(disk, offset, "stat " + path)
    uid = re.search(r"User:\s+(\d+)", out)
    mtime = re.search(r"mtime:\s+0x([0-9a-f]+)", out)
    if not uid or not mtime:
        return None
    return int(uid.group(1)), int(mtime.group(1), 16)


def relay(target):
    """guestfwd's helper, one per guest connection: QEMU runs it with that
    connection as stdin and stdout, and it copies bytes both ways to target.
    (guestfwd's chardev form carries a single connection for QEMU's whole run.)"""
    host, port = target.rsplit(":", 1)
    s = socket.create_connection((host, int(port)))
    sel = selectors.DefaultSelector()
    sel.register(0, selectors.EVENT_READ)
    sel.register(s, selectors.EVENT_READ)
    while True:
        for key, _ in sel.select():
            if key.fileobj == 0:
                data = os.read(0, 65536)
                if not data:
                    s.shutdown(socket.SHUT_WR)
                    sel.unregister(0)
                else:
                    s.sendall(data)
            else:
                data = s.recv(65536)
                if not data:
                    return 0
                while data:
                    data = data[os.write(1, data):]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def read_ppm(path):
    """(width, height, RGB bytes) of QEMU's binary PPM. The header is parsed by
    hand: the pixel data may start with bytes that look like whitespace."""
    with open(path, "rb") as f:
        data = f.read()
    fields, pos = [], 0
    while len(fields) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    pos += 1  # exactly one whitespace byte before the pixels
    if fields[0] != b"P6" or int(fields[3]) != 255:
        raise Failure("screendump is not an 8-bit P6 PPM")
    w, h = int(fields[1]), int(fields[2])
    return w, h, data[pos:pos + w * h * 3]


def write_png(path, w, h, rgb):
    raw = b"".join(b"\0" + rgb[y * w * 3:(y + 1) * w * 3] for y in range(h))

    def chunk(tag, body):
        return (len(body).to_bytes(4, "big") + tag + body
                + zlib.crc32(tag + body).to_bytes(4, "big"))

    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", w.to_bytes(4, "big") + h.to_bytes(4, "big")
                                              + bytes([8, 2, 0, 0, 0]))
                + chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b""))


def colour_class(r, g, b):
    """Loose colour classes, as a person would name them across the room."""
    if g > 110 and g > r + 40 and g > b + 30:
        return "green"  # SLA timers within target
    if r > 190 and 90 < g < 190 and b < 110:
        return "orange"  # unanswered counts, amber timers
    return None


def screen_verdict(w, h, rgb):
    """Shares of the screen (every 2nd pixel) that are the board's background,
    green and orange."""
    counts = {"bg": 0, "green": 0, "orange": 0}
    n = 0
    bgc = ((BOARD_BG >> 16) & 255, (BOARD_BG >> 8) & 255, BOARD_BG & 255)
    for y in range(0, h, 2):
        row = y * w * 3
        for x in range(0, w, 2):
            i = row + x * 3
            r, g, b = rgb[i], rgb[i + 1], rgb[i + 2]
            n += 1
            if abs(r - bgc[0]) <= 4 and abs(g - bgc[1]) <= 4 and abs(b - bgc[2]) <= 4:
                counts["bg"] += 1
                continue
            c = colour_class(r, g, b)
            if c:
                counts[c] += 1
    return {k: v / max(n, 1) for k, v in counts.items()}


def shows_board_with_data(verdict):
    # The board's background shows between the cards, and the simulator's
    # channels put green SLA timers and orange counts on it.
    return verdict["bg"] > 0.04 and verdict["green"] > 0.01 and verdict["orange"] > 0.003


class Monitor:
    def __init__(self, path):
        self.path = path

    def command(self, cmd, timeout=30):
        deadline = time.monotonic() + timeout
        while True:
            try:
                s = socket.socket(socket.AF_UNIX)
                s.settimeout(timeout)
                s.connect(self.path)
                break
            except OSError:
                s.close()
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        with s:
            buf = b""
            while b"(qemu)" not in buf:
                buf += s.recv(4096)
            s.sendall(cmd.encode() + b"\n")
            buf = b""
            while buf.count(b"(qemu)") < 1:
                part = s.recv(4096)
                if not part:
                    break
                buf += part
            return buf.decode(errors="replace")


# The boot's milestones as a person watching the console would name them:
# each is logged once, when it first shows, with the time since QEMU started,
# so a slow boot under TCG shows where it is instead of minutes of silence.
# U-Boot speaks first, then its boot script names the slot; the kernel boots
# "quiet"; systemd's banner has colour codes inside it.
MILESTONES = (
    ("U-Boot running (first console output)", r"\S"),
    ("boot script chose a slot", r"wallboard: booting slot [AB]"),
    ("kernel running", r"wallboard-model: "),
    ("systemd started", r"Welcome to .*Debian"),
    ("wallboard.json imported", r"wallboard-firstboot: applied wallboard\.json"),
    ("board started", r"Started .*wallboard\.service|Started .*Webcare wallboard"),
    ("first frame with data", r"frame: first frame with data"),
)


class Serial:
    """The guest's serial console, captured by QEMU to a file."""

    def __init__(self, path):
        self.path = path
        self.t0 = time.monotonic()
        self.seen = set()

    def report_milestones(self):
        text = self.text()
        for name, pattern in MILESTONES:
            if name not in self.seen and re.search(pattern, text, re.M):
                self.seen.add(name)
                log("milestone: %s (%.0f s)" % (name, time.monotonic() - self.t0))

    def text(self):
        try:
            with open(self.path, "rb") as f:
                return f.read().decode(errors="replace").replace("\r", "")
        except FileNotFoundError:
            return ""

    def tail(self, n=60):
        return "\n".join(self.text().splitlines()[-n:])

    def search(self, pattern, since=0):
        """The first match of pattern in the log, from offset since (a mark)."""
        return re.search(pattern, self.text()[since:], re.M)

    def count(self, pattern, since=0):
        return len(re.findall(pattern, self.text()[since:], re.M))

    def mark(self):
        """The log's length now: later searches from here see only what follows."""
        return len(self.text())


def wait_until(what, deadline, check, serial, qemu, interval=2.0):
    while True:
        serial.report_milestones()
        got = check()
        if got:
            return got
        if qemu.poll() is not None:
            raise Failure("QEMU exited (%s) while waiting for %s\n--- serial ---\n%s"
                          % (qemu.returncode, what, serial.tail()))
        if time.monotonic() > deadline:
            raise Failure("no %s within the deadline\n--- serial ---\n%s" % (what, serial.tail()))
        time.sleep(interval)


def healthz(port):
    try:
        with urllib.request.urlopen("http://127.0.0.1:%d/healthz" % port, timeout=5) as r:
            return r.status == 200
    except (urllib.error.URLError, OSError):
        return False


def set_boot_args(disk, boot_off, extra, work):
    """The kernel command line of the next boot, through the image's own
    bootargs.txt (boot.scr reads it): the PL011 (ttyAMA0 on -M virt; the Pi's
    UART is ttyS1) as a console with systemd's unit status and the journal on
    it, so the test can read them, and the test's own extra arguments."""
    text = fat_read(disk, boot_off, "bootargs.txt")
    if text is None:
        raise Failure("the boot partition has no bootargs.txt")
    lines = []
    for line in text.decode().splitlines():
        if line.startswith("console="):
            line = "console=console=tty1 console=ttyAMA0"
        elif line.startswith("extra="):
            line = "extra=" + " ".join(["systemd.show_status=1", "systemd.journald.forward_to_console=1"] + extra)
        lines.append(line)
    path = os.path.join(work, "bootargs.txt")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    subprocess.run(["mcopy", "-o", "-i", fat(disk, boot_off), path, "::/bootargs.txt"], check=True)


# The board's HTTPS line (app/task_server.c): the fingerprint a laptop
# compares with the start screen's.
HTTPS_LINE = r"wallboard: https: listening on https://\S+ \(certificate (generated|admin), SHA-256 ([0-9A-F:]{95})\)"


class BoardHttps:
    """The board's HTTPS port through QEMU's hostfwd, trusted by pinning the
    SHA-256 fingerprint the board logged (the one its start screen shows), as
    wallboardctl does: a connection presenting another certificate is a
    failure before anything is sent. The guest sees the host as 10.0.2.2,
    another host, so this is the only way in for the token."""

    def __init__(self, port, fingerprint):
        self.port, self.fingerprint = port, fingerprint
        self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        self.context.check_hostname = False
        self.context.verify_mode = ssl.CERT_NONE  # pinned below instead

    def request(self, method, path, body=None, token=ADMIN_TOKEN, headers=None):
        """(status, body bytes) of one request over a pinned connection."""
        conn = http.client.HTTPSConnection("127.0.0.1", self.port, timeout=30, context=self.context)
        try:
            conn.connect()
            der = conn.sock.getpeercert(binary_form=True)
            seen = ":".join("%02X" % b for b in hashlib.sha256(der).digest())
            if seen != self.fingerprint:
                raise Failure("HTTPS presents SHA-256 %s, the board logged %s" % (seen, self.fingerprint))
            hdrs = dict(headers or {})
            if token:
                hdrs["Authorization"] = "Bearer " + token
            conn.request(method, path, body=body, headers=hdrs)
            r = conn.getresponse()
            return r.status, r.read()
        finally:
            conn.close()

    def json(self, path, token=ADMIN_TOKEN):
        status, body = self.request("GET", path, token=token)
        if status != 200:
            raise Failure("GET %s over HTTPS answered %d: %s" % (path, status, body[:300]))
        return json.loads(body)


def board_https(serial, port):
    """BoardHttps pinned to the fingerprint on the console, or a Failure."""
    m = serial.search(HTTPS_LINE)
    if not m or m.group(1) != "generated":
        raise Failure("no 'https: listening … (certificate generated, SHA-256 …)' line on the console\n"
                      + serial.tail())
    return BoardHttps(port, m.group(2))


def start_qemu(args, disk, work, http_port, feed_port, n, forwards=(), https_port=None):
    """Boots the disk through U-Boot; the serial log of boot n is serial.log
    (n == 1) or serial-N.log. forwards: more (guest address, guest port,
    host port) the guest may reach, besides the feed simulator."""
    serial = Serial(os.path.join(work, "serial.log" if n == 1 else "serial-%d.log" % n))
    if os.path.exists(serial.path):
        os.unlink(serial.path)
    mon_path = os.path.join(work, "monitor.sock")
    if os.path.exists(mon_path):
        os.unlink(mon_path)
    # restrict=on: the guest reaches nothing outside (no NTP, no DNS) except
    # the guestfwd to the simulator; the API's hostfwd still answers.
    netdev = "user,id=net0,restrict=on,hostfwd=tcp:127.0.0.1:%d-:8080" % http_port
    if https_port:
        netdev += ",hostfwd=tcp:127.0.0.1:%d-:8443" % https_port
    for addr, port, host_port in (FEED_GUEST_ADDR + (feed_port,),) + tuple(forwards):
        relay_cmd = "%s -B %s --relay 127.0.0.1:%d" % (sys.executable, os.path.abspath(__file__), host_port)
        netdev += ",guestfwd=tcp:%s:%d-cmd:%s" % (addr, port, relay_cmd)
    # acpi=off: with a firmware (-bios) QEMU turns ACPI on and sends the
    # power button as an ACPI event, which a kernel booted with a device tree
    # never sees; without ACPI it is the device tree's GPIO key.
    argv = [args.qemu, "-M", "virt,acpi=off", "-cpu", "cortex-a72", "-smp", "2", "-m", "1024",
            "-accel", "tcg,thread=multi", "-nodefaults", "-display", "none",
            "-bios", args.bios,
            "-drive", "if=none,file=%s,format=raw,id=disk0" % disk,
            "-device", "virtio-blk-pci,drive=disk0",
            "-device", "virtio-gpu-pci",
            "-netdev", netdev,
            "-device", "virtio-net-pci,netdev=net0,romfile=",  # no iPXE: U-Boot boots from the disk
            "-device", "virtio-rng-pci",
            "-device", "i6300esb",
            "-serial", "file:" + serial.path,
            "-monitor", "unix:%s,server=on,wait=off" % mon_path]
    log("booting (%d): %s" % (n, " ".join(argv)))
    serial.t0 = time.monotonic()
    qemu = subprocess.Popen(argv, stdin=subprocess.DEVNULL)
    return qemu, serial, Monitor(mon_path)


def power_off(monitor, qemu):
    """The virt board's power button, else stop QEMU: the guest synced the boot
    partition after the import, and a read-only root has nothing to flush."""
    monitor.command("system_powerdown")
    try:
        qemu.wait(POWERDOWN_S)
        log("guest powered off")
    except subprocess.TimeoutExpired:
        log("guest did not power off within %d s; stopping QEMU (the data partition's "
            "journal may then not be replayed for debugfs)" % POWERDOWN_S)
        qemu.kill()
        qemu.wait()


def check_boot_console(serial, first):
    """What the console shows of the image's hygiene in one boot."""
    if serial.search(r"[Oo]rdering cycle"):
        raise Failure("systemd found an ordering cycle\n" + serial.tail())
    if serial.search(r"Failed to write wtmp"):
        raise Failure("something still writes wtmp on the read-only root")
    want = "new machine id kept" if first else "machine id from the data partition"
    if not serial.search(r"wallboard-persist: " + want):
        raise Failure("no 'wallboard-persist: %s' on the console\n%s" % (want, serial.tail()))
    # Hermetic: a restricted guest has no NTP server to reach.
    if serial.search(r"Contacted time server|Initial synchronization to time server"):
        raise Failure("the guest reached a time server outside the test")
    for m in re.finditer(r"Failed to start .*", serial.text()):
        log("note: the console shows: " + m.group(0))


def check_mdns_files(disk, root_off):
    """The image announces the board over mDNS/DNS-SD (docs/image.md): avahi
    installed and enabled, its services directory bound to the runtime
    directory the board writes its service file into, and the board told so."""
    want = {
        "/usr/sbin/avahi-daemon": None,
        "/etc/systemd/system/multi-user.target.wants/avahi-daemon.service": None,
        "/etc/systemd/system/avahi-daemon.service.d/wallboard.conf":
            "BindReadOnlyPaths=-/run/wallboard-mdns:/etc/avahi/services",
        "/etc/tmpfiles.d/wallboard-mdns.conf": "d /run/wallboard-mdns 0755 wallboard wallboard",
        "/etc/systemd/system/wallboard.service.d/image.conf": "--mdns-dir /run/wallboard-mdns",
    }
    for path, text in want.items():
        data = ext4_read(disk, root_off, path)
        if data is None:
            raise Failure("the image has no %s" % path)
        if text and text.encode() not in data:
            raise Failure("the image's %s does not say %r" % (path, text))
    log("mDNS: avahi-daemon enabled, its services directory bound to /run/wallboard-mdns (--mdns-dir)")


def journal_has(disk, data_off, machine_id, pattern):
    """Whether the system journal on the data partition holds a message matching
    pattern (short messages are stored uncompressed in the journal file)."""
    with tempfile.TemporaryDirectory() as tmp:
        dest = os.path.join(tmp, "system.journal")
        debugfs(disk, data_off, "dump /system/journal/%s/system.journal %s" % (machine_id, dest))
        if not os.path.exists(dest):
            return False
        with open(dest, "rb") as f:
            return re.search(pattern.encode(), f.read()) is not None


def passwd_uid(disk, root_off, user):
    for line in debugfs(disk, root_off, "cat /etc/passwd").splitlines():
        f = line.split(":")
        if len(f) > 3 and f[0] == user:
            return int(f[2])
    raise Failure("no %s user in the image's /etc/passwd" % user)


def ls_entries(disk, offset, path):
    """[(name, is_dir, size_bytes)] of a directory, without . and .."""
    out = []
    for mode, name, size in re.findall(r"^/\d+/(\d+)/\d+/\d+/([^/]*)/(\d*)/$",
                                       debugfs(disk, offset, "ls -p " + path), re.M):
        if name not in (".", ".."):
            out.append((name, int(mode, 8) & 0o170000 == 0o040000, int(size or 0)))
    return out


def check_data_partition(disk, data_off, config_uid, journal_max):
    """After power-off: the data partition holds the machine id, one journal
    directory named after it and within journald's cap (journal_max bytes),
    timesyncd's clock file and config.json owned by the board's user
    (config_uid)."""
    mid = debugfs(disk, data_off, "cat /system/machine-id").strip()
    if not re.fullmatch(r"[0-9a-f]{32}", mid):
        raise Failure("no machine id on the data partition (system/machine-id: %r)" % mid[:80])
    names = sorted(name for name, is_dir, _ in ls_entries(disk, data_off, "/system/journal") if is_dir)
    if names != [mid]:
        raise Failure("the journal directories %s are not just the machine id %s" % (names, mid))
    files = [(name, size) for name, is_dir, size in ls_entries(disk, data_off, "/system/journal/" + mid)
             if not is_dir]
    journal_bytes = sum(size for _, size in files)
    if journal_bytes > journal_max:
        raise Failure("the journal holds %d bytes in %s, more than its cap of %d"
                      % (journal_bytes, [n for n, _ in files], journal_max))
    # timesyncd made its clock file through persist's bind mount, so it is on
    # the data partition. Its hourly save (SaveIntervalSec=1h) does not come
    # within the test: the file keeps the time it was made with.
    if not ext4_stat(disk, data_off, "/system/timesync/clock"):
        raise Failure("no timesync clock file on the data partition")
    conf = ext4_stat(disk, data_off, "/config.json")
    if not conf:
        raise Failure("no config.json on the data partition after the import")
    if conf[0] != config_uid:
        raise Failure("config.json is owned by uid %d, not the wallboard user (%d)" % (conf[0], config_uid))
    # The device's HTTPS key (made at the first start): the board's alone.
    key = debugfs(disk, data_off, "stat /tls/key.pem")
    mode, uid = re.search(r"Mode:\s+0?(\d+)", key), re.search(r"User:\s+(\d+)", key)
    if not mode or not uid or int(mode.group(1), 8) & 0o777 != 0o600 or int(uid.group(1)) != config_uid:
        raise Failure("/tls/key.pem on the data partition is not 0600 and the wallboard user's:\n" + key[:400])
    return {"machine_id": mid, "journal_bytes": journal_bytes, "journal_files": len(files)}


def power_cut(qemu):
    """Pulls the plug: QEMU dies without the guest flushing anything. What the
    guest wrote before is in the disk file (QEMU writes through to it)."""
    qemu.kill()
    qemu.wait()


def blockstats(monitor):
    """QEMU's counters of the guest's requests to the disk (HMP "info
    blockstats" of drive disk0): wr_bytes, wr_operations, flush_operations."""
    out = monitor.command("info blockstats")
    m = re.search(r"^disk0:(.*)$", out, re.M)
    if not m:
        raise Failure("no disk0 in the monitor's blockstats: %r" % out[-300:])
    return {k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", m.group(1))}


def plain_status(port, path, token=None):
    """(status, body) of GET path over plain HTTP, redirects not followed."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path, headers={"Authorization": "Bearer " + token} if token else {})
        r = conn.getresponse()
        return r.status, r.read()
    finally:
        conn.close()


def wait_disk_settled(monitor, serial, qemu):
    """Waits (at most DISK_SETTLE_MAX_S) until the guest has not written to the
    disk for DISK_IDLE_S: the kernel writes dirty pages back 30 s after they
    were dirtied, so the boot's and the first memlog's writes are then out and
    do not count as steady state. Returns whether it settled; a board that
    writes on every poll never does, and is measured anyway."""
    start = time.monotonic()
    last_ops, last_change = blockstats(monitor)["wr_operations"], start
    while time.monotonic() - last_change < DISK_IDLE_S:
        if time.monotonic() - start > DISK_SETTLE_MAX_S:
            return False
        time.sleep(STATS_EVERY_S)
        if qemu.poll() is not None:
            raise Failure("QEMU exited (%s) while the disk settled\n%s" % (qemu.returncode, serial.tail()))
        ops = blockstats(monitor)["wr_operations"]
        if ops != last_ops:
            last_ops, last_change = ops, time.monotonic()
    return True


def measure_window(monitor, serial, qemu, seconds):
    """The disk's counters over a window of the given length (the guest is
    left alone; this is a measurement, not a synchronisation), sampled every
    STATS_EVERY_S so the log shows when the writes came. Returns (first,
    last, length_s, [(offset_s, bytes, flushes) of each sample with writes])."""
    first = prev = blockstats(monitor)
    t0 = time.monotonic()
    bursts = []
    while time.monotonic() - t0 < seconds:
        serial.report_milestones()
        time.sleep(min(STATS_EVERY_S, max(0.0, seconds - (time.monotonic() - t0))))
        if qemu.poll() is not None:
            raise Failure("QEMU exited (%s) during the steady-state window\n%s" % (qemu.returncode, serial.tail()))
        cur = blockstats(monitor)
        if cur["wr_operations"] != prev["wr_operations"] or cur["flush_operations"] != prev["flush_operations"]:
            bursts.append((round(time.monotonic() - t0), cur["wr_bytes"] - prev["wr_bytes"],
                           cur["flush_operations"] - prev["flush_operations"]))
        prev = cur
    return first, prev, time.monotonic() - t0, bursts


def check_service_ran(serial):
    if serial.search(r"wallboard\.service: (Main process exited|Failed|Watchdog timeout)"):
        raise Failure("the service failed\n" + serial.tail())


def stop_all(qemu, feedsim):
    """What a test leaves running, stopped whether it passed or not."""
    if qemu is not None and qemu.poll() is None:
        qemu.kill()
        qemu.wait()
    feedsim.terminate()
    feedsim.wait()


def report_figures(figures, path):
    """Figures as "figure: NAME=VALUE" lines, and as JSON into path."""
    for k, v in figures.items():
        print("figure: %s=%s" % (k, v))
    if path:
        with open(path, "w") as f:
            json.dump(figures, f, indent=2)


def run(args):
    work = args.workdir
    os.makedirs(work, exist_ok=True)
    figures = {"image_bytes": os.path.getsize(args.image)}
    failures = []
    parts = partitions(args.image)
    if len(parts) != 4:
        raise Failure("expected boot, root A, root B and data partitions, found %d" % len(parts))
    # Slot A is the root the image boots first.
    boot_off, root, data_off = parts[0][0], parts[1], parts[3][0]

    # A scratch copy: the image under test stays as built.
    disk = os.path.join(work, "disk.img")
    subprocess.run(["cp", "--sparse=always", args.image, disk], check=True)
    root_before = region_sha256(disk, *root)
    if "ro" not in fstab_options(disk, root[0], "/boot/firmware"):
        raise Failure("the image's fstab does not mount the boot partition read-only")
    if fat_dirty(disk, boot_off):
        raise Failure("the image's boot partition is marked dirty as built")
    journal_max = size_setting(disk, root[0], "/etc/systemd/journald.conf.d/wallboard.conf", "SystemMaxUse")
    check_mdns_files(disk, root[0])

    feedsim = subprocess.Popen([sys.executable, "-B", args.feedsim, "--port", "0", "--bind", "127.0.0.1",
                                "--token", FEED_TOKEN, "--quiet"],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    qemu = None
    try:
        line = feedsim.stdout.readline()
        m = re.search(r"listening on http://[^:]+:(\d+)/feed", line)
        if not m:
            raise Failure("feed simulator did not start: %r" % line)
        feed_port = int(m.group(1))
        feed_url = "http://%s:%d/feed" % FEED_GUEST_ADDR
        settings = {
            "feed": {"url": feed_url, "token": FEED_TOKEN},
            "display": {"title": TITLE},
            "admin": {"token": ADMIN_TOKEN},
        }
        if args.feed_interval_s:
            settings["feed"]["interval_s"] = args.feed_interval_s
        wj = os.path.join(work, "wallboard.json")
        with open(wj, "w") as f:
            json.dump(settings, f)
        subprocess.run(["mcopy", "-o", "-i", fat(disk, boot_off), wj, "::/wallboard.json"], check=True)
        http_port, https_port = free_port(), free_port()

        # Boot 1, the first boot: the power is cut right after the import of
        # wallboard.json (firstboot's test hook waits there, synced).
        set_boot_args(disk, boot_off, args.append + [STOP_AFTER_IMPORT], work)
        qemu, serial, monitor = start_qemu(args, disk, work, http_port, feed_port, 1)
        deadline = serial.t0 + BOOT_DEADLINE_S

        def stopped():
            if serial.search(r"wallboard-firstboot: wallboard\.json rejected"):
                raise Failure("the guest rejected wallboard.json\n" + serial.tail())
            return serial.search(STOPPED_AFTER_IMPORT)

        wait_until("firstboot stopping after the import (test hook)", deadline, stopped, serial, qemu)
        host = serial.search(r"wallboard-firstboot: hostname (wallboard-[0-9a-z-]+)$")
        if not host:
            raise Failure("no per-device hostname on the console\n" + serial.tail())
        figures["hostname"] = host.group(1)
        check_boot_console(serial, first=True)
        power_cut(qemu)
        qemu = None
        # The cut came while firstboot had the FAT writable: its dirty bit
        # shows (which is what makes the clean bit after a later cut mean
        # something), and the admin's file is still there.
        if not fat_dirty(disk, boot_off):
            raise Failure("the boot partition's dirty bit is clear after a cut while firstboot had it writable")
        if not fat_has(disk, boot_off, "wallboard.json"):
            raise Failure("wallboard.json is gone after a cut right after its import, before it was durable")
        log("power cut after the import: wallboard.json still on the boot partition, its FAT marked dirty")

        # Boot 2: the import again, the board with the admin's settings, a
        # steady-state window measured, and the power cut once more.
        set_boot_args(disk, boot_off, args.append, work)
        qemu, serial, monitor = start_qemu(args, disk, work, http_port, feed_port, 2, https_port=https_port)
        t0 = serial.t0
        deadline = t0 + BOOT_DEADLINE_S

        def imported():
            if serial.search(r"wallboard-firstboot: wallboard\.json rejected"):
                raise Failure("the guest rejected wallboard.json\n" + serial.tail())
            return serial.search(r"wallboard-firstboot: applied wallboard\.json")

        wait_until("first-boot import of wallboard.json after the cut", deadline, imported, serial, qemu)
        wait_until("'Started wallboard.service' on the console", deadline,
                   lambda: serial.search(r"Started .*wallboard\.service|Started .*Webcare wallboard"),
                   serial, qemu)
        wait_until("first frame with data in the journal", deadline,
                   lambda: serial.search(r"frame: first frame with data"), serial, qemu, interval=1.0)
        figures["boot_to_first_data_s"] = round(time.monotonic() - t0, 1)
        log("first frame with data %.1f s after QEMU started" % figures["boot_to_first_data_s"])

        wait_until("GET /healthz answering 200", deadline, lambda: healthz(http_port), serial, qemu)
        log("/healthz answers 200 through 127.0.0.1:%d" % http_port)
        # The admin's side is HTTPS as shipped (http.tls_enabled): the
        # certificate made at the first start, pinned by what the board says.
        https = board_https(serial, https_port)
        figures["https_fingerprint"] = https.fingerprint
        code, body = plain_status(http_port, "/api/v1/config", token=ADMIN_TOKEN)
        if code != 403 or b"tls_required" not in body:
            raise Failure("plain HTTP from another host took the admin token: %d %s" % (code, body[:200]))
        code, _ = plain_status(http_port, "/api/v1/status")
        if code != 308:
            raise Failure("plain HTTP /api/v1/status from another host answered %d, not 308 to https" % code)
        log("plain HTTP from the host (10.0.2.2 to the guest): /healthz 200, the token refused (403 "
            "tls_required), the rest redirected (308)")
        conf = https.json("/api/v1/config")
        got = (conf.get("display", {}).get("title"), conf.get("feed", {}).get("url"),
               conf.get("feed", {}).get("token"))
        if got != (TITLE, feed_url, "********"):
            raise Failure("the admin's settings are not in force after the cut: /api/v1/config has title, "
                          "feed url, feed token %r" % (got,))
        log("/api/v1/config: the title, feed URL and token from wallboard.json")
        # The first boot's result reaches the board (firstboot's report, --boot-report).
        status = https.json("/api/v1/status", token=None)
        tls = (status.get("device") or {}).get("tls") or {}
        if tls.get("fingerprint") != https.fingerprint or tls.get("source") != "generated":
            raise Failure("/api/v1/status device.tls %r does not name the certificate served" % (tls,))
        log("HTTPS: the generated certificate, SHA-256 %s, is the one served and in /api/v1/status"
            % https.fingerprint)
        first_boot = status.get("first_boot")
        # The board knows itself by the name firstboot gave the system.
        device = status.get("device") or {}
        if device.get("hostname") != figures["hostname"] or figures["hostname"] != "wallboard-" + device.get("id", ""):
            raise Failure("/api/v1/status device %r does not match the hostname %s" % (device, figures["hostname"]))
        log("/api/v1/status: device id %s, hostname %s" % (device["id"], device["hostname"]))
        if not any(e.get("file") == "wallboard.json" and e.get("result") == "applied" for e in first_boot or []):
            raise Failure("/api/v1/status does not report wallboard.json as applied: first_boot=%r" % (first_boot,))
        log("/api/v1/status: first_boot reports wallboard.json applied")
        # The initramfs names the model (and a model's gaps) on the console.
        if not serial.search(r"wallboard-model: .*\(linux,dummy-virt\)"):
            raise Failure("no 'wallboard-model:' line from the initramfs on the console\n" + serial.tail())

        shot = os.path.join(work, "screen.ppm")
        verdict = {}

        def screen_ok():
            if os.path.exists(shot):
                os.unlink(shot)
            monitor.command("screendump " + shot)
            if not os.path.exists(shot):
                return False
            w, h, rgb = read_ppm(shot)
            verdict.update(screen_verdict(w, h, rgb))
            verdict["size"] = "%dx%d" % (w, h)
            if shows_board_with_data(verdict):
                write_png(os.path.join(work, "screen.png"), w, h, rgb)
                return True
            return False

        # The screen gets a bounded wait of its own: when it fails, the figures
        # below are still gathered and the failure reported at the end.
        try:
            wait_until("the wallboard with the simulator's channels on screen",
                       min(deadline, time.monotonic() + SCREEN_WAIT_S), screen_ok, serial, qemu, interval=3.0)
            log("screen %s: background %.0f%%, green %.1f%%, orange %.1f%%"
                % (verdict["size"], verdict["bg"] * 100, verdict["green"] * 100, verdict["orange"] * 100))
        except Failure:
            w, h, rgb = read_ppm(shot)
            write_png(os.path.join(work, "screen.png"), w, h, rgb)
            failures.append("the screen does not show the board with data (%s: background %.0f%%, green %.1f%%, "
                            "orange %.1f%%; see %s)" % (verdict.get("size"), verdict.get("bg", 0) * 100,
                                                        verdict.get("green", 0) * 100, verdict.get("orange", 0) * 100,
                                                        os.path.join(work, "screen.png")))
            log("FAILED: " + failures[-1])

        m = wait_until("the wallboard's RSS in the journal (wallboard-memlog)", deadline,
                       lambda: serial.search(r"wallboard-memlog: pid=\d+ rss_kib=(\d+) peak_rss_kib=(\d+)"),
                       serial, qemu)
        figures["guest_rss_kib"] = int(m.group(1))
        figures["guest_peak_rss_kib"] = int(m.group(2))

        # SD card life: the disk's write and flush counters over a window of
        # steady state (after the boot's and the first memlog's writes, the
        # board polling a feed that changes every poll), extrapolated to a day.
        figures["steady_disk_settled"] = wait_disk_settled(monitor, serial, qemu)
        if not figures["steady_disk_settled"]:
            log("the disk was not idle for %d s within %d s; measuring from now" % (DISK_IDLE_S, DISK_SETTLE_MAX_S))
        before, after, window_s, bursts = measure_window(monitor, serial, qemu, args.window_s)
        log("writes in the window (s from its start: bytes, flushes): %s"
            % (", ".join("+%d: %d, %d" % b for b in bursts[:40]) or "none"))
        per_day = 86400.0 / window_s
        wr = after["wr_bytes"] - before["wr_bytes"]
        flushes = after["flush_operations"] - before["flush_operations"]
        figures["steady_window_s"] = round(window_s, 1)
        figures["steady_wr_bytes"] = wr
        figures["steady_wr_operations"] = after["wr_operations"] - before["wr_operations"]
        figures["steady_flush_operations"] = flushes
        figures["wr_bytes_per_day"] = int(wr * per_day)
        figures["flushes_per_day"] = int(flushes * per_day)
        log("steady state over %.0f s: %d bytes in %d writes, %d flushes; per day %.1f MB, %d flushes"
            % (window_s, wr, figures["steady_wr_operations"], flushes, wr * per_day / 1e6, flushes * per_day))
        if wr * per_day > MAX_WRITE_BYTES_PER_DAY:
            failures.append("the disk is written %.1f MB a day in steady state (at most %.0f)"
                            % (wr * per_day / 1e6, MAX_WRITE_BYTES_PER_DAY / 1e6))
        if flushes * per_day > MAX_FLUSHES_PER_DAY:
            failures.append("the disk is flushed %d times a day in steady state (at most %d)"
                            % (flushes * per_day, MAX_FLUSHES_PER_DAY))

        check_service_ran(serial)
        # PID1 says so before journald runs (which now waits for the data
        # partition), so the line may miss the console: then the journal on
        # the data partition is read after the last power-off.
        watchdog_on_console = serial.search(WATCHDOG_ARMED)
        check_boot_console(serial, first=False)
        power_cut(qemu)
        qemu = None
        if fat_dirty(disk, boot_off):
            raise Failure("the boot partition is marked dirty after a power cut in steady state: "
                          "it was mounted read-write (or fsck did not repair the earlier cut)")
        if fat_has(disk, boot_off, "wallboard.json") or fat_has(disk, boot_off, "wallboard-error.txt"):
            raise Failure("wallboard.json (it holds secrets) was not consumed after the cut")
        if region_sha256(disk, *root) != root_before:
            raise Failure("the root partition was written")
        log("power cut in steady state: the boot partition clean and without wallboard.json, "
            "the root partition unchanged")

        # Boot 3: a normal boot of the same disk and a clean power-off, so
        # debugfs sees what the data partition's journal holds.
        qemu, serial, monitor = start_qemu(args, disk, work, http_port, feed_port, 3, https_port=https_port)
        t1 = serial.t0
        wait_until("first frame with data in the third boot", t1 + BOOT_DEADLINE_S,
                   lambda: serial.search(r"frame: first frame with data"), serial, qemu, interval=1.0)
        # The key lives on the data partition: the same certificate after
        # two power cuts and a reboot, not a new one a laptop would not know.
        m = serial.search(HTTPS_LINE)
        if not m or m.group(2) != figures["https_fingerprint"]:
            raise Failure("the third boot serves another certificate (%s, was %s)"
                          % (m and m.group(2), figures["https_fingerprint"]))
        code, _ = BoardHttps(https_port, figures["https_fingerprint"]).request("GET", "/healthz", token=None)
        if code != 200:
            raise Failure("/healthz over HTTPS answered %d in the third boot" % code)
        log("HTTPS: the third boot serves the same certificate")
        figures["third_boot_to_first_data_s"] = round(time.monotonic() - t1, 1)
        check_service_ran(serial)
        check_boot_console(serial, first=False)
        watchdog_on_console = watchdog_on_console or serial.search(WATCHDOG_ARMED)
        power_off(monitor, qemu)
        qemu = None
        if region_sha256(disk, *root) != root_before:
            raise Failure("the root partition was written during the third boot")
        if fat_dirty(disk, boot_off):
            raise Failure("the boot partition is marked dirty after a normal boot and power-off")
        data = check_data_partition(disk, data_off, passwd_uid(disk, root[0], "wallboard"), journal_max)
        figures["journal_bytes_after_3_boots"] = data["journal_bytes"]
        figures["journal_files_after_3_boots"] = data["journal_files"]
        if not watchdog_on_console and not journal_has(disk, data_off, data["machine_id"], WATCHDOG_ARMED):
            raise Failure("systemd did not arm the hardware watchdog (neither the console nor the journal says so)")
        # avahi published the board under its hostname, with the service file
        # the board wrote (its own log lines, in the journal).
        host = re.escape(figures["hostname"])
        for what, pattern in (("the hostname", r"Server startup complete\. Host name is %s\.local" % host),
                              ("the board's services",
                               r'Service "%s" \([^)]*wallboard\.service\) successfully established' % host)):
            if not journal_has(disk, data_off, data["machine_id"], pattern):
                raise Failure("avahi-daemon did not publish %s (no /%s/ in the journal)" % (what, pattern))
        log("mDNS: avahi published %s.local and the board's _wallboard._tcp and _http._tcp" % figures["hostname"])
        log("after three boots: one journal directory, named after the kept machine id, %d files, %d bytes "
            "(cap %d); the clock file; config.json owned by the wallboard user"
            % (data["journal_files"], data["journal_bytes"], journal_max))
    finally:
        stop_all(qemu, feedsim)
    report_figures(figures, args.figures)
    if failures:
        raise Failure("; ".join(failures))
    # The scratch disk is as large as the image: kept only to look into a failure.
    os.unlink(disk)


def image_test_args(description):
    """The options every test that boots the image under QEMU takes."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--image", required=True)
    ap.add_argument("--feedsim", required=True)
    ap.add_argument("--workdir", required=True)
    ap.add_argument("--figures")
    ap.add_argument("--append", action="append", default=[],
                    help="extra kernel command line argument (e.g. systemd.setenv=VAR=value to debug the service)")
    ap.add_argument("--qemu", default=shutil.which("qemu-system-aarch64") or "qemu-system-aarch64")
    ap.add_argument("--bios", default="/usr/lib/u-boot/qemu_arm64/u-boot.bin",
                    help="the firmware QEMU starts: Debian's U-Boot for -M virt (u-boot-qemu)")
    return ap


def run_test(run, args):
    """Runs a test's scenario: 0 and PASS, or 1 and the failure."""
    try:
        run(args)
    except Failure as e:
        print("FAIL: %s" % e, flush=True)
        return 1
    log("PASS")
    return 0


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--relay":
        return relay(sys.argv[2])
    ap = image_test_args(__doc__.split("\n\n")[0])
    ap.add_argument("--window-s", type=float, default=300,
                    help="length of the steady-state window that writes and flushes are measured over (default 300)")
    ap.add_argument("--feed-interval-s", type=int,
                    help="feed.interval_s in wallboard.json (default: the board's own, as shipped); a long one "
                         "tells the image's writes from those of the board's per-poll work")
    return run_test(run, ap.parse_args())


if __name__ == "__main__":
    sys.exit(main())
