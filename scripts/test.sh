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
# qemu-user, and the .deb. The SD card image is built and booted by
# `scripts/cross.sh arm64 --image` (root, ~15 min); it is not part of this
# run yet (docs/image.md, "The blank screen").
scripts/cross.sh arm64
