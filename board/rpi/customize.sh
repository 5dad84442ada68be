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
	"$root/usr/lib/wallboard-image" "$root/etc/default" "$root/etc/rauc" "$root/etc/dbus-1/system.d" \
	"$root/usr/share/dbus-1/system-services" "$root/etc/tmpfiles.d"
chown -h root:root "$root/etc/fw_env.config"

# Rewrite config.txt and cmdline.txt on the boot partition with our settings.
chroot "$root" env DEB_MAINT_PARAMS=configure /etc/kernel/postinst.d/z50-raspi-firmware
cp "$here/boot/"* "$root/boot/firmware/"

# A/B slots (docs/updates.md): the Pi firmware starts U-Boot, whose boot
# script picks slot A or B and boots that slot's own kernel, initramfs and
# device trees from its root file system. So the boot partition keeps only
# what every slot shares (Pi firmware, the DTBs the firmware itself reads,
# config.txt, U-Boot, the script, the kernel command line), and the root
# names its kernel by fixed paths the script knows.
fw=$root/boot/firmware
kver=$(cd "$root/usr/lib/modules" && ls)
ln -sfn "vmlinuz-$kver" "$root/boot/vmlinuz"
ln -sfn "initrd.img-$kver" "$root/boot/initrd.img"
ln -sfn "/usr/lib/linux-image-$kver" "$root/boot/dtbs"
cp "$root/usr/lib/u-boot/rpi_arm64/u-boot.bin" "$fw/u-boot.bin"
mkimage -A arm64 -O linux -T script -C none -n "wallboard A/B" -d "$here/uboot/boot.cmd" "$fw/boot.scr" >/dev/null
sed -i -e "s/^kernel=.*/kernel=u-boot.bin/" -e '/^initramfs /d' -e '/initramfs directive/,+1d' "$fw/config.txt"
# The kernel command line for U-Boot, from the one raspi-firmware made for
# the Pi firmware (which U-Boot does not read): the script adds root= (the
# slot's partition) and rauc.slot=; each model's serial console is chosen
# by the script (the Pi 5's is its debug UART, ttyAMA10).
args=$(tr ' ' '\n' <"$fw/cmdline.txt" | grep -v -e '^console=' -e '^root=' -e '^rw$' -e '^$' | tr '\n' ' ')
cat >"$fw/bootargs.txt" <<ARGS
# The kernel command line of both slots, read by U-Boot's boot script
# (boot.scr) at every boot; name=value lines. extra= is for additions, e.g.
# extra=systemd.unit=rescue.target (and a console on HDMI: console=tty1).
console=console=ttyS1,115200 console=tty1
console_pi5=console=ttyAMA10,115200 console=tty1
args=${args% } rootflags=errors=remount-ro panic=10
extra=
ARGS
rm -f "$fw/cmdline.txt" "$fw"/vmlinuz-* "$fw"/initrd.img-*

systemctl --root="$root" enable wallboard.service wallboard-firstboot.service \
	wallboard-persist.service wallboard-memlog.timer systemd-networkd.service systemd-resolved.service \
	systemd-timesyncd.service wallboard-ntp.path \
	wallboard-update-setup.service wallboard-update-boot.service wallboard-update.path \
	avahi-daemon.service
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
mkdir -p "$root/boot/firmware" "$root/var/lib/wallboard" "$root/var/log/journal" "$root/etc/avahi/services"

# Nothing updates packages on a read-only root: drop the caches and lists.
chroot "$root" apt-get clean
rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/debconf/*-old "$root"/var/log/*.log
