#!/usr/bin/env bash
# Proves the container on this machine: builds the image with podman from a local base image,
# runs it, checks health, runs americano-latte in both modes over HTTP, reads the runs back
# from `podman logs` with `cafesim trace -`, stops it with SIGTERM, then does the same through
# docker/compose.yaml with podman-compose. Then the cluster of docker/compose.cluster.yaml
# (three nodes, PostgreSQL from a local image): a run through node1 read from nodes 2 and 3,
# node3 stopped while 20 runs play, every run ended once. Everything it starts is removed,
# even on failure. Run from anywhere, as root (it installs podman and PostgreSQL if missing);
# needs target/cafesim.jar.
set -euo pipefail
cd "$(dirname "$0")/.."

image=localhost/cafesim:smoke
base=localhost/cafesim-jre:17
pg_image=localhost/cafesim-postgres:15
# A local port nothing listens on (bash's /dev/tcp: nothing to install); not one fixed in
# advance, so a service already running on this machine cannot fail the test.
free_port() {
  local port
  while :; do
    port=$(( 20000 + RANDOM % 20000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
}
compose_port=$(free_port)
# The cluster's project and the host ports of its nodes' HTTP.
cluster_project=cafesim-cluster-smoke
cluster_ports=($(free_port) $(free_port) $(free_port))
step_name=""
step_start=0
containers=()
compose_up=false
cluster_up=false
work=$(mktemp -d)

step() {
  finish_step
  step_name=$1
  step_start=$(date +%s%N)
  echo "== $step_name"
}
finish_step() {
  if [ -n "$step_name" ]; then
    echo "   ok ($(( ($(date +%s%N) - step_start) / 1000000 )) ms)"
  fi
}
fail() {
  echo "!! FAILED at step '$step_name': $*" >&2
  exit 1
}
cleanup() {
  local code=$?
  if [ "$code" -ne 0 ] && [ -n "$step_name" ]; then
    echo "!! smoke test failed during '$step_name'" >&2
  fi
  for id in "${containers[@]}"; do
    podman rm -f -v "$id" >/dev/null 2>&1 || true
  done
  if $compose_up; then
    compose_down
  fi
  if $cluster_up; then
    cluster down -v -t 2 >/dev/null 2>&1 || true
    podman network rm "${cluster_project}_default" >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
  exit "$code"
}
trap cleanup EXIT

# Posts a run and prints the report; fails the step unless it was served at $3 simulated seconds.
run_and_check() {
  local port=$1 mode=$2 expected=$3
  local report
  report=$(curl -sf -XPOST "http://127.0.0.1:$port/runs?wait=true" \
    -H 'content-type: application/json' \
    -d "{\"scenario\":\"americano-latte\",\"mode\":\"$mode\",\"speed\":100}") || fail "POST /runs ($mode)"
  grep -q '"status":"COMPLETED"' <<<"$report" || fail "$mode run not completed: $report"
  grep -q "\"servedAtSeconds\":$expected" <<<"$report" || fail "$mode run not served at $expected s: $report"
  grep -q '"results":\["Americano","Latte"\]' <<<"$report" || fail "$mode results: $report"
  grep -q "\"makespanSeconds\":$expected," <<<"$report" || fail "$mode makespan is not $expected s: $report"
  local elapsed
  elapsed=$(grep -o '"elapsedSeconds":[0-9.]*' <<<"$report" | cut -d: -f2)
  # The answer is exact (makespanSeconds); the wall clock only proves nothing ended early. How
  # late it was depends on the machine (a container's first run, busy with the warm-up), and
  # precision is a benchmark's business: docs/performance.md.
  awk -v e="$elapsed" -v x="$expected" 'BEGIN { exit !(e >= x) }' \
    || fail "$mode elapsed $elapsed s is less than $expected s"
  echo "   $mode: makespan $expected s, elapsed $elapsed s"
  grep -o '"runId":"run-[0-9a-f]*"' <<<"$report" | cut -d'"' -f4 >> "$work/runs"
}

# Removes the demo: its containers, the runs' volume, the demo's anonymous /data and the network
# (podman-compose 1.0.3's `down -v` removes neither of the last two).
compose_down() {
  podman ps -aq --filter label=com.docker.compose.project=docker \
    --filter label=com.docker.compose.service=demo | xargs -r podman rm -f -v >/dev/null 2>&1 || true
  CAFESIM_IMAGE=$image podman-compose -f docker/compose.yaml down -v >/dev/null 2>&1 || true
  podman network rm docker_default >/dev/null 2>&1 || true
}
# podman-compose on the cluster's file, with the local images and this test's project and ports.
cluster() {
  CAFESIM_IMAGE=$image CAFESIM_POSTGRES_IMAGE=$pg_image CAFESIM_NODE1_PORT=${cluster_ports[0]} \
    CAFESIM_NODE2_PORT=${cluster_ports[1]} CAFESIM_NODE3_PORT=${cluster_ports[2]} \
    podman-compose -p "$cluster_project" -f docker/compose.cluster.yaml "$@"
}
# The container of one of the cluster's services.
cluster_container() {
  podman ps -aq --filter "label=com.docker.compose.project=$cluster_project" \
    --filter "label=com.docker.compose.service=$1" | head -1
}
# Prints a run's status as node $1 reports it (empty if the node could not say, e.g. 503).
run_status() {
  curl -s --max-time 30 "http://127.0.0.1:$1/runs/$2" 2>/dev/null \
    | grep -o '"status":"[A-Z]*"' | head -1 | cut -d'"' -f4 || true
}

# Until the container's health check passes, for up to SECONDS (each check is a JVM of its own).
wait_healthy() {
  local id=$1 seconds=${2:-60}
  local deadline=$(( $(date +%s) + seconds ))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    if podman healthcheck run "$id" >/dev/null 2>&1; then
      return 0
    fi
    sleep 1
  done
  fail "container $id not healthy after $seconds s: $(podman logs --tail 20 "$id" 2>&1)"
}

step "tools: podman, runc, podman-compose, busybox (for the base image)"
if ! command -v podman >/dev/null || ! command -v runc >/dev/null || ! command -v podman-compose >/dev/null \
    || ! command -v curl >/dev/null || [ ! -x /bin/busybox ] \
    || [ ! -x /usr/lib/postgresql/15/bin/postgres ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  # postgresql-15: docker/postgres-image.sh makes the cluster's database image from its files.
  apt-get install -y -q podman runc podman-compose busybox-static curl postgresql-15 >/dev/null
fi
# No systemd here and a restricted cgroup setup: runc, cgroupfs, a file event log, and ulimits
# no higher than this shell may grant.
nofile=$(ulimit -Hn); [ "$nofile" = unlimited ] && nofile=16384; [ "$nofile" -gt 16384 ] && nofile=16384
cat > "$work/containers.conf" <<CONF
[containers]
default_ulimits = ["nofile=$nofile:$nofile", "nproc=16384:16384"]
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
CONF
export CONTAINERS_CONF="$work/containers.conf"
podman --version

step "jar: target/cafesim.jar"
[ -f target/cafesim.jar ] || mvn -B -q package -DskipTests
ls -l target/cafesim.jar

step "base image: $base (jlink; no registry can be reached here)"
podman image exists "$base" || bash docker/base-image.sh "$base"

step "build: podman build -f docker/Dockerfile"
podman build --format docker -q -f docker/Dockerfile \
  --build-arg JAR=prebuilt --build-arg RUNTIME_IMAGE="$base" -t "$image" . >/dev/null
podman image inspect "$image" --format 'size {{.Size}} bytes, user {{.Config.User}}, healthcheck {{.Config.Healthcheck.Test}}'

step "run: the container, port 8080 on a free local port"
id=$(podman run -d -p 127.0.0.1::8080 "$image" 2>/dev/null)
containers+=("$id")
port=$(podman port "$id" 8080 | head -1 | cut -d: -f2)
echo "   container ${id:0:12} on 127.0.0.1:$port"

step "health: podman healthcheck run (the jar's own probe)"
wait_healthy "$id"
curl -sf "http://127.0.0.1:$port/health"; echo

step "page: GET / and its script, from the jar in the image"
curl -sf "http://127.0.0.1:$port/" | grep -o '<title>[^<]*</title>' || fail "no page at /"
curl -sf -o /dev/null "http://127.0.0.1:$port/assets/app.js" || fail "the page's script is missing"

step "runs: americano-latte async (5 s) and sync (8 s) at speed 100"
run_and_check "$port" async 5.0
run_and_check "$port" sync 8.0

step "trace: podman logs | cafesim trace -"
podman logs "$id" 2>/dev/null > "$work/container.log"
java -jar target/cafesim.jar trace - < "$work/container.log" > "$work/trace.txt" 2>/dev/null
cat "$work/trace.txt"
while read -r run; do
  grep -q "^$run  *americano-latte .* COMPLETED" "$work/trace.txt" || fail "run $run not in the log"
done < "$work/runs"

step "stop: SIGTERM, clean exit within 10 s"
stop_start=$(date +%s%N)
podman stop -t 10 "$id" >/dev/null
stop_ms=$(( ($(date +%s%N) - stop_start) / 1000000 ))
code=$(podman inspect "$id" --format '{{.State.ExitCode}}')
echo "   stopped in $stop_ms ms, exit code $code"
[ "$stop_ms" -lt 10000 ] || fail "stop took $stop_ms ms"
[ "$code" = 143 ] || fail "exit code $code, expected 143 (SIGTERM, shut down cleanly)"
podman logs "$id" 2>/dev/null | grep 'cafesim stopping; runs:' \
  || fail "no closing count of the runs at the end of the log"

step "compose: podman-compose up (service + demo), the demo's table, down"
: > "$work/runs"
compose_up=true
CAFESIM_IMAGE=$image CAFESIM_PORT=$compose_port podman-compose -f docker/compose.yaml up -d >"$work/compose.log" 2>&1 \
  || { cat "$work/compose.log"; fail "podman-compose up"; }
cafesim_id=$(podman ps -q --filter label=com.docker.compose.service=cafesim | head -1)
demo_id=$(podman ps -aq --filter label=com.docker.compose.service=demo | head -1)
[ -n "$cafesim_id" ] && [ -n "$demo_id" ] || fail "compose did not start both services"
wait_healthy "$cafesim_id"
# Into a file first: grep -q would close the pipe early, and pipefail would count curl's SIGPIPE.
curl -sf -o "$work/page.html" "http://127.0.0.1:$compose_port/" && grep -q '<title>cafesim' "$work/page.html" \
  || fail "compose: no page at /"
run_and_check "$compose_port" async 5.0
podman wait "$demo_id" >/dev/null
podman logs "$demo_id" 2>/dev/null | tee "$work/demo.txt"
grep -q '^americano-latte' "$work/demo.txt" || fail "the demo did not play the scenarios"
[ "$(podman inspect "$demo_id" --format '{{.State.ExitCode}}')" = 0 ] || fail "the demo failed"
podman inspect "$cafesim_id" --format 'restart policy {{.HostConfig.RestartPolicy.Name}}, mounts {{range .Mounts}}{{.Destination}} {{end}}'
compose_down
compose_up=false

cluster_start=$(date +%s%N)
step "cluster image: $pg_image (Debian's PostgreSQL 15; no registry can be reached here)"
podman image exists "$pg_image" || bash docker/postgres-image.sh "$pg_image"

step "cluster: podman-compose up docker/compose.cluster.yaml, PostgreSQL first, then 3 nodes"
cluster_up=true
node_ports=("${cluster_ports[@]}")
# podman-compose 1.0.3 starts the nodes without waiting for `service_healthy`: the database
# first, by hand.
cluster up -d postgres >"$work/cluster.log" 2>&1 || { cat "$work/cluster.log"; fail "podman-compose up postgres"; }
postgres_id=$(cluster_container postgres)
[ -n "$postgres_id" ] || fail "compose did not start postgres"
wait_healthy "$postgres_id"
cluster up -d >>"$work/cluster.log" 2>&1 || { cat "$work/cluster.log"; fail "podman-compose up"; }
nodes=()
for n in 1 2 3; do
  id=$(cluster_container "node$n")
  [ -n "$id" ] || fail "compose did not start node$n"
  nodes+=("$id")
done
# Three JVMs starting at once on a small machine, each joining the others: minutes, not seconds.
for id in "${nodes[@]}"; do wait_healthy "$id" 180; done
for port in "${node_ports[@]}"; do
  for _ in $(seq 30); do
    curl -s "http://127.0.0.1:$port/health" > "$work/health.json" || true
    grep -q '"members":3,' "$work/health.json" && break
    sleep 1
  done
  cat "$work/health.json"; echo
  grep -q '"status":"UP".*"members":3,"unreachable":0' "$work/health.json" \
    || fail "node on $port does not see 3 members: $(cat "$work/health.json")"
done
# The cluster port stays inside: only 8080 is published.
for id in "${nodes[@]}"; do
  published=$(podman port "$id")
  grep -q '^8080/tcp ' <<<"$published" && ! grep -v '^8080/tcp ' <<<"$published" >/dev/null \
    || fail "container ${id:0:12} publishes other than HTTP: $published"
done

step "cluster: a run through node1, read from node2 and node3"
: > "$work/runs"
run_and_check "${node_ports[0]}" async 5.0
first_run=$(cat "$work/runs")
for port in "${node_ports[1]}" "${node_ports[2]}"; do
  curl -sf "http://127.0.0.1:$port/runs/$first_run" > "$work/run.json" || fail "GET $first_run from $port"
  grep -q '"status":"COMPLETED"' "$work/run.json" && grep -q '"makespanSeconds":5.0,' "$work/run.json" \
    || fail "$first_run from $port: $(cut -c1-300 "$work/run.json")"
done
echo "   $first_run: COMPLETED, makespan 5 s, on nodes 2 and 3"

step "cluster: 20 runs of 10 s through node1 and node2; node3 stopped (SIGTERM) while they play"
for i in $(seq 20); do
  port=${node_ports[$(( i % 2 ))]}
  code=$(curl -s -o "$work/posted.json" -w '%{http_code}' -XPOST "http://127.0.0.1:$port/runs" \
    -H 'content-type: application/json' -d '{"scenario":"americano-latte","speed":0.5}') || true
  [ "$code" = 202 ] || fail "POST /runs on $port answered $code: $(cat "$work/posted.json")"
  grep -o '"runId":"run-[0-9a-f]*"' "$work/posted.json" | cut -d'"' -f4 >> "$work/runs"
done
sleep 2
stop_start=$(date +%s%N)
podman stop -t 30 "${nodes[2]}" >/dev/null 2>&1
echo "   node3 stopped in $(( ($(date +%s%N) - stop_start) / 1000000 )) ms," \
  "exit code $(podman inspect "${nodes[2]}" --format '{{.State.ExitCode}}')"

step "cluster: every run COMPLETED once, read from both survivors and counted in the journal"
deadline=$(( $(date +%s) + 180 ))
resumed=0
while read -r run; do
  # Until a stopped node's shards have moved, asking about one of its runs may time out (503).
  while status=$(run_status "${node_ports[0]}" "$run"); [ "$status" != COMPLETED ]; do
    case "$status" in ''|RUNNING) ;; *) fail "run $run ended $status" ;; esac
    [ "$(date +%s)" -lt "$deadline" ] || fail "run $run still not ended (status '$status')"
    sleep 1
  done
  [ "$(run_status "${node_ports[1]}" "$run")" = COMPLETED ] || fail "run $run is not COMPLETED on node2"
  report=$(curl -s "http://127.0.0.1:${node_ports[0]}/runs/$run")
  grep -q '"attempts":1,' <<<"$report" || resumed=$((resumed + 1))
done < "$work/runs"
runs=$(wc -l < "$work/runs")
echo "   $runs runs COMPLETED on nodes 1 and 2; $resumed resumed on them after node3 stopped"
[ "$resumed" -gt 0 ] || fail "node3 was playing none of the runs: stopping it proved nothing"
# Each run's journal: accepted once, ended once; and no other run in it.
podman exec "$postgres_id" psql -U cafesim -d cafesim -At -F ' ' -c "
  SELECT substr(persistence_id, 5),
    count(*) FILTER (WHERE convert_from(event_payload, 'UTF8') LIKE '{\"event\":\"run-accepted\"%'),
    count(*) FILTER (WHERE convert_from(event_payload, 'UTF8') LIKE '{\"event\":\"run-ended\"%')
  FROM event_journal WHERE persistence_id LIKE 'Run|%' GROUP BY persistence_id" \
  | sort > "$work/journal.txt"
sed 's/$/ 1 1/' "$work/runs" | sort | diff - "$work/journal.txt" \
  || fail "the journal does not hold each run accepted once and ended once (diff above)"
echo "   journal: $(wc -l < "$work/journal.txt") runs, each accepted once and ended once"
# The survivors' doors heard every end, also of their runs that node3 was playing.
for port in "${node_ports[@]:0:2}"; do
  until curl -s "http://127.0.0.1:$port/metrics" | grep -qx 'cafesim_runs_in_flight 0.0'; do
    [ "$(date +%s)" -lt "$deadline" ] || fail "node on $port still counts runs in flight: $(
      curl -s "http://127.0.0.1:$port/metrics" | grep '^cafesim_runs')"
    sleep 1
  done
  accepted=$(curl -s "http://127.0.0.1:$port/metrics" | awk '$1 == "cafesim_runs_accepted_total" { print $2 }')
  echo "   node on $port: /metrics says $accepted runs accepted, none in flight"
done

step "cluster: podman-compose down -v"
cluster down -v -t 2 >>"$work/cluster.log" 2>&1
podman network rm "${cluster_project}_default" >/dev/null 2>&1 || true
cluster_up=false
left=$(podman ps -aq --filter "label=com.docker.compose.project=$cluster_project";
  podman volume ls -q --filter "label=com.docker.compose.project=$cluster_project")
[ -z "$left" ] || fail "left behind: $left"
finish_step
step_name=""
echo "== cluster part: $(( ($(date +%s%N) - cluster_start) / 1000000 )) ms"

finish_step
step_name=""
echo "== smoke test passed"
