#!/usr/bin/env bash
# The whole test suite: unit, render, integration, schema and browser tests
# (with valgrind), built with -Werror, then all of it again under ASan and
# UBSan; the fuzz harnesses for a minute each (clang); then the arm64 cross
# build, its tests under qemu-user and the .deb, and, as root, the SD card
# image built and booted under QEMU. Every suite is required here: a missing
# tool fails the configure, it never skips a suite.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/deps.sh --test
jobs=$(nproc)
export WB_REQUIRE_TESTS=ON

stage() { printf "\n== test.sh: %s (%dm%02ds since the start)\n" "$*" $((SECONDS / 60)) $((SECONDS % 60)); }

run_suite() {
  local dir=$1; shift
  cmake -S . -B "$dir" -DWB_WERROR=ON -DWB_REQUIRE_TESTS=ON -DWB_FAULT_INJECTION=ON "$@" >/dev/null
  cmake --build "$dir" -j"$jobs"
  ctest --test-dir "$dir" --output-on-failure -j"$jobs"
}

stage "host build with valgrind (build/test)"
run_suite build/test
stage "ASan and UBSan (build/asan)"
run_suite build/asan -DWB_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
# The libFuzzer harnesses, clang's build of the core: each replays its
# regressions, then fuzzes for 60 s from its seeds (tests/fuzz/run.sh).
stage "fuzzing, 60 s per harness (build/fuzz)"
CC=clang cmake -S . -B build/fuzz -DWB_FUZZ=ON -DWB_WERROR=ON >/dev/null
cmake --build build/fuzz -j"$jobs"
ctest --test-dir build/fuzz --output-on-failure -j"$jobs"

# The Raspberry Pi build: cross-compiled with -Werror, the suite again under
# qemu-user, the .deb, then the SD card image built and booted under QEMU
# (docs/image.md). The image needs root; without it that part is left out, and
# this says so.
if [[ $(id -u) -eq 0 ]]; then
  stage "arm64 cross build, its tests under qemu-user, the SD card image and its boot (build/cross-arm64)"
  scripts/cross.sh arm64 --image
else
  stage "arm64 cross build and its tests under qemu-user (build/cross-arm64)"
  echo "test.sh: not root: the SD card image is neither built nor booted (it needs root; see docs/image.md)" >&2
  scripts/cross.sh arm64
fi
stage "all suites passed"
