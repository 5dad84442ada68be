#!/bin/sh
# mmdebstrap customize hook (runs on the build host; $1 is the new root, in
# which mmdebstrap already installed the firmware package): lays the image's
# files over the root and turns it into one that boots read-only. Foreign-architecture steps
# run through qemu-user (binfmt_misc).
set -eu
root=$1
here=$(cd "$(dirname "$0")" && pwd)

# The image's own files: fstab, first-boot service, journald and watchdog
# settings, network, SSH policy, raspi-firmware settings.
cp -a "$here/rootfs/." "$root/"
chown -R root:root "$root/etc/systemd" "$root/etc/ssh/sshd_config.d" \
	"$root/usr/lib/wallboard-image" "$root/etc/default"

# Rewrite config.txt and cmdline.txt on the boot partition with our settings.
chroot "$root" env DEB_MAINT_PARAMS=configure /etc/kernel/postinst.d/z50-raspi-firmware
cp "$here/boot/"* "$root/boot/firmware/"

systemctl --root="$root" enable wallboard.service wallboard-firstboot.service \
	wallboard-memlog.timer systemd-networkd.service systemd-resolved.service \
	systemd-timesyncd.service
# SSH only when asked for (the drop-in's condition); the board owns tty1.
systemctl --root="$root" enable ssh.service
systemctl --root="$root" mask getty@tty1.service

# Read-only root: per-device identity must not be baked into the image.
rm -f "$root"/etc/ssh/ssh_host_*
: > "$root/etc/machine-id"
rm -f "$root/var/lib/dbus/machine-id"
echo wallboard > "$root/etc/hostname"
ln -sf /run/systemd/resolve/stub-resolv.conf "$root/etc/resolv.conf"
# Mount points that must exist on the read-only root.
mkdir -p "$root/boot/firmware" "$root/var/lib/wallboard" "$root/var/log/journal"

# Nothing updates packages on a read-only root: drop the caches and lists.
chroot "$root" apt-get clean
rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/debconf/*-old "$root"/var/log/*.log
