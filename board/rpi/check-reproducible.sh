#!/bin/bash
# Builds the SD card image twice from this commit, into two folders, and
# compares the partitions and the whole image byte for byte. Both builds take
# the same firmware package (--deb, else one cross-compiled first) and the
# archive's packages of the moment: run it within one archive update (a few
# hours) so both see the same versions, which the two manifests show.
# On a difference it lists the files of the root trees that differ.
#   board/rpi/check-reproducible.sh [--deb FILE] [--out DIR]   (root; ~25 min)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
# From the packages of the image's Debian release, in a build root of it
# unless this machine runs it (scripts/buildenv.sh).
[[ -n ${WB_BUILDENV:-} ]] || exec "$repo/scripts/buildenv.sh" --image -- "$0" "$@"
out=$repo/build/reproducible
deb=""
while (($#)); do
	case "$1" in
	--deb) deb=$(readlink -f "$2"); shift 2 ;;
	--out) out=$2; shift 2 ;;
	*) echo "check-reproducible.sh: unknown argument $1" >&2; exit 2 ;;
	esac
done
mkdir -p "$out"
if [[ -z $deb ]]; then
	bdir=$out/firmware
	cmake -S "$repo" -B "$bdir" --toolchain "$repo/toolchain/aarch64-linux-gnu.cmake" \
		-DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr -DWB_BUILD_TESTS=OFF -DWB_WERROR=ON >/dev/null
	cmake --build "$bdir" -j"$(nproc)" >/dev/null
	(cd "$bdir" && rm -f ./*.deb && cpack -G DEB >/dev/null)
	deb=$(ls "$bdir"/wallboard_*_arm64.deb)
fi
for n in 1 2; do
	echo "== build $n"
	"$here/build-image.sh" --deb "$deb" --out "$out/$n" | grep -E '^(image|packages|build time):'
done
echo "== partitions (sha256)"
paste "$out/1/partitions.sha256" "$out/2/partitions.sha256" | awk '{ printf "%-10s %s %s %s\n", $2, substr($1, 1, 16), substr($3, 1, 16), ($1 == $3 ? "same" : "DIFFERENT") }'
img=wallboard-rpi-arm64.img
a=$(sha256sum <"$out/1/$img" | cut -d' ' -f1)
b=$(sha256sum <"$out/2/$img" | cut -d' ' -f1)
echo "image      ${a:0:16} ${b:0:16}"
if ! cmp -s "$out/1/wallboard-rpi-arm64.manifest" "$out/2/wallboard-rpi-arm64.manifest"; then
	echo "check-reproducible.sh: the two builds saw different package versions; run again:" >&2
	diff "$out/1/wallboard-rpi-arm64.manifest" "$out/2/wallboard-rpi-arm64.manifest" >&2 || true
	exit 1
fi
if [[ $a == "$b" ]]; then
	echo "check-reproducible.sh: reproducible ($a)"
	exit 0
fi
echo "check-reproducible.sh: the builds differ; files that differ in the root and boot trees:" >&2
for t in rootfs bootfs; do
	diff -rq --no-dereference "$out/1/$t" "$out/2/$t" >&2 || true
	# Same content, other metadata (owner, mode, time):
	(cd "$out/1/$t" && find . -printf '%p %U %G %m %T@\n' | LC_ALL=C sort) >"$out/1.$t.meta"
	(cd "$out/2/$t" && find . -printf '%p %U %G %m %T@\n' | LC_ALL=C sort) >"$out/2.$t.meta"
	diff "$out/1.$t.meta" "$out/2.$t.meta" | head -n 40 >&2 || true
done
exit 1
