#!/usr/bin/env bash
# From `java -jar` to the first 200 from /health, five times each way:
# the default JVM, and with an application class-data-sharing archive made once beforehand.
#
#   bash docs/startup.sh
set -euo pipefail
cd "$(dirname "$0")/.."
port=18092
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The starts keep their runs in a temporary database, not the repository's ./data.
export CAFESIM_DATA_DIR="$work/data"

measure() {
  local label=$1; shift
  local times=()
  for _ in 1 2 3 4 5; do
    local start; start=$(date +%s%N)
    java "$@" -Dcafesim.http.port=$port -jar target/cafesim.jar >/dev/null 2>&1 &
    local pid=$!
    until curl -sf -o /dev/null "http://127.0.0.1:$port/health"; do sleep 0.01; done
    times+=($(( ($(date +%s%N) - start) / 1000000 )))
    kill $pid; wait $pid 2>/dev/null || true
  done
  printf '%-40s %s ms (median %s)\n' "$label" "${times[*]}" \
    "$(printf '%s\n' "${times[@]}" | sort -n | sed -n 3p)"
}

# The archive: classes loaded by one start-up and a few requests, dumped when the JVM exits.
java -XX:ArchiveClassesAtExit="$work/cafesim.jsa" -Dcafesim.http.port=$port -jar target/cafesim.jar >/dev/null 2>&1 &
pid=$!
until curl -sf -o /dev/null "http://127.0.0.1:$port/health"; do sleep 0.05; done
curl -s -o /dev/null -XPOST "http://127.0.0.1:$port/runs?wait=true" -H 'content-type: application/json' \
  -d '{"scenario":"five-jobs","speed":1000}'
sleep 2; kill $pid; wait $pid 2>/dev/null || true

measure "java -jar (default)"
measure "java -XX:TieredStopAtLevel=1 -jar" -XX:TieredStopAtLevel=1
measure "java -XX:SharedArchiveFile=cafesim.jsa -jar" -XX:SharedArchiveFile="$work/cafesim.jsa"
measure "both" -XX:TieredStopAtLevel=1 -XX:SharedArchiveFile="$work/cafesim.jsa"
