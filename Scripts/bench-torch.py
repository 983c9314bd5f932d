#!/usr/bin/env python3
"""SYNOPSIS: bench-torch.py [--data DIR] [--epochs N] [--batch-size N] [--threads N] [--mode original|batched]

The PyTorch version of `lrsched bench`, for the side-by-side comparison in docs/bench.md:
the same 2-neuron network (per-channel normalisation, Linear(3072->2), ReLU, Linear(2->10),
cross-entropy), SGD(lr=0.01, momentum=0.9), OneCycleLR stepped per batch, batch 128, and the
original benchmark's per-epoch line `epoch: 0/15 t_ep: ... t_load: ... t_opt: ... t_sch: ...`.

--mode original: TensorDataset + DataLoader with per-item normalisation (the original loop).
--mode batched:  the uint8 tensor indexed per batch and normalised per batch.

--data is a cifar-10-batches-bin folder (`lrsched data synth -o DIR` writes one). Needs torch
(not needed by CI).
"""
import argparse, os, resource, sys, time

import numpy as np
import torch
import torch.nn as nn


def read_folder(path):
    if os.path.isdir(os.path.join(path, "cifar-10-batches-bin")):
        path = os.path.join(path, "cifar-10-batches-bin")
    def read(name):
        raw = np.fromfile(os.path.join(path, name), dtype=np.uint8).reshape(-1, 3073)
        return raw[:, 1:].reshape(-1, 3, 32, 32), raw[:, 0].astype(np.int64)
    parts = [read(f"data_batch_{i}.bin") for i in range(1, 6)]
    xtr = np.concatenate([p[0] for p in parts]); ytr = np.concatenate([p[1] for p in parts])
    xte, yte = read("test_batch.bin")
    return xtr, ytr, xte, yte


class Normalized(torch.utils.data.Dataset):
    def __init__(self, x, y, mean, std):
        self.x, self.y, self.mean, self.std = x, y, mean, std
    def __len__(self):
        return len(self.y)
    def __getitem__(self, i):
        return (self.x[i].float() / 255 - self.mean) / self.std, self.y[i]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--epochs", type=int, default=15)
    ap.add_argument("--batch-size", type=int, default=128)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--mode", choices=["original", "batched"], default="original")
    ap.add_argument("--json", help="write per-epoch phase times (seconds) and peak RSS as JSON")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    xtr, ytr, xte, yte = read_folder(a.data)
    xtr, ytr = torch.from_numpy(xtr), torch.from_numpy(ytr)
    xte, yte = torch.from_numpy(xte), torch.from_numpy(yte)
    mean = (xtr.float() / 255).mean(dim=(0, 2, 3)).view(3, 1, 1)
    std = (xtr.float() / 255).std(dim=(0, 2, 3), unbiased=False).view(3, 1, 1)
    model = nn.Sequential(nn.Flatten(), nn.Linear(3072, 2), nn.ReLU(), nn.Linear(2, 10))
    loss_fn = nn.CrossEntropyLoss()
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    steps = (len(ytr) + a.batch_size - 1) // a.batch_size
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=0.01, epochs=a.epochs, steps_per_epoch=steps)
    if a.mode == "original":
        loader = torch.utils.data.DataLoader(Normalized(xtr, ytr, mean, std), batch_size=a.batch_size, shuffle=True)
    t_eps = []
    records = []
    for epoch in range(a.epochs):
        t_load = t_fwd = t_bwd = t_opt = t_sch = 0.0
        t0 = time.perf_counter()
        if a.mode == "original":
            batches = iter(loader)
        else:
            perm = torch.randperm(len(ytr))
        for b in range(steps):
            t = time.perf_counter()
            if a.mode == "original":
                x, y = next(batches)
            else:
                idx = perm[b * a.batch_size:(b + 1) * a.batch_size]
                x = (xtr[idx].float() / 255 - mean) / std
                y = ytr[idx]
            t1 = time.perf_counter(); t_load += t1 - t
            loss = loss_fn(model(x), y)
            t2 = time.perf_counter(); t_fwd += t2 - t1
            opt.zero_grad(); loss.backward()
            t3 = time.perf_counter(); t_bwd += t3 - t2
            opt.step()
            t4 = time.perf_counter(); t_opt += t4 - t3
            sched.step()
            t_sch += time.perf_counter() - t4
        t_ep = time.perf_counter() - t0
        t_eps.append(t_ep)
        records.append({"t_ep": t_ep, "t_load": t_load, "t_fwd": t_fwd, "t_bwd": t_bwd, "t_opt": t_opt, "t_sch": t_sch,
                        "steps": steps})
        with torch.no_grad():
            acc = (model((xte.float() / 255 - mean) / std).argmax(1) == yte).float().mean().item()
        print(f"epoch: {epoch}/{a.epochs} t_ep: {t_ep:.3f} t_load: {t_load:.3f} t_opt: {t_opt:.3f} t_sch: {t_sch:.3f} "
              f"t_fwd: {t_fwd:.3f} t_bwd: {t_bwd:.3f} loss: {loss.item():.4f} test_acc: {acc:.4f} lr: {sched.get_last_lr()[0]:.6g}")
    med = sorted(t_eps)[len(t_eps) // 2]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"summary: median t_ep {med:.3f} s, samples/s {len(ytr) / med:.0f}, peak RSS {peak:.0f} MB")
    if a.json:
        import json
        with open(a.json, "w") as f:
            json.dump({"tool": "pytorch", "torch": torch.__version__, "mode": a.mode, "threads": a.threads,
                       "epochs": records, "peak_rss_mb": peak}, f)


if __name__ == "__main__":
    sys.exit(main())
