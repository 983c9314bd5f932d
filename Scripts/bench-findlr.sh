#!/usr/bin/env bash
# SYNOPSIS: Scripts/bench-findlr.sh [SEEDS] [WORKDIR]   (make bench-findlr)
#
# Does find-lr's recommendation train well? On the built-in synthetic data, on three CIFAR-format
# datasets of other statistics (Scripts/gen-cifar-variants.py: harder classes, dim low-contrast
# images with unequal class counts, bright high-contrast images as torchvision pickles), and on four
# more held out from the choice of the rule (mid, close, gain, pale), it runs
# `lrsched find-lr --verify --verify-seeds SEEDS` (default 30): the range test (5 runs of 8000
# steps), then OneCycleLR for 5 epochs at nine max lrs (1e-4 .. 1) and at each suggestion, SEEDS
# seeds each. It reports the recommendation's median test accuracy against the sweep's best, and
# the seed-by-seed (paired) comparison of its mean with the sweep's best mean, with its 95%
# interval: one seed's accuracy moves in steps of ~10 points (classes the 2-neuron network
# separates or not), so a gap of a point or two can be the seeds' noise, and the interval says
# when it is. Verdict, on the mean: "yes" within 1 point; "noise" more than 1 point below, but the
# interval still reaches -1; "NO" the whole interval below -1 (docs/bench.md, "The noise floor").
# Needs python3 (PYTHON=…) with numpy for the generated datasets (~2.5 GB in WORKDIR, default
# /tmp/lrsched-findlr); LRSCHED_BENCH_SCRATCH picks the build directory (default .build).
set -euo pipefail
cd "$(dirname "$0")/.."
seeds=${1:-30}
work=${2:-/tmp/lrsched-findlr}
scratch="${LRSCHED_BENCH_SCRATCH:-.build}"
swift build -c release --scratch-path "$scratch" --product lrsched >/dev/null
bin="$scratch/release/lrsched"
mkdir -p "$work"
if [ ! -d "$work/pale/cifar-10-batches-bin" ]; then "${PYTHON:-python3}" Scripts/gen-cifar-variants.py "$work"; fi
printf "%-8s %-11s %-8s %-20s %-6s %-37s %s\n" data recommended median "sweep best (median)" gap "mean - best mean, 95% interval" verdict
for d in builtin hard dark bright mid close gain pale; do
  [ "$d" = mid ] && echo "held out (generated after the rule was fixed on the four above):"
  args=()
  if [ "$d" != builtin ]; then
    [ -f "$work/$d.cache" ] || "$bin" data prepare --from "$work/$d" -o "$work/$d.cache" >/dev/null 2>&1
    args=(--data "$work/$d.cache")
  fi
  # An empty cache location: the built-in data, never a cache someone prepared.
  LRSCHED_CACHE="$work/none.cache" "$bin" find-lr --verify --verify-seeds "$seeds" "${args[@]}" >"$work/$d.txt" 2>/dev/null
  # Rows: "  LR  LOSS  MEDIAN% (LO-HI, MEAN%)  <- tag"; then "on average over N seeds: recommended -
  # the sweep's best mean (LR) = M points, 95% interval L to H (paired: …)".
  awk -v d="$d" '
    /<- best of the sweep/ { best = $1; bacc = $3 }
    /<- recommended/ { rec = $1; racc = $3 }
    /^on average over / && match($0, /\([0-9.e+-]+\) = [-+][0-9.]+ points, 95% interval [-+][0-9.]+ to [-+][0-9.]+/) {
      split(substr($0, RSTART, RLENGTH), w, " "); bml = w[1]; pm = w[3]; lo = w[7]; hi = w[9]
      gsub("[()]", "", bml)
    }
    END {
      gsub("%", "", bacc); gsub("%", "", racc)
      gap = bacc - racc
      # On the paired mean: "yes" within 1 point; "noise" more than 1 point below, but the
      # interval still reaches -1 (these seeds cannot show a loss of more than a point); "NO"
      # the whole interval below -1. The median gap is shown beside it: the median of seeds
      # that split between two accuracy levels jumps by ~10 points when one seed changes side.
      verdict = pm == "" ? "-" : (pm + 0 >= -1 ? "yes" : (hi + 0 >= -1 ? "noise" : "NO"))
      printf "%-8s %-11s %-8s %-20s %-6.2f %-37s %s\n", d, rec, racc "%", best " (" bacc "%)", gap,
        (pm == "" ? "-" : pm " (" lo " to " hi ") vs " bml), verdict
    }' "$work/$d.txt"
done
echo "full tables: $work/{builtin,hard,dark,bright,mid,close,gain,pale}.txt"
