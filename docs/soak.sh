#!/usr/bin/env bash
# A bounded soak of POST /runs on loopback: wrk keeps starting small runs (one espresso at
# speed 1000) for SECONDS while this samples the service's RSS every second; then it prints
# the status counts, wrk's latency and the RSS over time. Stops by itself.
#
#   bash docs/soak.sh [SECONDS=60] [CONNECTIONS=16] [MAX_IN_FLIGHT=50]
#
# Needs the jar (mvn -B -q package -DskipTests) and wrk (apt-get install wrk; installed here if
# missing). The service runs with -Xmx256m and without its per-event log lines, so the soak
# measures the service, not the disk.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
connections=${2:-16}
max_in_flight=${3:-50}
port=18090
work=$(mktemp -d)

command -v wrk >/dev/null || { apt-get update -q >/dev/null; apt-get install -y -q wrk >/dev/null; }

# Its runs go to a database of its own, not the repository's ./data.
CAFESIM_DATA_DIR="$work/data" java -Xmx256m -Dcafesim.events.level=OFF -Dcafesim.http.port=$port \
  -Dcafesim.runs.max-in-flight="$max_in_flight" -jar target/cafesim.jar >"$work/service.log" 2>&1 &
pid=$!
trap '{ kill $pid && wait $pid; } 2>/dev/null || true; rm -rf "$work"' EXIT   # stopped before its database goes
until curl -sf "http://127.0.0.1:$port/health" >/dev/null; do sleep 0.2; done
sleep 3   # let the start-up warm-up finish


( for _ in $(seq "$((seconds + 2))"); do
    awk '/VmRSS/ { printf "%d\n", $2 / 1024 }' "/proc/$pid/status" 2>/dev/null || true
    sleep 1
  done ) > "$work/rss.txt" &
sampler=$!
wrk -t2 -c"$connections" -d"${seconds}s" --latency -s docs/post-runs.lua "http://127.0.0.1:$port/runs"
wait $sampler || true
echo "RSS (MB), one sample a second:"
paste -sd' ' "$work/rss.txt"
echo "service after the soak: $(curl -s "http://127.0.0.1:$port/health"), $(curl -s "http://127.0.0.1:$port/runs?limit=1000" | grep -o '"runId"' | wc -l) reports kept"
