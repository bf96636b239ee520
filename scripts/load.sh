#!/usr/bin/env bash
# Load test: the real binary with the demo ward (and optionally years of
# history) on 127.0.0.1, wrk with 2 threads and 32 connections for 20 s on
# each path, and the server's resident memory idle and under load.
#   scripts/load.sh [--history-years N] [path …]
# Needs wrk (apt-get install wrk). Only loopback traffic; it stops by itself.
set -euo pipefail
cd "$(dirname "$0")/.."
years=0
if [ "${1:-}" = "--history-years" ]; then years=$2; shift 2; fi
paths=("$@")
[ ${#paths[@]} -gt 0 ] || paths=(/ /api/v1/units "/api/v1/items?unit=KTHTDT&overdue=true&sort=due_date&limit=50")
command -v wrk >/dev/null || { echo "wrk not found: apt-get install wrk" >&2; exit 1; }

dir=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; rm -rf "$dir"' EXIT
go build -o "$dir/dieuhanh" ./cmd/dieuhanh
"$dir/dieuhanh" demo --data "$dir" --history-years "$years" >/dev/null
port=$(( 20000 + RANDOM % 20000 ))
"$dir/dieuhanh" serve --data "$dir" --addr "127.0.0.1:$port" >"$dir/server.log" 2>&1 &
pid=$!
base="http://127.0.0.1:$port"
for _ in $(seq 1 100); do curl -fs "$base/healthz" >/dev/null && break; sleep 0.1; done

rss() { awk '/VmRSS/ {printf "%.0f MiB\n", $2/1024}' /proc/$pid/status; }
echo "idle RSS after start: $(rss)"
token=$(curl -fs -X POST "$base/api/v1/login" -H 'Content-Type: application/json' -d '{"login":"vanphong","password":"dieuhanh-demo"}' | sed 's/.*"token":"\([^"]*\)".*/\1/')
cookie=$(curl -fs -o /dev/null -c - -X POST "$base/login" -H 'Sec-Fetch-Site: same-origin' \
  -d 'login=vanphong&password=dieuhanh-demo' | awk '/dieuhanh_session/ {print $7}')
sleep 5
echo "idle RSS after two logins (argon2id, 64 MiB each): $(rss)"
for p in "${paths[@]}"; do
  echo "== GET $p"
  if [[ $p == /api/* ]]; then hdr="Authorization: Bearer $token"; else hdr="Cookie: dieuhanh_session=$cookie"; fi
  wrk -t2 -c32 -d20s --latency -H "$hdr" "$base$p" &
  wpid=$!
  sleep 10; echo "RSS under load: $(rss)"
  wait $wpid
done
echo "RSS after: $(rss)"
