#!/usr/bin/env bash
# Runs a command inside a build root of the image's Debian release
# (board/rpi/release: Debian 13, trixie), so that the Raspberry
# Pi firmware is compiled against, and its tests run under qemu-user with,
# the very library versions the SD card image ships, whatever Debian the
# developer's machine runs. The root is an amd64 trixie made by mmdebstrap
# (about 20 s, then the cross packages through scripts/deps.sh inside it);
# it is kept in build/buildenv-trixie and upgraded on every run.
# The repository is mounted at the same path inside, so build trees, test
# paths and error messages are the same in and out.
#   scripts/buildenv.sh [--image] [--] COMMAND...   (--image: also the image tools)
# Needs root or sudo (chroot and mounts); COMMAND runs as the calling user,
# with WB_BUILDENV set to the release (scripts that need the build root
# re-run themselves through this one unless it is set). On a machine of that
# release, COMMAND runs right here, after scripts/deps.sh.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
suite=$(cat "$repo/board/rpi/release")
root=${WB_BUILDENV_DIR:-$repo/build/buildenv-$suite}
mirror=http://deb.debian.org/debian
security=http://deb.debian.org/debian-security

# Second stage, inside the namespace: mount what a build needs, install the
# packages (as root), run the command (as the caller).
if [[ ${1:-} == --in-namespace ]]; then
	root=$2 uid=$3 gid=$4 cwd=$5
	shift 5
	deps=()
	while [[ $1 != -- ]]; do deps+=("$1"); shift; done
	shift
	mount -t proc proc "$root/proc"
	mount --rbind /sys "$root/sys"
	mount --rbind /dev "$root/dev"
	mount -t tmpfs -o mode=1777 tmpfs "$root/tmp"
	mount -t tmpfs -o mode=0755 tmpfs "$root/run"
	mkdir -p "$root$repo"
	mount --bind "$repo" "$root$repo"
	# A git worktree keeps its history elsewhere; the image build names its
	# commit and takes its time from it.
	common=$(git -C "$repo" rev-parse --path-format=absolute --git-common-dir 2>/dev/null || true)
	if [[ -n $common && $common != "$repo"/* ]]; then
		mkdir -p "$root$common"
		mount --bind "$common" "$root$common"
	fi
	cp -L /etc/resolv.conf "$root/etc/resolv.conf"
	# This machine's own certificate authorities (a proxy's, say), for apt and npm.
	if compgen -G '/usr/local/share/ca-certificates/*' >/dev/null; then
		cp -r /usr/local/share/ca-certificates/. "$root/usr/local/share/ca-certificates/"
		chroot "$root" update-ca-certificates >/dev/null
	fi
	env=(env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8
		HOME=/root TERM="${TERM:-dumb}" WB_REQUIRE_TESTS="${WB_REQUIRE_TESTS:-OFF}" WB_BUILDENV="$suite")
	chroot "$root" "${env[@]}" "$repo/scripts/deps.sh" "${deps[@]}"
	# The image is made of the archive's current packages; so is the build.
	chroot "$root" "${env[@]}" DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 upgrade -y -qq >/dev/null
	# The downloaded .debs are not needed once installed (about 1 GB).
	chroot "$root" apt-get clean
	if [[ $uid != 0 ]]; then
		# A name for the caller inside, for tools that look their user up.
		grep -q "^[^:]*:[^:]*:$uid:" "$root/etc/passwd" || echo "builder:x:$uid:$gid::/tmp:/bin/sh" >>"$root/etc/passwd"
		grep -q "^[^:]*:[^:]*:$gid:" "$root/etc/group" || echo "builder:x:$gid:" >>"$root/etc/group"
		env=(setpriv --reuid="$uid" --regid="$gid" --clear-groups "${env[@]}" HOME=/tmp)
	fi
	# The caller's folder when it is inside the repository (relative paths in
	# COMMAND keep working), else the repository's top.
	[[ $cwd == "$repo" || $cwd == "$repo"/* ]] || cwd=$repo
	rc=0
	chroot "$root" "${env[@]}" /bin/sh -c 'cd "$1" && shift && exec "$@"' sh "$cwd" "$@" || rc=$?
	# Undone by hand for the case where the namespace could not be made
	# private (see below); otherwise they go with the namespace anyway.
	for m in "${common:+$root$common}" "$root$repo" "$root/run" "$root/tmp" "$root/dev" "$root/sys" "$root/proc"; do
		[[ -n $m ]] && mountpoint -q "$m" && umount -R -l "$m"
	done
	exit $rc
fi

deps=()
while (($#)); do
	case "$1" in
	--image) deps+=(--image); shift ;;
	--cross) deps+=(--cross "$2"); shift 2 ;;
	--) shift; break ;;
	*) break ;;
	esac
done
[[ " ${deps[*]} " == *" --cross "* ]] || deps+=(--cross arm64)
(($#)) || { echo "usage: buildenv.sh [--image] [--cross ARCH] [--] COMMAND..." >&2; exit 2; }

# A machine of the image's release is its own build root.
. /etc/os-release
if [[ ${VERSION_CODENAME:-} == "$suite" ]]; then
	"$repo/scripts/deps.sh" "${deps[@]}"
	WB_BUILDENV=$suite exec "$@"
fi

if [[ $(id -u) -ne 0 ]]; then
	command -v sudo >/dev/null || { echo "buildenv.sh: the $suite build root needs root (or sudo) for chroot and mounts" >&2; exit 1; }
	exec sudo --preserve-env=WB_REQUIRE_TESTS,WB_BUILDENV_DIR "$0" "${deps[@]}" -- "$@"
fi
# The command itself runs as whoever called us (through sudo or not), so the
# build tree in the repository stays theirs.
uid=${SUDO_UID:-0} gid=${SUDO_GID:-0}

if [[ ! -x $root/usr/bin/apt-get ]]; then
	# mmdebstrap wants an empty or missing folder. What else is there (a root
	# half made by an interrupted run, or a folder that was never ours) is
	# named, not deleted.
	if [[ -d $root && -n "$(ls -A "$root")" ]]; then
		echo "buildenv.sh: $root is not empty and not a build root; remove it or set WB_BUILDENV_DIR" >&2
		exit 1
	fi
	echo "buildenv.sh: making the Debian $suite build root in $root (mmdebstrap)"
	mkdir -p "$(dirname "$root")"
	# qemu-user-static: binfmt_misc handlers name their interpreter by path
	# (without the "F" flag, inside the chroot), so the chroot needs its own.
	mmdebstrap --mode=root --variant=apt --quiet --include=ca-certificates,qemu-user-static \
		"$suite" "$root" \
		"deb $mirror $suite main" "deb $mirror $suite-updates main" \
		"deb $security $suite-security main"
fi
"$repo/scripts/qemu-user.sh" arm64

# The rest runs again in a private mount namespace (unshare): the mounts
# vanish with the command, whatever way it ends.
# Inside a chroot (a fresh-check, some containers) "/" is no mount point and
# cannot be made private: there the mounts are shared with the surrounding
# namespace, and the second stage unmounts them when the command ends.
propagation=()
unshare --mount true 2>/dev/null || propagation=(--propagation unchanged)
exec unshare --mount "${propagation[@]}" --fork "$0" --in-namespace "$root" "$uid" "$gid" "$PWD" "${deps[@]}" -- "$@"
