"""Draws docs/crowd.svg from docs/bench-results/crowd.jsonl and crowd-1m-xmx1500m.jsonl: the crowd benchmark's cost
against the number of customers (median of the runs at each size).

    python3 docs/plot_crowd.py
"""
import json
import math
import statistics

runs = {}
for path in ["docs/bench-results/crowd.jsonl", "docs/bench-results/crowd-1m-xmx1500m.jsonl"]:
    for line in open(path):
        r = json.loads(line)
        if "makespanSeconds" in r:
            runs.setdefault(r["customers"], []).append(r)

sizes = sorted(runs)
med = {n: {k: statistics.median(r[k] for r in runs[n])
           for k in ("overheadSeconds", "spawnSeconds", "heapAfterGcPeakMb")} for n in sizes}

W, H, L, R, T, B = 760, 360, 70, 230, 40, 50
xmin, xmax = math.log10(min(sizes)), math.log10(max(sizes))
ymax = max(max(m["overheadSeconds"], m["spawnSeconds"]) for m in med.values()) * 1.15


def x(n):
    return L + (math.log10(n) - xmin) / (xmax - xmin) * (W - L - R)


def y(v):
    return H - B - v / ymax * (H - T - B)


svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="sans-serif" font-size="12">',
       f'<rect width="{W}" height="{H}" fill="white"/>',
       f'<text x="{L}" y="22" font-size="15" font-weight="bold">crowd: each customer one 1 s brew, one barista</text>',
       f'<line x1="{L}" y1="{H - B}" x2="{W - R}" y2="{H - B}" stroke="black"/>',
       f'<line x1="{L}" y1="{T}" x2="{L}" y2="{H - B}" stroke="black"/>']
for n in sizes:
    svg.append(f'<text x="{x(n):.1f}" y="{H - B + 18}" text-anchor="middle">{n:,}</text>')
svg.append(f'<text x="{(L + W - R) / 2:.0f}" y="{H - 12}" text-anchor="middle">customers (log scale)</text>')
step = 1 if ymax < 8 else 2 if ymax < 16 else 5
v = 0
while v <= ymax:
    svg.append(f'<line x1="{L - 4}" y1="{y(v):.1f}" x2="{W - R}" y2="{y(v):.1f}" stroke="#eee"/>')
    svg.append(f'<text x="{L - 8}" y="{y(v) + 4:.1f}" text-anchor="end">{v} s</text>')
    v += step
for key, colour, label in (("overheadSeconds", "#d6604d", "overhead (makespan - 1 s)"),
                           ("spawnSeconds", "#4393c3", "time to spawn the customers")):
    points = " ".join(f"{x(n):.1f},{y(med[n][key]):.1f}" for n in sizes)
    svg.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"/>')
    for n in sizes:
        svg.append(f'<circle cx="{x(n):.1f}" cy="{y(med[n][key]):.1f}" r="3" fill="{colour}"/>')
    ly = T + 20 if key == "overheadSeconds" else T + 40
    svg.append(f'<rect x="{W - R + 12}" y="{ly - 9}" width="12" height="4" fill="{colour}"/>')
    svg.append(f'<text x="{W - R + 30}" y="{ly - 3}" font-size="11">{label}</text>')
svg.append(f'<text x="{W - R + 12}" y="{T + 70}" font-size="11">heap after GC, peak:</text>')
for i, n in enumerate(sizes):
    svg.append(f'<text x="{W - R + 12}" y="{T + 88 + 16 * i}" font-size="11">{n:,}: {med[n]["heapAfterGcPeakMb"]:.0f} MB</text>')
svg.append("</svg>")
open("docs/crowd.svg", "w").write("\n".join(svg) + "\n")
for n in sizes:
    print(n, {k: round(v, 3) for k, v in med[n].items()}, len(runs[n]), "runs")
