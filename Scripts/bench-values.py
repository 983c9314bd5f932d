#!/usr/bin/env python3
"""SYNOPSIS: bench-values.py LRSCHED VALUES_FLOOR [--python PY] [--runs N]

`lrsched values` as a whole process, measured side by side in one session (runs alternate, so
a machine that drifts affects every command alike), on the issue's workload:
`values "CosineAnnealingLR(T_max=1000)" --optimizer "SGD(lr=0.1)" --epochs 1 --steps-per-epoch N`.

  - 1,000,000 rows as CSV, TSV and JSON, and the C++ floor (Scripts/bench/values-floor.cpp: the
    same recursion and std::to_chars into a buffer, nothing else), N runs each;
  - 10,000,000 rows as CSV (3 runs), against ten times the 1M figure (linear scaling);
  - the PyTorch script (Scripts/bench/values-torch.py: a real optimizer and scheduler writing the
    same CSV), once, when PY can import torch.

Checks first that lrsched, the floor and the torch script print byte-identical CSV. Prints
medians of wall time and of CPU time (user + sys, from the kernel's accounting of the child),
and the ratios.
"""
import argparse
import filecmp
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

SPEC = ["CosineAnnealingLR(T_max=1000)", "--optimizer", "SGD(lr=0.1)", "--epochs", "1"]


def timed(cmd, out=os.devnull):
    with open(out, "wb") as f:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=f)
        wall = time.perf_counter() - t0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main():
    p = argparse.ArgumentParser()
    p.add_argument("lrsched")
    p.add_argument("floor")
    p.add_argument("--python", default=sys.executable)
    p.add_argument("--runs", type=int, default=7)
    a = p.parse_args()

    def values(n, fmt):
        return [a.lrsched, "values", *SPEC, "--steps-per-epoch", str(n), "--format", fmt, "-o", "/dev/null"]

    cmds = {
        "lrsched csv": values(1_000_000, "csv"),
        "lrsched tsv": values(1_000_000, "tsv"),
        "lrsched json": values(1_000_000, "json"),
        "floor (C++ to_chars)": [a.floor, "1000000"],
    }
    work = tempfile.mkdtemp()
    ours = os.path.join(work, "lrsched.csv")
    theirs = os.path.join(work, "floor.csv")
    subprocess.run(values(1_000_000, "csv")[:-1] + [ours], check=True)
    timed([a.floor, "1000000"], theirs)
    print(f"output: lrsched and the floor {'byte-identical' if filecmp.cmp(ours, theirs, shallow=False) else 'DIFFER'}"
          f" ({os.path.getsize(ours):,} bytes)")

    walls = {k: [] for k in cmds}
    cpus = {k: [] for k in cmds}
    for _ in range(a.runs):
        for k, c in cmds.items():
            w, u = timed(c)
            walls[k].append(w)
            cpus[k].append(u)
    big_wall, big_cpu = [], []
    for _ in range(3):
        w, u = timed(values(10_000_000, "csv"))
        big_wall.append(w)
        big_cpu.append(u)

    med = {k: statistics.median(v) for k, v in walls.items()}
    medc = {k: statistics.median(v) for k, v in cpus.items()}
    print(f"{'1,000,000 rows':<24} {'wall median':>12} {'wall min':>10} {'cpu median':>11}")
    for k in cmds:
        print(f"{k:<24} {med[k] * 1e3:>9.1f} ms {min(walls[k]) * 1e3:>7.1f} ms {medc[k] * 1e3:>8.1f} ms")
    print(f"{'lrsched csv, 10M rows':<24} {statistics.median(big_wall) * 1e3:>9.1f} ms {min(big_wall) * 1e3:>7.1f} ms"
          f" {statistics.median(big_cpu) * 1e3:>8.1f} ms")

    torch_wall = None
    try:
        has_torch = subprocess.run([a.python, "-c", "import torch"], capture_output=True).returncode == 0
    except OSError:
        has_torch = False
    if has_torch:
        script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "bench", "values-torch.py")
        torch_out = os.path.join(work, "torch.csv")
        torch_wall, torch_cpu = timed([a.python, script, "1000000", torch_out])
        same = filecmp.cmp(ours, torch_out, shallow=False)
        print(f"{'torch script (1 run)':<24} {torch_wall * 1e3:>9.1f} ms {'':>10} {torch_cpu * 1e3:>8.1f} ms"
              f"  (output {'byte-identical' if same else 'DIFFERS'})")
    else:
        print(f"torch is not importable by {a.python} - the torch script was not run")

    csv, fl = med["lrsched csv"], med["floor (C++ to_chars)"]
    print("ratios (medians):")
    print(f"  lrsched csv / floor:   {csv / fl:.2f}x wall, {medc['lrsched csv'] / medc['floor (C++ to_chars)']:.2f}x cpu"
          "   (target <= 1.5x)")
    print(f"  lrsched tsv / floor:   {med['lrsched tsv'] / fl:.2f}x wall")
    print(f"  json / csv:            {med['lrsched json'] / csv:.2f}x wall   (target <= 2x)")
    print(f"  10M / (10 x 1M):       {statistics.median(big_wall) / (10 * csv):.2f}x wall   (1.0 = linear)")
    if torch_wall:
        print(f"  torch script / lrsched csv: {torch_wall / csv:.0f}x wall   (target >= 50x)")
    for f in os.listdir(work):
        os.remove(os.path.join(work, f))
    os.rmdir(work)


main()
