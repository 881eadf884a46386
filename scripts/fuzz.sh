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

sources=(src/*.c tests/c/fake_host.c third_party/cjson/cJSON.c)
flags=(-g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -Dstrtod=sr_cjson_strtod
  -Isrc -Itests/c -Ithird_party/cjson)
status=0
for target in engine options; do
  clang "${flags[@]}" "tests/fuzz/fuzz_$target.c" "${sources[@]}" -o "$out/fuzz_$target"
  mkdir -p "$out/corpus-$target" "$out/crashes-$target"
  echo "== fuzz_$target for ${seconds}s"
  if ! "$out/fuzz_$target" -max_total_time="$seconds" -print_final_stats=1 \
      -artifact_prefix="$out/crashes-$target/" "$out/corpus-$target" "tests/fuzz/corpus/$target" \
      2> "$out/fuzz_$target.log"; then
    status=1
    tail -40 "$out/fuzz_$target.log"
  fi
  grep -E "^stat::(number_of_executed_units|peak_rss_mb)|cov: " "$out/fuzz_$target.log" | tail -3
  echo "corpus: $(ls "$out/corpus-$target" | wc -l) inputs in $out/corpus-$target"
done
exit "$status"
