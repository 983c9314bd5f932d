# Written for lrsched: a scheduler constructed and never used still sets initial_lr
# (and writes its first lr) for the ones constructed after it, as in Python.
from torch.optim.lr_scheduler import LinearLR, CosineAnnealingLR

optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
warmup = LinearLR(optimizer, start_factor=0.5, total_iters=3)   # never stepped
scheduler = CosineAnnealingLR(optimizer, T_max=8, eta_min=1e-3)
