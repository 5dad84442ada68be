#!/bin/sh
# Guards the hardening of wallboard.service: `systemd-analyze security` of the
# packaged unit file, offline (no running systemd needed), must stay at or
# below 2.5 on its 0-10 exposure scale. Prints the findings and the score.
#   check_unit_security.sh UNIT_FILE [MAX]
set -eu
unit=$1
max=${2:-2.5}
out=$(systemd-analyze security --offline=yes "$unit" 2>&1) || true
printf '%s\n' "$out" | grep -E '✗|Overall'
score=$(printf '%s\n' "$out" | sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p')
if [ -z "$score" ]; then
	echo "check_unit_security: no score from systemd-analyze:" >&2
	printf '%s\n' "$out" >&2
	exit 1
fi
echo "figure: wallboard_service_exposure=$score (max $max)"
awk -v s="$score" -v m="$max" 'BEGIN { exit !(s <= m) }' || {
	echo "check_unit_security: exposure $score is above $max" >&2
	exit 1
}
