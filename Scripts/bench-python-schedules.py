"""Python side of the schedule-engine benchmark, run in the same session as lrsched's.

- numpy's closed-form cosine over 1,000,000 steps (vectorised; not torch's recursion);
- a pure-Python replica of torch's recursive CosineAnnealingLR.get_lr loop (what torch
  does per step, without torch's per-call overhead);
- torch's real scheduler.step() when torch is importable.
Prints each and the ratio to lrsched's CosineAnnealingLR (1 group) from the engine table.
"""
import math
import sys
import time

N = 1_000_000
lrsched_ms = None
if len(sys.argv) > 1:
    for line in open(sys.argv[1]):
        parts = line.rstrip("\n").split("\t")
        if parts[0].startswith("CosineAnnealingLR") and parts[1] == "1":
            lrsched_ms = float(parts[4])


def report(name, seconds):
    ms = seconds * 1e3
    ratio = f"  (lrsched is {ms / lrsched_ms:.1f}x faster)" if lrsched_ms else ""
    print(f"{name}: {ms:.1f} ms for {N:,} steps, {seconds / N * 1e9:.0f} ns/step{ratio}")


try:
    import numpy as np

    t0 = time.perf_counter()
    t = np.arange(N, dtype=np.float64)
    lr = 0.0 + (0.1 - 0.0) * (1 + np.cos(np.pi * t / N)) / 2
    report("numpy closed-form cosine", time.perf_counter() - t0)
except ImportError:
    print("numpy not installed - skipped")

t0 = time.perf_counter()
lr, base, eta, T = 0.1, 0.1, 0.0, N
for e in range(1, N):
    if (e - 1 - T) % (2 * T) == 0:
        lr = lr + (base - eta) * (1 - math.cos(math.pi / T)) / 2
    else:
        lr = (1 + math.cos(math.pi * e / T)) / (1 + math.cos(math.pi * (e - 1) / T)) * (lr - eta) + eta
report("pure-Python replica of torch's recursion", time.perf_counter() - t0)

try:
    import torch

    opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)
    sch = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=N)
    t0 = time.perf_counter()
    for _ in range(N):
        opt.step()
        sch.step()
    report("torch CosineAnnealingLR.step()", time.perf_counter() - t0)
except ImportError:
    print("torch not installed (pip install torch) - torch.step() timing skipped; the issue quotes 3-5 us/step, ~5 s per 1M steps")
