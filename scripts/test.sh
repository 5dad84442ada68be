#!/usr/bin/env bash
# The whole test suite: unit, render and integration tests (with valgrind),
# built with -Werror, then all of it again under ASan and UBSan.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/deps.sh --test
jobs=$(nproc)

run_suite() {
  local dir=$1; shift
  cmake -S . -B "$dir" -DWB_WERROR=ON "$@" >/dev/null
  cmake --build "$dir" -j"$jobs"
  ctest --test-dir "$dir" --output-on-failure -j"$jobs"
}

run_suite build/test
run_suite build/asan -DWB_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug

# The Raspberry Pi build: cross-compiled with -Werror, the suite again under
# qemu-user, the .deb, then the SD card image built and booted under QEMU
# (docs/image.md). The image needs root; without it that part is skipped loudly.
if [[ $(id -u) -eq 0 ]]; then
  scripts/cross.sh arm64 --image
else
  echo "test.sh: not root: cross build and tests only, no SD card image (see docs/image.md)" >&2
  scripts/cross.sh arm64
fi
