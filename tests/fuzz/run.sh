#!/usr/bin/env bash
# One harness as a test (tests/fuzz/CMakeLists.txt): first every input under
# regressions/<name>/ once, then fuzzing for a while from a copy of the seeds
# in the build dir (the repo is never written). Fails on any crash, leak,
# sanitizer report, property failure or timeout: libFuzzer exits non-zero.
# usage: run.sh HARNESS SOURCE_DIR WORK_DIR SECONDS
set -euo pipefail
harness=$1 src=$2 work=$3 seconds=$4
name=$(basename "$harness")
name=${name#fuzz_}
rm -rf "$work"
mkdir -p "$work/corpus" "$work/artifacts"
cp -R "$src/corpus/$name/." "$work/corpus/"
# A fixed seed (WB_FUZZ_SEED, default 1): a red run replays the same
# mutations on any machine, and the suite's minute covers the same ground
# each time until the code changes; bench/fuzz.py's long runs take random
# seeds for breadth.
args=(-seed="${WB_FUZZ_SEED:-1}" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
  -artifact_prefix="$work/artifacts/")
# A dictionary of its own, else its family's (config_update takes config's).
for dict in "$src/dict/$name.dict" "$src/dict/${name%%_*}.dict"; do
  if [[ -f $dict ]]; then
    args+=(-dict="$dict")
    break
  fi
done
regressions=$src/regressions/$name
if [[ -d $regressions ]] && compgen -G "$regressions/*" >/dev/null; then
  echo "run.sh: replaying $regressions"
  "$harness" "${args[@]}" "$regressions"/*
fi
"$harness" "${args[@]}" -max_total_time="$seconds" "$work/corpus"
