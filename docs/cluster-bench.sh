#!/usr/bin/env bash
# Runs accepted per second by a cluster of N nodes on this machine, all on one PostgreSQL:
# wrk POSTs one-espresso runs at speed 1000 (docs/post-runs.lua) to every node at once, with
# CONNECTIONS connections in all, for SECONDS; then the runs each node accepted and ended are
# read from its /metrics.
#
#   CAFESIM_DB_URL=jdbc:postgresql://127.0.0.1:5432/cafesim_bench CAFESIM_DB_USER=cafesim \
#   CAFESIM_DB_PASSWORD=cafesim bash docs/cluster-bench.sh [NODES=3] [SECONDS=20] [CONNECTIONS=16]
#
# The database's cafesim tables are dropped first: use a database of its own.
set -euo pipefail
cd "$(dirname "$0")/.."
nodes=${1:-3}
seconds=${2:-20}
connections=${3:-16}
: "${CAFESIM_DB_URL:?a PostgreSQL database of its own, e.g. jdbc:postgresql://127.0.0.1:5432/cafesim_bench}"
export CAFESIM_DB_URL CAFESIM_DB_USER CAFESIM_DB_PASSWORD
command -v wrk >/dev/null || { apt-get update -q >/dev/null; apt-get install -y -q wrk >/dev/null; }
work=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null; rm -rf "$work"' EXIT

# jdbc:postgresql://host:port/db -> psql's terms
hostport=${CAFESIM_DB_URL#jdbc:postgresql://}; db=${hostport#*/}; hostport=${hostport%%/*}
PGPASSWORD=${CAFESIM_DB_PASSWORD:-} psql -q -h "${hostport%%:*}" -p "${hostport##*:}" \
  -U "${CAFESIM_DB_USER:-cafesim}" -d "$db" -c "SET client_min_messages = warning;
  DROP TABLE IF EXISTS runs, event_journal, event_tag, journal, snapshot, durable_state CASCADE"

seeds=127.0.0.1:25601
for i in $(seq 1 "$nodes"); do
  CAFESIM_HTTP_PORT=$((18600 + i)) CAFESIM_CLUSTER_PORT=$((25600 + i)) \
  CAFESIM_CLUSTER_SEEDS=$seeds \
    java -Xmx384m -Dcafesim.events.level=OFF -jar "${JAR:-target/cafesim.jar}" \
      >"$work/node$i.log" 2>&1 &
  pids+=($!)
done
for i in $(seq 1 "$nodes"); do
  until curl -sf "http://127.0.0.1:$((18600 + i))/health" | grep -q "\"members\":$nodes,"; do
    sleep 0.5
  done
done
sleep 3   # the start-up warm-up

# A short round first, so the paths are compiled before they are measured.
each=$(( (connections + nodes - 1) / nodes ))
for phase in warm measured; do
  d=5; [ "$phase" = measured ] && d=$seconds
  loads=()
  for i in $(seq 1 "$nodes"); do
    wrk -t1 -c"$each" -d"${d}s" --latency -s docs/post-runs.lua \
      "http://127.0.0.1:$((18600 + i))/runs" >"$work/$phase$i.txt" &
    loads+=($!)
  done
  wait "${loads[@]}"
done

sleep 2   # the last runs end (speed 1000: a millisecond each)
total=0
for i in $(seq 1 "$nodes"); do
  ok=$(awk '/status 202:/ { print $3 }' "$work/measured$i.txt"); ok=${ok:-0}
  busy=$(awk '/status 429:/ { print $3 }' "$work/measured$i.txt"); busy=${busy:-0}
  p99=$(awk '$1 == "99%" { print $2 }' "$work/measured$i.txt")
  left=$(curl -s "http://127.0.0.1:$((18600 + i))/metrics" \
    | awk '/^cafesim_runs_in_flight / { print $2 }')
  echo "node $i: $ok accepted (202), $busy refused (429), p99 $p99; still in flight after: $left"
  total=$((total + ok))
done
awk -v t="$total" -v s="$seconds" -v n="$nodes" \
  'BEGIN { printf "== %d node(s): %.0f runs accepted per second\n", n, t / s }'
