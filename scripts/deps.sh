#!/usr/bin/env bash
# Installs the Debian packages the wallboard needs and that are missing; starts
# and enables no service. Debian 12 (bookworm) and 13 (trixie), amd64.
#   scripts/deps.sh                 to build and run the demo
#   scripts/deps.sh --test          also everything scripts/test.sh needs (arm64 cross build included)
#   scripts/deps.sh --cross ARCH    the cross compiler, ARCH libraries (arm64 or armhf) and test tools for scripts/cross.sh
#   scripts/deps.sh --image         the tools that build the SD card image and boot it under QEMU
#   scripts/deps.sh --list ...      only print what would be installed
# The Raspberry Pi build runs against the image's Debian release
# (board/rpi/release): on a machine of another release, --test installs only
# what makes that release's build root (scripts/buildenv.sh), and the root
# gets --cross and --image inside.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)

test=0 list=0 image=0
cross=()
while (($#)); do
  case "$1" in
  --test) test=1; shift ;;
  --cross) [[ "${2:-}" == arm64 || "${2:-}" == armhf ]] || { echo "deps.sh: --cross takes arm64 or armhf" >&2; exit 2; }
    cross+=("$2"); shift 2 ;;
  --image) image=1; shift ;;
  --list) list=1; shift ;;
  *) echo "deps.sh: unknown argument $1 (see the top of $0)" >&2; exit 2 ;;
  esac
done

# The libraries the firmware links, once: the host build takes their -dev
# packages as they are, a cross build takes them with :ARCH (Debian multiarch).
libs=(libsdl2-dev libsdl2-ttf-dev libsdl2-image-dev libcurl4-openssl-dev libcjson-dev libfontconfig-dev
  libmicrohttpd-dev libsodium-dev libsystemd-dev libgnutls28-dev)
pkgs=(build-essential cmake pkg-config "${libs[@]}" fonts-dejavu-core tzdata ca-certificates python3)

. /etc/os-release
release=$(cat "$repo/board/rpi/release")
if ((test)); then
  # cmocka: unit and render tests; valgrind: the same again under memcheck;
  # openssl: certificates for the TLS test; nodejs: schema and browser tests
  # (npm packages from tests/package-lock.json); chromium: the web page tests;
  # file: CPack's DEB generator; clang-format: the layout check (format_check);
  # xvfb and Mesa's drivers: the board on an X server without a GPU, where
  # SDL's OpenGL is llvmpipe (integration test_display_x11); clang and its
  # runtime (libFuzzer, the sanitizers; Debian's default clang, 14 on
  # Debian 12): the fuzz harnesses (tests/fuzz).
  pkgs+=(libcmocka-dev valgrind openssl nodejs chromium file clang-format xvfb libgl1-mesa-dri
    clang libclang-rt-dev)
  # Some machines carry a nodejs that bundles npm (and conflicts with Debian's).
  command -v npm >/dev/null || pkgs+=(npm)
  if [[ ${VERSION_CODENAME:-} == "$release" ]]; then
    [[ " ${cross[*]} " == *" arm64 "* ]] || cross+=(arm64)
    image=1
  else
    # The build root: made by mmdebstrap; its arm64 programs run through this
    # machine's binfmt_misc handlers.
    pkgs+=(mmdebstrap qemu-user-static binfmt-support arch-test)
  fi
fi
if ((image)); then
  # mmdebstrap and the file system tools assemble the image (arch-test and
  # qemu-user run its package scripts); qemu-system-arm boots it; zstd packs
  # it; systemd-analyze scores the service's hardening; git names the commit it is built from.
  # A/B updates: mkimage (u-boot-tools) compiles the boot script, fw_setenv
  # (libubootenv-tool) writes the first boot-selection state, rauc and
  # mksquashfs make signed bundles (openssl the test's throwaway keys), and
  # u-boot-qemu is the firmware the QEMU boot runs the same boot script with.
  pkgs+=(mmdebstrap mtools dosfstools e2fsprogs fdisk qemu-system-arm zstd systemd python3 git
    qemu-user-static binfmt-support arch-test
    u-boot-tools libubootenv-tool rauc squashfs-tools openssl u-boot-qemu)
fi
declare -A triplet=([arm64]=aarch64-linux-gnu [armhf]=arm-linux-gnueabihf)
for arch in "${cross[@]}"; do
  # qemu-user runs the cross-built tests; the suite under it needs the same
  # tools as on the host, less valgrind and the browser.
  pkgs+=("gcc-${triplet[$arch]}" qemu-user-static binfmt-support arch-test file
    python3 openssl nodejs clang-format)
  for p in "${libs[@]}" libcmocka-dev; do pkgs+=("$p:$arch"); done
done

sudo=()
if [[ $(id -u) -ne 0 ]]; then
  sudo=(sudo)
