#!/usr/bin/env bash
# Runs every benchmark of docs/performance.md and writes their JSON lines to docs/bench-results/.
# Needs the jar (mvn -B -q package -DskipTests). Takes a few minutes on 2 cores.
#
#   bash docs/bench.sh            # everything
#   bash docs/bench.sh crowd      # one workload: fidelity, crowd, pool, http or startup
set -euo pipefail
cd "$(dirname "$0")/.."
out=docs/bench-results
mkdir -p "$out"
jar=target/cafesim.jar
what=${1:-all}

want() { [ "$what" = all ] || [ "$what" = "$1" ]; }

if want fidelity; then
  java -jar $jar bench fidelity --runs 5 --speed 1 | tee "$out/fidelity-speed1.jsonl"
  java -jar $jar bench fidelity --runs 5 --speed 100 | tee "$out/fidelity-speed100.jsonl"
fi
if want crowd; then
  : > "$out/crowd.jsonl"
  for n in 1000 10000 100000; do
    java -Xmx1g -jar $jar bench crowd --customers $n --wait 1 --runs 5 | tee -a "$out/crowd.jsonl"
  done
  java -Xmx1g -XX:+UseParallelGC -jar $jar bench crowd --customers 100000 --wait 1 --runs 5 \
    | tee "$out/crowd-100k-parallelgc.jsonl"
  # A million customers do not fit in 1 GB (the run ends in OutOfMemoryError); in 1.5 GB they do.
  java -Xmx1g -jar $jar bench crowd --customers 1000000 --wait 1 --runs 1 >/dev/null 2>&1 \
    || echo "a million customers with -Xmx1g: OutOfMemoryError, as docs/performance.md says"
  java -Xmx1500m -jar $jar bench crowd --customers 1000000 --wait 1 --runs 2 \
    | tee "$out/crowd-1m-xmx1500m.jsonl"
fi
if want pool; then
  java -jar $jar bench pool --customers 10000 --baristas 10 --wait 0.01 --runs 5 | tee "$out/pool.jsonl"
fi
if want http; then
  bash docs/http-bench.sh | tee "$out/http.txt"
fi
if want startup; then
  bash docs/startup.sh | tee "$out/startup.txt"
fi
