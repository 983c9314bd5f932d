#!/usr/bin/env bash
# SYNOPSIS: Scripts/bench.sh            (run by `make bench`)
#
# Benchmarks lrsched (release build) against the tools people use instead, measured side
# by side in the same run, and prints ratios:
#   1. schedule engine: ns per scheduler step, 1,000,000 steps, 1 and 10 param groups
#      vs numpy's closed-form cosine and (when importable) torch's scheduler.step();
#   2. `lrsched values onecycle --epochs 15 --format csv -o /dev/null` as a whole process;
#   3. `lrsched plot onecycle --epochs 15` as a whole process vs a matplotlib script;
#   4. the training benchmark (Scripts/bench-compare.sh).
# Needs a quiet machine; CI does not run it.
set -euo pipefail
cd "$(dirname "$0")/.."

scratch="${LRSCHED_BENCH_SCRATCH:-.build}"
swift build -c release --scratch-path "$scratch" --product lrsched >/dev/null
swift build -c release --scratch-path "$scratch" --product LRSchedBenchmarks >/dev/null
bin="$scratch/release/lrsched"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "== 1. schedule engine (release)"
"$scratch/release/LRSchedBenchmarks" | tee "$work/engine.tsv"
python3 Scripts/bench-python-schedules.py "$work/engine.tsv"

echo
echo "== 2. whole process: lrsched values onecycle --epochs 15 --format csv -o /dev/null"
python3 Scripts/bench-process.py --name "lrsched values" -- "$bin" values onecycle --epochs 15 --format csv -o /dev/null

echo
echo "== 3. whole process: lrsched plot onecycle --epochs 15"
if "$bin" plot --help >/dev/null 2>&1; then
  python3 Scripts/bench-process.py --name "lrsched plot" -- "$bin" plot onecycle --epochs 15 -o "$work/onecycle.png"
  ls -l "$work/onecycle.png" | awk '{print "lrsched PNG size: " $5 " bytes (matplotlib: 79,811 bytes for the same figure)"}'
  if python3 -c "import matplotlib" 2>/dev/null; then
    python3 Scripts/bench-process.py --name "python + matplotlib" --runs 5 -- python3 Scripts/plot-onecycle-matplotlib.py "$work/mpl.png"
  else
    echo "matplotlib is not installed (pip install matplotlib) - comparison skipped"
  fi
else
  echo "lrsched plot is not available in this build - skipped"
fi

echo
echo "== 4. training benchmark"
bash Scripts/bench-compare.sh 3
