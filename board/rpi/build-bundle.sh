#!/bin/bash
# Makes a signed RAUC update bundle (verity format) of an image's root slot:
# the same file system the image's slot A was made of, so a board updated
# with it runs exactly what a card flashed with that image runs.
#
#   board/rpi/build-bundle.sh [--rootfs FILE] [--out FILE] [--cert FILE --key FILE]
#                             [--keyring FILE] [--compatible NAME]
#
# --rootfs: default build/image-arm64/wallboard-rpi-arm64.rootfs.ext4 (made by
# build-image.sh). The bundle's version is the one inside that file system
# (/etc/wallboard-image/version), so bundle and slot cannot disagree.
# --cert/--key: the signing certificate and key (default: the development
# pair of update-keys.sh); --keyring: the CA to check the result against
# (default: the one next to the certificate). --compatible is for tests only:
# a board installs nothing but wallboard-rpi-arm64.
# Result: --out (default build/image-arm64/wallboard-rpi-arm64-<version>.raucb).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
# rauc, mksquashfs and debugfs of the image's release (scripts/buildenv.sh).
[[ -n ${WB_BUILDENV:-} ]] || exec "$repo/scripts/buildenv.sh" --image -- "$0" "$@"
rootfs=$repo/build/image-arm64/wallboard-rpi-arm64.rootfs.ext4
out=""
cert=""
key=""
keyring=""
compatible=wallboard-rpi-arm64
while (($#)); do
	case "$1" in
	--rootfs) rootfs=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	--cert) cert=$2; shift 2 ;;
	--key) key=$2; shift 2 ;;
	--keyring) keyring=$2; shift 2 ;;
	--compatible) compatible=$2; shift 2 ;;
	-h|--help) sed -n '2,18p' "$0"; exit 0 ;;
	*) echo "build-bundle.sh: unknown argument $1" >&2; exit 2 ;;
	esac
done
[[ -s $rootfs ]] || { echo "build-bundle.sh: no root file system at $rootfs (board/rpi/build-image.sh makes it)" >&2; exit 1; }
if [[ -z $cert ]]; then
	ca=$("$here/update-keys.sh" --print-ca)
	cert=$(dirname "$ca")/signing.cert.pem key=$(dirname "$ca")/signing.key.pem
	echo "build-bundle.sh: signing with the development key in $(dirname "$ca")" >&2
fi
[[ -n $key ]] || { echo "build-bundle.sh: --cert needs --key" >&2; exit 2; }
keyring=${keyring:-$(dirname "$cert")/ca.cert.pem}

version=$(debugfs -R "cat /etc/wallboard-image/version" "$rootfs" 2>/dev/null | head -n 1)
commit=$(debugfs -R "cat /etc/wallboard-image/commit" "$rootfs" 2>/dev/null | head -n 1)
[[ -n $version ]] || { echo "build-bundle.sh: $rootfs has no /etc/wallboard-image/version" >&2; exit 1; }
out=${out:-$(dirname "$rootfs")/wallboard-rpi-arm64-$version.raucb}

work=$(mktemp -d "${TMPDIR:-/tmp}/wb-bundle.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir "$work/content"
cp --sparse=always "$rootfs" "$work/content/rootfs.ext4"
cat >"$work/content/manifest.raucm" <<MF
[update]
compatible=$compatible
version=$version
description=wallboard $version
build=${commit:-unknown}

[bundle]
format=verity

[image.rootfs]
filename=rootfs.ext4
MF
rm -f "$out"
# zstd: about as small as xz for this tree and much faster to unpack on a Pi.
rauc bundle --cert="$cert" --key="$key" --keyring="$keyring" \
	--mksquashfs-args="-comp zstd -Xcompression-level 15" "$work/content" "$out" >/dev/null
rauc info --keyring="$keyring" "$out" >/dev/null 2>&1 || { echo "build-bundle.sh: rauc cannot verify $out against $keyring" >&2; exit 1; }
echo "bundle: $out (version $version, $(du -h "$out" | cut -f1))"
