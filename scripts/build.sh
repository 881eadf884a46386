#!/usr/bin/env bash
# Builds the release wasm module into dist/ (and, with --native, the native
# engine and its tests into build/native). Incremental: fast when unchanged.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [ ! -f build/wasm/CMakeCache.txt ]; then
  # emcmake's default emulator flag is one Node 20 refuses (TOOLCHAIN.md).
  emcmake cmake -S . -B build/wasm -DCMAKE_BUILD_TYPE=Release \
    "-DCMAKE_CROSSCOMPILING_EMULATOR=$(command -v node);--no-experimental-fetch" >/dev/null
fi
cmake --build build/wasm -j2 >/dev/null

if [ "${1:-}" = "--native" ]; then
  # Options given every time, so a build folder left without sanitizers cannot pass for one with.
  cmake -S . -B build/native -DCMAKE_BUILD_TYPE=Debug -DENABLE_SANITIZERS=ON >/dev/null
  cmake --build build/native -j2 >/dev/null
fi
