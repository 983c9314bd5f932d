#!/usr/bin/env bash
# SYNOPSIS: Scripts/fuzz-all.sh [SECONDS]
#
# Runs every fuzz target in turn for SECONDS each (default 600) and prints each target's
# executions and whether it found a crash. TARGETS="pickle archive" runs only those; SCRATCH=DIR
# as in Scripts/fuzz.sh.
set -uo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-600}"
scratch="${SCRATCH:-.build-fuzz}"
targets="${TARGETS:-spec optimizer script verify cifar cache png pickle archive}"
for t in $targets; do
  log="$scratch/$t.log"
  mkdir -p "$scratch"
  bash Scripts/fuzz.sh "$t" "$seconds" > "$log" 2>&1
  rc=$?
  runs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | awk '{print $2}')
  crashes=$(ls "$scratch/artifacts/$t/" 2>/dev/null | wc -l)
  echo "$t: exit $rc, ${runs:-0} executions, $crashes crash/timeout artifacts"
done
