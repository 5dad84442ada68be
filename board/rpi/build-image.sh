#!/bin/bash
# Builds a flashable Raspberry Pi SD card image of the wallboard from Debian
# bookworm packages only: the firmware cross-compiled into a .deb, a root
# filesystem from mmdebstrap, and a partitioned image assembled without loop
# devices (mkfs.vfat + mtools, mke2fs -d, sfdisk + dd). Needs root and
# qemu-user-static (binfmt_misc) for the foreign-architecture package scripts.
#
#   board/rpi/build-image.sh [--arch arm64|armhf] [--out DIR] [--deb FILE] [--reuse-rootfs] [--clean]
#
# Result: DIR/wallboard-rpi-ARCH.img (default DIR: build/image-ARCH).
# --deb installs that firmware package instead of cross-compiling one;
# --reuse-rootfs only reassembles the partitions from DIR's last root tree;
# --clean removes that tree (about 1 GB) once the image is assembled.
# mmdebstrap's whole output goes to DIR/mmdebstrap.log; its stages show here.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
arch=arm64
out=""
deb=""
reuse=0
clean=0
mirror=http://deb.debian.org/debian
security=http://deb.debian.org/debian-security

while (($#)); do
	case "$1" in
	--arch) arch=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	--deb) deb=$2; shift 2 ;;
	--reuse-rootfs) reuse=1; shift ;;
	--clean) clean=1; shift ;;
	-h|--help) sed -n '2,17p' "$0"; exit 0 ;;
	*) echo "build-image.sh: unknown argument $1" >&2; exit 2 ;;
	esac
done

case "$arch" in
arm64) triplet=aarch64-linux-gnu; kernel=linux-image-arm64 ;;
armhf) triplet=arm-linux-gnueabihf; kernel=linux-image-armmp ;;
*) echo "build-image.sh: --arch must be arm64 or armhf" >&2; exit 2 ;;
esac
out=$(mkdir -p "${out:-$repo/build/image-$arch}" && cd "${out:-$repo/build/image-$arch}" && pwd)
img=$out/wallboard-rpi-$arch.img
[[ $(id -u) -eq 0 ]] || { echo "build-image.sh: run as root (mmdebstrap --mode=root, chroot)" >&2; exit 1; }

# Partition sizes in MiB; the root gets what its files need plus slack.
boot_mib=256
data_mib=256
start_mib=4

step() { printf '\n== %s (%ds)\n' "$*" "$SECONDS"; }

