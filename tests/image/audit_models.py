#!/usr/bin/env python3
"""Per Raspberry Pi model, checks from outside the SD card image that what the
model needs to boot to the board is in it: its device tree, its boot firmware,
drivers for its SD card, display and network (the SD driver also in the
initramfs), Wi-Fi firmware and NVRAM, and a kernel command line and
config.txt that fit it. The Pi firmware starts U-Boot, whose A/B script boots
a slot's own kernel, initramfs and device tree (board/rpi/uboot/boot.cmd): so
the kernel, the initramfs and the device tree the drivers are looked up in are
slot A's, and the device tree is the one U-Boot names for the model.

Drivers are found the way the kernel finds them: every enabled device tree
node of the model's DTB that is storage, display or network is matched by its
compatible strings against the kernel's module aliases (modules.alias) and
the built-in drivers' aliases (modules.builtin.modinfo); a node that a driver
binds without an alias (the parts of the vc4 display pipeline, the SDIO Wi-Fi
chip) by the compatible string in a module's or the kernel image's match
tables.

What the audit cannot see (a board's power-up, the firmware's HDMI probing,
the radio) is listed in docs/image.md. A model's gaps must be the ones
KNOWN_GAPS records, each of which the image states on the serial console
(board/rpi/initramfs/wallboard-model-notes, said by the initramfs): a new gap, or a gap
that went away, fails the audit so that docs and image are brought up to date.

  audit_models.py --image IMG [--json FILE]
"""

import argparse
import fnmatch
import gzip
import json
import lzma
import os
import re
import struct
import subprocess
import sys
import tempfile

import imagefs

# One row per model: the DTB the Pi firmware loads for it (and hands to U-Boot),
# the model's name and DTB in U-Boot's table of models (rpi_arm64; the script
# loads that DTB from the slot, or uses the firmware's when the slot has none),
# the boot firmware files it reads from the FAT (the Pi 5 boots from its
# EEPROM), whether it has an Ethernet port, and the Wi-Fi chips fitted to it
# (brcmfmac firmware names).
MODELS = [
    {"model": "Pi 3 B+", "dtb": "bcm2837-rpi-3-b-plus.dtb", "uboot": ("3 Model B+", "bcm2837-rpi-3-b-plus.dtb"),
     "boot": ["bootcode.bin", "start.elf", "fixup.dat"], "ethernet": True, "wifi": ["brcmfmac43455-sdio"]},
    {"model": "Pi 4 B", "dtb": "bcm2711-rpi-4-b.dtb", "uboot": ("4 Model B", "bcm2711-rpi-4-b.dtb"),
     "boot": ["start4.elf", "fixup4.dat"], "ethernet": True, "wifi": ["brcmfmac43455-sdio"]},
    {"model": "Pi 400", "dtb": "bcm2711-rpi-400.dtb", "uboot": ("400", "bcm2711-rpi-400.dtb"),
     "boot": ["start4.elf", "fixup4.dat"], "ethernet": True, "wifi": ["brcmfmac43456-sdio"]},
    {"model": "CM4 (IO board)", "dtb": "bcm2711-rpi-cm4-io.dtb", "uboot": ("Compute Module 4", "bcm2711-rpi-cm4.dtb"),
     "boot": ["start4.elf", "fixup4.dat"], "ethernet": True, "wifi": ["brcmfmac43455-sdio"]},
    {"model": "Pi 5", "dtb": "bcm2712-rpi-5-b.dtb", "uboot": ("5 Model B", "bcm2712-rpi-5-b.dtb"),
     "boot": [], "ethernet": True, "wifi": ["brcmfmac43455-sdio"]},
    {"model": "Zero 2 W", "dtb": "bcm2837-rpi-zero-2-w.dtb", "uboot": ("Zero 2 W", "bcm2837-rpi-zero-2-w.dtb"),
     "boot": ["bootcode.bin", "start.elf", "fixup.dat"], "ethernet": False,
     "wifi": ["brcmfmac43436-sdio", "brcmfmac43430b0-sdio"]},
]

# What Debian 13's packages do not give a model, as found by this audit; each
# is said on the serial console by the image (wallboard-model-notes) and in
# docs/image.md.
KNOWN_GAPS = {
    "Pi 5": {"storage", "display", "ethernet", "wifi", "network"},
    "Zero 2 W": {"wifi firmware", "network"},
}

