#!/usr/bin/env bash
# HTTP throughput on loopback: GET /health, then POST /runs (a one-drink custom run at speed
# 1000, not waiting), against one service, with the service pinned to core 0 and wrk to core 1.
#
#   bash docs/http-bench.sh [SECONDS=20] [CONNECTIONS=16] [WARMUP=300]
#   JAR=other/cafesim.jar bash docs/http-bench.sh      (another build, e.g. to compare two)
#
# The service keeps its runs in a fresh data directory of its own, removed at the end (or in
# PostgreSQL, with CAFESIM_DB_URL, CAFESIM_DB_USER and CAFESIM_DB_PASSWORD set).
#
# WARMUP seconds of POST /runs come first: on one core the JIT compiler shares the core with
# the service, and the run path (HTTP, sharding, persistence, Slick, H2) takes minutes to
# compile (the rate went from 106 to 552 runs a second over five minutes of 30 s windows). Then, with the service stopped, the journal alone on the same core, as runs use
# it (bench journal --events-per-entity 4: a new entity recovers, then writes a run's 4
# events), after the same warm-up: the rate of runs the journal allows; and the run layer
# alone (bench runs: admission, sharding, entities, cafes, with nothing in a database).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
connections=${2:-16}
warmup=${3:-300}
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


# A round of each first, so both paths are compiled before they are measured.
taskset -c 1 wrk -t1 -c"$connections" -d5s "http://127.0.0.1:$port/health" >/dev/null
# The POST warm-up in windows of up to 30 s, each window's runs accepted a second printed: on
# one core the JIT compiler takes minutes over the run path, and the rate climbs all along.
echo "== POST /runs warm-up (${warmup} s): runs accepted a second, window by window"
for ((left = warmup; left > 0; left -= 30)); do
  window=$((left < 30 ? left : 30))
  taskset -c 1 wrk -t1 -c"$connections" -d"${window}s" -s docs/post-runs.lua \
    "http://127.0.0.1:$port/runs" | awk -v w="$window" '/status 202:/ { printf "%.0f ", $3 / w }'
done
echo

echo "== GET /health"
taskset -c 1 wrk -t1 -c"$connections" -d"${seconds}s" --latency "http://127.0.0.1:$port/health" | tee "$work/get.txt"
echo "== POST /runs"
taskset -c 1 wrk -t1 -c"$connections" -d"${seconds}s" --latency -s docs/post-runs.lua "http://127.0.0.1:$port/runs" | tee "$work/post.txt"
get=$(awk '/Requests\/sec/ { print $2 }' "$work/get.txt")
post=$(awk '/Requests\/sec/ { print $2 }' "$work/post.txt")
awk -v g="$get" -v p="$post" 'BEGIN { printf "== POST /runs / GET /health = %.0f / %.0f = %.2f\n", p, g, p / g }'
accepted=$(awk '/status 202:/ { print $3 }' "$work/post.txt")
awk -v a="$accepted" -v s="$seconds" 'BEGIN { printf "== runs accepted (202) per second: %.0f\n", a / s }'

{ kill $pid && wait $pid; } 2>/dev/null || true
# The parts get at most 60 s of warm-up: each keeps every run it writes and never clears it
# out (the journal's file has no compaction here; the run layer's journal is in its heap,
# which filled 512 MB after three minutes and then spent its time in full collections), so
# minutes of warm-up measure their growth, not their rate.
parts=$((warmup < 60 ? warmup : 60))
echo "== the journal alone, as runs use it (core 0, ${parts} s of warm-up)"
taskset -c 0 java -Xmx512m -jar "${JAR:-target/cafesim.jar}" bench journal --events-per-entity 4 \
  --warmup "$parts" --seconds "$seconds" --runs 1 2>/dev/null | tee "$work/journal.txt"
journal=$(sed -n 's/.*"entitiesPerSecond":\([0-9]*\).*/\1/p' "$work/journal.txt")
awk -v a="$accepted" -v s="$seconds" -v j="$journal" \
  'BEGIN { printf "== runs accepted / runs the journal allows = %.0f / %.0f = %.2f\n", a / s, j, a / s / j }'
echo "== the run layer alone, as POST /runs asks (core 0, no HTTP, nothing in a database, ${parts} s of warm-up)"
taskset -c 0 java -Xmx512m -jar "${JAR:-target/cafesim.jar}" bench runs --callers "$connections" \
  --warmup "$parts" --seconds "$seconds" --runs 1 2>/dev/null | tee "$work/runs.txt"
layer=$(sed -n 's/.*"runsPerSecond":\([0-9]*\).*/\1/p' "$work/runs.txt")
# On one core the costs add up: a run is an HTTP request (at least what GET /health costs), the
# run layer's work and its journal. The most runs a second each part allows with the others:
awk -v g="$get" -v j="$journal" -v r="$layer" -v a="$accepted" -v s="$seconds" 'BEGIN {
  b2 = 1 / (1 / g + 1 / j); b3 = 1 / (1 / g + 1 / j + 1 / r);
  printf "== a request and a journal a run, nothing else: 1 / (1/%.0f + 1/%.0f) = %.0f runs/s = %.2f x GET /health\n", g, j, b2, b2 / g
  printf "== and the run layer: 1 / (1/%.0f + 1/%.0f + 1/%.0f) = %.0f runs/s = %.2f x GET /health; measured %.0f = %.2f of it\n", g, j, r, b3, b3 / g, a / s, a / s / b3 }'
