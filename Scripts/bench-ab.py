#!/usr/bin/env python3
"""SYNOPSIS: bench-ab.py [--runs N] [--epochs E] [--data PATH] NAME=BINARY[:ENV=VALUE,...] ...

A/B timing of `lrsched bench` builds (or settings) on a shared machine: runs each variant in turn,
N rounds, every run with `--json`, and prints per phase the median over runs of each run's
median epoch, the range, and per variant the paired ratio against the first variant (median of
the per-round ratios, and in how many rounds it was faster). Alternating the variants in the same
minutes is what makes the comparison fair when the machine's speed drifts.

Example:
  Scripts/bench-ab.py --runs 10 old=/tmp/old/lrsched new=.build/release/lrsched \
      base=.build/release/lrsched:LRSCHED_KERNELS=baseline
"""
import argparse, json, os, statistics, subprocess, sys, tempfile

PHASES = ["t_ep", "t_load", "t_fwd", "t_bwd", "t_opt", "t_sch"]


def run_once(binary, env, epochs, data):
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "b.json")
        cmd = [binary, "bench", "--epochs", str(epochs), "--json", out]
        if data:
            cmd += ["--data", data]
        subprocess.run(cmd, env={**os.environ, **env}, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        doc = json.load(open(out))
    eps = doc["epochs"]
    r = {p: statistics.median(e[p] for e in eps) for p in PHASES}
    r["steps"] = eps[0]["steps"]
    return r


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=8)
    ap.add_argument("--epochs", type=int, default=5)
    ap.add_argument("--data", default=None)
    ap.add_argument("variants", nargs="+")
    a = ap.parse_args()
    variants = []
    for v in a.variants:
        name, _, rest = v.partition("=")
        binary, _, envs = rest.partition(":")
        env = dict(e.split("=", 1) for e in envs.split(",") if e)
        variants.append((name, binary, env))
    results = {name: [] for name, _, _ in variants}
    for i in range(a.runs):
        for name, binary, env in variants:
            results[name].append(run_once(binary, env, a.epochs, a.data))
        print(f"round {i + 1}/{a.runs}: " + "  ".join(f"{n} {results[n][-1]['t_ep'] * 1e3:.1f} ms" for n, _, _ in variants),
              file=sys.stderr)
    base = variants[0][0]
    print(f"{a.runs} alternating runs of {a.epochs} epochs; per run the median epoch; then the median (min-max) over runs")
    print(f"{'phase':<8}" + "".join(f"{n:>26}" for n, _, _ in variants))
    for p in PHASES:
        cells = []
        for n, _, _ in variants:
            xs = [r[p] * 1e3 for r in results[n]]
            cells.append(f"{statistics.median(xs):9.3f} ({min(xs):.2f}-{max(xs):.2f})")
        print(f"{p:<8}" + "".join(f"{c:>26}" for c in cells))
    for p in ["t_opt", "t_sch"]:
        cells = [f"{statistics.median(r[p] / r['steps'] * 1e9 for r in results[n]):9.0f} ns/step" for n, _, _ in variants]
        print(f"{p:<8}" + "".join(f"{c:>26}" for c in cells))
    for n, _, _ in variants[1:]:
        ratios = [x["t_ep"] / y["t_ep"] for x, y in zip(results[n], results[base])]
        faster = sum(1 for r in ratios if r < 1)
        print(f"t_ep {n} / {base}: median ratio {statistics.median(ratios):.3f}, faster in {faster} of {len(ratios)} rounds")
    return 0


if __name__ == "__main__":
    sys.exit(main())
