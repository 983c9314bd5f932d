#!/usr/bin/env python3
"""SYNOPSIS: python3 Scripts/record-loops.py CONFIGS.json -o FILE.json

Records how real training frameworks step a scheduler, in the loops.json format of
shared/reference/README-frameworks.md (`lrsched verify FILE.json` then checks the loop
model against it). CONFIGS.json is a list of objects: id, scheduler, optimizer (torch
classes, without the optimizer / parameters) and loop (framework torch|accelerate|
lightning, world_size, dataset_size, batch_size, drop_last, epochs,
gradient_accumulation_steps, step_on, split_batches, step_scheduler_with_optimizer,
interval, frequency, skipped_steps).

Each config runs a tiny model (Linear(2, 1), MSE) on CPU: world_size 1 in this process's
child, world_size > 1 under `torchrun --nproc_per_node=W` (gloo, 127.0.0.1); every rank
writes its series and the ranks must agree. The value of optimizer step k is recorded
just before that step's update; skipped steps come from a real GradScaler('cpu') whose
loss is multiplied by inf for every micro-batch of a listed step (accelerate: the scaler
is set on the Accelerator before prepare, as fp16 on a GPU would build it).
Needs torch, accelerate and pytorch_lightning (e.g. /work/venv/bin/python).
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import warnings

warnings.filterwarnings("ignore")


def build(cfg, params):
    import torch
    from torch.optim import lr_scheduler as L

    opt_text = cfg["optimizer"]
    name, rest = opt_text.split("(", 1)
    opt = eval(f"torch.optim.{name}(params, {rest}", {"torch": torch, "params": params})
    # Every scheduler call, nested ones too (SequentialLR(schedulers=[...])), gets the optimizer.
    text = re.sub(r"\b([A-Z][A-Za-z]*LR|ChainedScheduler)\(", r"L.\1(opt, ", cfg["scheduler"])
    sched = eval(text, {"L": L, "opt": opt})
    return opt, sched


def fields(cfg):
    o = cfg["optimizer"]
    if o.startswith("SGD"):
        return ["lr", "momentum"] if "momentum" in o else ["lr"]
    return ["lr", "beta1"]


def snapshot(opt, names):
    out = {}
    for n in names:
        if n == "beta1":
            out[n] = [g["betas"][0] for g in opt.param_groups]
        else:
            out[n] = [g[n] for g in opt.param_groups]
    return out


class Recorder:
    def __init__(self, names):
        self.names = names
        self.series = None
        self.error = None

    def record(self, opt):
        snap = snapshot(opt, self.names)
        if self.series is None:
            self.series = {n: [[] for _ in snap[n]] for n in self.names}
        for n in self.names:
            for g, v in enumerate(snap[n]):
                self.series[n][g].append(v)

    def count(self):
        return 0 if self.series is None else len(self.series[self.names[0]][0])


def data(n):
    import torch

    g = torch.Generator().manual_seed(0)
    x = torch.randn(n, 2, generator=g)
    return torch.utils.data.TensorDataset(x, x.sum(1, keepdim=True))


def run_accelerate(cfg, loop):
    import torch
    from accelerate import Accelerator
    from accelerate.utils import DataLoaderConfiguration

    K = loop.get("gradient_accumulation_steps", 1)
    acc = Accelerator(
        gradient_accumulation_steps=K,
        step_scheduler_with_optimizer=loop.get("step_scheduler_with_optimizer", True),
        dataloader_config=DataLoaderConfiguration(split_batches=loop.get("split_batches", False)),
        cpu=True,
    )
    torch.manual_seed(0)
    model = torch.nn.Linear(2, 1)
    opt, sched = build(cfg, model.parameters())
    dl = torch.utils.data.DataLoader(data(loop["dataset_size"]), batch_size=loop["batch_size"], drop_last=loop.get("drop_last", False))
    before = len(dl)
    skipped = set(loop.get("skipped_steps", []))
    if skipped:
        acc.scaler = torch.amp.GradScaler("cpu")
    model, opt, dl, sched = acc.prepare(model, opt, dl, sched)
    rec = Recorder(fields(cfg))
    step, gbatch, at = 0, 0, 0
    try:
        for _ in range(loop["epochs"]):
            for batch in dl:
                with acc.accumulate(model):
                    x, y = batch
                    loss = torch.nn.functional.mse_loss(model(x), y)
                    if step in skipped:
                        loss = loss * float("inf")
                    acc.backward(loss)
                    if acc.sync_gradients:
                        rec.record(opt)
                    opt.step()
                    if acc.sync_gradients:
                        if step in skipped:
                            assert opt.step_was_skipped
                        step += 1
                    if loop.get("step_on", "batch") == "batch":
                        at = gbatch
                        sched.step()
                    opt.zero_grad()
                gbatch += 1
            if loop.get("step_on", "batch") == "epoch":
                at = gbatch - 1
                sched.step()
    except ValueError as e:
        rec.error = {"at_step": rec.count() - 1, "type": "ValueError", "message": str(e), "at_batch": at}
    loop["len_dataloader_before_prepare"] = before
    loop["batches_per_epoch"] = len(dl)
    return rec, sched.scheduler


def run_lightning(cfg, loop):
    import torch
    import pytorch_lightning as pl

    rec = Recorder(fields(cfg))
    skipped = set(loop.get("skipped_steps", []))
    holder = {}

    class M(pl.LightningModule):
        def __init__(self):
            super().__init__()
            torch.manual_seed(0)
            self.lin = torch.nn.Linear(2, 1)
            self.steps = 0

        def training_step(self, batch, idx):
            x, y = batch
            loss = torch.nn.functional.mse_loss(self.lin(x), y)
            if self.trainer.fit_loop.epoch_loop._batches_that_stepped in skipped:
                loss = loss * float("inf")
            return loss

        def on_before_optimizer_step(self, optimizer):
            rec.record(optimizer)

        def on_train_batch_start(self, batch, idx):
            holder["batch"] = holder.get("batch", -1) + 1

        def configure_optimizers(self):
            opt, sched = build(cfg, self.parameters())
            holder["sched"] = sched
            return {"optimizer": opt, "lr_scheduler": {"scheduler": sched, "interval": loop.get("interval", "step"), "frequency": loop.get("frequency", 1)}}

    W = loop.get("world_size", 1)
    kw = {}
    if W > 1:
        from pytorch_lightning.strategies import DDPStrategy

        kw["strategy"] = DDPStrategy(process_group_backend="gloo")
    if skipped:
        from pytorch_lightning.plugins.precision import MixedPrecision

        kw["plugins"] = [MixedPrecision("16-mixed", "cpu", scaler=torch.amp.GradScaler("cpu", init_scale=1024.0))]
    tr = pl.Trainer(
        accelerator="cpu", devices=W, max_epochs=loop["epochs"], accumulate_grad_batches=loop.get("gradient_accumulation_steps", 1),
        logger=False, enable_checkpointing=False, enable_progress_bar=False, enable_model_summary=False, num_sanity_val_steps=0, **kw
    )
    dl = torch.utils.data.DataLoader(data(loop["dataset_size"]), batch_size=loop["batch_size"], drop_last=loop.get("drop_last", False))
    try:
        tr.fit(M(), dl)
    except ValueError as e:
        rec.error = {"at_step": rec.count() - 1, "type": "ValueError", "message": str(e), "at_batch": holder["batch"]}
    loop["batches_per_epoch"] = tr.num_training_batches
    return rec, holder["sched"]


def worker(cfg_path, out_prefix):
    cfg = json.load(open(cfg_path))
    loop = cfg["loop"]
    fw = loop["framework"]
    rec, sched = run_accelerate(cfg, loop) if fw == "accelerate" else run_lightning(cfg, loop)
    rank = int(os.environ.get("RANK", "0"))
    case = {
        "id": cfg["id"], "library": "loops", "scheduler_library": "torch", "scheduler": cfg["scheduler"],
        "optimizer": cfg["optimizer"], "loop": loop,
        "observed": {"optimizer_steps": rec.count(), "scheduler_last_epoch": sched.last_epoch},
        "expect": rec.series or {n: [] for n in fields(cfg)},
    }
    if hasattr(sched, "_step_count"):  # SequentialLR has none
        case["observed"]["scheduler_step_count"] = sched._step_count
    if rec.error:
        case["expect_error"] = rec.error
    json.dump(case, open(f"{out_prefix}.{rank}.json", "w"))


def main():
    if sys.argv[1] == "--worker":
        return worker(sys.argv[2], sys.argv[3])
    configs = json.load(open(sys.argv[1]))
    out = sys.argv[sys.argv.index("-o") + 1]
    cases = []
    for cfg in configs:
        W = cfg["loop"].get("world_size", 1)
        with tempfile.TemporaryDirectory() as d:
            cp = os.path.join(d, "cfg.json")
            json.dump(cfg, open(cp, "w"))
            prefix = os.path.join(d, "out")
            me = os.path.abspath(__file__)
            if W == 1:
                cmd = [sys.executable, me, "--worker", cp, prefix]
            else:
                cmd = [sys.executable, "-m", "torch.distributed.run", f"--nproc_per_node={W}", "--master_addr=127.0.0.1",
                       "--master_port=29531", me, "--worker", cp, prefix]
            env = dict(os.environ, MASTER_ADDR="127.0.0.1", GLOO_SOCKET_IFNAME="lo")
            subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            ranks = [json.load(open(f"{prefix}.{r}.json")) for r in range(W)]
            for r in ranks[1:]:
                assert r["expect"] == ranks[0]["expect"] and r.get("expect_error") == ranks[0].get("expect_error"), cfg["id"]
            cases.append(ranks[0])
            print(cfg["id"], ranks[0]["observed"], file=sys.stderr)
    import accelerate, platform, pytorch_lightning, torch

    doc = {
        "library": "loops",
        "generated_with": {"python": platform.python_version(), "torch": torch.__version__, "accelerate": accelerate.__version__,
                           "pytorch_lightning": pytorch_lightning.__version__, "launcher": "torchrun (gloo, 127.0.0.1, CPU) for world_size > 1"},
        "cases": cases,
    }
    with open(out, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
