#!/usr/bin/env python3
"""Writes the pickle fixtures of Tests/LRSchedBenchTests/Fixtures/pickles/ (run from the repo root).

`good/cifar-10-batches-py/` has the structure torchvision's CIFAR10 reads
(torchvision/datasets/cifar.py: `pickle.load(f, encoding="latin1")`, `entry["data"]`,
`entry["labels"]`): what Python 2.7's cPickle wrote for the original files, protocol 2, emitted
opcode by opcode below - a dict with 'data' (a numpy uint8 array N x 3072 rebuilt through
numpy.core.multiarray._reconstruct, numpy.ndarray and numpy.dtype), 'labels' (a list of ints),
'batch_label' and 'filenames'; lists and dicts in batches of 1000 as cPickle writes them. Each
file is then loaded back with this Python's pickle and numpy, exactly as torchvision does, and
checked against the arrays it was made from. `py3/` is the same content saved by Python 3's
own pickle (protocol 4, numpy 2's `numpy._core` names). `hostile/` holds pickles the reader
must refuse. `expected.txt` lists, per good file, the label and the byte sum of every image,
computed here with numpy.
"""
import io, os, pickle, struct, sys
import numpy as np

OUT = "Tests/LRSchedBenchTests/Fixtures/pickles"


class Py2Pickler:
    """Protocol 2 as Python 2.7's cPickle wrote it for str keys, ints, lists and numpy arrays."""

    def __init__(self):
        self.b = io.BytesIO()
        self.memo = 0

    def op(self, x):
        self.b.write(x)

    def put(self):
        self.memo += 1
        self.op(b"q" + bytes([self.memo]) if self.memo < 256 else b"r" + struct.pack("<I", self.memo))

    def string(self, s, memo=True):  # Python 2 str: SHORT_BINSTRING / BINSTRING
        s = s if isinstance(s, bytes) else s.encode("latin1")
        self.op(b"U" + bytes([len(s)]) + s if len(s) < 256 else b"T" + struct.pack("<i", len(s)) + s)
        if memo:
            self.put()

    def int(self, v):
        if 0 <= v < 256:
            self.op(b"K" + bytes([v]))
        elif 0 <= v < 65536:
            self.op(b"M" + struct.pack("<H", v))
        else:
            self.op(b"J" + struct.pack("<i", v))

    def global_(self, module, name):
        self.op(b"c" + module.encode() + b"\n" + name.encode() + b"\n")
        self.put()

    def ndarray(self, a):
        self.global_("numpy.core.multiarray", "_reconstruct")
        self.global_("numpy", "ndarray")
        self.int(0)
        self.op(b"\x85")  # TUPLE1
        self.string(b"b", memo=False)
        self.op(b"\x87R")  # TUPLE3, REDUCE
        self.put()
        self.op(b"(")
        self.int(1)
        for d in a.shape:
            self.int(d)
        self.op({1: b"\x85", 2: b"\x86", 3: b"\x87"}[a.ndim])
        self.global_("numpy", "dtype")
        self.string(b"u1", memo=False)
        self.int(0)
        self.int(1)
        self.op(b"\x87R")
        self.put()
        self.op(b"(")
        self.int(3)
        self.string(b"|", memo=False)
        self.op(b"NNN")
        self.op(b"J" + struct.pack("<i", -1) + b"J" + struct.pack("<i", -1))
        self.int(0)
        self.op(b"tb")  # TUPLE, BUILD
        self.op(b"\x89")  # NEWFALSE
        self.string(a.tobytes(), memo=False)
        self.op(b"tb")

    def list_(self, items, each):
        self.op(b"]")
        self.put()
        for i in range(0, len(items), 1000):
            chunk = items[i:i + 1000]
            if len(chunk) == 1:
                each(chunk[0]); self.op(b"a")
            else:
                self.op(b"(")
                for x in chunk:
                    each(x)
                self.op(b"e")

    def batch(self, data, labels, label, filenames):
        self.op(b"\x80\x02}")
        self.put()
        self.op(b"(")
        self.string("data"); self.ndarray(data)
        self.string("labels"); self.list_(labels, self.int)
        self.string("batch_label"); self.string(label)
        self.string("filenames"); self.list_(filenames, self.string)
        self.op(b"u.")  # SETITEMS, STOP
        return self.b.getvalue()


