"""The comparison script for `make bench`: computes torch's OneCycleLR (15 epochs x 391 steps,
max_lr 0.1, cos, momentum 0.85-0.95) in plain Python and saves lr + momentum on twin axes,
1200x800, with matplotlib - the figure lrsched's `plot onecycle --epochs 15` draws.
Usage: python3 Scripts/plot-onecycle-matplotlib.py OUT.png
"""
import math
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

total, max_lr, pct = 15 * 391, 0.1, 0.3
initial, min_lr = max_lr / 25.0, max_lr / 25.0 / 1e4
phases = [(pct * total - 1, initial, max_lr, 0.95, 0.85), (total - 1, max_lr, min_lr, 0.85, 0.95)]
lrs, moms = [], []
for s in range(total):
    start = 0.0
    for i, (end, a, z, ma, mz) in enumerate(phases):
        if s <= end or i == len(phases) - 1:
            p = (s - start) / (end - start)
            c = math.cos(math.pi * p) + 1
            lrs.append(z + (a - z) / 2.0 * c)
            moms.append(mz + (ma - mz) / 2.0 * c)
            break
        start = end
fig, ax = plt.subplots(figsize=(12, 8), dpi=100)
ax.plot(lrs, color="tab:blue", label="lr")
ax.set_xlabel("optimizer step")
ax.set_ylabel("learning rate", color="tab:blue")
ax.grid(alpha=0.3)
ax2 = ax.twinx()
ax2.plot(moms, color="tab:orange", label="momentum")
ax2.set_ylabel("momentum", color="tab:orange")
ax.set_title("OneCycleLR(max_lr=0.1, total_steps=5865)")
fig.legend(loc="upper right")
fig.savefig(sys.argv[1])
