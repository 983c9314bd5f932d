#!/usr/bin/env bash
# SYNOPSIS: Scripts/bench-compare.sh [EPOCHS]
#
# Runs `lrsched bench` (release build; default threads and --threads 1) on synthetic CIFAR-format
# data of the real size and, when torch is importable, Scripts/bench-torch.py on the same files
# (DataLoader loop and batched loop, 2 threads), one after the other, then the per-phase ratios
# (Scripts/bench-ratios.py) and lrsched's peak memory. CI does not run this (it needs a quiet
# machine).
set -euo pipefail
cd "$(dirname "$0")/.."

epochs="${1:-5}"
scratch="${LRSCHED_BENCH_SCRATCH:-.build-bench}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

swift build -c release --scratch-path "$scratch" --product lrsched >/dev/null
swift build -c release --scratch-path "$scratch" --product LRSchedBenchmarks >/dev/null
bin="$scratch/release/lrsched"

"$bin" data synth -o "$work" --train 50000 --test 10000 --seed 0
export LRSCHED_CACHE="$work/cifar10.cache"
"$bin" data prepare --from "$work/cifar-10-batches-bin" -o "$LRSCHED_CACHE"

echo "== the floor: reading the training pixels once"
"$scratch/release/LRSchedBenchmarks" memory-floor
echo "== lrsched bench --epochs $epochs (default: --threads auto)"
/usr/bin/time -f "peak RSS %M KB" "$bin" bench --epochs "$epochs" --json "$work/bench.json"
echo "== lrsched bench --epochs $epochs --threads 1"
"$bin" bench --epochs "$epochs" --threads 1 --json "$work/bench-1.json" | tail -9

if python3 -c "import torch" 2>/dev/null; then
  for mode in original batched; do
    echo "== PyTorch ($mode), 2 threads"
    python3 Scripts/bench-torch.py --data "$work" --epochs "$epochs" --mode "$mode" --json "$work/torch-$mode.json"
  done
  echo "== ratios (torch / lrsched, medians of the epochs above)"
  python3 Scripts/bench-ratios.py "$work/bench.json" "$work/torch-original.json" "$work/torch-batched.json"
  echo "== ratios against lrsched --threads 1"
  python3 Scripts/bench-ratios.py "$work/bench-1.json" "$work/torch-original.json" "$work/torch-batched.json"
else
  echo "== PyTorch: not installed (pip install torch) - skipped"
fi
