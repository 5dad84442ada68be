#!/bin/bash
# Builds a flashable Raspberry Pi SD card image of the wallboard from the
# packages of the Debian release named in board/rpi/release (Debian 13) only: the firmware cross-compiled into a .deb, a root
# filesystem from mmdebstrap, and a partitioned image assembled without loop
# devices (mkfs.vfat + mtools, mke2fs -d, sfdisk + dd). Needs root and
# qemu-user-static (binfmt_misc) for the foreign-architecture package scripts.
#
#   board/rpi/build-image.sh [--out DIR] [--deb FILE] [--keyring FILE] [--reuse-rootfs] [--clean]
#
# Result: DIR/wallboard-rpi-arm64.img (default DIR: build/image-arm64), the
# same packed as .img.zst with its .sha256, DIR/wallboard-rpi-arm64.manifest
# (every package and version in the image) and DIR/wallboard-rpi-arm64.rootfs.ext4,
# the slot image that board/rpi/build-bundle.sh makes update bundles of.
# --keyring: the CA certificate (PEM) whose bundles the image installs
# (docs/updates.md); without it, a development CA in build/update-keys
# (board/rpi/update-keys.sh) is made or reused. arm64 only: every supported board
# runs a 64-bit kernel (docs/image.md, "Boards"). Two builds of one commit from
# the same package versions give the same bytes (SOURCE_DATE_EPOCH: the
# commit's time; board/rpi/check-reproducible.sh).
# --deb installs that firmware package instead of cross-compiling one;
# --reuse-rootfs only reassembles the partitions from DIR's last root tree;
# --clean removes that tree (about 1 GB) once the image is assembled.
# mmdebstrap's whole output goes to DIR/mmdebstrap.log; its stages show here.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
# From the packages of the image's Debian release, in a build root of it
# unless this machine runs it (scripts/buildenv.sh).
[[ -n ${WB_BUILDENV:-} ]] || exec "$repo/scripts/buildenv.sh" --image -- "$0" "$@"
arch=arm64
suite=$(cat "$here/release")
out=""
deb=""
keyring=""
reuse=0
clean=0
mirror=http://deb.debian.org/debian
security=http://deb.debian.org/debian-security

while (($#)); do
	case "$1" in
	--out) out=$2; shift 2 ;;
	--deb) deb=$2; shift 2 ;;
	--reuse-rootfs) reuse=1; shift ;;
	--clean) clean=1; shift ;;
	--keyring) keyring=$2; shift 2 ;;
	-h|--help) sed -n '2,26p' "$0"; exit 0 ;;
	*) echo "build-image.sh: unknown argument $1" >&2; exit 2 ;;
	esac
done

triplet=aarch64-linux-gnu
kernel=linux-image-arm64
out=$(mkdir -p "${out:-$repo/build/image-$arch}" && cd "${out:-$repo/build/image-$arch}" && pwd)
img=$out/wallboard-rpi-$arch.img
[[ $(id -u) -eq 0 ]] || { echo "build-image.sh: run as root (mmdebstrap --mode=root, chroot)" >&2; exit 1; }

# Partition sizes in MiB. Two root slots of a fixed size (a later bundle must
# fit the partition an older image made; the root needs about 600 MiB), and a
# data partition with room for a downloaded bundle (update.max_bundle_mb) next
# to the journal (48 MiB) and the board's state.
boot_mib=256
slot_mib=1024
data_mib=1024
start_mib=4
# The two copies of the boot-selection state (U-Boot environment, 16 KiB
# each) in the sectors before the first partition; boot.cmd and
# /usr/lib/wallboard-image/update name the same offsets.
env_offsets=(0x100000 0x110000)
env_size=0x4000

step() { printf '\n== %s (%ds)\n' "$*" "$SECONDS"; }

# Reproducible output: every time stamp, file system UUID, FAT serial and MBR
# label id comes from the commit (its time and its id), never from the clock
# or a random source, so the same commit built from the same package versions
# gives the same bytes. mmdebstrap, dpkg, initramfs-tools and mke2fs
# (E2FSPROGS_FAKE_TIME) honour SOURCE_DATE_EPOCH themselves.
git=(git -c safe.directory="$repo" -C "$repo")
if ! commit=$("${git[@]}" rev-parse HEAD 2>/dev/null); then
	commit=unversioned
	echo "build-image.sh: no git history here: the image is marked unversioned, its times are SOURCE_DATE_EPOCH's or 1970" >&2
