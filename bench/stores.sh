#!/usr/bin/env bash
# Measures Flashback's pages on its two stores side by side in one run: one
# server on SQLite, one on PostgreSQL, the same bundled corpus in each, and a
# bare Go handler serving the today page's bytes as the reference.
#
#  - cached: the today page, answered from the page cache, whose hits ask
#    the store nothing; it should not change with the store.
#  - uncached: every page the sitemap lists (date, year and article
#    pages), more than the page cache keeps, requested in turn, so that a
#    page comes again only once the cache has dropped it and requests render
#    their page from the store. The share of requests that missed the cache,
#    read from each server's metrics, is printed beside the figures.
#
# Rounds alternate the servers so that a noisy moment does not favour one;
# the median of each is reported. Run it beside a throwaway PostgreSQL:
#
#	scripts/postgres bench/stores.sh [seconds] [connections] [rounds] [uncached connections]
#
# The uncached requests use fewer connections (8 unless told): at a few
# hundred pages a second, 64 would make their p99 mostly time in a queue.
#
# or set FLASHBACK_BENCH_POSTGRES to the URL of an empty database it may
# fill. Needs wrk and curl (apt-get install -y wrk curl).
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-10}
CONNS=${2:-64}
ROUNDS=${3:-3}
UNCACHED_CONNS=${4:-8}
PG=${FLASHBACK_BENCH_POSTGRES:-${FLASHBACK_TEST_POSTGRES:-}}
if [ -z "$PG" ]; then
	echo "bench: no PostgreSQL: run it as scripts/postgres bench/stores.sh, or set FLASHBACK_BENCH_POSTGRES" >&2
	exit 2
fi
for tool in wrk curl; do
	command -v "$tool" >/dev/null || { echo "bench: $tool is not installed" >&2; exit 1; }
done
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

work=$(mktemp -d)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_http() { # url: waits until it answers 200 (the first start imports the corpus)
	for _ in $(seq 1 3000); do
		curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
		sleep 0.05
	done
	echo "bench: $1 never answered" >&2
	return 1
}

echo "building…" >&2
CGO_ENABLED=0 go build -o "$work/flashback" ./cmd/flashback
go build -o "$work/bare" ./bench/bare

# start_flashback NAME DATABASE_URL: a server on a free port, metrics on
# another; sets url_NAME and metrics_NAME.
start_flashback() {
	local name=$1 db=$2 port mport
	port=$(free_port)
	mport=$(free_port)
	local args=(serve -addr "127.0.0.1:$port" -data-dir "$work/data-$name" -metrics-addr "127.0.0.1:$mport")
	[ -n "$db" ] && args+=(-database-url "$db")
	FLASHBACK_LOG_LEVEL=warn "$work/flashback" "${args[@]}" 2>"$work/$name.log" &
	pids+=("$!")
	printf -v "url_$name" '%s' "http://127.0.0.1:$port"
	printf -v "metrics_$name" '%s' "http://127.0.0.1:$mport/metrics"
	printf -v "pid_$name" '%s' "$!"
}
start_flashback sqlite ""
start_flashback postgres "$PG"
# shellcheck disable=SC2154 # set by start_flashback
wait_http "$url_sqlite/" && wait_http "$url_postgres/"

# The reference serves the today page's bytes as the SQLite server sent them.
curl -fsS -o "$work/page.html" "$url_sqlite/"
bare_port=$(free_port)
"$work/bare" -addr "127.0.0.1:$bare_port" -file "$work/page.html" &
pids+=("$!")
wait_http "http://127.0.0.1:$bare_port/"

