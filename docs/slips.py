"""Runs 10,000 drinks at failure rate 0.2 on a running cafesim and counts how they ended.

    python3 docs/slips.py [http://127.0.0.1:8080]

The run has some 200,000 events and messages: a service with the default max-kept-events
(20,000) keeps only the first ones in its report, so start it with
-Dcafesim.runs.max-kept-events=500000.
"""
import sys
import collections
import json
import urllib.request

base = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080"
body = {"customers":[{"name":f"c{i}","drinks":["espresso"]*100,"order":"together" if i%2==0 else "one-by-one"} for i in range(1,101)],
        "mode":"async","speed":1000,"baristas":10,"failureRate":0.2}
req = urllib.request.Request(base + "/runs?wait=true", data=json.dumps(body).encode(), headers={"Content-Type":"application/json"}, method="POST")
r = json.load(urllib.request.urlopen(req))
types = collections.Counter(e["type"] for e in r["events"])
endings = collections.Counter((e["customerNo"],e["drinkNo"]) for e in r["events"] if e["type"] in ("DRINK_READY","DRINK_FAILED"))
results = collections.Counter(x for c in r["customers"] for x in c["results"])
print("status:", r["status"], "| failedDrinks:", r["failedDrinks"], "| simulated seconds:", r["customers"] and max(c["servedAtSeconds"] for c in r["customers"]))
for t in ["ORDER_PLACED","DRINK_STARTED","BARISTA_FAILED","BARISTA_RESTARTED","DRINK_RETRIED","DRINK_FAILED","DRINK_READY","CUSTOMER_SERVED"]:
    print(f"  {t:<18} {types[t]}")
print("drinks ordered:", types["ORDER_PLACED"], "| ended (ready or failed):", len(endings), "| ended twice:", sum(1 for v in endings.values() if v>1))
print("results:", dict(results))
if r["detail"]["leftOut"]:
    print(f"the report kept {r['detail']['kept']} events and left out {r['detail']['leftOut']}: the counts above are"
          " of the first ones only (start the service with -Dcafesim.runs.max-kept-events=500000)")
