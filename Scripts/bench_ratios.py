#!/usr/bin/env python3
"""SYNOPSIS: bench_ratios.py LRSCHED.json TORCH.json [TORCH2.json ...]

Prints per-phase medians of `lrsched bench --json` and of Scripts/bench-torch.py --json runs made
in the same session, and the ratios torch / lrsched (how many times shorter lrsched's phase is).
Per-step figures (t_opt, t_sch) are divided by the steps of an epoch.
"""
import json, statistics, sys

PHASES = ["t_ep", "t_load", "t_fwd", "t_bwd", "t_opt", "t_sch"]


def medians(doc):
    eps = doc["epochs"]
    m = {p: statistics.median(e[p] for e in eps) for p in PHASES}
    m["t_fwd+bwd"] = statistics.median(e["t_fwd"] + e["t_bwd"] for e in eps)
    m["steps"] = eps[0]["steps"]
    return m


def main():
    if len(sys.argv) < 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    docs = [json.load(open(p)) for p in sys.argv[1:]]
    ours = medians(docs[0])
    names = ["lrsched"] + [f"torch {d.get('torch', '?')} {d.get('mode', '')}" for d in docs[1:]]
    rows = PHASES[:2] + ["t_fwd+bwd"] + PHASES[4:]
    print("phase (median per epoch)  " + "".join(f"{n:>24}" for n in names) + "".join(f"{'ratio ' + n.split()[-1]:>18}" for n in names[1:]))
    for p in rows:
        vals = [medians(d)[p] for d in docs]
        cells = "".join(f"{v * 1e3:>21.3f} ms" for v in vals)
        ratios = "".join(f"{(v / vals[0] if vals[0] > 0 else float('inf')):>17.0f}x" for v in vals[1:])
        print(f"{p:<25}" + cells + ratios)
    for p in ["t_opt", "t_sch"]:
        vals = [medians(d)[p] / medians(d)["steps"] for d in docs]
        cells = "".join(f"{v * 1e9:>21.0f} ns" for v in vals)
        ratios = "".join(f"{(v / vals[0] if vals[0] > 0 else float('inf')):>17.0f}x" for v in vals[1:])
        print(f"{p + ' per step':<25}" + cells + ratios)
    return 0


if __name__ == "__main__":
    sys.exit(main())
