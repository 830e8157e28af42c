"""cafesim's virtual clock against queueing theory and SimPy, for docs/validation.md.

Needs a running service (CAFESIM_URL, default http://localhost:8080) and Debian's
python3-simpy. For each model it posts one run on the virtual clock, runs the same model in
SimPy (docs/validation/simpy_cafe.py), and prints a Markdown table row.

First it posts three unreported runs of the same size (M/D/1, M/M/2, M/M/1 with patience,
seed 0): a fresh JVM compiles the virtual clock's path as it goes, on the same two cores, and
grows its heap to the size of the run: the first runs take up to twice as long as later ones
(docs/validation.md, "Speed"). CPython has no
JIT to warm; the warm-up's wall time goes to stderr.

    /usr/bin/python3 docs/validation/compare.py [CUSTOMERS] [REPEAT]

Each model is played REPEAT times (default 3) on each side, in turns; the wall times are the
medians.
"""
import json
import math
import os
import statistics
import subprocess
import sys
import urllib.request

URL = os.environ.get("CAFESIM_URL", "http://localhost:8080")
CUSTOMERS = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
REPEAT = int(sys.argv[2]) if len(sys.argv) > 2 else 3
HERE = os.path.dirname(os.path.abspath(__file__))
T_95, T_99 = 2.093024054408263, 2.860934606449914  # Student's t, 19 degrees of freedom


def formula(service, c, lam):
    """Mean time in line: Pollaczek-Khinchine (M/D/1), M/M/1, Erlang C (M/M/c)."""
    rho = lam / c
    if service == "fixed" and c == 1:
        return rho / (2 * (1 - rho))
    if c == 1:
        return rho / (1 - rho)
    a = lam
    top = a ** c / math.factorial(c) / (1 - rho)
    erlang_c = top / (sum(a ** k / math.factorial(k) for k in range(c)) + top)
    return erlang_c / (c - lam)


def cafesim(service, c, lam, seed, patience, customers=CUSTOMERS):
    arrivals = {"count": customers, "perSecond": lam, "drinks": ["job"]}
    if patience is not None:
        arrivals["patienceSeconds"] = patience
    # "trace": "summary": the run keeps its statistics, not a million lines of log (SimPy
    # keeps none either).
    body = {"clock": "virtual", "trace": "summary", "baristas": c, "warmupSeconds": 1000,
            "seed": seed,
            "menu": [{"name": "job", "handsOnSeconds": 1, "variability": service}],
            "arrivals": arrivals}
    request = urllib.request.Request(URL + "/runs?wait=true", json.dumps(body).encode(),
                                     {"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=600) as answer:
        return json.load(answer)


def simpy(service, c, lam, seed, patience):
    command = ["/usr/bin/python3", os.path.join(HERE, "simpy_cafe.py"), service, str(c),
               str(lam), str(CUSTOMERS), str(seed)] + ([str(patience)] if patience else [])
    return json.loads(subprocess.run(command, check=True, capture_output=True,
                                     text=True).stdout)


MODELS = [("fixed", 1, 0.5), ("fixed", 1, 0.7), ("fixed", 1, 0.9),
          ("exponential", 1, 0.5), ("exponential", 1, 0.7), ("exponential", 1, 0.9),
          ("exponential", 2, 1.0), ("exponential", 2, 1.4), ("exponential", 2, 1.8)]

warmup = [cafesim(service, c, lam, 0, patience) for service, c, lam, patience in
          [("fixed", 1, 0.7, None), ("exponential", 2, 1.4, None), ("exponential", 1, 0.9, 5.0)]]
print("warm-up: %d runs of %d customers in %.1f s"
      % (len(warmup), CUSTOMERS, sum(r["wallSeconds"] for r in warmup)), file=sys.stderr, flush=True)

print("| model | ρ | formula Wq | cafesim Wq (99 % interval) | SimPy Wq | utilisation cafesim / SimPy"
      " | reneged cafesim / SimPy | wall s cafesim / SimPy | customers/s cafesim / SimPy |")
print("|---|---|---|---|---|---|---|---|---|")
rows = [(s, c, lam, None) for s, c, lam in MODELS] + [("exponential", 1, 0.9, 5.0)]
for seed, (service, c, lam, patience) in enumerate(rows, start=1):
    # The same seed REPEAT times each, in turns: the same answer every time (both are
    # deterministic), and the median wall time, as this machine's speed varies from minute to
    # minute by more than the difference measured.
    plays = [(cafesim(service, c, lam, seed, patience), simpy(service, c, lam, seed, patience))
             for _ in range(REPEAT)]
    report, other = plays[0]
    cafesim_wall = statistics.median(p[0]["wallSeconds"] for p in plays)
    simpy_wall = statistics.median(p[1]["wallSeconds"] for p in plays)
    stats = report["stats"]
    wait = stats["queueWaitSeconds"]
    mean = (wait["ci95"]["low"] + wait["ci95"]["high"]) / 2
    half = (wait["ci95"]["high"] - wait["ci95"]["low"]) / 2 * T_99 / T_95
    theory = "–" if patience else "%.4f" % formula(service, c, lam)
    model = "M/%s/%d%s" % ("D" if service == "fixed" else "M", c,
                           ", patience %g s" % patience if patience else "")
    print("| %s | %.2f | %s | %.4f ± %.4f | %.4f | %.3f / %.3f | %.4f / %.4f | %.1f / %.1f |"
          " %d / %d |" % (
              model, lam / c, theory, mean, half, other["queueWaitMean"],
              stats["utilisation"]["mean"], other["utilisation"],
              stats["reneged"] / stats["customers"], other["renegedShare"],
              cafesim_wall, simpy_wall,
              stats["customers"] / cafesim_wall, other["customers"] / simpy_wall),
          flush=True)
