#!/usr/bin/env bash
# SYNOPSIS: Scripts/fuzz.sh TARGET [SECONDS]
#
# Runs one libFuzzer target for SECONDS (default 60) from the committed seed corpus in
# Tests/Fuzz/corpus/TARGET. Targets: spec optimizer script verify cifar cache png pickle archive.
# Crashes and hangs land in .build-fuzz/artifacts/TARGET/; copy each into
# Tests/Fuzz/regressions/TARGET/: `swift test` replays those of pickle, archive, cifar and cache
# (FuzzReplayTests); for the others, `lrsched-fuzz TARGET FILE...` (a build without FUZZING)
# replays them. SCRATCH=DIR builds
# and works in another scratch path (default .build-fuzz).
set -euo pipefail
cd "$(dirname "$0")/.."
scratch="${SCRATCH:-.build-fuzz}"
target="${1:?usage: Scripts/fuzz.sh TARGET [SECONDS]}"
seconds="${2:-60}"
case "$target" in spec|optimizer|script|verify|cifar|cache|png|pickle|archive) ;; *) echo "unknown target '$target'" >&2; exit 2;; esac
swift build --scratch-path "$scratch" --sanitize=fuzzer --sanitize=address -Xswiftc -DFUZZING -Xswiftc -use-ld=lld -Xswiftc -sanitize-coverage=edge,inline-8bit-counters,pc-table,trace-cmp --product lrsched-fuzz >&2
corpus="$scratch/corpus/$target"
artifacts="$scratch/artifacts/$target/"
mkdir -p "$corpus" "$artifacts"
cp -n Tests/Fuzz/corpus/"$target"/* "$corpus"/ 2>/dev/null || true
LRSCHED_FUZZ_TARGET="$target" "$scratch"/debug/lrsched-fuzz "$corpus" \
  -max_total_time="$seconds" -max_len=8192 -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix="$artifacts" -print_final_stats=1