# Device tree nodes by what they are for, from their compatible strings.
CLASSES = [
    ("wifi", re.compile(r"bcm4329-fmac")),
    ("storage", re.compile(r"sdhci|sdhost|emmc|mmc")),
    ("display", re.compile(r"hdmi|hvs|vc4|vc5|vc6|pixelvalve|v3d|txp|kms")),
    ("ethernet", re.compile(r"genet|macb|gem|usb424,|ethernet")),
]


def fdt_parse(blob):
    """{path: {property: bytes}} of a flattened device tree."""
    magic, _total, off_struct, off_strings = struct.unpack(">IIII", blob[:16])
    if magic != 0xD00DFEED:
        raise ValueError("not a device tree blob")
    nodes, stack, pos = {}, [], off_struct

    def cstr(at):
        end = blob.index(b"\0", at)
        return blob[at:end].decode(), end + 1

    while True:
        (token,) = struct.unpack(">I", blob[pos:pos + 4])
        pos += 4
        if token == 1:  # begin node
            name, pos = cstr(pos)
            pos = (pos + 3) & ~3
            stack.append(name)
            nodes["/" + "/".join(s for s in stack if s)] = {}
        elif token == 2:  # end node
            stack.pop()
        elif token == 3:  # property
            size, nameoff = struct.unpack(">II", blob[pos:pos + 8])
            pos += 8
            name, _ = cstr(off_strings + nameoff)
            nodes["/" + "/".join(s for s in stack if s)][name] = blob[pos:pos + size]
            pos = (pos + size + 3) & ~3
        elif token == 4:  # nop
            continue
        elif token == 9:  # end
            return nodes
        else:
            raise ValueError("bad device tree token %d" % token)


def strings(prop):
    return [s.decode(errors="replace") for s in prop.split(b"\0") if s]


def enabled(nodes, path):
    """A node is live when it and every parent has no status or "okay"."""
    parts = path.strip("/").split("/")
    for i in range(len(parts) + 1):
        p = "/" + "/".join(parts[:i])
        status = nodes.get(p if p != "/" else "/", {}).get("status")
        if status is not None and strings(status)[:1] not in (["okay"], ["ok"]):
            return False
    return True


class Kernel:
    """The image's kernel, as the driver lookup sees it."""

    # Module folders whose match tables are searched for compatibles that no
    # alias names: display, storage, network and USB drivers.
    SEARCHED = ("drivers/gpu", "drivers/mmc", "drivers/net", "drivers/usb")

    def __init__(self, disk, root_off, version, image_gz):
        base = "/usr/lib/modules"
        self.version = version
        mod = "%s/%s/" % (base, self.version)
        self.disk, self.root_off, self.mod, self.checked = disk, root_off, mod, {}
        self.aliases = []  # (pattern, module)
        for line in (imagefs.ext4_read(disk, root_off, mod + "modules.alias") or b"").decode().splitlines():
            f = line.split()
            if len(f) == 3 and f[0] == "alias":
                self.aliases.append((f[1], f[2]))
        for entry in (imagefs.ext4_read(disk, root_off, mod + "modules.builtin.modinfo") or b"").split(b"\0"):
            m = re.match(rb"([^.]+)\.alias=(.*)", entry)
            if m:
                self.aliases.append((m.group(2).decode(), m.group(1).decode() + " (built in)"))
        self.deps = {}
        for line in (imagefs.ext4_read(disk, root_off, mod + "modules.dep") or b"").decode().splitlines():
            path, _, rest = line.partition(":")
            name = re.sub(r"\.ko(\.\w+)?$", "", path.rsplit("/", 1)[-1]).replace("-", "_")
            self.deps[name] = [path] + rest.split()
        self.image = gzip.decompress(image_gz) if image_gz[:2] == b"\x1f\x8b" else image_gz
        self.binaries = {}  # module name: its uncompressed bytes
        with tempfile.TemporaryDirectory() as tmp:
            for sub in self.SEARCHED:
                imagefs.debugfs(disk, root_off, "rdump %s%s %s" % (mod + "kernel/", sub, tmp))
            for dirpath, _dirs, files in os.walk(tmp):
                for f in files:
                    with open(os.path.join(dirpath, f), "rb") as fh:
                        data = fh.read()
                    if f.endswith(".xz"):
                        data = lzma.decompress(data)
                    elif f.endswith(".zst"):
                        data = subprocess.run(["zstd", "-dc"], input=data, capture_output=True, check=True).stdout
                    self.binaries[re.sub(r"\.ko(\.\w+)?$", "", f).replace("-", "_")] = data

    def missing_deps(self, driver):
        """What a module needs (modules.dep) and the image does not have."""
        if not driver or "built in" in driver:
            return []
        name = driver.split(" ")[0]
        missing = []
        for path in self.deps.get(name.replace("-", "_"), []):
            if path not in self.checked:
                self.checked[path] = "Inode:" in imagefs.debugfs(self.disk, self.root_off, "stat " + self.mod + path)
            if not self.checked[path]:
                missing.append(path)
        return missing

    def driver(self, node_name, compatibles):
        """The module (or built-in driver) that binds this node, or None."""
        name = node_name.split("@")[0]
        modalias = "of:N%sT%s" % (name, "<NULL>") + "".join("C" + c for c in compatibles)
        for pattern, module in self.aliases:
            if pattern.startswith("of:") and fnmatch.fnmatchcase(modalias, pattern):
                return module
        for c in compatibles:
            m = re.match(r"usb([0-9a-f]+),([0-9a-f]+)$", c)
            if m:  # a USB device named in the tree binds by its USB ids
                ids = "usb:v%04Xp%04X" % (int(m.group(1), 16), int(m.group(2), 16))
                for pattern, module in self.aliases:
                    if pattern.upper().startswith(ids.upper()):
                        return module
        for c in compatibles:
            needle = b"\0" + c.encode() + b"\0"
            for module, data in self.binaries.items():
                if needle in data:
                    return module + " (match table)"
            if needle in self.image:
                return "built in (match table)"
        return None