fi
if [[ -z ${SOURCE_DATE_EPOCH:-} ]]; then
	SOURCE_DATE_EPOCH=$("${git[@]}" log -1 --format=%ct 2>/dev/null || echo 0)
fi
export SOURCE_DATE_EPOCH
export E2FSPROGS_FAKE_TIME=$SOURCE_DATE_EPOCH
# 32 hex digits, the same for the same commit and purpose.
derived() { printf '%s %s' "$commit" "$1" | sha256sum | cut -c1-32; }
derived_uuid() { local h; h=$(derived "$1"); echo "${h:0:8}-${h:8:4}-4${h:13:3}-8${h:17:3}-${h:20:12}"; }
# Files the package scripts and our hooks made during the build carry the
# build's time; clamp them to the commit's.
clamp_mtimes() { find "$@" -newermt "@$SOURCE_DATE_EPOCH" -print0 | xargs -0r touch -h -d "@$SOURCE_DATE_EPOCH"; }

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
	if [[ -z $keyring ]]; then
		keyring=$("$here/update-keys.sh" --print-ca)
		echo "build-image.sh: no --keyring: the image trusts the development CA $keyring" >&2
	fi
	keyring=$(readlink -f "$keyring")

	step "root filesystem (mmdebstrap, $suite, $arch)"
	rm -rf "$rootfs"
	pkgs=(systemd-sysv udev kmod systemd-resolved systemd-timesyncd
		"$kernel" raspi-firmware firmware-brcm80211 wireless-regdb wpasupplicant iproute2 tzdata
		libgl1-mesa-dri libegl1 libgles2 libgbm1 fonts-dejavu-core ca-certificates
		openssh-server e2fsprogs dosfstools zstd
		u-boot-rpi rauc libubootenv-tool avahi-daemon)
	comps="main non-free-firmware"
	# Files no Raspberry Pi uses, never unpacked (about 90 MiB less to write
	# to every card): other boards' device trees (raspi-firmware copies only
	# broadcom/bcm*.dtb), glibc's converters for legacy character sets (UTF-8
	# and the other Unicode forms are built into glibc), and drivers for PC
	# graphics cards, InfiniBand, TV tuners and cameras (media/cec and
	# media/rc stay: vc4's HDMI needs them). tests/image/audit_models.py
	# checks that every driver a model needs, and what it depends on, is there.
	trim=(--dpkgopt='path-exclude=/usr/lib/linux-image-*/*' --dpkgopt='path-include=/usr/lib/linux-image-*/broadcom/*'
		--dpkgopt='path-exclude=/usr/lib/*/gconv/*')
	for d in gpu/drm/amd gpu/drm/nouveau gpu/drm/radeon gpu/drm/xe gpu/drm/msm infiniband \
		media/usb media/pci media/dvb-frontends media/tuners media/i2c media/platform; do
		trim+=(--dpkgopt="path-exclude=/usr/lib/modules/*/kernel/drivers/$d/*")
	done
	log=$out/mmdebstrap.log
	if ! mmdebstrap --mode=root --variant=minbase --architectures="$arch" \
		--include="$(IFS=,; echo "${pkgs[*]}")" \
		--dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright' \
		--dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/info/*' \
		--dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-include=/usr/share/locale/locale.alias' \
		"${trim[@]}" \
		--essential-hook="mkdir -p \"\$1/etc/initramfs-tools\" && cp -a \"$here/initramfs/.\" \"\$1/etc/initramfs-tools/\"" \
		--dpkgopt='path-exclude=/usr/lib/u-boot/rpi_3/*' --dpkgopt='path-exclude=/usr/lib/u-boot/rpi_4/*' \
		--include="$deb" --hook-dir=/usr/share/mmdebstrap/hooks/file-mirror-automount \
		--customize-hook="\"$here/customize.sh\" \"\$1\"" \
		"$suite" "$rootfs" \
		"deb $mirror $suite $comps" "deb $mirror $suite-updates $comps" \
		"deb $security $suite-security $comps" 2>&1 | progress "$log"; then
		echo "build-image.sh: mmdebstrap failed; the end of $log:" >&2
		tail -n 40 "$log" >&2
		exit 1
	fi

	# The boot partition's files (kernel, initrd, DTBs, Pi firmware, config.txt,
	# cmdline.txt) leave the root tree: there /boot/firmware is a mount point.
	rm -rf "$bootfs"
	mv "$rootfs/boot/firmware" "$bootfs"
	mkdir "$rootfs/boot/firmware"
	# mmdebstrap leaves the empty mount point of the package it installed
	# from a file.
	rmdir -p --ignore-fail-on-non-empty "$rootfs$(dirname "$deb")" 2>/dev/null || true
	clamp_mtimes "$rootfs" "$bootfs"
	# What is in the image, for the release notes and a later audit.
	dpkg-query --admindir="$rootfs/var/lib/dpkg" -W -f '${Package}\t${Version}\t${Architecture}\n' |
		LC_ALL=C sort >"$out/wallboard-rpi-$arch.manifest"
fi

# What this image is, for update bundles and the board's status: the
# project's version, the commit's number on its branch and its id (dpkg
# version order: a later commit is a higher version).
pver=$(sed -n 's/^project(wallboard VERSION \([0-9.]*\).*/\1/p' "$repo/CMakeLists.txt")
count=$("${git[@]}" rev-list --count HEAD 2>/dev/null || echo 0)
version="$pver+$count.g${commit:0:7}"
mkdir -p "$rootfs/etc/wallboard-image" "$rootfs/etc/rauc"
printf '%s\n' "$version" >"$rootfs/etc/wallboard-image/version"
printf '%s\n' "$commit" >"$rootfs/etc/wallboard-image/commit"
if [[ -n $keyring ]]; then
	install -m 0644 "$keyring" "$rootfs/etc/rauc/keyring.pem"
