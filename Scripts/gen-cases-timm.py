"""Random cases for timm 1.0.31 (`timm.scheduler`) and pytorch-accelerated 0.1.61
(`pytorch_accelerated.schedulers`), used by Scripts/gen-cases.py.

Each generator draws mostly valid constructor arguments with edge cases on purpose: float
counts where the library only does arithmetic with them, empty and unsorted milestone
lists, zero and negative values, integers beyond 64 bits, noise ranges. The runners drive
the real classes in the training loops of the reference README (timm: `step_update` after
every update, `step(epoch + 1)` after every epoch; accelerated: `step()` after every
update) and record what they do, errors included.
"""
import math


def _call(name, kwargs):
    return f"{name}(" + ", ".join(f"{k}={v!r}" for k, v in kwargs.items()) + ")"


def _pick(r, options, edge=(), p_edge=0.1):
    if edge and r.random() < p_edge:
        return r.choice(list(edge))
    return r.choice(options)


BIG_INTS = [9223372036854775807, 9223372036854775808, -9223372036854775808, -9223372036854775809,
            18446744073709551615, 18446744073709551616, 2 ** 70]

TIMM_CLASSES = ["StepLRScheduler", "MultiStepLRScheduler", "CosineLRScheduler", "TanhLRScheduler",
                "PolyLRScheduler", "PlateauLRScheduler", "WSDLRScheduler"]
ACCELERATED_CLASSES = ["CosineLrScheduler", "WSDLrScheduler"]


