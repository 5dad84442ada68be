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
# The Pi 5's own command line (config.txt's [pi5] section): its serial console.
sed 's/console=ttyS1,/console=ttyAMA10,/' "$root/boot/firmware/cmdline.txt" >"$root/boot/firmware/cmdline-pi5.txt"

systemctl --root="$root" enable wallboard.service wallboard-firstboot.service \
	wallboard-persist.service wallboard-memlog.timer systemd-networkd.service systemd-resolved.service \
	systemd-timesyncd.service wallboard-ntp.path
# SSH only when asked for (the drop-in's condition); the board owns tty1.
systemctl --root="$root" enable ssh.service
systemctl --root="$root" mask getty@tty1.service

# Units that cannot work on a read-only root, off for good (masked, so no
# package's static wants can pull them back in):
# - apt's daily list update and unattended upgrade: updates are a reflash.
# - dpkg's daily backup of its database into /var/backups: fails every day.
# - wtmp records of boot, shutdown and runlevel: /var/log is read-only
#   ("Failed to write wtmp record" at every boot); utmp in /run is not needed.
# - the D-Bus-activated wpa_supplicant: wallboard-wifi.service runs one per
#   interface from the data partition's settings; nothing here talks D-Bus to it.
systemctl --root="$root" disable wpa_supplicant.service
systemctl --root="$root" mask apt-daily.timer apt-daily.service \
	apt-daily-upgrade.timer apt-daily-upgrade.service \
	dpkg-db-backup.timer dpkg-db-backup.service \
	systemd-update-utmp.service systemd-update-utmp-runlevel.service \
	wpa_supplicant.service

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