fi
[[ -s $rootfs/etc/rauc/keyring.pem ]] || { echo "build-image.sh: the root tree has no update keyring (--keyring)" >&2; exit 1; }
touch -h -d "@$SOURCE_DATE_EPOCH" "$rootfs/etc/wallboard-image" "$rootfs/etc/wallboard-image/"* "$rootfs/etc/rauc" "$rootfs/etc/rauc/keyring.pem"

step "boot partition (FAT32, mtools)"
parts=$out/parts
rm -rf "$parts" && mkdir -p "$parts/data"
rm -f "$parts/boot.vfat"
mkfs.vfat -F 32 -n WBBOOT --invariant -i "$(derived fat | cut -c1-8)" -C "$parts/boot.vfat" $((boot_mib * 1024)) >/dev/null
# One entry at a time in sorted order, with the files' own times (-m): a
# recursive mcopy would follow the build host's directory order.
(cd "$bootfs" && find . -mindepth 1 | LC_ALL=C sort) | while IFS= read -r f; do
	f=${f#./}
	if [[ -d $bootfs/$f ]]; then
		mmd -i "$parts/boot.vfat" "::/$f"
	else
		mcopy -m -i "$parts/boot.vfat" "$bootfs/$f" "::/$f"
	fi
done

step "data partition (ext4)"
uid=$(awk -F: '$1 == "wallboard" { print $3 }' "$rootfs/etc/passwd")
gid=$(awk -F: '$1 == "wallboard" { print $4 }' "$rootfs/etc/passwd")
jgid=$(awk -F: '$1 == "systemd-journal" { print $3 }' "$rootfs/etc/group")
install -d -o "$uid" -g "$gid" -m 0750 "$parts/data"
install -d -o 0 -g 0 -m 0700 "$parts/data/system" "$parts/data/system/ssh"
install -d -o 0 -g "$jgid" -m 2755 "$parts/data/system/journal"
clamp_mtimes "$parts/data"
# 4 KiB blocks (mke2fs picks 1 KiB for a partition this small): the card's
# flash pages are 4 KiB or more, so smaller writes cost it a read-modify-write.
# Inode tables and journal zeroed here, not by the kernel in the first boots.
mke2fs -q -F -t ext4 -L wbdata -b 4096 -U "$(derived_uuid data)" \
	-E lazy_itable_init=0,lazy_journal_init=0,hash_seed="$(derived_uuid data-hash)" \
	-d "$parts/data" "$parts/data.ext4" "${data_mib}M"

step "root partition (ext4, slot A; mounted read-only on the device)"
# The file system is what the files need plus slack, not the whole slot:
# bundles carry it and RAUC writes only its bytes.
used_mib=$(du -s --block-size=1M "$rootfs" | cut -f1)
root_mib=$(( (used_mib * 12 / 10 + 64 + 3) / 4 * 4 ))
if ((root_mib > slot_mib)); then
	echo "build-image.sh: the root needs $root_mib MiB, a slot has $slot_mib" >&2
	exit 1
fi
mke2fs -q -F -t ext4 -L wbroot -U "$(derived_uuid root)" -E hash_seed="$(derived_uuid root-hash)" \
	-d "$rootfs" "$parts/root.ext4" "${root_mib}M"

step "disk image (sfdisk + dd)"
total_mib=$((start_mib + boot_mib + 2 * slot_mib + data_mib))
rm -f "$img"
truncate -s "${total_mib}M" "$img"
sfdisk --quiet "$img" <<PART
label: dos
label-id: 0x$(derived mbr | cut -c1-8)
unit: sectors
start=$((start_mib * 2048)), size=$((boot_mib * 2048)), type=c, bootable
start=$(((start_mib + boot_mib) * 2048)), size=$((slot_mib * 2048)), type=83
start=$(((start_mib + boot_mib + slot_mib) * 2048)), size=$((slot_mib * 2048)), type=83
start=$(((start_mib + boot_mib + 2 * slot_mib) * 2048)), size=$((data_mib * 2048)), type=83
PART
# The partition images' hashes, for check-reproducible.sh and the release.
(cd "$parts" && sha256sum boot.vfat root.ext4 data.ext4) >"$out/partitions.sha256"
dd if="$parts/boot.vfat" of="$img" bs=1M seek=$start_mib conv=notrunc,sparse status=none
dd if="$parts/root.ext4" of="$img" bs=1M seek=$((start_mib + boot_mib)) conv=notrunc,sparse status=none
dd if="$parts/data.ext4" of="$img" bs=1M seek=$((start_mib + boot_mib + 2 * slot_mib)) conv=notrunc,sparse status=none
# Slot B stays empty: the first boot-selection state boots A and gives B no
# tries until RAUC installs into it.
envconf=$parts/fw_env.config
printf '%s %s %s\n' "$img" "${env_offsets[0]}" "$env_size" "$img" "${env_offsets[1]}" "$env_size" >"$envconf"
printf 'BOOT_ORDER=A B\nBOOT_A_LEFT=3\nBOOT_B_LEFT=0\n' >"$parts/initial.env"
fw_setenv -c "$envconf" -f "$parts/initial.env" BOOT_B_LEFT 0 2> >(grep -v '^Cannot read' >&2)
fw_printenv -c "$envconf" | grep -qx 'BOOT_ORDER=A B' || { echo "build-image.sh: the boot-selection state did not take" >&2; exit 1; }
# The slot image for update bundles (build-bundle.sh).
cp --sparse=always "$parts/root.ext4" "$out/wallboard-rpi-$arch.rootfs.ext4"
rm -rf "$parts"

step "packing (zstd) and checksums"
# What gets published: the packed image and its checksum (Raspberry Pi
# Imager and Etcher write .img.zst as it is).
zstd -q -f -T1 -10 "$img" -o "$img.zst"
(cd "$out" && sha256sum "$(basename "$img")" "$(basename "$img").zst") >"$img.sha256"
if ((clean)); then
	rm -rf "$rootfs" "$bootfs" "$out/firmware"
fi

step "done"
echo "image: $img ($(du -h --apparent-size "$img" | cut -f1), $(du -h "$img" | cut -f1) allocated, $(du -h "$img.zst" | cut -f1) packed)"
echo "packages: $(wc -l <"$out/wallboard-rpi-$arch.manifest") (wallboard-rpi-$arch.manifest); version $version, commit $commit, SOURCE_DATE_EPOCH=$SOURCE_DATE_EPOCH"
echo "build time: ${SECONDS}s"
