#!/usr/bin/env python3
"""SYNOPSIS: python3 Scripts/gen-cases.py --library torch [--seed S] [--count N]
                 [--classes A,B] [--id-prefix P] -o FILE.json
          python3 Scripts/gen-cases.py --library torch --from-specs SPECS.json -o FILE.json

Differential testing: draws N random scheduler cases (seeded) and records what the REAL
library does with them in the training loop of docs/parity.md / the reference README,
writing a file in exactly the reference format (`lrsched verify FILE.json --tolerance 0`
then checks lrsched against it).

--library torch        torch.optim.lr_scheduler, all 15 classes (needs `import torch`).
--library timm         timm.scheduler, the 7 classes of the reference set, in timm's train.py
                       loop (needs timm and torchvision; generators in gen-cases-timm.py).
--library accelerated  pytorch_accelerated.schedulers, CosineLrScheduler and WSDLrScheduler,
                       stepped after every update as its Trainer does.
--library transformers transformers 5.25's schedule functions, get_scheduler and GreedyLR
                       (Scripts/gen-cases-transformers.py); with --trainer N also N real
                       Trainer.train() runs as `trainer_cases` (Scripts/gen-cases-trainer.py).

Parameters are random but mostly valid, with edge cases on purpose (tiny and huge step
counts, zero/negative/out-of-range factors, per-group lists of the wrong length, nested
SequentialLR/ChainedScheduler, random lambdas of the spec's lambda subset ...). When the
library raises, the case records `expect_error` as the README describes (constructor:
at_step -1 and empty series). Cases whose values are not finite real numbers (inf, nan,
complex) are dropped: the format has no spelling for them.

--snippets DIR records real snippets instead: DIR/cases.json lists them (id, file, repo,
path, epochs, steps_per_epoch, step_on, defines, schedule); each DIR/<file> is executed
verbatim by Scripts/snippet_harness.py with the real libraries, and DIR/expected.json gets
the values every optimizer step trains with (what `lrsched values -f` must print).

--from-specs records hand-written cases instead: SPECS.json is a list of case objects
without `expect` (id, library, scheduler, optimizer, epochs, steps_per_epoch, step_on,
metrics); each is run in the real library and written with what it recorded (how the
regression fixtures under Tests/LRSchedSpecTests/Fixtures/ are made).
"""
import argparse
import ast
import json
import math
import platform
import random
import sys
import warnings


