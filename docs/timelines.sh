#!/usr/bin/env bash
# Regenerates docs/americano-latte-sync.svg and docs/americano-latte-async.svg from a real
# run's log: both modes at speed 10, logged to a JSON-lines file, rendered by `cafesim trace`.
# Needs the jar: mvn -B -q package -DskipTests
set -euo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp --suffix=.jsonl)
trap 'rm -f "$log"' EXIT
CAFESIM_LOG_FILE="$log" java -jar target/cafesim.jar run americano-latte --mode both --speed 10 >/dev/null
for mode in sync async; do
  run=$(java -jar target/cafesim.jar trace "$log" 2>/dev/null | awk -v mode="$mode" '$3 == mode { print $1 }')
  java -jar target/cafesim.jar trace "$log" --run "$run" --format svg --out "docs/americano-latte-$mode.svg"
done
