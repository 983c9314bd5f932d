#!/usr/bin/env python3
"""Writes CIFAR-10-format datasets with other statistics than lrsched's built-in synthetic data,
for the find-lr benchmark (Scripts/bench-findlr.sh). Usage: gen-cifar-variants.py OUTDIR [N_TRAIN N_TEST]

  hard/cifar-10-batches-bin   ten classes whose templates differ little (smooth random textures,
                              pairwise close) under heavy noise: a harder problem, ~45-55% at best
  dark/cifar-10-batches-bin   dim, low-contrast images (mean ~35/255, std ~12/255), unequal class
                              frequencies (class k drawn with weight k+1)
  bright/cifar-10-batches-py  bright, high-contrast images with per-image gain; written as
                              torchvision's pickles (numpy arrays, Python's pickle), so the
                              benchmark also reads that format

  held out (made after find-lr's rule was fixed on the three above and the built-in data):
  mid/…-bin                   medium class spread and noise
  close/…-bin                 classes closer still, heavier noise (like hard, another draw)
  gain/…-bin                  strong per-image gain and offsets, light pixel noise
  pale/…-bin                  very bright, low contrast, class k drawn with weight 10-k

Each image is its class template plus per-image offsets and per-pixel noise, from a seeded numpy
generator, in the binary format's layout (label byte, then R, G, B planes of 32x32).
"""
import os, pickle, sys
import numpy as np


def templates(rng, spread, base, amp):
    """Ten 3x32x32 templates: a shared smooth field plus `spread` times a per-class smooth field."""
    def smooth():
        f = rng.normal(size=(3, 8, 8))
        f = np.kron(f, np.ones((4, 4)))  # 32x32 blocks
        k = np.array([1, 4, 6, 4, 1], float) / 16
        for axis in (1, 2):
            f = np.apply_along_axis(lambda v: np.convolve(v, k, mode="same"), axis, f)
        return f / f.std()
    shared = smooth()
    return np.stack([base + amp * (shared + spread * smooth()) for _ in range(10)])


def draw(rng, t, n, noise, gain=0.0, weights=None):
    p = None if weights is None else np.asarray(weights, float) / np.sum(weights)
    labels = rng.choice(10, size=n, p=p)
    x = t[labels].copy()
    if gain:
        x *= 1 + gain * rng.uniform(-1, 1, size=(n, 1, 1, 1))
    x += rng.normal(scale=noise[0], size=(n, 3, 1, 1))  # per-image, per-channel offset
    x += rng.normal(scale=noise[1], size=x.shape)  # per-pixel noise
    return np.clip(np.rint(x), 0, 255).astype(np.uint8).reshape(n, 3072), labels.astype(np.uint8)


def write_bin(folder, train, test):
    os.makedirs(folder, exist_ok=True)
    (xs, ys), (xt, yt) = train, test
    parts = np.array_split(np.arange(len(ys)), 5)
    for i, idx in enumerate(parts, 1):
        rec = np.concatenate([ys[idx, None], xs[idx]], axis=1)
        rec.tofile(os.path.join(folder, f"data_batch_{i}.bin"))
    np.concatenate([yt[:, None], xt], axis=1).tofile(os.path.join(folder, "test_batch.bin"))


def write_py(folder, train, test):
    os.makedirs(folder, exist_ok=True)
    (xs, ys), (xt, yt) = train, test
    parts = np.array_split(np.arange(len(ys)), 5)
    for i, idx in enumerate(parts, 1):
        with open(os.path.join(folder, f"data_batch_{i}"), "wb") as f:
            pickle.dump({"data": xs[idx], "labels": [int(v) for v in ys[idx]]}, f, protocol=4)
    with open(os.path.join(folder, "test_batch"), "wb") as f:
        pickle.dump({"data": xt, "labels": [int(v) for v in yt]}, f, protocol=4)


def main():
    out = sys.argv[1]
    n_train = int(sys.argv[2]) if len(sys.argv) > 2 else 50000
    n_test = int(sys.argv[3]) if len(sys.argv) > 3 else 10000
    rng = np.random.default_rng(2026)
    t = templates(rng, spread=0.35, base=120, amp=30)
    write_bin(f"{out}/hard/cifar-10-batches-bin", draw(rng, t, n_train, (12, 40)), draw(rng, t, n_test, (12, 40)))
    t = templates(rng, spread=0.8, base=35, amp=8)
    w = [k + 1 for k in range(10)]
    write_bin(f"{out}/dark/cifar-10-batches-bin", draw(rng, t, n_train, (3, 8), weights=w), draw(rng, t, n_test, (3, 8), weights=w))
    t = templates(rng, spread=0.6, base=190, amp=45)
    write_py(f"{out}/bright/cifar-10-batches-py", draw(rng, t, n_train, (10, 30), gain=0.3), draw(rng, t, n_test, (10, 30), gain=0.3))
    # Held out: made after find-lr's rule was fixed on the sets above, to check it on data it
    # was not chosen on (another generator seed, other statistics).
    rng = np.random.default_rng(777)
    t = templates(rng, spread=0.5, base=100, amp=20)
    write_bin(f"{out}/mid/cifar-10-batches-bin", draw(rng, t, n_train, (8, 25)), draw(rng, t, n_test, (8, 25)))
    t = templates(rng, spread=0.3, base=80, amp=25)
    write_bin(f"{out}/close/cifar-10-batches-bin", draw(rng, t, n_train, (15, 45)), draw(rng, t, n_test, (15, 45)))
    t = templates(rng, spread=0.7, base=150, amp=35)
    write_bin(f"{out}/gain/cifar-10-batches-bin", draw(rng, t, n_train, (20, 15), gain=0.5), draw(rng, t, n_test, (20, 15), gain=0.5))
    w = [10 - k for k in range(10)]
    t = templates(rng, spread=0.5, base=215, amp=20)
    write_bin(f"{out}/pale/cifar-10-batches-bin", draw(rng, t, n_train, (5, 20), weights=w), draw(rng, t, n_test, (5, 20), weights=w))
    print("wrote", out)


if __name__ == "__main__":
    main()