def cpio_names(blob):
    """File names of an initramfs: uncompressed cpio parts, then a zstd,
    xz or gzip compressed one, as initramfs-tools concatenates them."""
    names, pos = [], 0
    while pos < len(blob):
        if blob[pos:pos + 6] in (b"070701", b"070702"):
            size = int(blob[pos + 54:pos + 62], 16)
            namesize = int(blob[pos + 94:pos + 102], 16)
            name = blob[pos + 110:pos + 110 + namesize - 1].decode(errors="replace")
            pos = (pos + 110 + namesize + 3) & ~3
            pos = (pos + size + 3) & ~3
            if name != "TRAILER!!!":
                names.append(name)
        elif blob[pos] == 0:
            pos += 1
        else:
            rest = blob[pos:]
            tool = {b"\x28\xb5\x2f\xfd": "zstd", b"\xfd7zX": "xz", b"\x1f\x8b\x08\x00": "gzip"}.get(rest[:4])
            if not tool:
                raise SystemExit("audit: initramfs part of unknown compression at byte %d" % pos)
            out = subprocess.run([tool, "-dc"], input=rest, capture_output=True, check=True).stdout
            return names + cpio_names(out)
    return names


def config_lines(text, filters=("all",)):
    """The lines of config.txt that a model reads: those before any [section]
    and in the sections named by its filters ([all] included)."""
    lines, live = [], True
    for l in text.splitlines():
        l = l.strip()
        if not l or l.startswith("#"):
            continue
        if l.startswith("[") and l.endswith("]"):
            live = l[1:-1] in filters
            continue
        if live:
            lines.append(l)
    return lines


def console_tty(nodes):
    """The tty of the device tree's stdout-path (its serial console)."""
    path = strings(nodes.get("/chosen", {}).get("stdout-path", b""))
    alias = path[0].split(":")[0] if path else ""
    target = strings(nodes.get("/aliases", {}).get(alias, b""))
    if not target or not re.match(r"serial(\d+)$", alias):
        return None
    n = re.match(r"serial(\d+)$", alias).group(1)
    compat = strings(nodes.get(target[0], {}).get("compatible", b""))
    return ("ttyAMA" if "arm,pl011" in compat else "ttyS") + n


def symlink_target(image, root_off, path):
    m = re.search(r'Fast link dest: "([^"]*)"', imagefs.debugfs(image, root_off, "stat " + path))
    return m.group(1) if m else None


def bootargs(text):
    """bootargs.txt's name=value lines (U-Boot's env import -t)."""
    return dict(l.split("=", 1) for l in text.splitlines() if "=" in l and not l.startswith("#"))


