"""`make bench`, section 3: `lrsched plot onecycle --epochs 15` against the matplotlib script
drawing the same figure (Scripts/plot-onecycle-matplotlib.py), run alternately in one run so
the ratio holds when the machine's speed drifts; then a 10,000,000-step plot.

Usage: python3 Scripts/bench-plot.py LRSCHED_BINARY [--python PYTHON_WITH_MATPLOTLIB] [--runs N]
Prints medians of wall and CPU time (user + sys of the child), the ratio of each pair, the
PNG sizes, and each figure against its target (issue 13: <= 15 ms, >= 40x, smaller PNG,
10M steps < 0.5 s).
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

p = argparse.ArgumentParser()
p.add_argument("lrsched")
p.add_argument("--python", default=sys.executable, help="a Python with matplotlib")
p.add_argument("--runs", type=int, default=10)
a = p.parse_args()
here = os.path.dirname(os.path.abspath(__file__))
work = tempfile.mkdtemp()


def timed(cmd):
    """Wall and CPU seconds of one run of cmd as a child process."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    _, status, ru = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    if status != 0:
        sys.exit(f"failed: {' '.join(cmd)}")
    return wall, ru.ru_utime + ru.ru_stime


ours = [a.lrsched, "plot", "onecycle", "--epochs", "15", "-o", os.path.join(work, "lrsched.png")]
theirs = [a.python, os.path.join(here, "plot-onecycle-matplotlib.py"), os.path.join(work, "matplotlib.png")]
has_mpl = subprocess.run([a.python, "-c", "import matplotlib"], capture_output=True).returncode == 0
timed(ours)  # warm-up: page cache, font cache
if has_mpl:
    timed(theirs)
rows = []
for _ in range(a.runs):
    o = timed(ours)
    t = timed(theirs) if has_mpl else None
    rows.append((o, t))
med = statistics.median
ow, oc = med(r[0][0] for r in rows), med(r[0][1] for r in rows)
print(f"lrsched plot onecycle --epochs 15: median wall {ow * 1e3:.1f} ms, cpu {oc * 1e3:.1f} ms "
      f"({a.runs} runs; target <= 15 ms: {'met' if ow <= 0.015 else 'NOT met'})")
size = os.path.getsize(os.path.join(work, "lrsched.png"))
if has_mpl:
    tw, tc = med(r[1][0] for r in rows), med(r[1][1] for r in rows)
    ratio = med(r[1][0] / r[0][0] for r in rows)
    cratio = med(r[1][1] / r[0][1] for r in rows)
    msize = os.path.getsize(os.path.join(work, "matplotlib.png"))
    print(f"python + matplotlib, same figure:  median wall {tw * 1e3:.1f} ms, cpu {tc * 1e3:.1f} ms")
    print(f"ratio matplotlib / lrsched, pair by pair: wall {ratio:.0f}x, cpu {cratio:.0f}x "
          f"(target >= 40x: {'met' if ratio >= 40 else 'NOT met'})")
    print(f"PNG size: lrsched {size:,} bytes, matplotlib {msize:,} bytes "
          f"({'smaller' if size < msize else 'NOT smaller'})")
else:
    print(f"PNG size: lrsched {size:,} bytes (matplotlib 3.x: 79,811 bytes); matplotlib is not "
          f"installed for {a.python} (pip install matplotlib) - comparison skipped")
# Where the PNG's time goes, as whole processes run in turn: start-up alone, the same figure as
# SVG (schedule, layout, text measuring; no raster), and the PNG again.
split = {"--version": [a.lrsched, "--version"],
         "-o x.svg": ours[:-1] + [os.path.join(work, "lrsched.svg")],
         "-o x.png": ours}
got = {k: [] for k in split}
for _ in range(a.runs):
    for k, cmd in split.items():
        got[k].append(timed(cmd))
print("split, medians (wall / cpu ms): " + ", ".join(
    f"{k} {med(w for w, _ in v) * 1e3:.1f} / {med(c for _, c in v) * 1e3:.1f}" for k, v in got.items()))
long = [a.lrsched, "plot", "CyclicLR(base_lr=0.001, max_lr=0.1, step_size_up=400000, mode='exp_range', gamma=0.9999999)",
        "--optimizer", "SGD(lr=0.1)", "--epochs", "10000", "--steps-per-epoch", "1000", "-o", os.path.join(work, "long.png")]
lw = med(timed(long)[0] for _ in range(3))
print(f"10,000,000-step plot: median wall {lw * 1e3:.0f} ms (target < 500 ms: {'met' if lw < 0.5 else 'NOT met'})")
