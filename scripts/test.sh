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
