#!/usr/bin/env bash
# The Raspberry Pi build: cross-compiles with toolchain/<triplet>.cmake and
# -Werror against the libraries of the image's Debian release (in a build
# root of that release when this machine runs another one), runs the test
# suite under qemu-user, and makes the Debian package.
# With --image it also builds the SD card image and boots it under QEMU
# (the ctest label "image"; needs root). Installs what is missing with
# scripts/deps.sh --cross ARCH. WB_REQUIRE_TESTS=ON (scripts/test.sh) makes a
# test suite whose tools are missing an error instead of leaving it out.
#   scripts/cross.sh [arm64|armhf] [--image]
set -euo pipefail
cd "$(dirname "$0")/.."

arch=arm64
image=OFF
for a in "$@"; do
	case "$a" in
	arm64|armhf) arch=$a ;;
	--image) image=ON ;;
	*) echo "cross.sh: unknown argument $a" >&2; exit 2 ;;
	esac
done
case "$arch" in
arm64) triplet=aarch64-linux-gnu ;;
armhf) triplet=arm-linux-gnueabihf ;;
esac

want=(--cross "$arch")
[[ $image == OFF ]] || want+=(--image)
# Against the image's Debian release: in a build root of that release unless
# this machine runs it (scripts/buildenv.sh, which installs what is missing).
[[ -n ${WB_BUILDENV:-} ]] || exec scripts/buildenv.sh "${want[@]}" -- scripts/cross.sh "$@"
scripts/qemu-user.sh "$arch"
dir=build/cross-$arch
jobs=$(nproc)
# The browser tests drive the web page, which the host suite already covers.
cmake -S . -B "$dir" --toolchain "toolchain/$triplet.cmake" -DWB_WERROR=ON -DCMAKE_INSTALL_PREFIX=/usr \
	-DWB_VALGRIND_TESTS=OFF -DWB_BROWSER_TESTS=OFF -DWB_REQUIRE_TESTS="${WB_REQUIRE_TESTS:-OFF}" \
	-DWB_IMAGE_TESTS=$image >/dev/null
cmake --build "$dir" -j"$jobs"
# The image tests run alone afterwards: they want both cores for QEMU.
ctest --test-dir "$dir" --output-on-failure -j"$jobs" -LE image
(cd "$dir" && cpack -G DEB)
if [[ $image == ON ]]; then
	# --verbose: the image build's stages and the boot's milestones show as
	# they happen (minutes each), not only at the end.
	ctest --test-dir "$dir" --output-on-failure --verbose -L image
fi
