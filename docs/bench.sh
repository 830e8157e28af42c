#!/usr/bin/env bash
# Runs every benchmark of docs/performance.md and writes their JSON lines to docs/bench-results/.
# Needs the jar (mvn -B -q package -DskipTests). Takes a few minutes on 2 cores.
#
#   bash docs/bench.sh            # everything
#   bash docs/bench.sh crowd      # one workload: fidelity (with its floor), crowd (with floor and asyncio), pool,
#                                 # journal, http or startup
#   CAFESIM_BENCH_PG_URL=jdbc:postgresql://127.0.0.1:5432/cafesim_bench CAFESIM_DB_USER=cafesim \
#     CAFESIM_DB_PASSWORD=cafesim bash docs/bench.sh journal    # the journal on PostgreSQL too
set -euo pipefail
cd "$(dirname "$0")/.."
out=docs/bench-results
mkdir -p "$out"
jar=target/cafesim.jar
what=${1:-all}

want() { [ "$what" = all ] || [ "$what" = "$1" ]; }

if want fidelity; then
  java -jar $jar bench fidelity --runs 5 --speed 1 | tee "$out/fidelity-speed1.jsonl"
  java -jar $jar bench fidelity --runs 10 --speed 100 | tee "$out/fidelity-speed100.jsonl"
  # Its floor: the same alarms rung by a bare actor on the same timers, nothing else running.
  java -jar $jar bench alarms --runs 10 --speed 100 | tee "$out/fidelity-floor.jsonl"
fi
if want crowd; then
  # Each size three ways in one session: the engine's floor (bare actors), cafesim's crowd, and
  # the same crowd in asyncio; then the medians side by side.
  : > "$out/crowd.jsonl"
  # A JVM's first runs of a size compile its path: three warm-up runs (one for a million, each
  # of which takes long enough to compile it), then five measured (three for a million).
  for n in 1000 10000 100000 1000000; do
    if [ $n = 1000000 ]; then warm=1 runs=3; else warm=3 runs=5; fi
    # The floor two ways: a timer for each actor (the issue's), and one for each 1,000 (its
    # parent's, which wakes them with a message: as a crowd's customers wait, on one alarm).
    for timers in each parent; do
      java -Xmx1536m -jar $jar bench floor --customers $n --wait 1 --warmup $warm --runs $runs \
        --timers $timers | tee -a "$out/crowd.jsonl"
    done
    java -Xmx1536m -jar $jar bench crowd --customers $n --wait 1 --warmup $warm --runs $runs | tee -a "$out/crowd.jsonl"
    # The same crowd on the throughput collector with a young generation that holds a run's
    # garbage (docs/performance.md, "The collector"). Not at a million: its customers do not fit
    # beside a 1 GB young generation in 1.5 GB, and full collections took 25 to 55 s.
    if [ $n -le 100000 ]; then
      java -Xmx1536m -XX:+UseParallelGC -Xmn1g -jar $jar bench crowd --customers $n --wait 1 \
        --warmup $warm --runs $runs | tee -a "$out/crowd.jsonl"
    fi
    python3 docs/asyncio_crowd.py $n 1 $runs | tee -a "$out/crowd.jsonl"
    python3 - "$out/crowd.jsonl" $n <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
n = int(sys.argv[2])
def median(workload, collector=None, timers=None):
    walls = [r["wallSeconds"] for r in rows if r["workload"] == workload and r["customers"] == n
             and (collector is None or r.get("collector") == collector)
             and (timers is None or r.get("timers", "each") == timers)]
    return statistics.median(walls) if walls else None
floor, asyncio = median("floor", timers="each"), median("asyncio-crowd")
parent_floor = median("floor", timers="parent")
if parent_floor:
    print(f"== {n} customers: floor with one timer a parent {parent_floor:.3f} s")
# Whatever collectors the crowd ran on: the JVM's default differs from machine to machine.
for collector in sorted({r["collector"] for r in rows if r["workload"] == "crowd" and r["customers"] == n}):
    crowd = median("crowd", collector)
    if crowd:
        print(f"== {n} customers, median wall s: floor {floor:.3f}, cafesim ({collector}) {crowd:.3f},"
              f" asyncio {asyncio:.3f}: cafesim {asyncio / crowd:.2f}x faster than asyncio,"
              f" {crowd / floor:.2f}x the floor")
PY
  done
fi
if want journal; then
  # The journal alone, on H2 (a fresh file) and, if CAFESIM_BENCH_PG_URL is set, PostgreSQL:
  # long-lived writers, then writers replaced every 4 events (a run's journal, recovery first).
  : > "$out/journal.jsonl"
  for per in 0 4; do
    java -jar $jar bench journal --writers 16 --events-per-entity $per --seconds 10 --runs 3 \
      | tee -a "$out/journal.jsonl"
    if [ -n "${CAFESIM_BENCH_PG_URL:-}" ]; then
      CAFESIM_DB_URL=$CAFESIM_BENCH_PG_URL java -jar $jar bench journal --writers 16 \
        --events-per-entity $per --seconds 10 --runs 3 | tee -a "$out/journal.jsonl"
    fi
  done
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
