#!/usr/bin/env bash
# The worst valid request, three times in a row, then 12 concurrent renderings of its timeline,
# against a running cafesim; prints a short summary. See docs/reliability.md#the-worst-request.
#
#   bash docs/worst-request.sh BASE_URL PID [LOG_FILE]
#
# BASE_URL: the service, loopback only (http://127.0.0.1:PORT). PID: its JVM, for RSS (from
# /proc) and heap (jstat, jcmd). LOG_FILE (optional): the service's stdout or CAFESIM_LOG_FILE,
# to count each run's end lines and look for OutOfMemoryError.
# RUNS (3) and RENDERS (12) in the environment change the counts. Every loop is bounded: a run
# is polled at most 700 s (max-duration is 600 s), a request waits at most 120 s.
#
# The request: 1000 customers of 100 espressos each (the limits), ordered together, one async
# barista, speed 1000, failureRate 1.0: all 100,000 drinks brew at once on one barista, every
# brew slips, each slip throws every drink the barista had back into the queue, until the
# remake budget is spent and every drink is given up.
set -u
BASE=${1:?usage: worst-request.sh BASE_URL PID [LOG_FILE]}
PID=${2:?usage: worst-request.sh BASE_URL PID [LOG_FILE]}
LOG=${3:-}
RUNS=${RUNS:-3}
RENDERS=${RENDERS:-12}
case "$BASE" in
  http://127.0.0.1:*|http://localhost:*) ;;
  *) echo "loopback only: $BASE" >&2; exit 2 ;;
esac
[ -d "/proc/$PID" ] || { echo "no process $PID" >&2; exit 2; }

W=$(mktemp -d /tmp/worst-request.XXXXXX)
python3 - >"$W/body.json" <<'EOF'
import json
print(json.dumps({
    "customers": [{"name": "customer-%04d" % i, "drinks": ["espresso"] * 100, "order": "together"}
                  for i in range(1000)],
    "mode": "async", "speed": 1000, "baristas": 1, "failureRate": 1.0}, separators=(",", ":")))
EOF

now() { date +%s.%N; }
secs() { python3 -c "print(f'{$2 - $1:.1f}')"; }
rss_mb() { awk '/VmRSS/ { print int($2 / 1024) }' "/proc/$PID/status" 2>/dev/null || echo 0; }
heap_used_mb() { jcmd "$PID" GC.heap_info 2>/dev/null | sed -n 's/.*garbage-first heap.*used \([0-9]*\)K.*/\1/p' | awk '{ print int($1 / 1024) }'; }

# Every second: /health (2 s at most), RSS. Every 10 s: a full GC (jcmd GC.run), then the heap
# in use, i.e. what survives a GC. One line a sample in $W/samples.
sampler() {
  local i=0
  while [ -d "/proc/$PID" ] && [ ! -e "$W/stop" ] && [ $i -lt 3600 ]; do
    local h; h=$(curl -s -m 2 -o /dev/null -w '%{http_code} healthSeconds=%{time_total}' "$BASE/health")
    local heap=-
    if [ $((i % 10)) -eq 0 ]; then jcmd "$PID" GC.run >/dev/null 2>&1; heap=$(heap_used_mb); fi
    echo "$(date +%T) health=$h rss=$(rss_mb) heapAfterGC=$heap" >>"$W/samples"
    i=$((i + 1)); sleep 1
  done
}
sampler & SAMPLER=$!
trap 'kill $SAMPLER 2>/dev/null' EXIT

report() {  # id -> one line of the report's summary
  curl -s -m 120 "$BASE/runs/$1" | python3 -c '
import json, sys
r = json.load(sys.stdin)
print(r["status"], r.get("failureReason"), r.get("makespanSeconds"), json.dumps(r.get("detail")),
      "failedDrinks=%s" % r.get("failedDrinks"), "lagMillis=%s" % json.dumps(r.get("lagMillis")))'
}

