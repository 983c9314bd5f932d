"""transformers 5.25 cases for Scripts/gen-cases.py (`--library transformers`).

Random cases: every `get_scheduler` name and every `get_*_schedule*` function (plus
`GreedyLR`), with fractional `num_warmup_steps`, param groups with different lrs (the
polynomial and min_lr schedules read `optimizer.defaults['lr']`), restarts, every WSD
warm-up/decay shape, `min_lr_rate`, `warmup_lr_rate`, greedy's raise-and-lower, and some
arguments that make the library raise. They run in the torch loop of the reference README
(`scheduler.step()` per batch or per epoch; plateau and greedy `step(metrics[epoch])`).

Trainer cases (`--from-specs` entries with `training_args`): a real `Trainer.train()` on
CPU with a 2-parameter-tensor toy model, the lr of both param groups captured in
`on_pre_optimizer_step`, the `derived` numbers read from the Trainer, and the equivalent
standalone `get_scheduler(...)` case re-run to assert identical values (as
shared/reference/README-frameworks.md describes).
"""
import math

NAMES = ["linear", "cosine", "cosine_with_restarts", "polynomial", "constant", "constant_with_warmup",
         "inverse_sqrt", "reduce_lr_on_plateau", "cosine_with_min_lr", "cosine_warmup_with_min_lr",
         "warmup_stable_decay", "greedy"]
FUNCTIONS = ["get_constant_schedule", "get_constant_schedule_with_warmup", "get_linear_schedule_with_warmup",
             "get_cosine_schedule_with_warmup", "get_cosine_with_hard_restarts_schedule_with_warmup",
             "get_polynomial_decay_schedule_with_warmup", "get_inverse_sqrt_schedule",
             "get_reduce_on_plateau_schedule", "get_cosine_with_min_lr_schedule_with_warmup",
             "get_cosine_with_min_lr_schedule_with_warmup_lr_rate", "get_wsd_schedule", "get_greedy_schedule",
             "GreedyLR"]
METRIC_DRIVEN = {"reduce_lr_on_plateau", "greedy", "get_reduce_on_plateau_schedule", "get_greedy_schedule", "GreedyLR"}


def _lit(v):
    return repr(v)


def _call(name, kwargs, positional=None):
    parts = ([_lit(positional)] if positional is not None else []) + [f"{k}={_lit(v)}" for k, v in kwargs.items()]
    return f"{name}({', '.join(parts)})"


