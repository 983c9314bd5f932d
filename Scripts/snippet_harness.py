"""Runs real scheduler snippets (Tests/LRSchedCLITests/Snippets) with the real libraries and
records the values every optimizer step trains with, for `Scripts/gen-cases.py --snippets`.

The harness gives a snippet what its own program would: `torch`, a model (`model`, `net`)
whose `parameters()` are real tensors, lrsched's default optimizer under the usual names
(`optimizer`, `opt`, `self.optimizer`), a loader of `steps_per_epoch` batches under the
usual names, the case's `defines` (the `-D NAME=VALUE` of lrsched; dotted names become
attribute chains), and any other import as a module of placeholders. It then evaluates
the case's `schedule` expression (default `scheduler`) and runs the loop lrsched runs:
record the values, `optimizer.step()`, `scheduler.step()` per batch or per epoch.
"""
import ast
import contextlib
import io
import importlib.abc
import importlib.machinery
import importlib.util
import sys
import types

LOADER_NAMES = ["train_loader", "train_dataloader", "trainloader", "dataloader", "loader", "data_loader",
                "train_data_loader", "train_dl"]


class Outside:
    """Something from outside the snippet (a model, a config object, an unknown module's name)."""

    params = []
    steps_per_epoch = 1

    def __init__(self, name):
        self._name = name

    def __getattr__(self, attr):
        if attr.startswith("__"):
            raise AttributeError(attr)
        return Outside(self._name + "." + attr)

    def __call__(self, *args, **kwargs):
        return Outside(self._name + "()")

    def __iter__(self):
        return iter([])

    def __len__(self):
        # len() of a loader from outside is the run's steps per epoch, as lrsched reads it.
        if "loader" in self._name.lower():
            return Outside.steps_per_epoch
        raise TypeError(f"object of type 'Outside' ({self._name}) has no len()")

    def parameters(self, *args, **kwargs):
        return iter(Outside.params)

    def named_parameters(self, *args, **kwargs):
        return iter([(f"w{i}", p) for i, p in enumerate(Outside.params)])


class OutsideModules(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """The snippet's imports no installed package provides: every name in them is an
    `Outside`. Only those roots: libraries' own optional imports fail as usual."""

    def __init__(self, roots):
        self.roots = roots

    def find_spec(self, fullname, path, target=None):
        if fullname.split(".")[0] not in self.roots:
            return None
        return importlib.machinery.ModuleSpec(fullname, self, is_package=True)

    def create_module(self, spec):
        m = types.ModuleType(spec.name)
        m.__path__ = []
        def attribute(attr):
            if attr.startswith("__"):
                raise AttributeError(attr)
            return Outside(spec.name + "." + attr)
        m.__getattr__ = attribute
        return m

    def exec_module(self, module):
        pass


def set_dotted(ns, name, value):
    parts = name.split(".")
    if len(parts) == 1:
        ns[name] = value
        return
    obj = ns.get(parts[0])
    if obj is None:
        obj = types.SimpleNamespace()
        ns[parts[0]] = obj
    for p in parts[1:-1]:
        nxt = obj.__dict__.get(p)
        if nxt is None:
            nxt = types.SimpleNamespace()
            setattr(obj, p, nxt)
        obj = nxt
    setattr(obj, parts[-1], value)


def namespace(torch, case):
    Outside.params = [torch.zeros(2, requires_grad=True)]
    Outside.steps_per_epoch = case["steps_per_epoch"]
    # `from transformers import AdamW` (removed in transformers 5) means torch's AdamW, as in lrsched.
    import transformers
    if not hasattr(transformers, "AdamW"):
        transformers.AdamW = torch.optim.AdamW
    model = Outside("model")
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    me = Outside("self")
    me.optimizer = opt
    ns = {"__name__": "__main__", "torch": torch, "model": model, "net": model, "optimizer": opt, "opt": opt,
          "self": me}
    # Bare class names resolve without an import line, as lrsched resolves them.
    for mod in (torch.optim.lr_scheduler, torch.optim):
        for name in dir(mod):
            obj = getattr(mod, name)
            if isinstance(obj, type) and name[0].isupper() and not name.startswith("_"):
                ns.setdefault(name, obj)
    for n in LOADER_NAMES:
        ns[n] = list(range(case["steps_per_epoch"]))
    for name, text in case.get("defines", {}).items():
        set_dotted(ns, name, ast.literal_eval(text))
    return ns


def fields_of(group):
    out = ["lr"]
    if "betas" in group:
        out.append("beta1")
    elif "momentum" in group:
        out.append("momentum")
    return out


def value(group, field):
    return group["betas"][0] if field == "beta1" else group[field]


def run_snippet(torch, text, case):
    """The recorded series of one case ({field: [[values of group 0], …]}, None), or (None,
    the exception) when building the schedule raised."""
    roots = set()
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Import):
            roots |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    missing = {r for r in roots if importlib.util.find_spec(r) is None}
    sys.meta_path[:] = [f for f in sys.meta_path if not isinstance(f, OutsideModules)] + [OutsideModules(missing)]
    ns = namespace(torch, case)
    if "stop_line" in case:  # lrsched reads the file up to its own loop
        text = "\n".join(text.split("\n")[: case["stop_line"] - 1]) + "\n"
    with contextlib.redirect_stdout(io.StringIO()):
        exec(compile(text, case["file"], "exec"), ns)
    # A define under an imported placeholder module (`-D wandb.config=…` after `import wandb`).
    for name, text_value in case.get("defines", {}).items():
        if "." in name and isinstance(ns.get(name.split(".")[0]), types.ModuleType):
            set_dotted(ns, name, ast.literal_eval(text_value))
    try:
        sched = eval(case.get("schedule", "scheduler"), ns)
    except Exception as e:  # noqa: BLE001 - the library's exception is the datum
        return None, {"type": type(e).__name__, "message": str(e)}
    if isinstance(sched, dict):  # Lightning's configure_optimizers return
        sched = sched["lr_scheduler"]
        if isinstance(sched, dict):
            sched = sched["scheduler"]
    if isinstance(sched, tuple) and len(sched) == 2 and all(isinstance(x, list) for x in sched):
        sched = sched[1][0]  # Lightning's ([optimizer], [scheduler])
    if isinstance(sched, tuple):
        sched = next(s for s in sched if hasattr(s, "step"))
    opt = sched.optimizer
    names = fields_of(opt.param_groups[0])
    expect = {n: [[] for _ in opt.param_groups] for n in names}
    # A timm scheduler runs in timm train.py's loop, as lrsched runs it (docs/timm.md).
    timm_loop = hasattr(sched, "step_update")
    num_updates = 0
    for epoch in range(case["epochs"]):
        for _ in range(case["steps_per_epoch"]):
            for n in names:
                for gi, g in enumerate(opt.param_groups):
                    expect[n][gi].append(float(value(g, n)))
            opt.step()
            num_updates += 1
            if timm_loop:
                sched.step_update(num_updates)
            elif case["step_on"] == "batch":
                sched.step()
        if timm_loop:
            sched.step(epoch + 1)
        elif case["step_on"] == "epoch":
            sched.step()
    return expect, None
