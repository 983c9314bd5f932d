#!/usr/bin/env bash
# SYNOPSIS: Scripts/bench-findlr.sh [SEEDS] [WORKDIR]   (make bench-findlr)
#
# Does find-lr's recommendation train well? On the built-in synthetic data and on three
# CIFAR-format datasets of other statistics (Scripts/gen-cifar-variants.py: harder classes, dim
# low-contrast images with unequal class counts, bright high-contrast images as torchvision
# pickles), it runs `lrsched find-lr --verify --verify-seeds SEEDS` (default 15): the range test
# (5 runs of 8000 steps), then OneCycleLR for 5 epochs at nine max lrs (1e-4 .. 1) and at each
# suggestion, SEEDS seeds each, and reports the median test accuracy of the recommendation against
# the sweep's best (and the same with the mean over seeds, for comparison). 15 seeds, because one
# seed's accuracy moves in steps of ~10 points (classes the 2-neuron network separates or not): with 3 seeds the sweep's own best lr, re-run with fresh
# seeds, misses its "best" by more than 1 point about half the time (docs/bench.md).
# Needs python3 (PYTHON=…) with numpy for the generated datasets (~1.1 GB in WORKDIR, default
# /tmp/lrsched-findlr); LRSCHED_BENCH_SCRATCH picks the build directory (default .build).
set -euo pipefail
cd "$(dirname "$0")/.."
seeds=${1:-15}
work=${2:-/tmp/lrsched-findlr}
scratch="${LRSCHED_BENCH_SCRATCH:-.build}"
swift build -c release --scratch-path "$scratch" --product lrsched >/dev/null
bin="$scratch/release/lrsched"
mkdir -p "$work"
if [ ! -d "$work/bright/cifar-10-batches-py" ]; then "${PYTHON:-python3}" Scripts/gen-cifar-variants.py "$work"; fi
printf "%-8s %-11s %-10s %-22s %-7s %-12s %-10s %-22s %s\n" data recommended "median acc" "sweep best (median)" gap "within 1 pt" "mean acc" "sweep best (mean)" "mean gap"
for d in builtin hard dark bright; do
  args=()
  if [ "$d" != builtin ]; then
    [ -f "$work/$d.cache" ] || "$bin" data prepare --from "$work/$d" -o "$work/$d.cache" >/dev/null 2>&1
    args=(--data "$work/$d.cache")
  fi
  # An empty cache location: the built-in data, never a cache someone prepared.
  LRSCHED_CACHE="$work/none.cache" "$bin" find-lr --verify --verify-seeds "$seeds" "${args[@]}" >"$work/$d.txt" 2>/dev/null
  # Rows: "  LR  LOSS  MEDIAN% (LO-HI, MEAN%)  <- tag"; the first nine are the sweep.
  awk -v d="$d" '
    /^  [0-9]\.[0-9][0-9]e[-+][0-9][0-9] / {
      rows++; mean = $5; gsub("[%)]", "", mean)
      if (rows <= 9 && mean != "-" && (bm == "" || mean + 0 > bm + 0)) { bm = mean; bml = $1 }
      if (/<- recommended/) rmean = mean
    }
    /<- best of the sweep/ { best = $1; bacc = $3 }
    /<- recommended/ { rec = $1; racc = $3 }
    END {
      gsub("%", "", bacc); gsub("%", "", racc)
      gap = bacc - racc
      printf "%-8s %-11s %-10s %-22s %-7.2f %-12s %-10s %-22s %.2f\n", d, rec, racc "%", best " (" bacc "%)", gap,
        (gap <= 1 ? "yes" : "NO"), rmean "%", bml " (" bm "%)", bm - rmean
    }' "$work/$d.txt"
done
echo "full tables: $work/{builtin,hard,dark,bright}.txt"
