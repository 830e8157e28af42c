#!/usr/bin/env bash
# HTTP throughput on loopback: GET /health, then POST /runs (a one-drink custom run at speed
# 1000, not waiting), against one service, with the service pinned to core 0 and wrk to core 1.
#
#   bash docs/http-bench.sh [SECONDS=20] [CONNECTIONS=16]
#   JAR=other/cafesim.jar bash docs/http-bench.sh      (another build, e.g. to compare two)
#
# The service keeps its runs in a fresh data directory of its own, removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
connections=${2:-16}
port=18091
work=$(mktemp -d)
command -v wrk >/dev/null || { apt-get update -q >/dev/null; apt-get install -y -q wrk >/dev/null; }

# Its runs go to a database of its own, not the repository's ./data.
CAFESIM_DATA_DIR="$work/data" taskset -c 0 java -Xmx512m -Dcafesim.events.level=OFF \
  -Dcafesim.http.port=$port -jar "${JAR:-target/cafesim.jar}" >"$work/service.log" 2>&1 &
pid=$!
trap '{ kill $pid && wait $pid; } 2>/dev/null || true; rm -rf "$work"' EXIT   # stopped before its database goes
until curl -sf "http://127.0.0.1:$port/health" >/dev/null; do sleep 0.2; done
sleep 3   # the start-up warm-up


# A short round of each first, so both paths are compiled before they are measured.
taskset -c 1 wrk -t1 -c"$connections" -d5s "http://127.0.0.1:$port/health" >/dev/null
taskset -c 1 wrk -t1 -c"$connections" -d5s -s docs/post-runs.lua "http://127.0.0.1:$port/runs" >/dev/null

echo "== GET /health"
taskset -c 1 wrk -t1 -c"$connections" -d"${seconds}s" --latency "http://127.0.0.1:$port/health" | tee "$work/get.txt"
echo "== POST /runs"
taskset -c 1 wrk -t1 -c"$connections" -d"${seconds}s" --latency -s docs/post-runs.lua "http://127.0.0.1:$port/runs" | tee "$work/post.txt"
get=$(awk '/Requests\/sec/ { print $2 }' "$work/get.txt")
post=$(awk '/Requests\/sec/ { print $2 }' "$work/post.txt")
awk -v g="$get" -v p="$post" 'BEGIN { printf "== POST /runs / GET /health = %.0f / %.0f = %.2f\n", p, g, p / g }'
accepted=$(awk '/status 202:/ { print $3 }' "$work/post.txt")
awk -v a="$accepted" -v s="$seconds" 'BEGIN { printf "== runs accepted (202) per second: %.0f\n", a / s }'
