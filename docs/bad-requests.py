"""Sends the bad requests of docs/reliability.md to a running cafesim and prints the table.

    python3 docs/bad-requests.py [http://127.0.0.1:8080]
"""
import json
import sys
import urllib.error
import urllib.request

base = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080"
cases = [
 ("malformed JSON", "POST", "/runs", "application/json", '{"scenario":'),
 ("wrong content type", "POST", "/runs", "text/plain", '{"scenario":"five-jobs"}'),
 ("empty body", "POST", "/runs", "application/json", ''),
 ("not an object", "POST", "/runs", "application/json", '[1,2]'),
 ("unknown scenario", "POST", "/runs", "application/json", '{"scenario":"nope"}'),
 ("unknown drink", "POST", "/runs", "application/json", '{"customers":[{"name":"kim","drinks":["mocha"]}]}'),
 ("unknown mode", "POST", "/runs", "application/json", '{"scenario":"five-jobs","mode":"fast"}'),
 ("speed 0", "POST", "/runs", "application/json", '{"scenario":"five-jobs","speed":0}'),
 ("negative speed", "POST", "/runs", "application/json", '{"scenario":"five-jobs","speed":-1}'),
 ("speed NaN", "POST", "/runs", "application/json", '{"scenario":"five-jobs","speed":NaN}'),
 ("speed above the maximum", "POST", "/runs", "application/json", '{"scenario":"five-jobs","speed":1001}'),
 ("speed as a string", "POST", "/runs", "application/json", '{"scenario":"five-jobs","speed":"10"}'),
 ("0 baristas", "POST", "/runs", "application/json", '{"scenario":"five-jobs","baristas":0}'),
 ("baristas above the maximum", "POST", "/runs", "application/json", '{"scenario":"five-jobs","baristas":101}'),
 ("fractional baristas", "POST", "/runs", "application/json", '{"scenario":"five-jobs","baristas":1.5}'),
 ("a customer with no drinks", "POST", "/runs", "application/json", '{"customers":[{"name":"kim","drinks":[]}]}'),
 ("1,001 customers", "POST", "/runs", "application/json", json.dumps({"customers":[{"drinks":["espresso"]}]*1001})),
 ("101 drinks for one customer", "POST", "/runs", "application/json", json.dumps({"customers":[{"drinks":["espresso"]*101}]})),
 ("failure rate above 1", "POST", "/runs", "application/json", '{"scenario":"five-jobs","failureRate":1.5}'),
 ("neither scenario nor customers", "POST", "/runs", "application/json", '{}'),
 ("unknown field (rejected)", "POST", "/runs", "application/json", '{"scenario":"five-jobs","colour":"red"}'),
 ("a body over 2 MiB", "POST", "/runs", "application/json", '{"scenario":"five-jobs","pad":"' + 'x'*2200000 + '"}'),
 ("an unknown run id", "GET", "/runs/run-00000000", None, None),
 ("a bad run id", "GET", "/runs/..%2F..%2Fetc", None, None),
 ("wrong method", "DELETE", "/runs", None, None),
 ("an over-long path", "GET", "/runs/" + "r"*3000, None, None),
 ("bad ?wait", "POST", "/runs?wait=maybe", "application/json", '{"scenario":"five-jobs"}'),
]
def runs_kept():
    return len(json.load(urllib.request.urlopen(base + "/runs?limit=1000"))["runs"])
before = runs_kept()
print("| request | status | message |")
print("|---|---|---|")
for name, method, path, ctype, body in cases:
    req = urllib.request.Request(base + path, method=method, data=None if body is None else body.encode())
    if ctype: req.add_header("Content-Type", ctype)
    try:
        r = urllib.request.urlopen(req); status, text = r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        status, text = e.code, e.read().decode()
    msg = json.loads(text)["message"] if text.startswith("{") else text
    msg = msg.replace("|", "\\|")
    if len(msg) > 160: msg = msg[:157] + "..."
    print(f"| {name} | {status} | {msg} |")
health = json.load(urllib.request.urlopen(base + "/health"))["status"]
print()
print(f"After all {len(cases)}: `/health` says {health}; runs kept before {before}, after {runs_kept()}.")
