#!/usr/bin/env bash
# `npm test`: set-up, build, then every suite. Each runner prints its own
# summary; the script runs them all and fails if any failed.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/bootstrap.sh || exit 1
bash scripts/build.sh --native || exit 1
# Configured every time (about a second): a build folder left with other
# options would otherwise run the tests without valgrind and still pass.
cmake -S . -B build/valgrind -DCMAKE_BUILD_TYPE=Debug -DENABLE_SANITIZERS=OFF -DRUN_UNDER_VALGRIND=ON >/dev/null || exit 1
cmake --build build/valgrind -j2 >/dev/null || exit 1

failed=()
run() {
  local name="$1"
  shift
  printf '\n== %s\n' "$name"
  "$@" || failed+=("$name")
}

run "native engine: ctest under AddressSanitizer + UBSan" ctest --test-dir build/native --output-on-failure
run "native engine: ctest under valgrind" ctest --test-dir build/valgrind --output-on-failure
# A test that waits for something that never comes fails after two minutes instead of hanging CI.
run "JavaScript and browser: node --test" node --test --test-concurrency=1 --test-timeout=120000 \
  tests/js/*.test.js tests/browser/*.test.js

printf '\n'
if [ "${#failed[@]}" -gt 0 ]; then
  printf 'FAILED: %s\n' "${failed[@]}"
  exit 1
fi
echo "all suites passed"