# The uncached requests walk every page the server's sitemap lists (dates,
# years, articles): each server's own list, as the stores number events
# themselves.
locs() { grep -oE '<loc>[^<]+</loc>' | sed -E 's#</?loc>##g; s#^https?://[^/]+##'; } # paths a sitemap lists
uncached_script() { # name url -> writes $work/uncached-NAME.lua
	local listed paths
	# A small site's sitemap lists its pages; a large one's lists parts.
	listed=$(curl -fsS "$2/sitemap.xml" | locs)
	paths=$(grep -v '\.xml$' <<<"$listed" || true)
	for part in $(grep '\.xml$' <<<"$listed" || true); do
		paths+=$'\n'$(curl -fsS "$2$part" | locs)
	done
	{
		printf 'local paths = {'
		printf '"%s",' $paths
		printf '}\n'
		cat <<'LUA'
-- Each thread walks the list in turn, the second from its middle: a page
-- comes again only after every other page, which a least-recently-used
-- cache smaller than the list has dropped by then.
local threads = 0
function setup(thread)
	thread:set("start", threads * math.floor(#paths / 2))
	threads = threads + 1
end
local i = 0
request = function()
	i = i + 1
	return wrk.format("GET", paths[(start + i) % #paths + 1])
end
LUA
	} >"$work/uncached-$1.lua"
	echo "$1: $(wc -w <<<"$paths") pages in the sitemap" >&2
}

run_wrk() { # connections url [script] -> "rps p99ms"
	local out
	out=$(wrk -t2 -c"$1" -d"${DURATION}s" --latency ${3:+-s "$3"} "$2")
	if grep -q 'Non-2xx' <<<"$out"; then echo "bench: $1: $(grep 'Non-2xx' <<<"$out")" >&2; fi
	awk '/Requests\/sec/ {r=$2}
		$1=="99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; p=v}
		END {print r, p}' <<<"$out"
}
# cpu_ticks PID...: the CPU the processes used, their reaped children's
# included, in clock ticks.
cpu_ticks() {
	local t=0 pid f
	for pid in "$@"; do
		# Fields 14-17 after the command (which may hold spaces).
		f=$(sed -E 's/^.*\) //' "/proc/$pid/stat" 2>/dev/null) || continue
		t=$((t + $(awk '{print $12 + $13 + $14 + $15}' <<<"$f")))
	done
	echo "$t"
}
# server_pids NAME: the server's processes; for PostgreSQL on this machine,
# its postmaster (the listener on the URL's port) and the postmaster's
# children as well.
server_pids() {
	local pid="pid_$1" pm port
	echo "${!pid}"
	[ "$1" = postgres ] || return 0
	port=$(sed -E 's#^[^@]*@?[^:/]*:([0-9]+)/.*#\1#' <<<"$PG")
	pm=$(ss -ltnpH "sport = :$port" 2>/dev/null | grep -oE 'pid=[0-9]+' | head -1 | cut -d= -f2)
	[ -n "$pm" ] || return 0
	echo "$pm"
	cat "/proc/$pm/task/$pm/children" 2>/dev/null || true
}
cache_counts() { # metrics url -> "hits misses"
	curl -fsS "$1" | awk '/^flashback_page_cache_hits_total/ {h=$2} /^flashback_page_cache_misses_total/ {m=$2} END {printf "%d %d\n", h, m}'
}

for name in sqlite postgres; do # warm the today page's cache entry
	u="url_$name"
	uncached_script "$name" "${!u}"
	wrk -t2 -c"$CONNS" -d2s "${!u}/" >/dev/null
done
ticks_ms=$((1000 / $(getconf CLK_TCK)))
declare -A rps p99 missed cpu
for round in $(seq 1 "$ROUNDS"); do
	for run in cached:sqlite cached:postgres cached:bare uncached:sqlite uncached:postgres; do
		path=${run%%:*} name=${run#*:}
		if [ "$name" = bare ]; then
			read -r r p < <(run_wrk "$CONNS" "http://127.0.0.1:$bare_port/")
		else
			u="url_$name" mu="metrics_$name"
			read -r h0 m0 < <(cache_counts "${!mu}")
			c0=$(cpu_ticks $(server_pids "$name"))
			if [ "$path" = cached ]; then
				read -r r p < <(run_wrk "$CONNS" "${!u}/")
			else
				read -r r p < <(run_wrk "$UNCACHED_CONNS" "${!u}/" "$work/uncached-$name.lua")
			fi
			read -r h1 m1 < <(cache_counts "${!mu}")
			c1=$(cpu_ticks $(server_pids "$name"))
			cpu[$run]+="$(awk -v c=$(((c1 - c0) * ticks_ms)) -v n=$((h1 - h0 + m1 - m0)) 'BEGIN {printf "%.3f", n ? c/n : 0}') "
			missed[$run]+="$(awk -v h=$((h1 - h0)) -v m=$((m1 - m0)) 'BEGIN {printf "%.3f", (h+m) ? m/(h+m) : 0}') "
		fi
		rps[$run]+="$r "
		p99[$run]+="$p "
		echo "round $round: $path $name $r req/s, p99 $p ms" >&2
	done
done
median() { tr ' ' '\n' | grep . | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
rss() { awk '/VmHWM/ {print int($2/1024)}' "/proc/$1/status"; }

printf '\nwrk -t2 -d%ss, -c%d cached, -c%d uncached, median of %d rounds, %d cores\n' "$DURATION" "$CONNS" \
	"$UNCACHED_CONNS" "$ROUNDS" "$(nproc)"
printf 'load average before: %s, after: %s\n' "$load_before" "$(cut -d' ' -f1-3 /proc/loadavg)"
# CPU per request counts the server's process and, on PostgreSQL, the
# database server's: on a shared machine, the cost that does not depend on
# what share of the cores each got.
printf '%-18s %12s %10s %12s %12s   %s\n' run 'requests/s' 'p99 ms' 'cache misses' 'CPU ms/req' \
	'every round (req/s; p99 ms)'
for run in cached:bare cached:sqlite cached:postgres uncached:sqlite uncached:postgres; do
	m='-' c='-'
	[ -n "${missed[$run]:-}" ] && m=$(median <<<"${missed[$run]}") && c=$(median <<<"${cpu[$run]}")
	printf '%-18s %12.0f %10.2f %12s %12s   %s; %s\n' "$run" "$(median <<<"${rps[$run]}")" "$(median <<<"${p99[$run]}")" \
		"$m" "$c" "${rps[$run]% }" "${p99[$run]% }"
done
awk -v s="$(median <<<"${rps[cached:sqlite]}")" -v p="$(median <<<"${rps[cached:postgres]}")" \
	-v b="$(median <<<"${rps[cached:bare]}")" -v us="$(median <<<"${rps[uncached:sqlite]}")" \
	-v up="$(median <<<"${rps[uncached:postgres]}")" 'BEGIN {
	printf "cached: sqlite/bare = %.2f   postgres/bare = %.2f   postgres/sqlite = %.2f\n", s/b, p/b, p/s
	printf "uncached: postgres/sqlite = %.2f\n", up/us }'
# shellcheck disable=SC2154 # set by start_flashback
printf 'peak RSS: sqlite server %d MB, postgres server %d MB (PostgreSQL itself not counted)\n' \
	"$(rss "$pid_sqlite")" "$(rss "$pid_postgres")"
