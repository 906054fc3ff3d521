#!/usr/bin/env bash
# Tests the deployment files as far as this machine allows without a
# container engine or a running systemd:
#  - builds the binary with the Dockerfile's own build command, checks it is
#    static, and runs it as the image's unprivileged user (65532) on a fresh
#    data directory: /healthz (through `flashback healthcheck`, the image's
#    HEALTHCHECK), a page, a backup taken by root while it serves, a restore
#    by root, a restart that still works as that user, and a clean stop;
#  - checks the systemd units with systemd-analyze (verify, and an offline
#    security score), where systemd-analyze is installed.
# Needs root (to switch users). Traffic stays on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" -ne 0 ]; then
	echo "deploy/test.sh: skipped: needs root to run the binary as another user" >&2
	exit 0
fi
fail() { echo "deploy/test.sh: FAIL: $*" >&2; exit 1; }
say() { echo "deploy/test.sh: $*" >&2; }

readonly RUN_AS=(setpriv --reuid=65532 --regid=65532 --clear-groups --no-new-privs)
work=$(mktemp -d)
server=
cleanup() {
	[ -n "$server" ] && kill "$server" 2>/dev/null || true
	wait 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT
chmod 755 "$work" # the unprivileged user must reach the binary

# The build line of the Dockerfile, with the output moved here: the same
# flags, so the test cannot drift from the image.
build=$(grep -E '^RUN CGO_ENABLED=0 go build ' deploy/Dockerfile) || fail "no build line in deploy/Dockerfile"
[ "$(wc -l <<<"$build")" -eq 1 ] || fail "more than one build line in deploy/Dockerfile"
build=${build#RUN }
[[ $build == *" -o /flashback "* ]] || fail "the build line does not write /flashback"
build=${build/ -o \/flashback / -o $work\/flashback }
say "building: $build"
sh -c "$build"
bin=$work/flashback
if ldd "$bin" >/dev/null 2>&1; then fail "the binary is dynamically linked"; fi

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
export FLASHBACK_ADDR=127.0.0.1:$port FLASHBACK_DATA_DIR=$work/data FLASHBACK_LOG_LEVEL=warn
install -d -o 65532 -g 65532 -m 0750 "$FLASHBACK_DATA_DIR"

start() {
	"${RUN_AS[@]}" "$bin" serve 2>>"$work/server.log" &
	server=$!
	for _ in $(seq 1 300); do
		"$bin" healthcheck >/dev/null 2>&1 && break
		kill -0 "$server" 2>/dev/null || fail "the server exited: $(cat "$work/server.log")"
		sleep 0.1
	done
	"$bin" healthcheck >/dev/null || fail "healthcheck never succeeded"
	uid=$(awk '/^Uid:/ {print $2}' "/proc/$server/status")
	[ "$uid" = 65532 ] || fail "the server runs as uid $uid"
	curl -fsS "http://$FLASHBACK_ADDR/on/january/31" | grep 'Flashback to January 31' >/dev/null || fail "the date page did not render"
}
stop() {
	kill -TERM "$server"
	wait "$server" || fail "the server did not stop cleanly: $(cat "$work/server.log")"
	server=
}

start
say "serving as uid 65532; backing up as root while it serves"
"$bin" backup "$work/backup.db" >/dev/null
"$bin" restore "$work/backup.db" 2>/dev/null && fail "restore ran over a live server"
stop
"$bin" restore "$work/backup.db" >"$work/restore.out" || fail "restore: $(cat "$work/restore.out")"
owner=$(stat -c %u "$FLASHBACK_DATA_DIR/flashback.db")
[ "$owner" = 65532 ] || fail "the restored database belongs to uid $owner, not the service's user"
start
stop
say "the static binary serves, backs up, restores and stops as an unprivileged user"

if ! command -v systemd-analyze >/dev/null; then
	say "skipped the systemd units: systemd-analyze is not installed"
	exit 0
fi
# verify wants the binary where ExecStart names it; point it at ours. It
# only warns about unknown or bad settings, so any output is a failure.
for unit in flashback.service flashback-backup.service flashback-backup.timer; do
	sed "s#/usr/local/bin/flashback#$bin#g" "deploy/$unit" >"$work/$unit"
done
out=$(cd "$work" && systemd-analyze verify flashback.service flashback-backup.service flashback-backup.timer 2>&1) || fail "systemd-analyze verify: $out"
[ -z "$out" ] || fail "systemd-analyze verify warned: $out"
for unit in flashback.service flashback-backup.service; do
	# Exposure 2.0 of 10 at most ("OK" starts at 2.0 and below).
	(cd "$work" && systemd-analyze security --offline=true --threshold=20 "$unit" >/dev/null) ||
		fail "$unit is less confined than it was: systemd-analyze security --offline=true deploy/$unit"
done
say "the systemd units verify and score as confined"