# mmdebstrap's stages ("I: ..." lines) with the elapsed time; the rest only
# into the log. Package scripts run under qemu-user for minutes with nothing
# to say, so a quiet minute prints a line too.
progress() {
	local log=$1 line part="" last="" rc
	: >"$log"
	while true; do
		if IFS= read -r -t 60 line; then
			line=$part$line part=""
			printf '%s\n' "$line" >>"$log"
			if [[ $line == "I: "* ]]; then
				last=${line#I: }
				printf '   [%4ds] %s\n' "$SECONDS" "$last"
			fi
		else
			rc=$?
			part+=$line           # what came of a line before the silence or the end
			((rc > 128)) || break # end of output; > 128: a minute of silence
			printf '   [%4ds] ... still at: %s\n' "$SECONDS" "${last:-starting}"
		fi
	done
	[[ -z $part ]] || printf '%s\n' "$part" >>"$log"
}

step "checking qemu-user for $arch"
"$repo/scripts/qemu-user.sh" "$arch"

rootfs=$out/rootfs
bootfs=$out/bootfs
if ((!reuse)); then
	if [[ -z "$deb" ]]; then
		step "cross-compiling the firmware package"
		bdir=$out/firmware
		cmake -S "$repo" -B "$bdir" --toolchain "$repo/toolchain/$triplet.cmake" \
			-DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr -DWB_BUILD_TESTS=OFF -DWB_WERROR=ON >/dev/null
		cmake --build "$bdir" -j"$(nproc)"
		(cd "$bdir" && rm -f ./*.deb && cpack -G DEB >/dev/null)
		deb=$(ls "$bdir"/wallboard_*_"$arch".deb)
	fi
	deb=$(readlink -f "$deb")

	step "root filesystem (mmdebstrap, bookworm, $arch)"
	rm -rf "$rootfs"
	pkgs=(systemd-sysv udev kmod systemd-resolved systemd-timesyncd
		"$kernel" raspi-firmware firmware-brcm80211 wireless-regdb wpasupplicant iproute2
		libgl1-mesa-dri libegl1 libgles2 libgbm1 fonts-dejavu-core ca-certificates
		openssh-server e2fsprogs dosfstools zstd)
	comps="main non-free-firmware"
	log=$out/mmdebstrap.log
	if ! mmdebstrap --mode=root --variant=minbase --architectures="$arch" \
		--include="$(IFS=,; echo "${pkgs[*]}")" \
		--dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright' \
		--dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/info/*' \
		--dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-include=/usr/share/locale/locale.alias' \
		--essential-hook="mkdir -p \"\$1/etc/initramfs-tools\" && cp -a \"$here/initramfs/.\" \"\$1/etc/initramfs-tools/\"" \
		--include="$deb" --hook-dir=/usr/share/mmdebstrap/hooks/file-mirror-automount \
		--customize-hook="\"$here/customize.sh\" \"\$1\"" \
		bookworm "$rootfs" \
		"deb $mirror bookworm $comps" "deb $mirror bookworm-updates $comps" \
		"deb $security bookworm-security $comps" 2>&1 | progress "$log"; then
		echo "build-image.sh: mmdebstrap failed; the end of $log:" >&2
		tail -n 40 "$log" >&2
		exit 1
	fi

	# The boot partition's files (kernel, initrd, DTBs, Pi firmware, config.txt,
	# cmdline.txt) leave the root tree: there /boot/firmware is a mount point.
	rm -rf "$bootfs"
	mv "$rootfs/boot/firmware" "$bootfs"
	mkdir "$rootfs/boot/firmware"
fi

step "boot partition (FAT32, mtools)"
parts=$out/parts
rm -rf "$parts" && mkdir -p "$parts/data"
rm -f "$parts/boot.vfat"
mkfs.vfat -F 32 -n WBBOOT -C "$parts/boot.vfat" $((boot_mib * 1024)) >/dev/null
mcopy -s -i "$parts/boot.vfat" "$bootfs"/* ::/

step "data partition (ext4)"
uid=$(awk -F: '$1 == "wallboard" { print $3 }' "$rootfs/etc/passwd")
gid=$(awk -F: '$1 == "wallboard" { print $4 }' "$rootfs/etc/passwd")
jgid=$(awk -F: '$1 == "systemd-journal" { print $3 }' "$rootfs/etc/group")
install -d -o "$uid" -g "$gid" -m 0750 "$parts/data"
install -d -o 0 -g 0 -m 0700 "$parts/data/system" "$parts/data/system/ssh"
install -d -o 0 -g "$jgid" -m 2755 "$parts/data/system/journal"
# 4 KiB blocks (mke2fs picks 1 KiB for a partition this small): the card's
# flash pages are 4 KiB or more, so smaller writes cost it a read-modify-write.
# Inode tables and journal zeroed here, not by the kernel in the first boots.
mke2fs -q -F -t ext4 -L wbdata -b 4096 -E lazy_itable_init=0,lazy_journal_init=0 \
	-d "$parts/data" "$parts/data.ext4" "${data_mib}M"

step "root partition (ext4, mounted read-only on the device)"
used_mib=$(du -s --block-size=1M "$rootfs" | cut -f1)
root_mib=$(( (used_mib * 12 / 10 + 64 + 3) / 4 * 4 ))
mke2fs -q -F -t ext4 -L wbroot -d "$rootfs" "$parts/root.ext4" "${root_mib}M"

step "disk image (sfdisk + dd)"
total_mib=$((start_mib + boot_mib + root_mib + data_mib))
rm -f "$img"
truncate -s "${total_mib}M" "$img"
sfdisk --quiet "$img" <<PART
label: dos
unit: sectors
start=$((start_mib * 2048)), size=$((boot_mib * 2048)), type=c, bootable
start=$(((start_mib + boot_mib) * 2048)), size=$((root_mib * 2048)), type=83
start=$(((start_mib + boot_mib + root_mib) * 2048)), size=$((data_mib * 2048)), type=83
PART
dd if="$parts/boot.vfat" of="$img" bs=1M seek=$start_mib conv=notrunc,sparse status=none
dd if="$parts/root.ext4" of="$img" bs=1M seek=$((start_mib + boot_mib)) conv=notrunc,sparse status=none
dd if="$parts/data.ext4" of="$img" bs=1M seek=$((start_mib + boot_mib + root_mib)) conv=notrunc,sparse status=none
rm -rf "$parts"
if ((clean)); then
	rm -rf "$rootfs" "$bootfs" "$out/firmware"
fi

step "done"
echo "image: $img ($(du -h --apparent-size "$img" | cut -f1), $(du -h "$img" | cut -f1) allocated)"
echo "build time: ${SECONDS}s"