def timm_kwargs(r, cls, T):
    """Constructor arguments of a timm class for a schedule of about T units."""
    k = {}
    t_counts = [1, 2, 3, 5, 7, 10, max(1, T // 2), T, T + 3, 50]

    def warmup():
        if r.random() < 0.45:
            k["warmup_t"] = _pick(r, [1, 2, 3, 5, max(1, T // 4)], [0, 2.5, 1.0, -1, T + 2])
            if r.random() < 0.8:
                k["warmup_lr_init"] = _pick(r, [1e-05, 0.0001, 0.001, 1e-06, 0.0], [-0.001, 0.5])

    def cycles():
        k["t_initial"] = _pick(r, t_counts, [0, -3, 2.5, 7.0, 0.5])
        if r.random() < 0.5:
            k["lr_min"] = _pick(r, [0.0, 1e-05, 0.0001, 1e-06, 0.001], [-0.001, 0.5])
        if r.random() < 0.3:
            k["cycle_mul"] = _pick(r, [1.0, 2.0, 1.5, 3, 1], [0.5, 0.0, -1.0])
        if r.random() < 0.3:
            k["cycle_decay"] = _pick(r, [1.0, 0.5, 0.9, 0.1], [0.0, 2.0])
        if r.random() < 0.35:
            k["cycle_limit"] = _pick(r, [1, 2, 3, 5, 100], [0, 2.5, -1])
        if r.random() < 0.3:
            k["warmup_prefix"] = r.random() < 0.5

    def noise():
        if r.random() < 0.12:
            c = r.random()
            if c < 0.4:
                k["noise_range_t"] = r.choice([0, 1, 2, 5, max(1, T // 2)])
            elif c < 0.85:
                a = r.choice([0, 1, 2, 3])
                k["noise_range_t"] = r.choice([[a, a + r.choice([1, 3, 10])], (a, a + r.choice([2, 5]))])
            else:
                k["noise_range_t"] = r.choice([2.5, [1.5, 4], [3, 3]])
            if r.random() < 0.5:
                k["noise_pct"] = _pick(r, [0.67, 0.1, 0.5, 1.0, 0.05], [2.0])
            if r.random() < 0.5:
                k["noise_std"] = _pick(r, [1.0, 0.5, 2.0, 0.1], [0.0])
            if r.random() < 0.6:
                k["noise_seed"] = _pick(r, [42, 0, 1, 7, 12345, 2 ** 40], BIG_INTS, 0.3)

    def t_in_epochs():
        if r.random() < 0.4:
            k["t_in_epochs"] = r.random() < 0.3

    if cls == "StepLRScheduler":
        k["decay_t"] = _pick(r, [1, 2, 3, 5, 10, max(1, T // 3)], [0.5, 2.5, 1.0, 3.0, -2, 0.7])
        if r.random() < 0.8:
            k["decay_rate"] = _pick(r, [0.1, 0.5, 0.9, 0.97, 1.0, 0.3], [0.0, 2.0, -0.5])
        warmup()
        if r.random() < 0.3:
            k["warmup_prefix"] = r.random() < 0.5
        t_in_epochs()
        noise()
    elif cls == "MultiStepLRScheduler":
        n = r.choice([0, 1, 2, 3, 4])
        ms = [r.randint(0, max(2, T + 2)) for _ in range(n)]
        if r.random() < 0.8:
            ms.sort()
        if r.random() < 0.1 and ms:
            ms[r.randrange(len(ms))] += r.choice([0.5, 0.0, -0.25])
        k["decay_t"] = ms if r.random() < 0.9 else tuple(ms)
        if r.random() < 0.8:
            k["decay_rate"] = _pick(r, [0.1, 0.5, 0.9, 1.0, 0.3], [0.0, 2.0])
        warmup()
        if r.random() < 0.3:
            k["warmup_prefix"] = r.random() < 0.5
        t_in_epochs()
        noise()
    elif cls == "CosineLRScheduler":
        cycles()
        warmup()
        t_in_epochs()
        noise()
        if r.random() < 0.25:
            k["k_decay"] = _pick(r, [1.0, 2.0, 0.5, 1.5, 3], [0.0, -1.0])
    elif cls == "TanhLRScheduler":
        cycles()
        if r.random() < 0.3:
            k["lb"] = _pick(r, [-7.0, -5.0, -3.0, -6], [3.0, 0.0])
        if r.random() < 0.3:
            k["ub"] = _pick(r, [3.0, 5.0, 1.0, 2], [-7.0])
        warmup()
        t_in_epochs()
        noise()
    elif cls == "PolyLRScheduler":
        cycles()
        if r.random() < 0.6:
            k["power"] = _pick(r, [0.5, 1.0, 2.0, 0.9, 3], [0.0, -1.0, -0.5])
        warmup()
        t_in_epochs()
        noise()
        if r.random() < 0.2:
            k["k_decay"] = _pick(r, [1.0, 2.0, 0.5], [0.0])
    elif cls == "PlateauLRScheduler":
        if r.random() < 0.7:
            k["decay_rate"] = _pick(r, [0.1, 0.5, 0.2, 0.9], [1.0, 1.5, 0.0])
        if r.random() < 0.7:
            k["patience_t"] = _pick(r, [0, 1, 2, 3, 5, 10], [1.5, 0.5, 2.0, 1.0, -1])
        if r.random() < 0.4:
            k["threshold"] = _pick(r, [0.0001, 0.01, 0.1, 0.0])
        if r.random() < 0.4:
            k["cooldown_t"] = _pick(r, [0, 1, 2, 3], [1.5, 0.5, 2.0])
        if r.random() < 0.35:
            k["warmup_t"] = _pick(r, [1, 2, 3, 5], [0, 2.5])
            if r.random() < 0.8:
                k["warmup_lr_init"] = _pick(r, [1e-05, 0.001, 0.0])
        if r.random() < 0.4:
            k["lr_min"] = _pick(r, [0.0, 0.0005, 0.001, 1e-05, 0])
        if r.random() < 0.6:
            k["mode"] = _pick(r, ["min", "max"], ["bogus"], 0.03)
        if r.random() < 0.1:
            k["noise_range_t"] = r.choice([0, 2, [1, 5], (2, 6)])
            if r.random() < 0.5:
                k["noise_type"] = _pick(r, ["normal", "uniform"])
            if r.random() < 0.5:
                k["noise_seed"] = _pick(r, [1, 42, None], BIG_INTS, 0.3)
    elif cls == "WSDLRScheduler":
        ti = _pick(r, t_counts, [0, 2.5, -1])
        k["t_initial"] = ti
        k["decay_t"] = _pick(r, [1, 2, max(1, T // 4), max(1, T // 2)], [0, ti, 1.5, ti + 1 if isinstance(ti, int) else 3])
        if r.random() < 0.4:
            k["lr_min"] = _pick(r, [0.0, 1e-05, 0.001], [-0.1])
        if r.random() < 0.35:
            k["stable_fn"] = _pick(r, ["constant", "rsqrt", "power"], ["bogus"], 0.05)
            if k["stable_fn"] != "constant" and r.random() < 0.7:
                k["stable_timescale"] = _pick(r, [1, 2, 5.0, 10], [0, -1.0])
            if r.random() < 0.5:
                k["stable_power"] = _pick(r, [0.5, 1.0, 2.0], [0.0])
        if r.random() < 0.5:
            k["decay_fn"] = _pick(r, ["linear", "1-sqrt", "cosine", "power", "exp"], ["bogus"], 0.05)
        if r.random() < 0.3:
            k["decay_power"] = _pick(r, [0.5, 1.0, 2.0], [0.0, -1.0])
        if r.random() < 0.3:
            k["decay_ratio"] = _pick(r, [0.1, 0.01, 0.5, 0.001], [0.0, 1.0])
        warmup()
        t_in_epochs()
        noise()
    return k


def accelerated_kwargs(r, cls, epochs, spe):
    k = {}
    if cls == "CosineLrScheduler":
        k["total_num_epochs"] = _pick(r, [epochs, epochs, max(1, epochs - 1), epochs + 2, 1],
                                      [float(epochs), 0, 0.0, -1, 2.5, epochs + 0.5])
        k["num_update_steps_per_epoch"] = _pick(r, [spe, spe, 1, 3], [float(spe), 0, 1.5, -2])
        if r.random() < 0.3:
            k["k_decay"] = _pick(r, [1.0, 2.0, 0.5, 1.5, 2], [0.0, -1.0])
        if r.random() < 0.4:
            k["lr_min"] = _pick(r, [1e-06, 0.0, 1e-05, 0.001], [-0.001, 0.5])
        if r.random() < 0.25:
            k["min_lr_ratio"] = _pick(r, [0.01, 0.1, 0.05, 0.0, 0.5], [1.5, -0.1])
        if r.random() < 0.4:
            k["num_warmup_epochs"] = _pick(r, [1, 2, 0, max(1, epochs // 3)], [1.0, 0.5, 2.5, -1, epochs + 1])
        if r.random() < 0.35:
            k["warmup_starting_lr"] = _pick(r, [1e-06, 0.0001, 0.0, 0.001], [0.5])
        if r.random() < 0.2:
            k["warmup_starting_lr_ratio"] = _pick(r, [0.1, 0.01, 0.5], [0.0, 2.0])
        if r.random() < 0.3:
            k["num_cooldown_epochs"] = _pick(r, [1, 2, 0], [1.0, 0.5, 1.5, -1, epochs])
    else:
        c = r.random()
        if c < 0.5:
            k["total_steps"] = _pick(r, [epochs * spe, epochs * spe, max(1, epochs * spe - 2), epochs * spe + 5, 10],
                                     [float(epochs * spe), 0, 4.0, 2.5, -3])
        elif c < 0.95:
            k["num_epochs"] = _pick(r, [epochs, epochs + 1, 1], [float(epochs), 2.5, 0])
            k["num_update_steps_per_epoch"] = _pick(r, [spe, 2, 1], [float(spe), 1.5, 0])
        else:
            k["num_epochs"] = epochs
            k["num_update_steps_per_epoch"] = spe
            if r.random() < 0.5:
                k["total_steps"] = epochs * spe
        if r.random() < 0.4:
            k["num_warmup_steps"] = _pick(r, [0, 1, 2, 5, max(1, epochs * spe // 10)], [None, 1.5, 2.0, -1])
        if r.random() < 0.4:
            k["decay_phase_ratio"] = _pick(r, [0.1, 0.2, 0.3, 0.05, 0.5], [0.0, 1.0, 1.5, 1, 0])
        if r.random() < 0.4:
            k["lr_min"] = _pick(r, [1e-06, 0.01, 0.1, 0.0], [-0.1, 1.5])
        if r.random() < 0.3:
            k["warmup_starting_lr"] = _pick(r, [1e-06, 0.0001, 0.0], [10.0])
        if r.random() < 0.3:
            k["use_inverse_sqrt_decay"] = r.random() < 0.5
        if r.random() < 0.35:
            k["num_checkpoints"] = _pick(r, [1, 2, 3, 4], [0, 2.0, 1.5])
        if r.random() < 0.1:
            k["is_continuation_from_checkpoint"] = r.random() < 0.5
    return k


def rand_metrics(r, n):
    c = r.random()
    v = r.choice([1.0, 0.5, 2.0, 10.0])
    out = []
    for _ in range(n):
        if c < 0.4:
            v = v * r.choice([1.0, 1.0, 0.99, 0.9, 1.01, 0.5, 1.1])
        elif c < 0.7:
            v = round(v + r.choice([0.0, 0.0, -0.1, 0.1, -0.01, 0.01]), 4)
        else:
            v = r.choice([0.5, 0.6, 0.605, 0.7, 0.8, 0.8, 0.81])
        out.append(v)
    return out


def rand_optimizer(r, ngroups, lr_scale=False):
    kind = r.choice(["SGD", "SGD", "Adam", "AdamW"])
    kw = {}
    if r.random() < 0.93:
        kw["lr"] = r.choice([0.1, 0.01, 0.001, 1.0, 0.05, 3.0, 1e-05, 0.3])
    if kind == "SGD" and r.random() < 0.5:
        kw["momentum"] = r.choice([0.9, 0.0, 0.8])
    if ngroups == 1 and r.random() < 0.8:
        return _call(kind, kw)
    groups = []
    for _ in range(ngroups):
        g = {}
        if r.random() < 0.85:
            g["lr"] = r.choice([0.1, 0.01, 0.001, 1.0, 0.05, 0.5])
        if lr_scale and r.random() < 0.3:
            g["lr_scale"] = r.choice([0.5, 0.1, 2.0, 1.0])
        groups.append(g)
    return f"{kind}({groups!r}" + "".join(f", {k}={v!r}" for k, v in kw.items()) + ")"


def _shape(r):
    c = r.random()
    if c < 0.05:
        return r.randint(30, 200), r.randint(5, 40)
    if c < 0.1:
        return 1, 1
    return r.randint(1, 25), r.choice([1, 1, 2, 3, 5, 10])


def gen_timm_case(r, idx, prefix, classes):
    cls = r.choice(classes)
    epochs, spe = _shape(r)
    ngroups = r.choice([1, 1, 1, 2, 3])
    k0 = timm_kwargs(r, cls, epochs)
    if k0.get("t_in_epochs") is False:
        k0 = timm_kwargs(r, cls, epochs * spe)
        k0["t_in_epochs"] = False
    step_on = "batch" if k0.get("t_in_epochs") is False and cls != "PlateauLRScheduler" else "epoch"
    noise = "-noise" if k0.get("noise_range_t") is not None else ""
    case = {
        "id": f"timm-{cls.lower()}{noise}-{prefix}-{idx:05d}",
        "library": "timm",
        "scheduler": _call(cls, k0),
        "optimizer": rand_optimizer(r, ngroups, lr_scale=True),
        "epochs": epochs,
        "steps_per_epoch": spe,
        "step_on": step_on,
    }
    if cls == "PlateauLRScheduler":
        case["metrics"] = rand_metrics(r, epochs)
    return case


def gen_accelerated_case(r, idx, prefix, classes):
    cls = r.choice(classes)
    epochs, spe = _shape(r)
    ngroups = r.choice([1, 1, 1, 2, 3])
    return {
        "id": f"accelerated-{cls.lower()}-{prefix}-{idx:05d}",
        "library": "accelerated",
        "scheduler": _call(cls, accelerated_kwargs(r, cls, epochs, spe)),
        "optimizer": rand_optimizer(r, ngroups),
        "epochs": epochs,
        "steps_per_epoch": spe,
        "step_on": "batch",
    }


def _namespace(module, names, opt):
    ns = {"math": math}
    for name in names:
        cls = getattr(module, name)
        ns[name] = (lambda c: lambda **kw: c(opt, **kw))(cls)
    return ns


def run_loop_case(torch, case, build_optimizer, series_names, group_value, clean, optimizer_step):
    """Runs a timm or accelerated case in its library's training loop."""
    opt = build_optimizer(torch, case["optimizer"])
    names = series_names(case["optimizer"])
    G = len(opt.param_groups)
    expect = {n: [[] for _ in range(G)] for n in names}

    def record():
        for n in names:
            for gi, g in enumerate(opt.param_groups):
                expect[n][gi].append(clean(group_value(g, n)))

    timm = case["library"] == "timm"
    if timm:
        import timm.scheduler as mod
        ns = _namespace(mod, TIMM_CLASSES, opt)
    else:
        import pytorch_accelerated.schedulers as mod
        ns = _namespace(mod, ACCELERATED_CLASSES, opt)
    try:
        sched = eval(case["scheduler"], ns)
    except Exception as e:  # noqa: BLE001 - the library's exception is the datum
        return expect, {"at_step": -1, "type": type(e).__name__, "message": str(e)}
    k = -1
    updates = 0
    try:
        for epoch in range(case["epochs"]):
            for _ in range(case["steps_per_epoch"]):
                k += 1
                record()
                optimizer_step(opt)
                if timm:
                    updates += 1
                    sched.step_update(num_updates=updates)
                else:
                    sched.step()
            if timm:
                if "metrics" in case:
                    sched.step(epoch + 1, case["metrics"][epoch])
                else:
                    sched.step(epoch + 1)
    except Exception as e:  # noqa: BLE001
        if type(e).__name__ == "Unrepresentable":
            raise
        return expect, {"at_step": k, "type": type(e).__name__, "message": str(e)}
    return expect, None
