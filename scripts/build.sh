#!/usr/bin/env bash
# Builds the wasm module and puts it in dist/, where js-glue/ imports it.
#   scripts/build.sh           the release build (what ships)
#   scripts/build.sh --debug   -sASSERTIONS=2, no closure, -O0 -g: for chasing a bug in a browser
#                              (Node 20 cannot load it); run without --debug to go back
#   scripts/build.sh --native  also the native engine and its tests (build/native)
# Incremental: fast when nothing changed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

kind=release
native=0
for argument in "$@"; do
  case "$argument" in
    --debug) kind=debug ;;
    --native) native=1 ;;
    *) echo "build.sh: unknown argument $argument (--debug, --native)" >&2; exit 2 ;;
  esac
done
build_type=Release
[ "$kind" = debug ] && build_type=Debug
folder="build/wasm-$kind"

if [ ! -f "$folder/CMakeCache.txt" ]; then
  # emcmake's default emulator flag (--experimental-wasm-threads) is one Node 20 refuses.
  emcmake cmake -S . -B "$folder" "-DCMAKE_BUILD_TYPE=$build_type" \
    "-DCMAKE_CROSSCOMPILING_EMULATOR=$(command -v node);--no-experimental-fetch" >/dev/null
fi
cmake --build "$folder" -j2 >/dev/null
mkdir -p dist
for file in silent-refresh.mjs silent-refresh.wasm; do
  cmp -s "$folder/dist/$file" "dist/$file" || cp "$folder/dist/$file" "dist/$file"
done
# The ES2019 copy webpack 4 reads (package.json "module"): seconds, so made every time.
node scripts/es2019.mjs

if [ "$native" = 1 ]; then
  # Options given every time, so a build folder left without sanitizers cannot pass for one with.
  cmake -S . -B build/native -DCMAKE_BUILD_TYPE=Debug -DENABLE_SANITIZERS=ON >/dev/null
  cmake --build build/native -j2 >/dev/null
fi
