#!/usr/bin/env bash
# One idempotent set-up step shared by `npm test`, `npm run demo` and friends
# (`--fuzz` adds what `npm run fuzz` needs).
# It is fast when everything is present; on a bare Debian machine it installs
# the toolchain (Emscripten) and the browsers (Chromium, Firefox ESR, WebKitGTK),
# the npm packages and the cJSON source.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

say() { printf 'bootstrap: %s\n' "$*"; }

can_apt() { command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; }

apt_updated=0
apt_install() {
  if [ "$apt_updated" = 0 ]; then
    apt-get update -qq
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# --- system tools ---------------------------------------------------------
need_packages=()
# An emsdk already on PATH wins over Debian's package.
command -v emcc >/dev/null 2>&1 || need_packages+=(emscripten)
command -v chromium >/dev/null 2>&1 || [ -n "${CHROMIUM_PATH:-}" ] || need_packages+=(chromium)
# Firefox ESR and WebKitGTK (WebKitWebDriver with its MiniBrowser, run under Xvfb) for the browser
# suites that run in every engine (tests/browser/engines.js).
command -v firefox-esr >/dev/null 2>&1 || [ -n "${FIREFOX_PATH:-}" ] || need_packages+=(firefox-esr)
command -v WebKitWebDriver >/dev/null 2>&1 || need_packages+=(webkit2gtk-driver)
command -v xvfb-run >/dev/null 2>&1 || need_packages+=(xvfb)
command -v xauth >/dev/null 2>&1 || need_packages+=(xauth)
command -v cmake >/dev/null 2>&1 || need_packages+=(cmake)
command -v cc >/dev/null 2>&1 || need_packages+=(gcc libc6-dev)
command -v make >/dev/null 2>&1 || need_packages+=(make)
command -v valgrind >/dev/null 2>&1 || need_packages+=(valgrind)
command -v dpkg-source >/dev/null 2>&1 || need_packages+=(dpkg-dev)
# The native tests run under AddressSanitizer and UBSan, which need gcc's runtimes.
[ -e /usr/lib/x86_64-linux-gnu/libasan.so.8 ] || [ -n "$(ls /usr/lib/gcc/*/*/libasan.so 2>/dev/null)" ] || need_packages+=(libasan8)
# Debian's emscripten links through its own node modules (acorn).
[ -d /usr/share/nodejs/acorn ] || need_packages+=(node-acorn)
# `bootstrap.sh --fuzz` (npm run fuzz): clang and its libFuzzer runtime too.
if [ "${1:-}" = "--fuzz" ]; then
  command -v clang >/dev/null 2>&1 || need_packages+=(clang)
  [ -n "$(ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-*.a 2>/dev/null)" ] || need_packages+=(libclang-rt-14-dev)
fi

if [ "${#need_packages[@]}" -gt 0 ]; then
  if can_apt; then
    say "installing ${need_packages[*]} from Debian"
    apt_install "${need_packages[@]}"
  else
    say "missing: ${need_packages[*]}"
    say "install them with: sudo apt-get install -y ${need_packages[*]}"
    say "(or put an emsdk's emcc on PATH, and set CHROMIUM_PATH / FIREFOX_PATH to the browsers)"
    exit 1
  fi
fi

# --- npm packages ---------------------------------------------------------
lock_stamp="node_modules/.package-lock.json"
if [ ! -f "$lock_stamp" ] || [ package-lock.json -nt "$lock_stamp" ]; then
  say "npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi

# The example apps install silent-refresh the way a user would (file:../..).
for app in web-demo/vue-app web-demo/vue2-webpack4 web-demo/vue2-webpack5; do
  app_stamp="$app/node_modules/.package-lock.json"
  if [ ! -f "$app_stamp" ] || [ "$app/package-lock.json" -nt "$app_stamp" ]; then
    say "npm ci ($app)"
    npm ci --prefix "$app" --no-audit --no-fund --loglevel=error
  fi
done

# --- cJSON source (Debian's source package: upstream plus security patches) -
cjson_dir="third_party/cjson"
if [ ! -f "$cjson_dir/cJSON.c" ]; then
  if ! can_apt; then
    say "cJSON source missing: run as root, or pass -DCJSON_SOURCE_DIR=<a cJSON checkout> to CMake"
    exit 1
  fi
  say "fetching cJSON through Debian's source package"
  work="$(mktemp -d)"
  chmod 755 "$work"  # lets apt's sandbox user write the download
  trap 'rm -rf "$work"' EXIT
  # A deb-src list made from this machine's own apt sources, kept out of the
  # system configuration so that nothing else changes.
  sources=""
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] && sources="$f" && break
  done
  if [ -n "$sources" ]; then
    sed 's/^Types:.*/Types: deb-src/' "$sources" > "$work/src.sources"
    list_option=(-o "Dir::Etc::sourcelist=$work/src.sources" -o "Dir::Etc::sourceparts=-")
  else
    sed -n 's/^deb /deb-src /p' /etc/apt/sources.list > "$work/src.list"
    list_option=(-o "Dir::Etc::sourcelist=$work/src.list" -o "Dir::Etc::sourceparts=-")
  fi
  apt_options=("${list_option[@]}" -o "APT::Get::List-Cleanup=0")
  apt-get update -qq "${apt_options[@]}"
  (cd "$work" && apt-get source -qq "${apt_options[@]}" cjson >/dev/null)
  extracted="$(find "$work" -mindepth 1 -maxdepth 1 -type d -name 'cjson-*' | head -n1)"
  [ -f "$extracted/cJSON.c" ] || { say "apt-get source cjson gave no cJSON.c"; exit 1; }
  mkdir -p third_party
  rm -rf "$cjson_dir"
  mv "$extracted" "$cjson_dir"
fi
