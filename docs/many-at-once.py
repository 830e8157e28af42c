"""200 concurrent POST /runs at the in-flight limits (10 customers x 100 espressos each, async,
speed 1000, failureRate 1.0), then polls until every accepted run has ended, sampling /health.

    python3 docs/many-at-once.py http://127.0.0.1:18400 PID
"""
import concurrent.futures, json, sys, time, urllib.error, urllib.request

base, pid = sys.argv[1], sys.argv[2]
body = json.dumps({"customers": [{"name": f"c{i}", "drinks": ["espresso"] * 100} for i in range(10)],
                   "mode": "async", "speed": 1000, "failureRate": 1.0}).encode()

def post(_):
    req = urllib.request.Request(base + "/runs", data=body, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, json.load(r)["runId"]
    except urllib.error.HTTPError as e:
        return e.code, json.load(e).get("message", "")

def rss_mb():
    with open(f"/proc/{pid}/status") as f:
        return int(next(l for l in f if l.startswith("VmRSS")).split()[1]) // 1024

start = time.time()
with concurrent.futures.ThreadPoolExecutor(50) as pool:
    answers = list(pool.map(post, range(200)))
accepted = [a[1] for a in answers if a[0] == 202]
codes = {}
for code, _ in answers:
    codes[code] = codes.get(code, 0) + 1
print("answers:", dict(sorted(codes.items())))
print("a 429 says:", next((m for c, m in answers if c == 429), "-"))
health_fail, peak, unanswered, busy = 0, 0, 0, 0
ended = {}
while len(ended) < len(accepted) and time.time() - start < 600:
    try:
        urllib.request.urlopen(base + "/health", timeout=2).read()
    except Exception:
        health_fail += 1
    peak = max(peak, rss_mb())
    for run_id in accepted:
        if run_id not in ended:
            try:
                status = json.load(urllib.request.urlopen(base + "/runs/" + run_id, timeout=10))["status"]
            except urllib.error.HTTPError as e:
                message = json.load(e)["message"]
                if e.code == 503:
                    # The run did not answer in time ("try again"): asked again next round.
                    busy += 1
                    continue
                # Ended, and its report already made room for newer ones (keep-events).
                status = "ended, expired" if "expired" in message else f"missing: {e.code} {message}"
            except OSError:
                # No answer at all (the connection reset or timed out): asked again next round.
                unanswered += 1
                continue
            if status != "RUNNING":
                ended[run_id] = status
    time.sleep(1)
listed = json.load(urllib.request.urlopen(base + "/runs?limit=1000"))["runs"]
statuses = {}
for s in ended.values():
    statuses[s] = statuses.get(s, 0) + 1
listed_ids = [r["runId"] for r in listed]
kept = [i for i in accepted if ended.get(i) != "ended, expired"]
print(f"accepted {len(accepted)}, ended {len(ended)} {statuses} in {time.time() - start:.0f} s;"
      f" the {len(kept)} still kept are listed once each: "
      f"{all(listed_ids.count(i) == 1 for i in kept)}")
print(f"/health failures: {health_fail}; GET /runs/{{id}} unanswered: {unanswered}, 503: {busy};"
      f" peak RSS {peak} MB")