def load_script(name, *names):
    """The named functions of Scripts/NAME.py (scripts are named with hyphens, so not importable by name)."""
    import importlib.util
    import os
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), name + ".py")
    spec = importlib.util.spec_from_file_location(name.replace("-", "_"), path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return tuple(getattr(module, n) for n in names)

warnings.filterwarnings("ignore")


class Raw:
    """A value whose repr is given source text (lambdas, nested scheduler calls)."""

    def __init__(self, text):
        self.text = text

    def __repr__(self):
        return self.text


def call(name, kwargs):
    return f"{name}(" + ", ".join(f"{k}={v!r}" for k, v in kwargs.items()) + ")"


# ---------------------------------------------------------------------------------------
# Random lambdas (the spec's lambda subset), built as Python ASTs and unparsed, so the
# text uses Python's own minimal parenthesisation.


class LambdaGen:
    def __init__(self, rng, param):
        self.r = rng
        self.p = param

    def num(self):
        r = self.r
        c = r.random()
        if c < 0.35:
            return ast.Constant(r.choice([0, 1, 2, 3, 4, 5, 7, 10, 30, 100]))
        if c < 0.8:
            return ast.Constant(r.choice([0.1, 0.5, 0.9, 0.95, 0.99, 1.0, 2.0, 0.25, 1e-3, 3.0, 0.3, 1.5]))
        if c < 0.9:
            return ast.UnaryOp(ast.USub(), ast.Constant(r.choice([1, 0.5, 2.0, 3])))
        return ast.Attribute(ast.Name("math"), "pi")

    def var(self):
        return ast.Name(self.p)

    def atom(self):
        return self.var() if self.r.random() < 0.55 else self.num()

    def expr(self, depth):
        r = self.r
        if depth <= 0:
            return self.atom()
        c = r.random()
        if c < 0.45:
            op = r.choice([ast.Add, ast.Sub, ast.Mult, ast.Div, ast.FloorDiv, ast.Mod, ast.Pow, ast.Mult, ast.Div])()
            a, b = self.expr(depth - 1), self.expr(depth - 1)
            if isinstance(op, ast.Pow):
                # keep powers tame: constant base ** small thing, or thing ** small constant
                if r.random() < 0.5:
                    # (float bases keep the values in range)
                    a = ast.Constant(r.choice([0.5, 0.9, 0.95, 0.99, 2.0, 0.8, 1.1, 3.0]))
                else:
                    b = ast.Constant(r.choice([0.5, 2, 2.0, 3, -1, -0.5, 0.25, 1.5]))
            return ast.BinOp(a, op, b)
        if c < 0.55:
            return ast.UnaryOp(ast.USub(), self.expr(depth - 1))
        if c < 0.7:
            f = r.choice(["cos", "sin", "exp", "log", "sqrt", "cos", "exp"])
            arg = self.expr(depth - 1)
            if f == "exp":
                arg = ast.BinOp(ast.UnaryOp(ast.USub(), ast.Constant(r.choice([0.1, 0.05, 0.5, 1.0]))), ast.Mult(), arg)
            if f in ("log", "sqrt") and r.random() < 0.7:
                arg = ast.BinOp(arg, ast.Add(), ast.Constant(1)) if r.random() < 0.5 else \
                    ast.Call(ast.Name("abs"), [arg], []) if r.random() < 0.5 else \
                    ast.Call(ast.Name("max"), [ast.Constant(1), arg], [])
            return ast.Call(ast.Attribute(ast.Name("math"), f), [arg], [])
        if c < 0.82:
            f = r.choice(["min", "max", "abs"])
            if f == "abs":
                return ast.Call(ast.Name("abs"), [self.expr(depth - 1)], [])
            n = r.choice([2, 2, 2, 3])
            return ast.Call(ast.Name(f), [self.expr(depth - 1) for _ in range(n)], [])
        cmp = r.choice([ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.Eq, ast.NotEq])()
        left = self.var() if r.random() < 0.7 else self.expr(depth - 1)
        right = ast.Constant(r.choice([0, 1, 2, 3, 5, 10, 20])) if r.random() < 0.7 else self.expr(depth - 1)
        if r.random() < 0.3:
            left = ast.BinOp(self.var(), ast.Mod(), ast.Constant(r.choice([2, 3, 4, 5])))
        return ast.IfExp(ast.Compare(left, [cmp], [right]), self.expr(depth - 1), self.expr(depth - 1))

    def factor(self):
        """A lambda body that tends to give sensible multiplicative factors."""
        r = self.r
        p = self.p
        templates = [
            lambda: f"{r.choice([0.9, 0.95, 0.99, 0.5, 0.97])} ** {p}",
            lambda: f"{p} // {r.choice([1, 2, 3, 5, 10])}",
            lambda: f"({p} + 1) / {r.choice([1, 3, 5, 10])} if {p} < {r.choice([1, 3, 5, 10])} else {r.choice([0.5, 0.1, 1.0])} ** (({p} - {r.choice([3, 5])}) // {r.choice([2, 3])})",
            lambda: f"min(1.0, ({p} + 1) / {r.choice([5, 10, 20])}) * 0.5 * (1.0 + math.cos(math.pi * {p} / {r.choice([10, 40, 100])}))",
            lambda: f"1.0 / math.sqrt(max(1, {p}))",
            lambda: f"max({r.choice([0.0, 0.05, 0.1])}, math.exp({r.choice([-0.2, -0.05, -1.0])} * {p})) * (1.0 + 0.1 * math.sin({p}))",
            lambda: f"abs(math.cos(math.pi * {p} / {r.choice([4, 8, 16])})) / (1.0 + math.log({p} + 1))",
            lambda: f"{r.choice([0.5, 0.9, 0.1])} if {p} % {r.choice([2, 3, 4])} == 0 else {r.choice([1.0, 1.02, 0.99])}",
            lambda: f"1 - {p} / {r.choice([10, 50, 100, 7])}",
            lambda: f"({p} % {r.choice([3, 5, 7])}) * {r.choice([0.1, 0.25, 1.0, 0.5])} + {r.choice([0.1, 1, 0.5])}",
            lambda: f"{r.choice([0.1, 1.5, 2, 1.0, 0.3])} * {p} ** {r.choice([-0.5, 2, 0.5, 2.0, -1, 1.5])}",
            lambda: f"{p} / {r.choice([0, 0.0, 1])}",
            lambda: f"math.log({p})",
            lambda: f"{p} // {r.choice([0.3, 0.1, 2.5, 0.7])} * {r.choice([0.1, 0.05])}",
            lambda: f"{p} % {r.choice([0.3, 0.1, 2.5, 0.7, -0.3, -2])} + {r.choice([0.1, 0.5])}",
            lambda: f"-{p} ** 2 / {r.choice([100, 50.0])} + 1",
            lambda: f"(-{r.choice([1.0, 2.0, 0.5])}) ** {p}",
            lambda: f"{r.choice([2, 3, 10])} ** {r.choice([-1, -2])} * {p}",
        ]
        if r.random() < 0.45:
            return r.choice(templates)()
        return ast.unparse(self.expr(r.choice([1, 2, 2, 3, 3, 4])))

    def make(self):
        return Raw(f"lambda {self.p}: {self.factor()}")


def rand_lambda(rng, kind="lr"):
    return LambdaGen(rng, rng.choice(["epoch", "e", "step", "x", "t"])).make()


# ---------------------------------------------------------------------------------------
# torch


TORCH_CLASSES = [
    "StepLR", "MultiStepLR", "ConstantLR", "LinearLR", "ExponentialLR", "PolynomialLR",
    "CosineAnnealingLR", "CosineAnnealingWarmRestarts", "CyclicLR", "OneCycleLR", "LambdaLR",
    "MultiplicativeLR", "SequentialLR", "ChainedScheduler", "ReduceLROnPlateau",
]
SIMPLE = ["StepLR", "MultiStepLR", "ConstantLR", "LinearLR", "ExponentialLR", "PolynomialLR",
          "CosineAnnealingLR", "CosineAnnealingWarmRestarts", "LambdaLR", "MultiplicativeLR"]

LRS = [0.1, 0.01, 0.001, 1.0, 0.05, 3.0, 1e-05, 0.3, 0.2, 0.5]
GAMMAS = [0.1, 0.5, 0.9, 0.97, 0.99, 1.0, 2.0, 0.0, 1e-05, 3.0, 0.3, 0.7]


def pick(rng, options, edge=(), p_edge=0.08):
    if edge and rng.random() < p_edge:
        return rng.choice(list(edge))
    return rng.choice(options)


class TorchGen:
    def __init__(self, rng, ngroups, total_steps, step_on, epochs, spe):
        self.r = rng
        self.G = ngroups
        self.N = total_steps
        self.step_on = step_on
        self.epochs = epochs
        self.spe = spe

    def n_sched_steps(self):
        return self.N if self.step_on == "batch" else self.epochs

    def per_group(self, gen, p_list=0.3, p_bad=0.05):
        """A scalar or a per-group list (sometimes of the wrong length)."""
        r = self.r
        if r.random() < p_list:
            n = self.G
            if r.random() < p_bad:
                n = r.choice([k for k in (1, 2, 3, 4) if k != self.G])
            return [gen() for _ in range(n)]
        return gen()

    def small_int(self):
        return self.r.choice([1, 2, 3, 4, 5, 7, 10, 20, 30, 100])

    def kwargs(self, cls, depth=0):
        r = self.r
        S = max(1, self.n_sched_steps())
        k = {}
        if cls == "StepLR":
            k["step_size"] = pick(r, [1, 2, 3, 5, 7, max(1, S // 3), 30, 1000], [0, -2, -1, 2.5, 1.5, 3.0, 0.0, -0.7])
            if r.random() < 0.8:
                k["gamma"] = pick(r, GAMMAS)
        elif cls == "MultiStepLR":
            n = r.choice([0, 1, 2, 3, 4])
            ms = [r.randint(0, max(2, S + 2)) for _ in range(n)]
            if r.random() < 0.7:
                ms.sort()
            if r.random() < 0.1 and ms:
                ms.append(ms[-1])
            if r.random() < 0.05:
                ms.append(-1)
            if r.random() < 0.05 and ms:
                ms[r.randrange(len(ms))] += r.choice([0.0, 0.5, -0.25])  # torch takes floats
            k["milestones"] = ms
            if r.random() < 0.8:
                k["gamma"] = pick(r, GAMMAS)
        elif cls == "ConstantLR":
            if r.random() < 0.85:
                k["factor"] = pick(r, [0.1, 0.25, 0.5, 0.9, 1.0, 1e-05, 0.3333], [0.0, 1.5, -0.1])
            if r.random() < 0.85:
                k["total_iters"] = pick(r, [1, 2, 3, 4, 5, 10, max(1, S // 2), 100], [0, -1, 2.5, 3.0, 0.0])
        elif cls == "LinearLR":
            if r.random() < 0.85:
                k["start_factor"] = pick(r, [0.1, 0.25, 0.5, 1.0, 1e-05, 0.01, 0.3333], [0.0, 1.2, -0.5])
            if r.random() < 0.6:
                k["end_factor"] = pick(r, [1.0, 0.5, 0.0, 0.1, 0.75], [1.1, -0.1])
            if r.random() < 0.85:
                k["total_iters"] = pick(r, [1, 2, 3, 5, 10, 20, max(1, S // 2), 1000], [0, -2, 2.5, 4.0, 0.0])
        elif cls == "ExponentialLR":
            k["gamma"] = pick(r, GAMMAS + [0.999, 0.95, 1.01])
        elif cls == "PolynomialLR":
            if r.random() < 0.85:
                k["total_iters"] = pick(r, [1, 2, 3, 5, 10, 50, max(1, S // 2), S, 1000], [0, -3, 2.5, 5.0, 0.0])
            if r.random() < 0.8:
                k["power"] = pick(r, [1.0, 2.0, 0.5, 3.0, 0.9, 1.5, 0.0, 10.0], [-1.0, -0.5])
        elif cls == "CosineAnnealingLR":
            k["T_max"] = pick(r, [1, 2, 3, 5, 10, 50, max(1, S // 2), S, 1000, 7.5, 2.0], [0, -4, 0.5])
            if r.random() < 0.6:
                k["eta_min"] = pick(r, [0.0, 1e-05, 0.001, 0.01, 0.05, 0.2, 1e-06], [-0.01, 5.0])
        elif cls == "CosineAnnealingWarmRestarts":
            k["T_0"] = pick(r, [1, 2, 3, 5, 10, 50, max(1, S // 3)], [0, -1, 2.0])
            if r.random() < 0.7:
                k["T_mult"] = pick(r, [1, 2, 3], [0, 2.0, -1])
            if r.random() < 0.6:
                k["eta_min"] = pick(r, [0.0, 1e-05, 0.001, 0.01, 0.05], [0.5])
        elif cls in ("LambdaLR", "MultiplicativeLR"):
            if r.random() < 0.25:
                n = self.G if r.random() > 0.08 else self.G + 1
                k["lr_lambda"] = [rand_lambda(r) for _ in range(n)]
            else:
                k["lr_lambda"] = rand_lambda(r)
        elif cls == "CyclicLR":
            k["base_lr"] = self.per_group(lambda: pick(r, [0.001, 0.0001, 0.01, 0.1, 1e-05, 0.0]))
            k["max_lr"] = self.per_group(lambda: pick(r, [0.01, 0.006, 0.1, 0.002, 1.0, 0.0005]))
            if r.random() < 0.85:
                k["step_size_up"] = pick(r, [1, 2, 3, 4, 5, 7, 10, max(1, S // 4), 2000], [0, 2.5, 1.5])
            if r.random() < 0.4:
                k["step_size_down"] = pick(r, [1, 2, 4, 6, 8, 3], [0, 2.5, None])
            mode = None
            if r.random() < 0.75:
                mode = pick(r, ["triangular", "triangular2", "exp_range"], ["bogus"], 0.05)
                k["mode"] = mode
            if r.random() < 0.5 or mode == "exp_range":
                k["gamma"] = pick(r, [0.99, 0.9, 0.97, 1.0, 0.5, 0.999994, 1.01])
            if r.random() < 0.15 or mode == "bogus":
                k["scale_fn"] = rand_lambda(r)
                if r.random() < 0.7:
                    k["scale_mode"] = pick(r, ["cycle", "iterations"])
            elif r.random() < 0.1:
                k["scale_mode"] = pick(r, ["cycle", "iterations"])
            if r.random() < 0.5:
                k["cycle_momentum"] = r.random() < 0.5
            if r.random() < 0.4:
                k["base_momentum"] = self.per_group(lambda: pick(r, [0.8, 0.85, 0.7, 0.9]))
            if r.random() < 0.4:
                k["max_momentum"] = self.per_group(lambda: pick(r, [0.9, 0.95, 0.99, 0.8]))
        elif cls == "OneCycleLR":
            k["max_lr"] = self.per_group(lambda: pick(r, [0.1, 0.01, 1.0, 0.003, 0.5, 0.001]))
            c = r.random()
            T = max(1, self.n_sched_steps())
            if c < 0.55:
                k["total_steps"] = pick(r, [T, T, T, T + 1, max(1, T - 1), T * 2, 1, 2], [0, -1, float(T)])
            elif c < 0.9:
                if self.step_on == "batch" and r.random() < 0.7:
                    k["epochs"] = self.epochs
                    k["steps_per_epoch"] = self.spe
                else:
                    k["epochs"] = pick(r, [self.epochs, self.epochs + 1, 1, 2], [0, 2.0])
                    k["steps_per_epoch"] = pick(r, [self.spe, 1, 3, 10], [0, -1])
            elif c < 0.95:
                k["total_steps"] = T
                k["epochs"] = r.choice([1, 100])
                k["steps_per_epoch"] = r.choice([1, 100])
            else:
                if r.random() < 0.5:
                    k["epochs"] = self.epochs
            if r.random() < 0.6:
                k["pct_start"] = pick(r, [0.3, 0.25, 0.1, 0.5, 0.33, 0.9, 0.45, 0.2], [0.0, 1.0, 1, 1.5, -0.1])
            if r.random() < 0.5:
                k["anneal_strategy"] = pick(r, ["cos", "linear"], ["bogus"], 0.03)
            if r.random() < 0.4:
                k["three_phase"] = r.random() < 0.6
            if r.random() < 0.4:
                k["cycle_momentum"] = r.random() < 0.5
            if r.random() < 0.35:
                k["base_momentum"] = self.per_group(lambda: pick(r, [0.85, 0.8, 0.9, 0.7]))
            if r.random() < 0.35:
                k["max_momentum"] = self.per_group(lambda: pick(r, [0.95, 0.99, 0.9]))
            if r.random() < 0.4:
                k["div_factor"] = pick(r, [25.0, 10.0, 1.0, 100.0, 3.0, 2.5], [0.0])
            if r.random() < 0.4:
                k["final_div_factor"] = pick(r, [10000.0, 100.0, 1.0, 1000.0, 0.5, 1e-05], [0.0])
        elif cls == "SequentialLR":
            n = r.choice([1, 2, 2, 2, 3, 3, 4])
            kids = []
            for _ in range(n):
                kc = self.child_class(depth)
                kids.append(Raw(call(kc, self.kwargs(kc, depth + 1))))
            k["schedulers"] = kids
            m = n - 1
            if r.random() < 0.05:
                m = r.choice([x for x in range(0, 4) if x != n - 1])
            ms = [r.randint(0, max(2, S)) for _ in range(m)]
            if r.random() < 0.85:
                ms.sort()
            if r.random() < 0.05 and ms:
                ms[r.randrange(len(ms))] += r.choice([0.0, 0.5])  # torch takes floats
            k["milestones"] = ms
        elif cls == "ChainedScheduler":
            n = r.choice([1, 2, 2, 2, 3])
            kids = []
            for _ in range(n):
                kc = self.child_class(depth)
                if r.random() < 0.03:
                    kc = "ReduceLROnPlateau"
                kids.append(Raw(call(kc, self.kwargs(kc, depth + 1))))
            k["schedulers"] = kids
        elif cls == "ReduceLROnPlateau":
            if r.random() < 0.6:
                k["mode"] = pick(r, ["min", "max"], ["bogus"], 0.03)
            if r.random() < 0.8:
                k["factor"] = pick(r, [0.1, 0.5, 0.2, 0.9, 0.3, 0.0], [1.0, 1.5])
            if r.random() < 0.8:
                k["patience"] = pick(r, [0, 1, 2, 3, 5, 10], [1.5, 0.5, 2.0])
            if r.random() < 0.5:
                k["threshold"] = pick(r, [0.0001, 0.01, 0.1, 0.0, 0.05])
            if r.random() < 0.5:
                k["threshold_mode"] = pick(r, ["rel", "abs"], ["bogus"], 0.03)
            if r.random() < 0.4:
                k["cooldown"] = pick(r, [0, 1, 2, 3], [1.5, 0.5, 2.0])
            if r.random() < 0.4:
                k["min_lr"] = self.per_group(lambda: pick(r, [0.0, 0.0005, 0.001, 1e-05, 0.01, 0]), p_list=0.4)
            if r.random() < 0.3:
                k["eps"] = pick(r, [1e-08, 0.01, 0.0, 0.001])
        return k

    def child_class(self, depth):
        r = self.r
        c = r.random()
        if depth < 1 and c < 0.06:
            return r.choice(["SequentialLR", "ChainedScheduler"])
        if c < 0.16:
            return r.choice(["OneCycleLR", "CyclicLR"])
        return r.choice(SIMPLE)


def rand_metrics(rng, n):
    c = rng.random()
    v = rng.choice([1.0, 0.5, 2.0, 10.0, 100.0])
    out = []
    for _ in range(n):
        if c < 0.3:
            v = v * rng.choice([1.0, 1.0, 0.99, 0.9, 1.01, 0.999, 0.5])
        elif c < 0.6:
            v = round(v + rng.choice([0.0, 0.0, -0.1, 0.1, -0.01, 0.01, 0.05]), 4)
        elif c < 0.8:
            v = rng.choice([1.0, 0.9, 0.8, 0.8, 0.7, 0.81])
        else:
            v = rng.choice([0.5, 0.6, 0.605, 0.61, 0.7, 0.705, 0.71, 0.8, 0.8])
        out.append(v)
    return out


def rand_optimizer(rng, ngroups, others=False):
    kind = rng.choice(["SGD", "SGD", "SGD", "Adam", "AdamW"])
    if others and rng.random() < 0.12:
        # the other torch.optim optimizers: their defaults, and momentum cycling refused
        # where the group has neither momentum nor betas
        other = rng.choice([o for o in OPTIMIZERS if o not in ("SGD", "Adam", "AdamW")])
        kw = {}
        if rng.random() < 0.7:
            kw["lr"] = rng.choice(LRS)
        if other == "RMSprop" and rng.random() < 0.6:
            kw["momentum"] = rng.choice([0.9, 0.0, 0.5])
        if other in BETAS and rng.random() < 0.4:
            kw["betas"] = (rng.choice([0.9, 0.8]), 0.999)
        return call(other, kw)
    kw = {}
    if rng.random() < 0.93:
        kw["lr"] = rng.choice(LRS)
    if kind == "SGD":
        if rng.random() < 0.55:
            kw["momentum"] = rng.choice([0.9, 0.0, 0.8, 0.95, 0.5])
    else:
        if rng.random() < 0.5:
            kw["betas"] = (rng.choice([0.9, 0.95, 0.85, 0.8]), rng.choice([0.999, 0.98, 0.99]))
    if rng.random() < 0.3:
        kw["weight_decay"] = rng.choice([0.0005, 0.01, 0.0001, 0.05, 0.0])
    if ngroups == 1 and rng.random() < 0.8:
        return call(kind, kw)
    groups = []
    for _ in range(ngroups):
        g = {}
        if rng.random() < 0.85:
            g["lr"] = rng.choice(LRS)
        if kind == "SGD" and rng.random() < 0.3:
            g["momentum"] = rng.choice([0.9, 0.5, 0.8, 0.0])
        if kind != "SGD" and rng.random() < 0.3:
            g["betas"] = (rng.choice([0.9, 0.85, 0.8]), rng.choice([0.999, 0.99]))
        if rng.random() < 0.2:
            g["weight_decay"] = rng.choice([0.01, 0.0, 0.1])
        groups.append(g)
    return f"{kind}({groups!r}" + "".join(f", {k}={v!r}" for k, v in kw.items()) + ")"


def torch_namespace(torch, opt, sched_mod):
    ns = {"math": math}
    for name in TORCH_CLASSES:
        cls = getattr(sched_mod, name)
        if name == "ChainedScheduler":
            ns[name] = (lambda c: lambda **kw: c(**kw))(cls)
        else:
            ns[name] = (lambda c: lambda **kw: c(opt, **kw))(cls)
    return ns


def build_optimizer(torch, text):
    def mk(cls):
        def f(*args, **kw):
            if args:
                groups = [dict(g, params=[torch.zeros(1, requires_grad=True)]) for g in args[0]]
                opt = cls(groups, **kw)
            else:
                opt = cls([torch.zeros(1, requires_grad=True)], **kw)
            return opt
        return f
    ns = {name: mk(getattr(torch.optim, name)) for name in OPTIMIZERS}
    return eval(text, ns)


# Every torch.optim optimizer; the series recorded follow the group keys: momentum (SGD,
# RMSprop, when the text mentions it), beta1 (the Adam family), else lr only.
OPTIMIZERS = ["Adadelta", "Adafactor", "Adagrad", "Adam", "AdamW", "Adamax", "ASGD", "LBFGS", "NAdam", "RAdam",
              "RMSprop", "Rprop", "SGD", "SparseAdam"]
BETAS = {"Adam", "AdamW", "Adamax", "NAdam", "RAdam", "SparseAdam"}


def optimizer_step(opt):
    """`optimizer.step()`; LBFGS needs a closure and, without gradients, returns at once, so
    the step stays pure bookkeeping as the loop of the reference README wants."""
    if type(opt).__name__ == "LBFGS":
        opt.step(lambda: 0.0)
    else:
        opt.step()


def series_names(opt_text):
    kind = opt_text.split("(", 1)[0]
    if kind in ("SGD", "RMSprop"):
        return ["lr", "momentum"] if "momentum" in opt_text else ["lr"]
    if kind in BETAS:
        return ["lr", "beta1"]
    return ["lr"]


def group_value(g, name):
    if name == "beta1":
        return g["betas"][0]
    return g[name]


class Unrepresentable(Exception):
    pass


def clean(v):
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise Unrepresentable(repr(v))
    v = float(v) if isinstance(v, int) else v
    if not math.isfinite(v):
        raise Unrepresentable(repr(v))
    return v


def run_torch_case(torch, case):
    sched_mod = torch.optim.lr_scheduler
    opt = build_optimizer(torch, case["optimizer"])
    names = series_names(case["optimizer"])
    G = len(opt.param_groups)
    expect = {n: [[] for _ in range(G)] for n in names}
    err = None

    def record():
        for n in names:
            for gi, g in enumerate(opt.param_groups):
                expect[n][gi].append(clean(group_value(g, n)))

    try:
        sched = eval(case["scheduler"], torch_namespace(torch, opt, sched_mod))
    except Exception as e:  # noqa: BLE001 - the library's exception is the datum
        return expect, {"at_step": -1, "type": type(e).__name__, "message": str(e)}
    k = -1
    plateau = isinstance(sched, sched_mod.ReduceLROnPlateau)
    try:
        for epoch in range(case["epochs"]):
            for _ in range(case["steps_per_epoch"]):
                k += 1
                record()
                optimizer_step(opt)
                if case["step_on"] == "batch":
                    sched.step()
            if case["step_on"] == "epoch":
                if plateau:
                    sched.step(case["metrics"][epoch])
                else:
                    sched.step()
    except Unrepresentable:
        raise
    except Exception as e:  # noqa: BLE001
        err = {"at_step": k, "type": type(e).__name__, "message": str(e)}
    return expect, err


def gen_torch_case(rng, idx, prefix, classes):
    cls = rng.choice(classes)
    c = rng.random()
    if c < 0.05:
        epochs, spe = rng.randint(50, 400), rng.randint(20, 100)  # long runs: drift of recurrences
    elif c < 0.1:
        epochs, spe = 1, 1
    else:
        epochs, spe = rng.randint(1, 25), rng.choice([1, 1, 2, 3, 5, 10, 12])
    step_on = rng.choice(["batch", "epoch"])
    if cls == "ReduceLROnPlateau":
        step_on = "epoch"
    if cls in ("OneCycleLR", "CyclicLR") and rng.random() < 0.7:
        step_on = "batch"
    ngroups = rng.choice([1, 1, 1, 2, 2, 3])
    opt_text = rand_optimizer(rng, ngroups, others=True)
    gen = TorchGen(rng, ngroups, epochs * spe, step_on, epochs, spe)
    sched_text = call(cls, gen.kwargs(cls))
    case = {
        "id": f"torch-{cls.lower()}-{prefix}-{idx:05d}",
        "library": "torch",
        "scheduler": sched_text,
        "optimizer": opt_text,
        "epochs": epochs,
        "steps_per_epoch": spe,
        "step_on": step_on,
    }
    if cls == "ReduceLROnPlateau":
        case["metrics"] = rand_metrics(rng, epochs)
    return case


# ---------------------------------------------------------------------------------------


def write_file(path, library, versions, cases, trainer_cases=None):
    out = ['{', f'  "library": {json.dumps(library)},',
           f'  "generated_with": {json.dumps(versions)},', '  "cases": [']
    for i, c in enumerate(cases):
        out.append("    " + json.dumps(c, allow_nan=False) + ("," if i + 1 < len(cases) else ""))
    if trainer_cases:
        out += ["  ],", '  "trainer_cases": [']
        for i, c in enumerate(trainer_cases):
            out.append("    " + json.dumps(c, allow_nan=False) + ("," if i + 1 < len(trainer_cases) else ""))
    out += ["  ]", "}"]
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--library", choices=["torch", "timm", "accelerated", "transformers"], default="torch")
    ap.add_argument("--trainer", type=int, default=0,
                    help="transformers: also record N random Trainer.train() runs as trainer_cases")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--count", type=int, default=200)
    ap.add_argument("--classes", default="", help="comma-separated subset of classes")
    ap.add_argument("--id-prefix", default=None)
    ap.add_argument("--from-specs", default=None, help="record these cases instead of random ones")
    ap.add_argument("--snippets", default=None, help="record the real snippets of this folder")
    ap.add_argument("-o", "--output", required=False)
    args = ap.parse_args()

    import torch
    if args.snippets:
        record_snippets(torch, args.snippets)
        return
    if not args.output:
        ap.error("-o is required")
    rng = random.Random(args.seed)
    prefix = args.id_prefix or f"s{args.seed}"
    versions = {"python": platform.python_version(), "torch": torch.__version__,
                "platform": f"{platform.system()}-{platform.machine()} {'-'.join(platform.libc_ver())}"}
    cases = []
    trainer_cases = []
    dropped = 0
    classes = args.classes.split(",") if args.classes else TORCH_CLASSES
    gen, run = gen_torch_case, run_torch_case
    if args.library in ("timm", "accelerated"):
        (timm_classes, accelerated_classes, gen_timm_case, gen_accelerated_case, run_loop_case) = load_script(
            "gen-cases-timm", "TIMM_CLASSES", "ACCELERATED_CLASSES", "gen_timm_case", "gen_accelerated_case",
            "run_loop_case")
        if args.library == "timm":
            import timm
            versions["timm"] = timm.__version__
            classes = args.classes.split(",") if args.classes else timm_classes
            gen = gen_timm_case
        else:
            from importlib.metadata import version
            versions["pytorch_accelerated"] = version("pytorch-accelerated")
            classes = args.classes.split(",") if args.classes else accelerated_classes
            gen = gen_accelerated_case

        def run(torch, case):
            return run_loop_case(torch, case, build_optimizer, series_names, group_value, clean, optimizer_step)
    specs = json.load(open(args.from_specs)) if args.from_specs else None
    if args.library == "transformers":
        import numpy
        import transformers
        import accelerate
        gen_transformers_case, run_transformers_case = load_script(
            "gen-cases-transformers", "gen_transformers_case", "run_transformers_case")
        rand_training_args, run_trainer_case = load_script("gen-cases-trainer", "rand_training_args", "run_trainer_case")
        versions = {"python": platform.python_version(), "numpy": numpy.__version__, "torch": torch.__version__,
                    "transformers": transformers.__version__, "accelerate": accelerate.__version__,
                    "platform": versions["platform"]}
        gen = lambda rng, i, prefix, classes: gen_transformers_case(rng, i, prefix, rand_optimizer, rand_metrics)
        run = lambda torch, case: run_transformers_case(torch, case, build_optimizer, series_names, clean)
        trainer_specs = [c for c in (specs or []) if "training_args" in c]
        specs = [c for c in specs if "training_args" not in c] if specs is not None else None
        for c in trainer_specs:
            c = dict(c)
            c["expect"] = run_trainer_case(torch, c, run)
            trainer_cases.append(c)
        j = 0
        while len(trainer_cases) < len(trainer_specs) + args.trainer:
            ta, n = rand_training_args(rng)
            c = {"id": f"transformers-trainer-{ta['lr_scheduler_type'].replace('_', '')}-{prefix}-{j:03d}",
                 "library": "transformers", "training_args": ta, "train_dataset_size": n}
            j += 1
            try:
                c["expect"] = run_trainer_case(torch, c, run)
            except Exception:  # noqa: BLE001 - a Trainer that raises has no trainer_cases form
                dropped += 1
                continue
            trainer_cases.append(c)
    if specs is not None:
        args.count = len(specs)
    i = 0
    while len(cases) < args.count:
        if specs is not None:
            case = dict(specs[i])
        else:
            case = gen(rng, i, prefix, classes)
        i += 1
        try:
            expect, err = run(torch, case)
        except (Unrepresentable, OverflowError, TypeError):
            if specs is not None:
                sys.exit(f"{case['id']}: values not representable")
            dropped += 1
            continue
        case["expect"] = expect
        if err is not None:
            case["expect_error"] = err
        cases.append(case)
    write_file(args.output, args.library, versions, cases, trainer_cases)
    print(f"{len(cases)} cases written to {args.output} ({dropped} dropped: non-finite or complex values)",
          file=sys.stderr)


def record_snippets(torch, folder):
    import os
    import snippet_harness
    import timm
    import transformers
    cases = json.load(open(os.path.join(folder, "cases.json")))
    versions = {"python": platform.python_version(), "torch": torch.__version__, "timm": timm.__version__,
                "transformers": transformers.__version__,
                "platform": f"{platform.system()}-{platform.machine()} {'-'.join(platform.libc_ver())}"}
    out = []
    for case in cases:
        text = open(os.path.join(folder, case["file"]), encoding="utf-8").read()
        expect, error = snippet_harness.run_snippet(torch, text, case)
        out.append(dict(case, expect=expect) if error is None else dict(case, expect_error=error))
    write_file(os.path.join(folder, "expected.json"), "snippets", versions, out)
    print(f"{len(out)} snippets recorded in {folder}/expected.json", file=sys.stderr)


if __name__ == "__main__":
    main()
