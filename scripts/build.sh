#!/usr/bin/env bash
# Configures and builds AuthorWorks into build/ (release) or another folder:
#   scripts/build.sh                 -> build/authorworks
#   scripts/build.sh asan            -> build-asan/ with AddressSanitizer + UBSan
#   scripts/build.sh fuzz            -> build-fuzz/ with clang and libFuzzer targets
set -euo pipefail
cd "$(dirname "$0")/.."
flavour="${1:-release}"
jobs="$(nproc)"
export CCACHE_DIR="${CCACHE_DIR:-$PWD/.cache/ccache}"
case "$flavour" in
  release) dir=build; flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo) ;;
  asan) dir=build-asan; flags=(-DCMAKE_BUILD_TYPE=Debug -DAUTHORWORKS_SANITIZE=ON -DCMAKE_CXX_FLAGS=-O1) ;;
  fuzz) dir=build-fuzz; flags=(-DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_COMPILER=clang++ -DAUTHORWORKS_FUZZ=ON -DAUTHORWORKS_TESTS=OFF -DCMAKE_CXX_FLAGS=-O1) ;;
  *) echo "build.sh: unknown flavour '$flavour' (allowed: release, asan, fuzz)" >&2; exit 2 ;;
esac
if [ ! -f "$dir/build.ninja" ]; then
  cmake -S . -B "$dir" -G Ninja "${flags[@]}" >/dev/null
fi
cmake --build "$dir" -j "$jobs"
