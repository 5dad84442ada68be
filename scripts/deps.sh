#!/usr/bin/env bash
# Installs the Debian packages the wallboard needs and that are missing.
#   scripts/deps.sh          to build and run
#   scripts/deps.sh --test   also what the test suite needs
set -euo pipefail

build_pkgs=(build-essential cmake pkg-config
  libsdl2-dev libsdl2-ttf-dev libsdl2-image-dev libcurl4-openssl-dev libcjson-dev libfontconfig-dev
  libmicrohttpd-dev libsodium-dev libsystemd-dev
  fonts-dejavu-core tzdata ca-certificates python3)
test_pkgs=(libcmocka-dev valgrind nodejs openssl
  prometheus chromium)  # promtool checks /metrics; chromium runs the web page tests
# Some machines carry a nodejs that bundles npm (and conflicts with Debian's).
command -v npm >/dev/null || test_pkgs+=(npm)

pkgs=("${build_pkgs[@]}")
[[ "${1:-}" == "--test" ]] && pkgs+=("${test_pkgs[@]}")

# The Raspberry Pi side of --test (scripts/cross.sh, board/rpi/build-image.sh):
# a cross compiler with the arm64 libraries through Debian multiarch, qemu-user
# for the cross tests and the image's package scripts, mmdebstrap and the
# filesystem tools for the image, qemu-system to boot it.
cross_arch=arm64
cross_pkgs=(gcc-aarch64-linux-gnu qemu-user-static binfmt-support arch-test qemu-system-arm
  mmdebstrap mtools dosfstools e2fsprogs fdisk)
for p in libsdl2-dev libsdl2-ttf-dev libsdl2-image-dev libcurl4-openssl-dev libcjson-dev \
    libfontconfig-dev libmicrohttpd-dev libsodium-dev libsystemd-dev libcmocka-dev; do
  cross_pkgs+=("$p:$cross_arch")
done
[[ "${1:-}" == "--test" ]] && pkgs+=("${cross_pkgs[@]}")

install_node_modules() {
  # The Node tools the tests use, pinned by tests/package-lock.json; npm ci
  # only when the installed tree is not the locked one.
  local dir
  dir="$(dirname "$0")/../tests"
  if ! cmp -s "$dir/package-lock.json" "$dir/node_modules/.wallboard-lock"; then
    npm ci --prefix "$dir" --no-audit --no-fund
    cp "$dir/package-lock.json" "$dir/node_modules/.wallboard-lock"
  fi
}

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  if [[ "${1:-}" == "--test" ]]; then install_node_modules; fi
  exit 0
fi

echo "Installing missing Debian packages: ${missing[*]}"
sudo=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "Need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
  sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
# Foreign-architecture packages need the architecture known to dpkg first
# (apt-get update below then fetches its package lists).
if [[ " ${missing[*]}" == *":$cross_arch"* ]] && ! dpkg --print-foreign-architectures | grep -qx "$cross_arch"; then
  "${sudo[@]}" dpkg --add-architecture "$cross_arch"
fi
# A fresh machine has no package lists yet; refresh once, not on every run.
if ! "${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}"; then
  "${sudo[@]}" apt-get update
  "${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
fi
if [[ "${1:-}" == "--test" ]]; then install_node_modules; fi
