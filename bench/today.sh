#!/usr/bin/env bash
# Measures Flashback's today page under load, side by side in one run with two
# references serving the same HTML bytes: nginx (static file) and a bare Go
# net/http handler (bench/bare). Beside requests/s and p99, each server's CPU
# time per request is read from /proc: wrk shares the machine's two cores with
# the server it loads, so requests/s and latency move with whatever else runs,
# while CPU per request moves far less. Also measures resident memory under load and
# start-up time (first start on an empty data directory, import included, and
# a later start).
#
# With an encoding, every request asks for it as a browser does
# (Accept-Encoding), Flashback answers from its compressed page cache, the
# bare handlers serve the very bytes and headers Flashback sent, and nginx
# serves them with gzip_static (it has no static Brotli, so it sits out
# "br"). A path other than "/" measures another route, such as an API one.
#
# BENCH_CLIENTS=N spreads the requests over N client addresses (an
# X-Forwarded-For that Flashback believes from 127.0.0.1): routes with a
# per-client limit, such as the API's, then measure their real work, limit
# included, rather than a stream of 429s to one client. Every server gets the
# same header, so the load generator's work stays the same for all.
#
# BENCH_BEFORE=binary serves the route from another Flashback build as well
# ("before", with its own data directory), so that a change is measured
# against the build it changes in the same run and under the same load.
#
# Needs wrk and nginx (apt-get install -y wrk nginx-light); run as root or a
# user that may start nginx.
# Usage: bench/today.sh [seconds] [connections] [rounds] [identity|gzip|br] [path]
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-10}
CONNS=${2:-64}
ROUNDS=${3:-3}
ENCODING=${4:-identity}
ROUTE=${5:-/}
case $ENCODING in
identity | gzip | br) ;;
*) echo "bench: encoding must be identity, gzip or br, not \"$ENCODING\"" >&2; exit 2 ;;
esac
case $ROUTE in
/*) ;;
*) echo "bench: the path must start with /" >&2; exit 2 ;;
esac
CLIENTS=${BENCH_CLIENTS:-0}
case $CLIENTS in
'' | *[!0-9]*) echo "bench: BENCH_CLIENTS must be a number" >&2; exit 2 ;;
esac
servers="flashback bare-go bare-go-hdr bare-go-tmo nginx"
[ "$ENCODING" = br ] && servers="flashback bare-go bare-go-hdr bare-go-tmo"
BEFORE=${BENCH_BEFORE:-}
if [ -n "$BEFORE" ]; then
	[ -x "$BEFORE" ] || { echo "bench: BENCH_BEFORE must name an executable" >&2; exit 2; }
	servers="before $servers"
fi
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for tool in wrk nginx curl; do
	command -v "$tool" >/dev/null || { echo "bench: $tool is not installed" >&2; exit 1; }
done

work=$(mktemp -d)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	[ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
	wait 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now_ms() { date +%s%3N; }
wait_http() { # url -> milliseconds until it answered 200
	local start=$1 url=$2
	for _ in $(seq 1 2000); do
		if curl -fsS -o /dev/null "$url" 2>/dev/null; then echo $(($(now_ms) - start)); return 0; fi
		sleep 0.005
	done
	echo "bench: $url never answered" >&2; return 1
}

fb_env=(FLASHBACK_LOG_LEVEL=warn)
wrk_script=()
if [ "$CLIENTS" -gt 0 ]; then
	fb_env+=(FLASHBACK_TRUSTED_PROXIES=127.0.0.1/32)
	# The requests are formatted once, at start: formatting each one in
	# Lua cost wrk CPU that, on a small machine, the servers then lacked,
	# and added wrk's own delay to every server's latency alike.
	cat >"$work/clients.lua" <<LUA
local n = $CLIENTS
local requests = {}
init = function(args)
	for i = 0, n - 1 do
		wrk.headers["X-Forwarded-For"] = string.format("10.%d.%d.%d",
			math.floor(i / 65536) % 256, math.floor(i / 256) % 256, i % 256)
		requests[i] = wrk.format()
	end
end
request = function()
	return requests[math.random(0, n - 1)]
end
LUA
	wrk_script=(-s "$work/clients.lua")
fi

echo "building…" >&2
CGO_ENABLED=0 go build -o "$work/flashback" ./cmd/flashback
go build -o "$work/bare" ./bench/bare

# Start-up: first start on an empty data directory, then a later start.
port=$(free_port)
start=$(now_ms)
env "${fb_env[@]}" "$work/flashback" serve -addr "127.0.0.1:$port" -data-dir "$work/data" &
fb=$!; pids+=("$fb")
first_ms=$(wait_http "$start" "http://127.0.0.1:$port/")
kill -TERM "$fb"; wait "$fb" || true
start=$(now_ms)
env "${fb_env[@]}" "$work/flashback" serve -addr "127.0.0.1:$port" -data-dir "$work/data" &
fb=$!; pids+=("$fb")
later_ms=$(wait_http "$start" "http://127.0.0.1:$port/")
fb_url="http://127.0.0.1:$port$ROUTE"
if [ -n "$BEFORE" ]; then
	before_port=$(free_port)
	env "${fb_env[@]}" "$BEFORE" serve -addr "127.0.0.1:$before_port" -data-dir "$work/data-before" &
	pids+=("$!"); before_pid=$!
	wait_http "$(now_ms)" "http://127.0.0.1:$before_port/" >/dev/null
	before_url="http://127.0.0.1:$before_port$ROUTE"
fi

# The references serve exactly the bytes Flashback serves: page.html is the
# body as sent for the encoding asked for (compressed bytes with gzip or
# br), and nginx gets the plain page beside its .gz for gzip_static.
wrk_hdr=()
if [ "$ENCODING" != identity ]; then wrk_hdr=(-H "Accept-Encoding: $ENCODING"); fi
curl -fsS "${wrk_hdr[@]}" -D "$work/headers.txt" -o "$work/page.html" "$fb_url"
got=$(awk 'tolower($1)=="content-encoding:" {gsub("\r",""); print $2}' "$work/headers.txt")
if [ "${got:-identity}" != "$ENCODING" ]; then
	echo "bench: asked for $ENCODING, Flashback sent ${got:-identity}" >&2; exit 1
fi
mkdir -p "$work/static"
if [ "$ENCODING" = gzip ]; then
	cp "$work/page.html" "$work/static/page.html.gz"
	curl -fsS -o "$work/static/page.html" "$fb_url"
else
	cp "$work/page.html" "$work/static/page.html"
fi
bare_port=$(free_port)
"$work/bare" -addr "127.0.0.1:$bare_port" -file "$work/page.html" &
pids+=("$!"); bare_pid=$!
# The same again with Flashback's response headers (CSP, ETag, …): the same
# bytes on the wire, so the comparison isolates the server's own work from
# the load generator's, which shares the machine and parses every header.
hdr_port=$(free_port)
"$work/bare" -addr "127.0.0.1:$hdr_port" -file "$work/page.html" -headers "$work/headers.txt" &
pids+=("$!"); hdr_pid=$!
# And with Flashback's server timeouts as well: a deadline set per request
# is net/http's work, not the handler's, and no handler change removes it.
tmo_port=$(free_port)
"$work/bare" -addr "127.0.0.1:$tmo_port" -file "$work/page.html" -headers "$work/headers.txt" -timeouts &
pids+=("$!"); tmo_pid=$!
nginx_port=$(free_port)
cat > "$work/nginx.conf" <<CONF
user root;
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 1024; }
http {
	access_log off;
	server {
		listen 127.0.0.1:$nginx_port;
		gzip_static on;
		gzip_vary on;
		location / { root $work/static; default_type text/html; try_files /page.html =404; }
	}
}
CONF
nginx -c "$work/nginx.conf" -g 'daemon on;'
wait_http "$(now_ms)" "http://127.0.0.1:$bare_port/" >/dev/null
wait_http "$(now_ms)" "http://127.0.0.1:$hdr_port/" >/dev/null
wait_http "$(now_ms)" "http://127.0.0.1:$tmo_port/" >/dev/null
wait_http "$(now_ms)" "http://127.0.0.1:$nginx_port/" >/dev/null

# cpu_ticks PID... is the CPU time those processes have used, user and
# system, in clock ticks: with the requests served it gives each server's
# CPU per request, which a noisy machine disturbs far less than requests/s.
cpu_ticks() {
	local p
	for p in "$@"; do cat "/proc/$p/stat" 2>/dev/null || true; done |
		awk '{ sub(/^.*\) /, ""); t += $12 + $13 } END { print t + 0 }'
}
server_pids() { # name -> the PIDs whose CPU serves it
	case $1 in
	flashback) echo "$fb" ;;
	before) echo "$before_pid" ;;
	bare-go) echo "$bare_pid" ;;
	bare-go-hdr) echo "$hdr_pid" ;;
	bare-go-tmo) echo "$tmo_pid" ;;
	nginx) cat "$work/nginx.pid"; pgrep -P "$(cat "$work/nginx.pid")" ;;
	esac
}
tick_us=$((1000000 / $(getconf CLK_TCK)))

run_wrk() { # name url -> "rps p99ms cpu-µs-per-request"
	local out pids_ c0 c1
	read -r -a pids_ <<<"$(server_pids "$1" | tr '\n' ' ')"
	c0=$(cpu_ticks "${pids_[@]}")
	out=$(wrk -t2 -c"$CONNS" -d"${DURATION}s" --latency "${wrk_hdr[@]}" "${wrk_script[@]}" "$2")
	c1=$(cpu_ticks "${pids_[@]}")
	local rps p99 n
	# A run whose answers were errors (a rate limit's 429s, say) measures
	# nothing worth comparing: say so beside the figures.
	if grep -q 'Non-2xx' <<<"$out"; then echo "bench: $1: $(grep 'Non-2xx' <<<"$out")" >&2; fi
	rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
	n=$(awk '/requests in/ {print $1}' <<<"$out")
	p99=$(awk '$1=="99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; print v}' <<<"$out")
	echo "$rps $p99 $(awk -v d=$((c1 - c0)) -v u="$tick_us" -v n="$n" 'BEGIN {printf "%.1f", d*u/n}')"
}

wrk -t2 -c"$CONNS" -d2s "${wrk_hdr[@]}" "${wrk_script[@]}" "$fb_url" >/dev/null # warm the page cache
if [ -n "$BEFORE" ]; then wrk -t2 -c"$CONNS" -d2s "${wrk_hdr[@]}" "${wrk_script[@]}" "$before_url" >/dev/null; fi
# Rounds alternate the servers so that a noisy moment does not favour one:
# each round starts one server further along the list, so none always goes
# first (right after the warm-up) or last. The median of each is reported.
read -r -a order <<<"$servers"
declare -A rps p99 cpu
for round in $(seq 1 "$ROUNDS"); do
	for i in "${!order[@]}"; do
		name=${order[$(((i + round - 1) % ${#order[@]}))]}
		case $name in
		flashback) url=$fb_url ;;
		before) url=$before_url ;;
		bare-go) url="http://127.0.0.1:$bare_port/" ;;
		bare-go-hdr) url="http://127.0.0.1:$hdr_port/" ;;
		bare-go-tmo) url="http://127.0.0.1:$tmo_port/" ;;
		nginx) url="http://127.0.0.1:$nginx_port/" ;;
		esac
		read -r r p c < <(run_wrk "$name" "$url")
		rps[$name]+="$r "
		p99[$name]+="$p "
		cpu[$name]+="$c "
		echo "round $round: $name $r req/s, p99 $p ms, $c µs CPU per request" >&2
	done
done
fb_rss=$(awk '/VmHWM/ {print int($2/1024)}' "/proc/$fb/status")
median() { tr ' ' '\n' | grep . | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
fb_rps=$(median <<<"${rps[flashback]}"); fb_p99=$(median <<<"${p99[flashback]}")
bare_rps=$(median <<<"${rps[bare-go]}"); bare_p99=$(median <<<"${p99[bare-go]}")
hdr_rps=$(median <<<"${rps[bare-go-hdr]}"); hdr_p99=$(median <<<"${p99[bare-go-hdr]}")
tmo_rps=$(median <<<"${rps[bare-go-tmo]}"); tmo_p99=$(median <<<"${p99[bare-go-tmo]}")
nginx_rps=$(median <<<"${rps[nginx]:-0}"); nginx_p99=$(median <<<"${p99[nginx]:-0}")
before_rps=$(median <<<"${rps[before]:-0}"); before_p99=$(median <<<"${p99[before]:-0}")
fb_cpu=$(median <<<"${cpu[flashback]}"); bare_cpu=$(median <<<"${cpu[bare-go]}"); hdr_cpu=$(median <<<"${cpu[bare-go-hdr]}")
tmo_cpu=$(median <<<"${cpu[bare-go-tmo]}"); nginx_cpu=$(median <<<"${cpu[nginx]:-0}"); before_cpu=$(median <<<"${cpu[before]:-0}")

bytes=$(wc -c <"$work/page.html")
printf '\n%s: %d bytes as sent (%s), wrk -t2 -c%d -d%ss, median of %d rounds, %d cores\n' "$ROUTE" "$bytes" "$ENCODING" "$CONNS" "$DURATION" "$ROUNDS" "$(nproc)"
[ "$CLIENTS" -gt 0 ] && printf 'requests spread over %d client addresses\n' "$CLIENTS"
printf 'load average before: %s, after: %s\n' "$load_before" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-12s %12s %10s %16s\n' server 'requests/s' 'p99 ms' 'CPU µs/request'
printf '%-12s %12.0f %10.2f %16.1f\n' flashback "$fb_rps" "$fb_p99" "$fb_cpu" bare-go "$bare_rps" "$bare_p99" "$bare_cpu" \
	bare-go-hdr "$hdr_rps" "$hdr_p99" "$hdr_cpu" bare-go-tmo "$tmo_rps" "$tmo_p99" "$tmo_cpu"
if [ "$ENCODING" != br ]; then printf '%-12s %12.0f %10.2f %16.1f\n' nginx "$nginx_rps" "$nginx_p99" "$nginx_cpu"; fi
if [ -n "$BEFORE" ]; then
	printf '%-12s %12.0f %10.2f %16.1f   before/bare-go-hdr = %.2f\n' before "$before_rps" "$before_p99" "$before_cpu" "$(awk -v a="$before_rps" -v b="$hdr_rps" 'BEGIN {print a/b}')"
fi
awk -v f="$fb_rps" -v b="$bare_rps" -v h="$hdr_rps" -v t="$tmo_rps" -v n="$nginx_rps" 'BEGIN {
	printf "flashback/bare-go = %.2f   flashback/bare-go-hdr = %.2f   flashback/bare-go-tmo = %.2f", f/b, f/h, f/t
	if (n > 0) printf "   flashback/nginx = %.2f   bare-go/nginx = %.2f", f/n, b/n
	printf "\n" }'
awk -v f="$fb_cpu" -v h="$hdr_cpu" -v b="$before_cpu" 'BEGIN {
	printf "CPU per request: flashback/bare-go-hdr = %.2f", f/h
	if (b > 0) printf "   before/bare-go-hdr = %.2f", b/h
	printf "\n" }'
printf 'flashback peak RSS under load: %d MB\n' "$fb_rss"
printf 'first start (empty data dir, import included) to first 200: %d ms\n' "$first_ms"
printf 'later start to first 200: %d ms\n' "$later_ms"
