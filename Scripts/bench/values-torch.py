"""SYNOPSIS: values-torch.py N OUT.csv

What `lrsched values "CosineAnnealingLR(T_max=1000)" --optimizer "SGD(lr=0.1)" --epochs 1
--steps-per-epoch N --format csv` prints, computed the way a PyTorch user would: a real
optimizer and torch's CosineAnnealingLR, `optimizer.step(); scheduler.step()` per step, and the
lr the optimizer holds before each step written as CSV with repr(). Byte-identical to lrsched's
output (Scripts/bench-values.py checks).
"""
import sys

import torch

n = int(sys.argv[1])
opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)
sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=1000)
group = opt.param_groups[0]
with open(sys.argv[2], "w") as f:
    f.write("step,epoch,lr\n")
    for k in range(n):
        f.write(f"{k},{k // n},{group['lr']!r}\n")
        opt.step()
        sched.step()
