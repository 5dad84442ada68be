"""Reading the SD card image's partitions from outside, without loop devices
or mounts: the MBR through sfdisk, the FAT boot partition through mtools and
the ext4 partitions through debugfs (both take a byte offset into the image)."""

import json
import os
import subprocess
import tempfile


def partitions(image):
    """(start_bytes, size_bytes) of each MBR partition, from sfdisk."""
    out = subprocess.run(["sfdisk", "--json", image], check=True, capture_output=True, text=True).stdout
    table = json.loads(out)["partitiontable"]
    sector = table.get("sectorsize", 512)
    return [(p["start"] * sector, p["size"] * sector) for p in table["partitions"]]


def fat(image, offset):
    """mtools' name for the FAT file system at offset in image."""
    return "%s@@%d" % (image, offset)


def fat_names(image, offset, folder="::/"):
    """Names of the files in a folder of the FAT partition."""
    r = subprocess.run(["mdir", "-b", "-i", fat(image, offset), folder], capture_output=True, text=True,
                       check=True)
    return [os.path.basename(line.strip().rstrip("/")) for line in r.stdout.splitlines() if line.strip()]


def fat_read(image, offset, name):
    """Bytes of one file on the FAT partition, or None when it is missing."""
    r = subprocess.run(["mtype", "-i", fat(image, offset), "::/" + name], capture_output=True)
    return r.stdout if r.returncode == 0 else None


def debugfs(disk, offset, cmd):
    """stdout of a read-only debugfs command on the ext4 file system at offset."""
    r = subprocess.run(["debugfs", "-R", cmd, "%s?offset=%d" % (disk, offset)], capture_output=True, text=True)
    return r.stdout


def ext4_read(disk, offset, path):
    """Bytes of one file of the ext4 file system (symlinks followed by
    debugfs within the file system), or None when it is missing."""
    with tempfile.TemporaryDirectory() as tmp:
        dest = os.path.join(tmp, "f")
        subprocess.run(["debugfs", "-R", "dump %s %s" % (path, dest), "%s?offset=%d" % (disk, offset)],
                       capture_output=True)
        if not os.path.exists(dest):
            return None
        with open(dest, "rb") as f:
            return f.read()


def ext4_names(disk, offset, path):
    """Names in a directory of the ext4 file system ([] when it is missing)."""
    out = debugfs(disk, offset, "ls -p " + path)
    names = []
    for line in out.splitlines():
        # ls -p: /inode/mode/uid/gid/name/size/
        fields = line.split("/")
        if len(fields) >= 6 and fields[5] not in (".", ".."):
            names.append(fields[5])
    return names