def _warmup(rng, total):
    c = rng.random()
    if c < 0.2:
        return 0
    if c < 0.4:
        return round(rng.uniform(0.3, 12.0), 2)  # fractional: compared as a float, never rounded
    if c < 0.5:
        return total  # warm-up over the whole run
    return rng.randint(1, max(1, total // 3))


def _specific(rng, kind, total, ngroups):
    """The scheduler-specific keyword arguments of one schedule type (name or function)."""
    k = {}
    if kind in ("cosine", "get_cosine_schedule_with_warmup") and rng.random() < 0.6:
        k["num_cycles"] = rng.choice([0.25, 0.5, 1.0, 1.5, 2, 3.7])
    if kind in ("cosine_with_restarts", "get_cosine_with_hard_restarts_schedule_with_warmup") and rng.random() < 0.8:
        k["num_cycles"] = rng.choice([1, 2, 3, 5, 2.5])
    if kind in ("polynomial", "get_polynomial_decay_schedule_with_warmup"):
        if rng.random() < 0.7:
            k["lr_end"] = rng.choice([1e-7, 1e-5, 0.0, 1e-3, 0.001, 0.05, 0.2])
        if rng.random() < 0.7:
            k["power"] = rng.choice([0.5, 1.0, 2.0, 3, 1.7])
    if kind in ("inverse_sqrt", "get_inverse_sqrt_schedule") and rng.random() < 0.5:
        k["timescale"] = rng.choice([1, 5, 20, 100, 7.5])
    if kind in ("cosine_with_min_lr", "cosine_warmup_with_min_lr", "get_cosine_with_min_lr_schedule_with_warmup",
                "get_cosine_with_min_lr_schedule_with_warmup_lr_rate"):
        c = rng.random()
        if c < 0.45:
            k["min_lr_rate"] = rng.choice([0.0, 0.01, 0.1, 0.5, 1])
        elif c < 0.9:
            k["min_lr"] = rng.choice([1e-6, 1e-5, 1e-4, 0.001, 0.01])
        elif c < 0.95:
            k["min_lr_rate"], k["min_lr"] = 0.1, 1e-5  # both: ValueError
        if rng.random() < 0.4:
            k["num_cycles"] = rng.choice([0.5, 1.0, 1.5])
        if "lr_rate" in kind or kind == "cosine_warmup_with_min_lr":
            if rng.random() < 0.5:
                k["warmup_lr_rate"] = rng.choice([0.0, 0.1, 0.5])
    if kind in ("warmup_stable_decay", "get_wsd_schedule"):
        k["num_decay_steps"] = rng.choice([1, 3, max(1, total // 4), max(1, total // 2), 2.5])
        if rng.random() < 0.3:
            k["num_stable_steps"] = rng.randint(0, max(1, total // 2))
        if rng.random() < 0.6:
            k["warmup_type"] = rng.choice(["linear", "cosine", "1-sqrt"])
        if rng.random() < 0.8:
            k["decay_type"] = rng.choice(["linear", "cosine", "1-sqrt"])
        if rng.random() < 0.5:
            k["min_lr_ratio"] = rng.choice([0, 0.0, 0.01, 0.1, 0.5])
        if rng.random() < 0.2:
            k["num_cycles"] = rng.choice([0.5, 1.0])
    if kind in ("reduce_lr_on_plateau", "get_reduce_on_plateau_schedule"):
        k["factor"] = rng.choice([0.1, 0.5, 0.8])
        k["patience"] = rng.choice([0, 1, 2])
        if rng.random() < 0.3:
            k["mode"] = "max"
    if kind in ("greedy", "get_greedy_schedule", "GreedyLR"):
        k["factor"] = rng.choice([0.5, 0.8, 0.95])
        k["patience"] = rng.choice([0, 1, 2])
        if rng.random() < 0.5:
            k["min_lr"] = rng.choice([1e-4, 0.001, 0.01])
        if rng.random() < 0.4:
            k["max_lr"] = rng.choice([0.2, 0.5, 1.0])
        if rng.random() < 0.3:
            k["cooldown"] = rng.choice([1, 2])
        if rng.random() < 0.3:
            k["warmup"] = rng.choice([1, 2])
        if rng.random() < 0.3:
            k["threshold_mode"] = "rel"
            k["threshold"] = 0.01
        if rng.random() < 0.3:
            k["smooth"] = True
            k["window_size"] = rng.choice([1, 2, 3])
        if rng.random() < 0.3:
            k["reset_start"] = rng.choice([1, 2, 3])
        if rng.random() < 0.2:
            k["mode"] = "max"
    return k


def gen_transformers_case(rng, idx, prefix, rand_optimizer, rand_metrics):
    """One random case: a get_scheduler(...) call or a direct function call."""
    via_name = rng.random() < 0.5
    kind = rng.choice(NAMES if via_name else FUNCTIONS)
    metric = kind in METRIC_DRIVEN
    epochs = rng.randint(2, 14) if metric else rng.randint(1, 8)
    spe = 1 if metric else rng.choice([1, 3, 5, 10, 12])
    total_run = epochs * spe
    step_on = "epoch" if metric else ("epoch" if rng.random() < 0.1 else "batch")
    sched_steps = epochs if step_on == "epoch" else total_run
    total = max(1, int(sched_steps * rng.choice([0.5, 0.8, 1.0, 1.0, 1.0, 1.3])))
    ngroups = rng.choice([1, 1, 2, 2, 3])
    opt_text = rand_optimizer(rng, ngroups)
    w = _warmup(rng, total)
    spec = _specific(rng, kind, total, ngroups)
    if via_name:
        kw = {}
        if kind not in ("constant", "reduce_lr_on_plateau", "greedy") or rng.random() < 0.1:
            kw["num_warmup_steps"] = w
            if kind not in ("constant_with_warmup", "inverse_sqrt") and rng.random() < 0.97:
                kw["num_training_steps"] = total
        if spec:
            kw["scheduler_specific_kwargs"] = spec
        text = _call("get_scheduler", kw, positional=kind)
    else:
        kw = {}
        if kind not in ("get_constant_schedule",) and kind not in METRIC_DRIVEN:
            kw["num_warmup_steps"] = w
        if kind in ("get_linear_schedule_with_warmup", "get_cosine_schedule_with_warmup",
                    "get_cosine_with_hard_restarts_schedule_with_warmup", "get_polynomial_decay_schedule_with_warmup",
                    "get_cosine_with_min_lr_schedule_with_warmup", "get_cosine_with_min_lr_schedule_with_warmup_lr_rate"):
            kw["num_training_steps"] = total
        if kind == "get_wsd_schedule" and ("num_stable_steps" not in spec or rng.random() < 0.3):
            kw["num_training_steps"] = total
        kw.update(spec)
        text = _call(kind, kw)
    case = {"id": f"transformers-{kind.replace('_', '')}-{prefix}-{idx:05d}", "library": "transformers",
            "scheduler": text, "optimizer": opt_text, "epochs": epochs, "steps_per_epoch": spe, "step_on": step_on}
    if metric:
        case["metrics"] = rand_metrics(rng, epochs)
    return case


def transformers_namespace(transformers, opt):
    import transformers.optimization as o
    ns = {"math": math, "get_scheduler": lambda name, **kw: o.get_scheduler(name, optimizer=opt, **kw),
          "GreedyLR": lambda **kw: o.GreedyLR(opt, **kw),
          # transformers' schedules are LambdaLRs: they nest in torch's SequentialLR.
          "SequentialLR": lambda **kw: __import__("torch").optim.lr_scheduler.SequentialLR(opt, **kw)}
    for f in FUNCTIONS:
        if f != "GreedyLR":
            ns[f] = (lambda fn: lambda **kw: fn(opt, **kw))(getattr(o, f))
    return ns


def run_transformers_case(torch, case, build_optimizer, series_names, clean):
    """The torch loop of the reference README with the transformers scheduler."""
    import transformers
    import transformers.optimization as o
    opt = build_optimizer(torch, case["optimizer"])
    names = series_names(case["optimizer"])
    expect = {n: [[] for _ in opt.param_groups] for n in names}

    def record():
        for n in names:
            for gi, g in enumerate(opt.param_groups):
                expect[n][gi].append(clean(g["betas"][0] if n == "beta1" else g[n]))

    try:
        sched = eval(case["scheduler"], transformers_namespace(transformers, opt))
    except Exception as e:  # noqa: BLE001 - the library's exception is the datum
        return expect, {"at_step": -1, "type": type(e).__name__, "message": str(e)}
    metric = isinstance(sched, (torch.optim.lr_scheduler.ReduceLROnPlateau, o.GreedyLR))
    k = -1
    try:
        for epoch in range(case["epochs"]):
            for _ in range(case["steps_per_epoch"]):
                k += 1
                record()
                opt.step()
                if case["step_on"] == "batch":
                    sched.step()
            if case["step_on"] == "epoch":
                if metric:
                    sched.step(case["metrics"][epoch])
                else:
                    sched.step()
    except Exception as e:  # noqa: BLE001
        if type(e).__name__ == "Unrepresentable":
            raise
        return expect, {"at_step": k, "type": type(e).__name__, "message": str(e)}
    return expect, None
