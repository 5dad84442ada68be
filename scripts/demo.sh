#!/usr/bin/env bash
# The demo: installs what is missing, builds, starts the feed simulator on
# 127.0.0.1 and opens the wallboard on its data. Ctrl+C or Esc/q to stop.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/deps.sh
cmake -S . -B build/demo -DCMAKE_BUILD_TYPE=Release -DWB_BUILD_TESTS=OFF >/dev/null
cmake --build build/demo -j"$(nproc)"

state=build/demo/state
mkdir -p "$state"
# The simulator prints its URL once it listens: read that line, no guessing.
coproc SIM { exec python3 tools/feedsim/feedsim.py --port 0 --bind 127.0.0.1 2>build/demo/feedsim.log; }
sim=$SIM_PID
trap 'kill $sim 2>/dev/null || true' EXIT
line=""
read -r -t 20 line <&"${SIM[0]}" || true
url=${line#feedsim listening on }
[[ "$line" == "feedsim listening on "* ]] || { echo "feed simulator did not start: $line" >&2; exit 1; }
echo "Feed simulator: $url"

# The demo's API and web page listen on this machine only.
args=(--feed "$url" --state-dir "$state" --config assets/demo/config.json)
if [[ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}${SDL_VIDEODRIVER:-}" ]] && ! compgen -G "/dev/dri/card*" >/dev/null; then
  # Nothing to show a window on: say so, and show the board as a picture.
  shot=build/demo/wallboard-demo.png
  echo "No display here (no X11 or Wayland session, no /dev/dri): rendering one frame to $shot instead."
  echo "On a desktop or a Linux console with a screen this opens the live board."
  TZ=${TZ:-Europe/Amsterdam} build/demo/firmware/wallboard "${args[@]}" --size "${WALLBOARD_SIZE:-1920x1080}" \
    --screenshot "$shot" "$@"
  exit
fi
if [[ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]]; then
  args+=(--windowed --size "${WALLBOARD_SIZE:-1600x900}")
fi
echo "Web page: http://127.0.0.1:8080/ (the admin token is the pairing code on the board's start screen)"
TZ=${TZ:-Europe/Amsterdam} build/demo/firmware/wallboard "${args[@]}" "$@"
