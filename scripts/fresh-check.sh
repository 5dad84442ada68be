#!/usr/bin/env bash
# What a newcomer gets: bootstraps a clean Debian system in a chroot
# (mmdebstrap: priority important, plus git and sudo), clones this repository's HEAD
# into it and runs README.md's two commands there as a normal user with sudo,
# printing each command's time, exit status, the packages it installed, the
# disk it used and the services it left enabled. Too slow for every CI run (CI
# runs the test command itself); run it before changing the install path.
#   scripts/fresh-check.sh debian12|debian13 [--dir DIR] [--keep] [--demo-only]
# Needs root and mmdebstrap. DIR (default build/fresh-RELEASE) is removed at
# the end unless --keep; the logs stay beside it as DIR.*.log.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)

release="" dir="" keep=0 demo_only=0
while (($#)); do
	case "$1" in
	debian12) release=$1 suite=bookworm; shift ;;
	debian13) release=$1 suite=trixie; shift ;;
	--dir) dir=$2; shift 2 ;;
	--keep) keep=1; shift ;;
	--demo-only) demo_only=1; shift ;;
	*) echo "usage: $0 debian12|debian13 [--dir DIR] [--keep] [--demo-only]" >&2; exit 2 ;;
	esac
done
[[ -n $release ]] || { echo "usage: $0 debian12|debian13 [--dir DIR] [--keep] [--demo-only]" >&2; exit 2; }
[[ $(id -u) -eq 0 ]] || { echo "fresh-check.sh: run as root (mmdebstrap, chroot, mounts)" >&2; exit 1; }
command -v mmdebstrap >/dev/null || { echo "fresh-check.sh: needs mmdebstrap (scripts/deps.sh --test)" >&2; exit 1; }
dir=${dir:-$repo/build/fresh-$release}
logs=${dir%/}
user=newcomer
home=/home/$user
[[ -z "$(git -C "$repo" status --porcelain --untracked-files=no)" ]] ||
	echo "fresh-check.sh: note: uncommitted changes are not checked, only HEAD $(git -C "$repo" rev-parse --short HEAD)"

mirror=http://deb.debian.org/debian
security=http://deb.debian.org/debian-security

unmount_all() {
	# Deepest first; a busy one lazily, so that rm -rf below never reaches the host's /dev or /sys.
	local m
	for m in $(findmnt -rn -o TARGET | grep -F "$dir/" | sort -r); do
		umount "$m" 2>/dev/null || umount -l "$m"
	done
}
cleanup() {
	unmount_all
	if ((!keep)) && [[ -d $dir ]]; then
		if findmnt -rn -o TARGET | grep -qF "$dir/"; then
			echo "fresh-check.sh: $dir still has mounts; not removing it" >&2
		else
			rm -rf "$dir"
		fi
	fi
}
trap cleanup EXIT

echo "== fresh-check $release ($suite): bootstrapping $dir"
unmount_all
rm -rf "$dir"
SECONDS=0
# "important": what a Debian installation has before any task is picked
# (systemd, apt, ...), plus git and sudo.
mmdebstrap --variant=important --include=git,sudo,ca-certificates \
	"$suite" "$dir" "deb $mirror $suite main" "deb $mirror $suite-updates main" \
	"deb $security $suite-security main" >"$logs.bootstrap.log" 2>&1 ||
	{ tail -n 30 "$logs.bootstrap.log" >&2; exit 1; }
echo "   bootstrapped in ${SECONDS}s: $(chroot "$dir" dpkg-query -W | wc -l) packages"
# Lists as a machine has them long after installation: none. deps.sh must
# refresh them itself, before its first install.
rm -rf "$dir"/var/lib/apt/lists/*
mkdir -p "$dir/var/lib/apt/lists/partial"
cp /etc/resolv.conf /etc/hosts "$dir/etc/"
# This machine's network: a local CA (an intercepting proxy's, say) is this
# machine's, not the project's; the clean system trusts it as the host does.
if compgen -G '/usr/local/share/ca-certificates/*.crt' >/dev/null; then
	cp /usr/local/share/ca-certificates/*.crt "$dir/usr/local/share/ca-certificates/"
	chroot "$dir" update-ca-certificates >/dev/null 2>&1
fi
chroot "$dir" useradd -m -s /bin/bash "$user"
echo "$user ALL=(ALL) NOPASSWD:ALL" >"$dir/etc/sudoers.d/$user"
chmod 0440 "$dir/etc/sudoers.d/$user"
git clone --quiet --no-local "$repo" "$dir$home/wallboard"
head=$(git -C "$dir$home/wallboard" rev-parse --short HEAD)
chroot "$dir" chown -R "$user:$user" "$home/wallboard"

mount -t proc proc "$dir/proc"
mount --rbind /sys "$dir/sys" && mount --make-rslave "$dir/sys"
mount --rbind /dev "$dir/dev" && mount --make-rslave "$dir/dev"
mount -t tmpfs tmpfs "$dir/tmp"

packages() { chroot "$dir" dpkg-query -W | wc -l; }
disk_mb() { du -sx --block-size=1M "$1" | cut -f1; }
enabled() { find "$dir/etc/systemd/system" "$dir/etc/rc"?.d -mindepth 1 \( -name '*.service' -o -name 'S*' \) 2>/dev/null | sed "s|^$dir||" | sort; }
summary=()

# step NAME COMMAND: runs COMMAND in the clone as the user, and notes what it cost.
step() {
	local name=$1 cmd=$2 log=$logs.$1.log p0 d0 r0 e0 rc t
	p0=$(packages) d0=$(disk_mb "$dir") r0=$(disk_mb "$dir$home/wallboard") e0=$(enabled)
	echo "== fresh-check $release: $name: $cmd (log: $log)"
	t=$SECONDS
	set +e
	chroot "$dir" runuser -l "$user" -c "cd ~/wallboard && $cmd" </dev/null 2>&1 | tee "$log" |
		grep --line-buffered -E '^(== |deps\.sh:|test\.sh:|Test suites left out|  [a-z]+: needs |[0-9]+% tests passed|The following tests FAILED|FAIL|Errors while running)'
	rc=${PIPESTATUS[0]}
	set -e
	t=$((SECONDS - t))
	local newly
	newly=$(comm -13 <(echo "$e0") <(enabled) | tr '\n' ' ')
	summary+=("$(printf '%-5s %-24s exit %d, %dm%02ds, +%d packages, +%d MB on disk (%d MB of it in the clone: build/, tests/node_modules), services newly enabled: %s' \
		"$name" "'$cmd'" "$rc" $((t / 60)) $((t % 60)) $(($(packages) - p0)) $(($(disk_mb "$dir") - d0)) \
		$(($(disk_mb "$dir$home/wallboard") - r0)) "${newly:-none}")")
	return "$rc"
}

status=0
step demo "scripts/demo.sh" || status=1
# With only what the demo installed: the first thing a C developer types.
step cmake "cmake -S . -B build/plain && cmake --build build/plain -j2" || status=1
if ((!demo_only)); then
	step test "scripts/test.sh" || status=1
fi

echo
echo "== fresh-check $release ($suite), HEAD $head, $(date -u +%Y-%m-%dT%H:%MZ)"
printf '%s\n' "${summary[@]}"
grep -hE '^[0-9]+% tests passed' "$logs".test.log 2>/dev/null | sed 's/^/      ctest: /' || true
grep -hE '^test\.sh: ' "$logs".test.log 2>/dev/null | sed 's/^/      /' || true
exit "$status"
