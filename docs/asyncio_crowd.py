"""The crowd in plain asyncio, for docs/bench.sh to print beside cafesim's: N tasks each awaiting
asyncio.sleep(WAIT), gathered; one JSON line per run, like `cafesim bench`.

    python3 docs/asyncio_crowd.py N [WAIT=1] [RUNS=3]
"""
import asyncio, json, resource, sys, time

n = int(sys.argv[1])
wait = float(sys.argv[2]) if len(sys.argv) > 2 else 1.0
runs = int(sys.argv[3]) if len(sys.argv) > 3 else 3


async def customer():
    await asyncio.sleep(wait)


async def crowd():
    start = time.perf_counter()
    await asyncio.gather(*(customer() for _ in range(n)))
    return time.perf_counter() - start


for _ in range(runs):
    wall = asyncio.run(crowd())
    print(json.dumps({"workload": "asyncio-crowd", "customers": n, "waitSeconds": wait,
                      "wallSeconds": round(wall, 6),
                      "peakRssMb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}),
          flush=True)
