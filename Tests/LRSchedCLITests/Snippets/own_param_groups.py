# Written for lrsched: two param groups built from named_parameters, hyperparameters
# read back from optimizer.param_groups, a def with a loop as the warm-up rule.
import math

no_decay = ["bias", "LayerNorm.weight"]
grouped = [
    {"params": [p for n, p in model.named_parameters() if not any(nd in n for nd in no_decay)],
     "weight_decay": 0.01, "lr": 3e-4},
    {"params": [p for n, p in model.named_parameters() if any(nd in n for nd in no_decay)],
     "weight_decay": 0.0},
]
optimizer = torch.optim.AdamW(grouped, lr=1e-3, betas=(0.9, 0.98))
peaks = [g["lr"] * 2 for g in optimizer.param_groups]
warmup_steps, total_steps = 4, len(train_loader) * EPOCHS

def lr_lambda(step):
    if step < warmup_steps:
        return (step + 1) / warmup_steps
    progress = (step - warmup_steps) / max(1, total_steps - warmup_steps)
    value = 0.0
    for k in range(3):
        value += math.cos(math.pi * progress) ** (2 * k) / 3
    return max(0.05, 0.5 * (1.0 + math.cos(math.pi * progress)) * value)

scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, [lr_lambda, lambda s: min(1.0, (s + 1) / 6)])
