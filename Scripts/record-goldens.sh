#!/usr/bin/env bash
# SYNOPSIS: Scripts/record-goldens.sh [--scratch-path DIR]
#
# Re-records every golden image on purpose: the library's scenes
# (Tests/LRSchedPlotTests/Golden/plot-*.png, plot-onecycle-twin.svg) and the CLI's real
# schedules (Tests/LRSchedCLITests/Golden/*.png), then runs both suites again without
# LRSCHED_RECORD to prove the new goldens match. Look at every changed image before
# committing it (git diff --stat; the file viewer of your choice).
set -euo pipefail
cd "$(dirname "$0")/.."

args=("$@")
filter='LRSchedPlotTests.GoldenImageTests|LRSchedCLITests.GoldenTests'

# Recording reports each written golden as a test issue, so this pass "fails" by design.
LRSCHED_RECORD=1 swift test "${args[@]}" --filter "$filter" >/dev/null 2>&1 || true
swift test "${args[@]}" --filter "$filter"
cp Tests/LRSchedCLITests/Golden/onecycle.png docs/images/onecycle.png
git status --short -- Tests/LRSchedPlotTests/Golden Tests/LRSchedCLITests/Golden docs/images