echo "request: $(wc -c <"$W/body.json") bytes: 1000 customers x 100 espresso, async, 1 barista, speed 1000, failureRate 1.0"
ids=()
for n in $(seq 1 "$RUNS"); do
  t0=$(now)
  code=$(curl -s -m 120 -o "$W/post" -w '%{http_code}' -XPOST "$BASE/runs" \
    -H 'content-type: application/json' --data-binary @"$W/body.json")
  id=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("runId", ""))' "$W/post" 2>/dev/null)
  if [ "$code" != 202 ] || [ -z "$id" ]; then echo "run $n: POST answered $code: $(head -c 300 "$W/post")"; continue; fi
  ids+=("$id")
  status=RUNNING
  for _ in $(seq 1 700); do
    sleep 1
    [ -d "/proc/$PID" ] || { status=JVM-GONE; break; }
    status=$(curl -s -m 10 "$BASE/runs/$id" | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"])' 2>/dev/null)
    [ -n "$status" ] && [ "$status" != RUNNING ] && break
  done
  echo "run $n: $id wall $(secs "$t0" "$(now)") s: $(report "$id")"
done

if [ ${#ids[@]} -gt 0 ]; then
  last=${ids[${#ids[@]}-1]}
  t0=$(now); pids=()
  for i in $(seq 1 "$RENDERS"); do
    curl -s -m 120 -o /dev/null -w '%{http_code}:%{size_download}B:%{time_total}s\n' \
      "$BASE/runs/$last/timeline.svg" >"$W/svg.$i" & pids+=($!)
  done
  wait "${pids[@]}"
  echo "$RENDERS x GET /runs/$last/timeline.svg at once: $(secs "$t0" "$(now)") s in all;" \
    "status:bytes $(cut -d: -f1,2 "$W"/svg.* | sort | uniq -c | awk '{ printf "%s x %s ", $1, $2 }');" \
    "slowest $(cut -d: -f3 "$W"/svg.* | sort -n | tail -1)"
fi

sleep 2; touch "$W/stop"; wait $SAMPLER 2>/dev/null

# Every accepted run listed once, with a final status; its end logged once.
curl -s -m 30 "$BASE/runs?limit=1000" >"$W/runs"
for id in "${ids[@]}"; do
  listed=$(python3 -c '
import json, sys
runs = [r for r in json.load(open(sys.argv[1]))["runs"] if r["runId"] == sys.argv[2]]
print(len(runs), ",".join(r["status"] for r in runs))' "$W/runs" "$id")
  ends=-
  [ -n "$LOG" ] && ends=$(grep "$id" "$LOG" | grep -cE 'RUN_(COMPLETED|FAILED)')
  echo "$id: listed $listed; end lines in the log: $ends"
done

echo "/health: $(grep -c . "$W/samples") samples, $(grep -vc 'health=200 ' "$W/samples") not 200," \
  "slowest $(grep -o 'healthSeconds=[0-9.]*' "$W/samples" | cut -d= -f2 | sort -n | tail -1) s"
echo "peak RSS $(awk -F'rss=' '{ split($2, a, " "); if (a[1] > m) m = a[1] } END { print m }' "$W/samples") MB;" \
  "heap after GC: peak $(grep -o 'heapAfterGC=[0-9]\+' "$W/samples" | cut -d= -f2 | sort -n | tail -1) MB," \
  "samples $(grep -o 'heapAfterGC=[0-9]\+' "$W/samples" | cut -d= -f2 | tr '\n' ' ')"
if [ -d "/proc/$PID" ]; then echo "JVM $PID alive; /health now: $(curl -s -m 2 "$BASE/health")"; else echo "JVM $PID is GONE"; fi
[ -n "$LOG" ] && echo "OutOfMemoryError lines in $LOG: $(grep -c OutOfMemoryError "$LOG")"
rm -rf "$W"
