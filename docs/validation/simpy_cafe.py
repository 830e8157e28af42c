"""The cafe's queue in SimPy 2 (Debian's python3-simpy), for docs/validation.md.

One line, c baristas, Poisson arrivals at LAMBDA a second, a hands-on job of mean 1 s (fixed
or exponential), customers who leave if not started within PATIENCE s (optional), the first
WARMUP s left out. Prints one JSON line: the mean time in line, utilisation, the reneged
share and the wall time, like a cafesim run's stats.

    /usr/bin/python3 docs/validation/simpy_cafe.py SERVICE C LAMBDA CUSTOMERS SEED [PATIENCE]
"""
import json
import random
import sys
import time

from SimPy.Simulation import (Process, Resource, activate, hold, initialize, now, release,
                              request, simulate)

SERVICE, C, LAMBDA, CUSTOMERS, SEED = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), \
    int(sys.argv[4]), int(sys.argv[5])
PATIENCE = float(sys.argv[6]) if len(sys.argv) > 6 else None
WARMUP = 1000.0

rng = random.Random(SEED)
queue_waits = []
reneged = [0]
busy = [0.0]


def service_time():
    return 1.0 if SERVICE == "fixed" else rng.expovariate(1.0)


class Customer(Process):
    def visit(self, counter):
        arrived = now()
        if PATIENCE is None:
            yield request, self, counter
        else:
            yield (request, self, counter), (hold, self, PATIENCE)
            if not self.acquired(counter):
                reneged[0] += 1
                return
        if arrived >= WARMUP:
            queue_waits.append(now() - arrived)
        work = service_time()
        started = now()
        yield hold, self, work
        if started >= WARMUP:
            busy[0] += work
        yield release, self, counter


class Door(Process):
    def open(self, counter):
        for _ in range(CUSTOMERS):
            yield hold, self, rng.expovariate(LAMBDA)
            customer = Customer()
            activate(customer, customer.visit(counter))


wall = time.perf_counter()
initialize()
counter = Resource(capacity=C, monitored=False)
door = Door()
activate(door, door.open(counter))
simulate(until=1e12)
wall = time.perf_counter() - wall
span = now() - WARMUP
print(json.dumps({
    "model": "M/%s/%d" % ("D" if SERVICE == "fixed" else "M", C),
    "lambda": LAMBDA, "customers": CUSTOMERS, "seed": SEED, "patience": PATIENCE,
    "queueWaitMean": round(sum(queue_waits) / len(queue_waits), 6),
    "utilisation": round(busy[0] / span / C, 6),
    "renegedShare": round(reneged[0] / CUSTOMERS, 6),
    "wallSeconds": round(wall, 3),
    "customersPerWallSecond": round(CUSTOMERS / wall)}))
