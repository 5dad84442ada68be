#!/usr/bin/env bash
# Lays out every C source and header as .clang-format says (the test suite's
# format_check fails on anything else). Needs clang-format: scripts/deps.sh --test.
set -euo pipefail
cd "$(dirname "$0")/.."
find firmware include tests -name node_modules -prune -o -type f \( -name '*.c' -o -name '*.h' \) -print0 |
	xargs -0 clang-format --style=file -i
