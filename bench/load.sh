#!/usr/bin/env bash
# A bounded saturating load on Flashback (a benchmark, not a test): wrk
# rotates over the today page, date pages and articles for DURATION seconds
# at saturation while /healthz is asked once a second. It passes when no
# request failed or answered anything but 2xx, /healthz answered 200 every
# time, and resident memory at the end is within 10% of what it was after
# the warm-up. Prints the figures; exits 1 when a criterion fails.
#
# Needs wrk and curl (apt-get install -y wrk curl). Everything stays on
# 127.0.0.1. Usage: bench/load.sh [seconds] [connections]
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-60}
CONNS=${2:-64}
WARMUP=10
for tool in wrk curl; do
	command -v "$tool" >/dev/null || { echo "bench: $tool is not installed" >&2; exit 1; }
done

work=$(mktemp -d)
fb=
poller=
cleanup() {
	[ -n "$poller" ] && kill "$poller" 2>/dev/null || true
	[ -n "$fb" ] && kill "$fb" 2>/dev/null || true
	wait 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT

echo "building…" >&2
CGO_ENABLED=0 go build -o "$work/flashback" ./cmd/flashback
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
FLASHBACK_LOG_LEVEL=warn "$work/flashback" serve -addr "127.0.0.1:$port" -data-dir "$work/data" 2>"$work/server.log" &
fb=$!
for _ in $(seq 1 600); do curl -fsS -o /dev/null "$base/healthz" 2>/dev/null && break; sleep 0.1; done
curl -fsS -o /dev/null "$base/healthz" || { echo "bench: the server never answered" >&2; exit 1; }

# The paths: the today page, a spread of date pages and the articles they
# link to, so the page cache holds many entries, as it would in use.
paths=(/)
for d in january/31 march/15 june/17 july/4 october/12 december/25 february/29 august/6; do
	paths+=("/on/$d")
	while read -r a; do paths+=("$a"); done < <(curl -fsS "$base/on/$d" | grep -oE '/events/[0-9]+/[a-z0-9-]+' | sort -u | head -4)
done
{
	printf 'paths = {'
	printf '"%s",' "${paths[@]}"
	printf '}\n'
	cat <<'LUA'
local i = 0
request = function()
	i = i % #paths + 1
	return wrk.format("GET", paths[i])
end
-- wrk counts 3xx as success; anything but 2xx is a failure here.
bad = 0
response = function(status)
	if status < 200 or status > 299 then bad = bad + 1 end
end
local threads = {}
setup = function(thread) table.insert(threads, thread) end
done = function()
	local n = 0
	for _, t in ipairs(threads) do n = n + t:get("bad") end
	io.write(string.format("non-2xx %d\n", n))
end
LUA
} >"$work/rotate.lua"

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$fb/status"; }
load() { wrk -t2 -c"$CONNS" -d"$1s" --timeout 5s --latency -s "$work/rotate.lua" "$base"; }

echo "warming up for ${WARMUP}s over ${#paths[@]} paths…" >&2
load "$WARMUP" >/dev/null
rss_start=$(rss_kb)
loadavg=$(cut -d' ' -f1-3 /proc/loadavg) # others share the machine: say how busy it was

# /healthz once a second for the whole run, each answer within 2 s; each
# probe runs on its own so a slow answer does not delay the next question.
# "Throughout" means no gap of more than 3 s between healthy answers (a
# busy machine may start a probe late; it must not find the server mute).
probe() { if curl -fsS -m 2 -o /dev/null "$base/healthz" 2>/dev/null; then echo "ok $EPOCHREALTIME"; else echo fail; fi >>"$work/health.txt"; }
(
	while :; do
		probe &
		sleep 1
	done
) &
poller=$!
echo "loading for ${DURATION}s with $CONNS connections…" >&2
t0=$EPOCHREALTIME
load "$DURATION" >"$work/wrk.txt"
t1=$EPOCHREALTIME
kill "$poller"; wait "$poller" 2>/dev/null || true; poller=
sleep 2 # the last probes answer or time out
rss_end=$(rss_kb)
kill -0 "$fb" 2>/dev/null || { echo "bench: the server died: $(cat "$work/server.log")" >&2; exit 1; }

rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt")
total=$(awk '/requests in/ {print $1}' "$work/wrk.txt")
p50=$(awk '$1=="50%" {print $2}' "$work/wrk.txt")
p99=$(awk '$1=="99%" {print $2}' "$work/wrk.txt")
socket_errors=$(awk '/Socket errors/ {n=0; for (i=1;i<=NF;i++) if ($i ~ /^[0-9]+,?$/) n+=$i; print n}' "$work/wrk.txt")
socket_errors=${socket_errors:-0}
non2xx=$(awk '/^non-2xx/ {print $2}' "$work/wrk.txt")
health_ok=$(grep -c '^ok' "$work/health.txt" || true)
health_fail=$(grep -c '^fail' "$work/health.txt" || true)
gap=$( (echo "ok $t0"; grep '^ok' "$work/health.txt"; echo "ok $t1") | sort -g -k2 |
	awk '{ if (NR > 1 && $2 - prev > max) max = $2 - prev; prev = $2 } END { printf "%.1f", max }')
growth=$(awk -v s="$rss_start" -v e="$rss_end" 'BEGIN {printf "%.1f", (e-s)*100/s}')

printf '\nload average before the run: %s\n' "$loadavg"
printf '%ss, %d connections, wrk -t2, %d paths, %d cores shared with wrk\n' "$DURATION" "$CONNS" "${#paths[@]}" "$(nproc)"
printf 'requests      %s (%s/s), latency p50 %s, p99 %s\n' "$total" "$rps" "$p50" "$p99"
printf 'errors        %s socket, %s non-2xx\n' "$socket_errors" "$non2xx"
printf 'healthz       %s answered, %s failed, longest gap between answers %s s\n' "$health_ok" "$health_fail" "$gap"
printf 'RSS           %d MB after warm-up, %d MB at the end (%s%%)\n' $((rss_start / 1024)) $((rss_end / 1024)) "$growth"

ok=1
[ "$socket_errors" -eq 0 ] && [ "$non2xx" -eq 0 ] || { echo "FAIL: requests failed" >&2; ok=0; }
[ "$health_fail" -eq 0 ] && awk -v g="$gap" 'BEGIN {exit !(g <= 3)}' || { echo "FAIL: /healthz did not answer throughout" >&2; ok=0; }
awk -v g="$growth" 'BEGIN {exit !(g <= 10 && g >= -10)}' || { echo "FAIL: resident memory moved by more than 10%" >&2; ok=0; }
[ "$ok" -eq 1 ] && echo "PASS"
[ "$ok" -eq 1 ]
