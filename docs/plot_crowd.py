"""Draws docs/crowd.svg from docs/bench-results/crowd.jsonl (written by `bash docs/bench.sh crowd`):
the wall time of a crowd against its size, for cafesim (on the default collector, and on the
parallel one where it was measured), the engine's floor (bare Pekko actors, with a timer each
and with one for each parent) and plain asyncio,
each the median of the runs at that size, measured in the same session.

    python3 docs/plot_crowd.py
"""
import json
import math
import statistics
import xml.etree.ElementTree as ET

SERIES = [("crowd", "#d6604d", "cafesim crowd (G1)"),
          ("crowd Parallel", "#f4a582", "cafesim crowd (Parallel, -Xmn1g)"),
          ("floor", "#4393c3", "floor: bare Pekko actors, a timer each"),
          ("floor parent", "#92c5de", "floor: one timer a parent"),
          ("asyncio-crowd", "#4d9221", "asyncio: gather of sleeps")]


def series(r):
    """A cafesim crowd on the parallel collector is a series of its own (G1 is the default),
    and so is the floor whose actors are woken by their parent's one timer."""
    if r["workload"] == "crowd" and r.get("collector") == "Parallel":
        return "crowd Parallel"
    if r["workload"] == "floor" and r.get("timers") == "parent":
        return "floor parent"
    return r["workload"]


runs = {}
for line in open("docs/bench-results/crowd.jsonl"):
    if line.strip():
        r = json.loads(line)
        runs.setdefault((series(r), r["customers"]), []).append(r["wallSeconds"])
med = {key: statistics.median(walls) for key, walls in runs.items()}
sizes = sorted({n for _, n in runs})

W, H, L, R, T, B = 760, 380, 70, 220, 40, 50
xmin, xmax = math.log10(min(sizes)), math.log10(max(sizes))
ymin, ymax = 0.0, math.ceil(math.log10(max(med.values())) * 4) / 4  # log10 seconds; 1 s at the axis


def x(n):
    return L + (math.log10(n) - xmin) / (xmax - xmin) * (W - L - R)


def y(seconds):
    return H - B - (math.log10(seconds) - ymin) / (ymax - ymin) * (H - T - B)


svg = ET.Element("svg", xmlns="http://www.w3.org/2000/svg", width=str(W), height=str(H),
                 **{"font-family": "sans-serif", "font-size": "12"})
ET.SubElement(svg, "rect", width=str(W), height=str(H), fill="white")


def text(x_, y_, s, **attrs):
    ET.SubElement(svg, "text", x=f"{x_:.1f}", y=f"{y_:.1f}", **attrs).text = s


def line(x1, y1, x2, y2, stroke):
    ET.SubElement(svg, "line", x1=f"{x1:.1f}", y1=f"{y1:.1f}", x2=f"{x2:.1f}", y2=f"{y2:.1f}",
                  stroke=stroke)


text(L, 22, "a crowd: N customers each waiting 1 s, wall time to the last (median)",
     **{"font-size": "15", "font-weight": "bold"})
line(L, H - B, W - R, H - B, "black")
line(L, T, L, H - B, "black")
for n in sizes:
    text(x(n), H - B + 18, f"{n:,}", **{"text-anchor": "middle"})
text((L + W - R) / 2, H - 12, "customers (log scale)", **{"text-anchor": "middle"})
for seconds in (1, 2, 5, 10, 20, 50, 100):
    if math.log10(seconds) <= ymax:
        line(L - 4, y(seconds), W - R, y(seconds), "#eee")
        text(L - 8, y(seconds) + 4, f"{seconds} s", **{"text-anchor": "end"})
for i, (workload, colour, label) in enumerate(SERIES):
    points = [(n, med[(workload, n)]) for n in sizes if (workload, n) in med]
    ET.SubElement(svg, "polyline", points=" ".join(f"{x(n):.1f},{y(s):.1f}" for n, s in points),
                  fill="none", stroke=colour, **{"stroke-width": "2"})
    for n, s in points:
        ET.SubElement(svg, "circle", cx=f"{x(n):.1f}", cy=f"{y(s):.1f}", r="3", fill=colour)
    ly = T + 20 + 20 * i
    ET.SubElement(svg, "rect", x=str(W - R + 12), y=str(ly - 9), width="12", height="4",
                  fill=colour)
    text(W - R + 30, ly - 3, label, **{"font-size": "11"})
# The medians as numbers, below the legend.
below = T + 20 * len(SERIES) + 24
text(W - R + 12, below, "in the legend's order:", **{"font-size": "11"})
for i, n in enumerate(sizes):
    row = ", ".join(f"{med[(w, n)]:.2f}" if (w, n) in med else "-" for w, _, _ in SERIES)
    text(W - R + 12, below + 16 * (i + 1), f"{n:,}: {row} s", **{"font-size": "11"})

ET.ElementTree(svg).write("docs/crowd.svg", encoding="unicode", xml_declaration=False)
for n in sizes:
    print(n, {w: round(med[(w, n)], 3) for w, _, _ in SERIES if (w, n) in med})
