"""`trainer_cases` for Scripts/gen-cases.py (`--library transformers --trainer`): real
`transformers.Trainer.train()` runs (CPU, one process, a `Linear(2, 1)` model whose weight
and bias land in the Trainer's weight-decay and no-weight-decay groups, MSE loss), in the
format of shared/reference/README-frameworks.md.
"""
import tempfile

FIXED = dict(use_cpu=True, report_to="none", save_strategy="no", logging_strategy="no", eval_strategy="no",
             disable_tqdm=True, seed=0, data_seed=0)

KWARGS = {
    "cosine": lambda r: r.choice([{}, {"num_cycles": 1.5}]),
    "cosine_with_restarts": lambda r: r.choice([{}, {"num_cycles": 3}]),
    "polynomial": lambda r: r.choice([{}, {"lr_end": 1e-6, "power": 2.0}]),
    "inverse_sqrt": lambda r: r.choice([{}, {"timescale": 7}]),
    "cosine_with_min_lr": lambda r: r.choice([{"min_lr_rate": 0.1}, {"min_lr": 1e-5}]),
    "cosine_warmup_with_min_lr": lambda r: r.choice([{"min_lr_rate": 0.05}, {"min_lr": 1e-5, "warmup_lr_rate": 0.1}]),
    "warmup_stable_decay": lambda r: {"num_decay_steps": r.choice([2, 5]), "decay_type": r.choice(["linear", "1-sqrt", "cosine"])},
}


def rand_training_args(rng):
    t = rng.choice(["linear", "cosine", "cosine_with_restarts", "polynomial", "constant", "constant_with_warmup",
                    "inverse_sqrt", "cosine_with_min_lr", "cosine_warmup_with_min_lr", "warmup_stable_decay"])
    a = {"per_device_train_batch_size": rng.choice([1, 2, 3, 4, 8])}
    if rng.random() < 0.7:
        a["gradient_accumulation_steps"] = rng.choice([2, 3, 4])
    if rng.random() < 0.3:
        a["dataloader_drop_last"] = True
    a["num_train_epochs"] = rng.choice([1.0, 2.0, 2.5, 3.0, 0.5, 1.7])
    if rng.random() < 0.25:
        a["max_steps"] = rng.randint(3, 25)
    if rng.random() < 0.8:
        a["warmup_steps"] = rng.choice([0.05, 0.1, 0.25, 0.33, 0.5, 2, 3, 2.7, 1.0])
    a["lr_scheduler_type"] = t
    if t in KWARGS:
        kw = KWARGS[t](rng)
        if kw:
            a["lr_scheduler_kwargs"] = kw
    a["learning_rate"] = rng.choice([5e-5, 1e-4, 3e-4, 0.001, 0.01])
    if rng.random() < 0.3:
        a["weight_decay"] = rng.choice([0.01, 0.1])
    a["optim"] = rng.choice(["adamw_torch", "adamw_torch_fused", "sgd"])
    if a["optim"] != "sgd" and rng.random() < 0.3:
        a["adam_beta1"] = 0.8
    return a, rng.randint(5, 60)


def run_trainer_case(torch, case, run_standalone):
    """Runs `Trainer.train()` with `case['training_args']`, fills scheduler, optimizer,
    derived, epochs, steps_per_epoch, step_on and expect, and checks the standalone re-run."""
    import transformers
    from transformers import Trainer, TrainerCallback, TrainingArguments

    class Toy(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.linear = torch.nn.Linear(2, 1)

        def forward(self, x, labels=None):
            out = self.linear(x).squeeze(-1)
            return {"loss": torch.nn.functional.mse_loss(out, labels), "logits": out}

    class Rows(torch.utils.data.Dataset):
        def __init__(self, n):
            g = torch.Generator().manual_seed(0)
            self.x = torch.randn(n, 2, generator=g)
            self.y = torch.randn(n, generator=g)

        def __len__(self):
            return len(self.y)

        def __getitem__(self, i):
            return {"x": self.x[i], "labels": self.y[i]}

    ta = dict(case["training_args"])
    lrs, betas = [], []

    class Capture(TrainerCallback):
        def on_pre_optimizer_step(self, args, state, control, optimizer=None, **kw):
            lrs.append([g["lr"] for g in optimizer.param_groups])
            if "betas" in optimizer.param_groups[0]:
                betas.append([g["betas"][0] for g in optimizer.param_groups])

    with tempfile.TemporaryDirectory() as d:
        args = TrainingArguments(output_dir=d, **FIXED, **ta)
        trainer = Trainer(model=Toy(), args=args, train_dataset=Rows(case["train_dataset_size"]), callbacks=[Capture()])
        trainer.train()
        dl = trainer.get_train_dataloader()
        (epochs, per_epoch, _, _, total_bs, steps_in_epoch, max_steps) = trainer.set_initial_training_values(args, dl)
        derived = {"world_size": args.world_size, "train_batch_size": trainer._train_batch_size,
                   "total_train_batch_size": total_bs, "len_dataloader": len(dl), "steps_in_epoch": steps_in_epoch,
                   "num_update_steps_per_epoch": per_epoch, "num_train_epochs": epochs, "max_steps": max_steps,
                   "num_warmup_steps": args.get_warmup_steps(max_steps), "global_step": trainer.state.global_step,
                   "scheduler_class": type(trainer.lr_scheduler).__name__}
        wd = args.weight_decay
        groups = f"[{{'weight_decay': {wd!r}}}, {{'weight_decay': 0.0}}]"
        if str(args.optim.value).startswith("adamw_torch"):
            opt = f"AdamW({groups}, lr={args.learning_rate!r}, betas=({args.adam_beta1!r}, {args.adam_beta2!r}), eps={args.adam_epsilon!r})"
        elif args.optim.value == "sgd":
            opt = f"SGD({groups}, lr={args.learning_rate!r})"
        else:
            raise SystemExit(f"optim {args.optim} is not recorded")
        kw = args.lr_scheduler_kwargs or {}
        sched = (f"get_scheduler({args.lr_scheduler_type.value!r}, num_warmup_steps={derived['num_warmup_steps']}, "
                 f"num_training_steps={max_steps}" + (f", scheduler_specific_kwargs={kw!r})" if kw else ")"))
    case.update(derived=derived, scheduler=sched, optimizer=opt, epochs=1, steps_per_epoch=len(lrs), step_on="batch")
    expect = {"lr": [list(g) for g in zip(*lrs)]}
    if betas:
        expect["beta1"] = [list(g) for g in zip(*betas)]
    standalone, err = run_standalone(torch, dict(case))
    if err is not None or standalone != expect:
        raise SystemExit(f"{case['id']}: the standalone get_scheduler case differs from the Trainer's values")
    return expect
