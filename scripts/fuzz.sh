#!/usr/bin/env bash
# `npm run fuzz`: builds the fuzz targets (tests/fuzz/) with clang's libFuzzer
# under ASan + UBSan and runs each for FUZZ_SECONDS (default 60), starting from
# the committed seed corpus. New inputs go to build/fuzz/, not into the repo;
# a crash leaves its reproducer there and fails the run.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/bootstrap.sh --fuzz

seconds="${FUZZ_SECONDS:-60}"
out="build/fuzz"
mkdir -p "$out"

# The targets and everything they link come from CMake (ENABLE_FUZZING), as the rest of the build.
CC=clang cmake -S . -B "$out" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DENABLE_FUZZING=ON >/dev/null
cmake --build "$out" -j2 --target fuzz_engine fuzz_options >/dev/null
status=0
for target in engine options; do
  mkdir -p "$out/corpus-$target" "$out/crashes-$target"
  echo "== fuzz_$target for ${seconds}s"
  if ! "$out/tests/fuzz/fuzz_$target" -max_total_time="$seconds" -print_final_stats=1 \
      -artifact_prefix="$out/crashes-$target/" "$out/corpus-$target" "tests/fuzz/corpus/$target" \
      2> "$out/fuzz_$target.log"; then
    status=1
    tail -40 "$out/fuzz_$target.log"
  fi
  grep -E "^stat::(number_of_executed_units|peak_rss_mb)|cov: " "$out/fuzz_$target.log" | tail -3
  echo "corpus: $(ls "$out/corpus-$target" | wc -l) inputs in $out/corpus-$target"
done
exit "$status"