def audit(image):
    parts = imagefs.partitions(image)
    boot_off, root_off = parts[0][0], parts[1][0]
    fat = {n.lower(): n for n in imagefs.fat_names(image, boot_off)}
    config = (imagefs.fat_read(image, boot_off, "config.txt") or b"").decode()
    args = bootargs((imagefs.fat_read(image, boot_off, "bootargs.txt") or b"").decode())
    script = imagefs.fat_read(image, boot_off, "boot.scr") or b""
    uboot = imagefs.fat_read(image, boot_off, "u-boot.bin") or b""
    settings = dict(l.split("=", 1) for l in config_lines(config) if "=" in l)
    versions = imagefs.ext4_names(image, root_off, "/usr/lib/modules")
    if len(versions) != 1:
        raise SystemExit("audit: expected one kernel in slot A's /usr/lib/modules, found %s" % versions)
    kver = versions[0]
    kernel_blob = imagefs.ext4_read(image, root_off, "/boot/vmlinuz-" + kver)
    if not kernel_blob:
        raise SystemExit("audit: slot A has no /boot/vmlinuz-%s" % kver)
    kernel = Kernel(image, root_off, kver, kernel_blob)
    initrd = set(cpio_names(imagefs.ext4_read(image, root_off, "/boot/initrd.img-" + kver) or b""))
    firmware = set(imagefs.ext4_names(image, root_off, "/usr/lib/firmware/brcm"))
    slot_dtbs = set(imagefs.ext4_names(image, root_off, "/usr/lib/linux-image-%s/broadcom" % kver))

    common = []
    if settings.get("arm_64bit") != "1":
        common.append("config.txt has no arm_64bit=1")
    if settings.get("kernel") != "u-boot.bin" or not uboot:
        common.append("config.txt does not start U-Boot (kernel=%r; u-boot.bin %s)"
                      % (settings.get("kernel"), "present" if uboot else "missing"))
    if b"root=PARTUUID=${wb_partuuid}" not in script or b"rauc.slot=${wb_slot}" not in script:
        common.append("boot.scr does not name the slot's root by PARTUUID and the slot for RAUC")
    for link, target in (("/boot/vmlinuz", "vmlinuz-" + kver), ("/boot/initrd.img", "initrd.img-" + kver),
                         ("/boot/dtbs", "/usr/lib/linux-image-" + kver)):
        if symlink_target(image, root_off, link) != target:
            common.append("slot A's %s does not point at %s (boot.scr loads it)" % (link, target))
    if not args.get("args"):
        common.append("bootargs.txt has no args= line")
    if any(a.startswith("cma=") for v in args.values() for a in v.split()):
        common.append("bootargs.txt sets cma= (can make a Pi 4 unbootable)")
    for f in ("etc/wallboard-model-notes", "scripts/init-top/wallboard-model"):
        if f not in initrd:
            common.append("the initramfs has no %s (the models' notes on the console)" % f)

    report = []
    for m in MODELS:
        r = {"model": m["model"], "dtb": m["dtb"], "checked": [], "gaps": set(), "problems": list(common)}
        blob = imagefs.fat_read(image, boot_off, m["dtb"])
        if not blob:
            r["problems"].append("no %s on the boot partition" % m["dtb"])
            report.append(r)
            continue
        # U-Boot must know the model (its table names the DTB it loads from
        # the slot); a DTB the slot lacks means the firmware's is used.
        uname, udtb = m["uboot"]
        # (The linker may share a name's bytes with the tail of a longer
        # string: the Pi 400's "400".)
        if uname.encode() + b"\0" not in uboot or \
                ("broadcom/" + udtb).encode() not in uboot:
            r["problems"].append("U-Boot (rpi_arm64) has no %r with broadcom/%s" % (uname, udtb))
        if udtb in slot_dtbs:
            blob = imagefs.ext4_read(image, root_off, "/usr/lib/linux-image-%s/broadcom/%s" % (kver, udtb))
            r["checked"].append("U-Boot: %r, boots slot A with its broadcom/%s" % (uname, udtb))
        else:
            r["checked"].append("U-Boot: %r names broadcom/%s, which the slot lacks: the firmware's %s is used"
                                % (uname, udtb, m["dtb"]))
        nodes = fdt_parse(blob)
        root_compat = strings(nodes["/"].get("compatible", b""))
        r["compatible"] = root_compat[0]
        # Its serial console on its command line (boot.scr takes console_pi5=
        # for the Pi 5, console= for the others).
        key = "console_pi5" if udtb == "bcm2712-rpi-5-b.dtb" else "console"
        own = args.get(key, "").split()
        tty = console_tty(nodes)
        if not own:
            r["problems"].append("bootargs.txt has no %s= line" % key)
        elif tty and not any(a.split(",")[0] == "console=" + tty for a in own):
            r["problems"].append("its serial console %s is not in bootargs.txt's %s=" % (tty, key))
        r["checked"].append("command line bootargs.txt %s=, serial console %s" % (key, tty))
        missing_boot = [f for f in m["boot"] if f not in fat]
        if missing_boot:
            r["problems"].append("boot firmware missing: %s" % ", ".join(missing_boot))
        r["checked"].append("boot firmware: %s" % (", ".join(m["boot"]) or "none needed (EEPROM bootloader)"))
        cma = nodes.get("/reserved-memory/linux,cma", {}).get("size")
        r["cma_mib"] = int.from_bytes(cma, "big") >> 20 if cma else None

        found = {c: [] for c, _ in CLASSES}
        for path, props in nodes.items():
            compat = strings(props.get("compatible", b""))
            if not compat or not enabled(nodes, path):
                continue
            for cls, rx in CLASSES:
                if any(rx.search(c) for c in compat):
                    found[cls].append((path, compat, kernel.driver(path.rsplit("/", 1)[-1], compat)))
                    break
        for cls in ("storage", "display", "ethernet", "wifi"):
            if cls == "ethernet" and not m["ethernet"]:
                continue
            nodes_of = found[cls]
            unbound = [p for p, c, d in nodes_of if not d]
            bound = ["%s: %s" % (c[0], d) for p, c, d in nodes_of if d]
            r["checked"].append("%s: %s" % (cls, "; ".join(bound) or "no driver"))
            if not nodes_of or (cls != "display" and not bound) or (cls == "display" and unbound):
                r["gaps"].add(cls)
                if unbound:
                    r["checked"].append("%s without a driver: %s" % (cls, ", ".join(unbound)))
                elif not nodes_of:
                    r["checked"].append("%s: no such device in the device tree" % cls)
            for p, c, d in nodes_of:
                absent = kernel.missing_deps(d)
                if absent:
                    r["problems"].append("%s needs modules the image lacks: %s" % (d, ", ".join(absent)))
            if cls == "storage":
                for p, c, d in nodes_of:
                    if d and "built in" not in d:
                        need = [x for x in kernel.deps.get(d.replace("-", "_"), [])]
                        absent = [x for x in need if not any(n.endswith(x) for n in initrd)]
                        if absent:
                            r["problems"].append("initramfs lacks %s" % ", ".join(absent))
        # Wi-Fi: brcmfmac needs the chip's firmware and an NVRAM file, the
        # board's own (named after the tree's first compatible) or a generic one.
        if found["wifi"]:
            ok = []
            for chip in m["wifi"]:
                bins = [n for n in firmware if n.startswith(chip + ".") and n.endswith(".bin")]
                nvram = [n for n in ("%s.%s.txt" % (chip, root_compat[0]), chip + ".txt") if n in firmware]
                if bins and nvram:
                    ok.append("%s (%s, %s)" % (chip, bins[0], nvram[0]))
            r["checked"].append("wifi firmware: %s" % ("; ".join(ok) or "none of " + ", ".join(m["wifi"])))
            if not ok:
                r["gaps"].add("wifi firmware")
        has_net = ("ethernet" not in r["gaps"] and m["ethernet"]) or not ({"wifi", "wifi firmware"} & r["gaps"])
        if not has_net:
            r["gaps"].add("network")
            r["checked"].append("network: none at all (no feed, no remote settings)")
        report.append(r)
    return kernel.version, report


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--image", required=True)
    ap.add_argument("--notes", help="board/rpi/initramfs/wallboard-model-notes, which must have a line for every model with gaps")
    ap.add_argument("--json")
    args = ap.parse_args()
    version, report = audit(args.image)
    notes = open(args.notes).read() if args.notes else ""
    failed = False
    print("audit: kernel %s" % version)
    for r in report:
        expected = KNOWN_GAPS.get(r["model"], set())
        verdict = "boots to the board" if not r["gaps"] and not r["problems"] else \
            "gaps: " + ", ".join(sorted(r["gaps"])) if not r["problems"] else "PROBLEMS"
        print("\n%s (%s): %s; CMA from the device tree: %s MiB" % (r["model"], r["dtb"], verdict, r.get("cma_mib")))
        for c in r["checked"]:
            print("  - " + c)
        for p in r["problems"]:
            print("  ! " + p)
            failed = True
        if r["gaps"] != expected:
            print("  ! gaps %s, but KNOWN_GAPS says %s: update the audit, docs/image.md and model-notes"
                  % (sorted(r["gaps"]), sorted(expected)))
            failed = True
        if expected and args.notes and not re.search(r"^%s\t" % re.escape(r.get("compatible", "?")), notes, re.M):
            print("  ! %s has no line for %s" % (args.notes, r.get("compatible")))
            failed = True
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"kernel": version, "models": [dict(r, gaps=sorted(r["gaps"])) for r in report]}, f, indent=1)
    print("\naudit: %s" % ("FAILED" if failed else "every model as documented"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