def images(n, seed, hard=False):
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, 10, size=n)
    data = rng.integers(0, 256, size=(n, 3072), dtype=np.uint8)
    return data, [int(x) for x in labels]


def write(path, blob):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(blob)


def main():
    expected = []
    names = [f"data_batch_{i}" for i in range(1, 6)] + ["test_batch"]
    for k, name in enumerate(names):
        n = 7 if name != "test_batch" else 5
        data, labels = images(n, k)
        files = [f"img_{k}_{i}.png" for i in range(n)]
        label = f"training batch {k + 1} of 5" if k < 5 else "testing batch 1 of 1"
        blob = Py2Pickler().batch(data, labels, label, files)
        path = f"{OUT}/good/cifar-10-batches-py/{name}"
        write(path, blob)
        # Read back as torchvision does.
        with open(path, "rb") as f:
            entry = pickle.load(f, encoding="latin1")
        assert entry["data"].dtype == np.uint8 and entry["data"].shape == (n, 3072)
        assert (entry["data"] == data).all() and entry["labels"] == labels
        assert np.vstack([entry["data"]]).reshape(-1, 3, 32, 32).transpose((0, 2, 3, 1)).shape == (n, 32, 32, 3)
        write(f"{OUT}/py3/cifar-10-batches-py/{name}",
              pickle.dumps({"data": data, "labels": labels, "batch_label": label, "filenames": files}, protocol=4))
        for i in range(n):
            expected.append(f"{name} {i} {labels[i]} {int(data[i].astype(np.int64).sum())}")
    write(f"{OUT}/good/cifar-10-batches-py/batches.meta",
          pickle.dumps({"label_names": ["airplane"]}, protocol=2))
    with open(f"{OUT}/expected.txt", "w") as f:
        f.write("\n".join(expected) + "\n")

    # Hostile or broken pickles.
    good = open(f"{OUT}/good/cifar-10-batches-py/test_batch", "rb").read()

    class Evil:
        def __reduce__(self):
            return (os.system, ("echo pwned > /tmp/lrsched-pickle-pwned",))

    write(f"{OUT}/hostile/os-system", pickle.dumps({"data": Evil(), "labels": []}, protocol=2))
    write(f"{OUT}/hostile/builtins-eval",
          b"\x80\x02cbuiltins\neval\nq\x00X\x0b\x00\x00\x00__import__()q\x01\x85R.")
    # numpy's reconstruct global, but called with something else than ndarray.
    write(f"{OUT}/hostile/reconstruct-other", b"\x80\x02cnumpy.core.multiarray\n_reconstruct\ncos\nsystem\nK\x00\x85U\x01b\x87R.")
    write(f"{OUT}/hostile/truncated", good[: len(good) // 2])
    huge = good.replace(b"T" + struct.pack("<i", 5 * 3072), b"T" + struct.pack("<i", 0x7FFFFFF0), 1)
    assert huge != good
    write(f"{OUT}/hostile/huge-length", huge)
    write(f"{OUT}/hostile/unknown-opcode", b"\x80\x02}q\x01I1\n.")
    write(f"{OUT}/hostile/not-a-pickle", b"hello world\n")
    wrong_len = Py2Pickler().batch(*images(3, 1), "x", ["a", "b", "c"])
    wrong_len = wrong_len.replace(b"K\x01K\x03M\x00\x0c\x86", b"K\x01K\x03M\x00\x0b\x86", 1)
    write(f"{OUT}/hostile/shape-mismatch", wrong_len)
    print("wrote", OUT)


if __name__ == "__main__":
    main()
