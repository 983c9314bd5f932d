#!/usr/bin/env python3
"""SYNOPSIS: bench-ratios.py LRSCHED.json TORCH.json [TORCH2.json ...]

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
    t = docs[0].get("config", {}).get("threads")
    names = [f"lrsched ({t} thr)" if t else "lrsched"] + [f"torch {d.get('mode', '')}" for d in docs[1:]]
    versions = sorted({d.get("torch", "?") for d in docs[1:]})
    print(f"medians per epoch; torch {', '.join(versions)} with {docs[1].get('threads', '?')} threads; ratio = torch / lrsched")
    rows = PHASES[:2] + ["t_fwd+bwd"] + PHASES[4:]
    head = f"{'phase':<16}" + "".join(f"{n:>18}" for n in names) + "".join(f"{'ratio ' + n.split()[-1]:>16}" for n in names[1:])
    print(head)
    for p in rows:
        vals = [medians(d)[p] for d in docs]
        cells = "".join(f"{v * 1e3:>15.3f} ms" for v in vals)
        ratios = "".join(f"{(v / vals[0] if vals[0] > 0 else float('inf')):>15.0f}x" for v in vals[1:])
        print(f"{p:<16}" + cells + ratios)
    for p in ["t_opt", "t_sch"]:
        vals = [medians(d)[p] / medians(d)["steps"] for d in docs]
        cells = "".join(f"{v * 1e9:>15.0f} ns" for v in vals)
        ratios = "".join(f"{(v / vals[0] if vals[0] > 0 else float('inf')):>15.0f}x" for v in vals[1:])
        print(f"{p + '/step':<16}" + cells + ratios)
    return 0


if __name__ == "__main__":
    sys.exit(main())
