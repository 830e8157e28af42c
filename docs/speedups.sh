#!/usr/bin/env bash
# Compares sync and async for every scenario at speed 1, 100 and 1000 on a running service
# (POST /runs/compare) and prints one line per comparison: the exact makespans and speedup,
# then each side's measured elapsedSeconds, worst lag and timing. Speed 1 takes about 33 s.
#
#   bash docs/speedups.sh http://localhost:8080
# Makespans and speedup print as JSON has them, so an inexact ratio shows (1.6000000000000003).
set -euo pipefail
base=${1:?usage: speedups.sh BASE_URL}
for speed in 1 100 1000; do
  for scenario in americano-latte find-users three-calls five-jobs hands-on; do
    curl -sf -XPOST "$base/runs/compare" -H 'content-type: application/json' \
      -d "{\"scenario\":\"$scenario\",\"speed\":$speed}"
    echo
  done
done | python3 -c '
import json, sys
row = "%-16s %5s  %6s %6s %7s  %12s %7s %-9s  %12s %7s %s"
print(row % ("scenario", "speed", "sync", "async", "speedup",
             "sync elapsed", "lag ms", "timing", "async elapsed", "lag ms", "timing"))
for line in sys.stdin:
    c = json.loads(line)
    s, a = c["sync"], c["async"]
    print(row % (s["scenario"], "%g" % s["speed"], str(s["makespanSeconds"]),
                 str(a["makespanSeconds"]), str(c["speedup"]),
                 "%.6f" % s["elapsedSeconds"], "%.3f" % s["lagMillis"]["worst"], s["timing"],
                 "%.6f" % a["elapsedSeconds"], "%.3f" % a["lagMillis"]["worst"], a["timing"]))
'
