#!/usr/bin/env bash
# Makes sure this machine runs foreign-architecture binaries through
# qemu-user-static (binfmt_misc), which the cross tests and the image build
# need. Containers often start without binfmt_misc mounted; then the handlers
# that qemu-user-static installed are registered here.
#   scripts/qemu-user.sh arm64|armhf
set -euo pipefail
arch=${1:?usage: qemu-user.sh arm64|armhf}
arch-test "$arch" >/dev/null 2>&1 && exit 0
# Registering handlers is the kernel's business: root, or sudo for a user.
sudo=()
if [[ $(id -u) -ne 0 ]]; then
	command -v sudo >/dev/null || { echo "qemu-user.sh: $arch binaries do not run here and registering qemu-user needs root (or sudo)" >&2; exit 1; }
	sudo=(sudo)
	echo "qemu-user.sh: registering qemu-user for $arch binaries with binfmt_misc (sudo)"
fi
if [[ ! -e /proc/sys/fs/binfmt_misc/status ]]; then
	"${sudo[@]}" mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc
fi
"${sudo[@]}" update-binfmts --enable >/dev/null 2>&1 || true
if ! arch-test "$arch" >/dev/null 2>&1; then
	echo "qemu-user.sh: this machine cannot run $arch binaries (need qemu-user-static, binfmt-support and binfmt_misc)" >&2
	exit 1
fi
