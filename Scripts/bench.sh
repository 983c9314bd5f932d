#!/usr/bin/env bash
# SYNOPSIS: Scripts/bench.sh            (run by `make bench`)
#
# Benchmarks lrsched (release build) against the tools people use instead, measured side
# by side in the same run, and prints ratios:
#   1. schedule engine: ns per scheduler step, 1,000,000 steps, 1 and 10 param groups, beside
#      the same recursions as plain C loops (ratio), numpy's closed-form cosine and (when
#      importable) torch's scheduler.step();
#   2. `lrsched values`, 1,000,000 rows: CSV/TSV/JSON against the C++ to_chars floor
#      (Scripts/bench/values-floor.cpp) and a torch script (Scripts/bench/values-torch.py),
#      10,000,000 rows against 10 x 1M; `values onecycle --epochs 15` as a whole process;
#   3. `lrsched plot onecycle --epochs 15` as a whole process vs a matplotlib script, run
#      alternately (MPL_PYTHON: a Python with matplotlib), and a 10,000,000-step plot;
#   4. the training benchmark (Scripts/bench-compare.sh);
#   5. does find-lr's recommendation train well (Scripts/bench-findlr.sh, 30 seeds on eight
#      datasets, about 12 minutes; LRSCHED_BENCH_FINDLR=0 leaves it out, `make bench-findlr`
#      runs it alone).
# Needs a quiet machine; CI does not run it.
set -euo pipefail
cd "$(dirname "$0")/.."

scratch="${LRSCHED_BENCH_SCRATCH:-.build}"
swift build -c release --static-swift-stdlib --scratch-path "$scratch" --product lrsched >/dev/null
swift build -c release --scratch-path "$scratch" --product LRSchedBenchmarks >/dev/null
bin="$scratch/release/lrsched"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "== 1. schedule engine (release)"
"$scratch/release/LRSchedBenchmarks" | tee "$work/engine.tsv"
python3 Scripts/bench-python-schedules.py "$work/engine.tsv"

echo
echo "== 2. whole process: lrsched values, 1M and 10M rows, against the floor and a torch script"
# The torch script needs torch: LRSCHED_BENCH_PYTHON names a python that has it.
${CXX:-c++} -O2 -std=c++17 Scripts/bench/values-floor.cpp -o "$work/values_floor"
python3 Scripts/bench-values.py "$bin" "$work/values_floor" --python "${LRSCHED_BENCH_PYTHON:-python3}"
echo
python3 Scripts/bench-process.py --name "lrsched values" -- "$bin" values onecycle --epochs 15 --format csv -o /dev/null

echo
echo "== 3. whole process: lrsched plot onecycle --epochs 15 vs matplotlib (alternating), 10M-step plot"
python3 Scripts/bench-plot.py "$bin" --python "${MPL_PYTHON:-python3}"

echo
echo "== 4. training benchmark"
bash Scripts/bench-compare.sh 3

if [ "${LRSCHED_BENCH_FINDLR:-1}" != 0 ]; then
  echo
  echo "== 5. find-lr: the recommendation against a 5-epoch OneCycleLR sweep, eight datasets"
  LRSCHED_BENCH_SCRATCH="$scratch" bash Scripts/bench-findlr.sh
fi