fi
as_root() {
  if ((${#sudo[@]})) && ! command -v sudo >/dev/null; then
    echo "deps.sh: need root (or sudo) for: $*" >&2
    exit 1
  fi
  "${sudo[@]}" "$@"
}

# Package lists: missing on a fresh machine, missing for a foreign architecture
# that was just added, or stale, so that the first install does not start with
# "Unable to locate package" or 404s on versions the archive has replaced. The
# lists' files carry the archive's dates, not the download's; apt-get update
# empties lists/partial at every run, so that folder's time is the last update.
lists_fresh() {
  compgen -G '/var/lib/apt/lists/*_Packages*' >/dev/null || return 1
  [[ -n "$(find /var/lib/apt/lists/partial -maxdepth 0 -mmin -1440 2>/dev/null)" ]] || return 1
  for arch in "${cross[@]}"; do
    compgen -G "/var/lib/apt/lists/*_binary-${arch}_Packages*" >/dev/null || return 1
  done
}
need_arch=()
for arch in "${cross[@]}"; do
  dpkg --print-foreign-architectures | grep -qx "$arch" || need_arch+=("$arch")
done
if ((!list)); then
  for arch in "${need_arch[@]}"; do
    echo "deps.sh: adding the $arch architecture to dpkg (for the cross build's libraries)"
    as_root dpkg --add-architecture "$arch"
  done
  if ! lists_fresh; then
    echo "deps.sh: refreshing the package lists (apt-get update)"
    as_root apt-get update -qq
  fi
fi

# promtool checks the /metrics text. Debian 13 packages it on its own; in
# Debian 12 it comes only inside the prometheus package, whose server would
# start and listen on :9090 at every boot, so there it is taken out of that
# package below instead.
candidate() { apt-cache policy "$1" 2>/dev/null | awk '/Candidate:/ && $2 != "(none)" { print $2 }'; }
promtool_pkg=0
if ((test || ${#cross[@]})) && [[ -n "$(candidate promtool)" ]]; then
  pkgs+=(promtool)
  promtool_pkg=1
fi

missing=()
for p in $(printf '%s\n' "${pkgs[@]}" | sort -u); do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  # What apt would do, in numbers, before it does it.
  plan=$(apt-get install -s --no-install-recommends "${missing[@]}" 2>/dev/null | grep -c '^Inst ' || true)
  mb=$(apt-get install --print-uris -qq --no-install-recommends "${missing[@]}" 2>/dev/null |
    awk '{ s += $3 } END { printf "%d", s / 1e6 }' || true)
  echo "deps.sh: ${#missing[@]} missing: ${missing[*]}"
  echo "deps.sh: with their dependencies ${plan:-?} packages, about ${mb:-?} MB to download"
  if ((list)); then exit 0; fi
  native=() foreign=()
  for p in "${missing[@]}"; do
    if [[ $p == *:* ]]; then foreign+=("$p"); else native+=("$p"); fi
  done
  install=(env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends)
  if ((${#native[@]})); then
    as_root "${install[@]}" "${native[@]}"
  fi
  # The cross build's libraries, without their man pages: a -dev package's
  # page is "shared" between architectures and must be the same byte for
  # byte, which some are not (Debian 13's libpsl-dev:arm64 stops dpkg with
  # "trying to overwrite shared '/usr/share/man/man3/libpsl.3.gz'").
  if ((${#foreign[@]})); then
    as_root "${install[@]}" -o 'Dpkg::Options::=--path-exclude=/usr/share/man/*' "${foreign[@]}"
  fi
elif ((list)); then
  echo "deps.sh: no Debian package missing"
fi

if ((test)); then
  # Node packages for the schema and browser tests, as tests/package-lock.json
  # pins them; --engine-strict stops at once on a Node.js too old for one of
  # them instead of a test failing minutes later. npm ci only when the
  # installed tree is not the locked one.
  dir=$repo/tests
  if ! cmp -s "$dir/package-lock.json" "$dir/node_modules/.wallboard-lock"; then
    echo "deps.sh: npm packages for the tests (tests/package-lock.json) into tests/node_modules"
    if ((!list)); then
      if ! npm ci --prefix "$dir" --engine-strict --no-audit --no-fund; then
        echo "deps.sh: npm ci failed in tests/ (Node.js $(node --version 2>/dev/null || echo missing))" >&2
        exit 1
      fi
      cp "$dir/package-lock.json" "$dir/node_modules/.wallboard-lock"
    fi
  fi
  deps=$dir/.deps
  want=$(candidate prometheus)
  if ((!promtool_pkg)) && [[ -z "$want" ]]; then
    echo "deps.sh: neither a promtool nor a prometheus package in the package lists (promtool for the API test)" >&2
    exit 1
  fi
  if ((!promtool_pkg)) && [[ "$(cat "$deps/promtool.version" 2>/dev/null)" != "$want" ]]; then
    echo "deps.sh: promtool from Debian's prometheus $want into tests/.deps/bin (no server installed)"
    if ((!list)); then
      tmp=$(mktemp -d)
      chmod 0777 "$tmp" # apt-get download drops to the _apt user
      (cd "$tmp" && apt-get download -q "prometheus=$want" >/dev/null)
      dpkg-deb -x "$tmp"/prometheus_*.deb "$tmp/x"
      install -D -m 0755 "$tmp/x/usr/bin/promtool" "$deps/bin/promtool"
      echo "$want" >"$deps/promtool.version"
      rm -rf "$tmp"
    fi
  fi
fi
