#!/usr/bin/env bash
# Brings every Debian package AuthorWorks needs to build, run and test onto a Debian 12 machine.
# Idempotent: installs only what is missing. Always --no-install-recommends, because the
# recommended packages of ordinary tools pull Boost 1.74 beside our Boost 1.81 and apt refuses.
#   scripts/install-deps.sh           build + run dependencies
#   scripts/install-deps.sh --test    also what the test suite and benchmarks need
#   scripts/install-deps.sh --no-node without Node.js (the container image builds the web app apart)
set -euo pipefail

want_test=0
want_node=1
for arg in "$@"; do
  case "$arg" in
    --test) want_test=1 ;;
    --no-node) want_node=0 ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    *) echo "install-deps: unknown option '$arg' (allowed: --test, --no-node)" >&2; exit 2 ;;
  esac
done

build_packages=(
  build-essential cmake ninja-build ccache pkg-config git curl ca-certificates
  libboost1.81-all-dev libboost-json1.81-dev libboost-url1.81-dev
  prometheus-cpp-dev zlib1g-dev
  libsqlite3-dev libpq-dev libsodium-dev libhiredis-dev libcurl4-openssl-dev
  libzip-dev libmagic-dev libpango1.0-dev libcairo2-dev libhyphen-dev
  hyphen-en-us fonts-ebgaramond fonts-courier-prime fonts-dejavu-core fonts-noto-cjk
)
# Machines of this kind ship Node.js 20 with its own npm (whose package conflicts with Debian's
# npm); Debian's nodejs + npm are the fallback only where no node is on the PATH.
if [ "$want_node" = 1 ] && { ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; }; then
  build_packages+=(nodejs npm)
fi
test_packages=(
  clang libclang-rt-14-dev clang-format libgtest-dev googletest
  python3 python3-pytest python3-requests python3-websocket
  postgresql postgresql-contrib redis-server nginx wrk procps
  epubcheck qpdf poppler-utils pandoc weasyprint chromium
  docker.io docker-compose debootstrap
)

packages=("${build_packages[@]}")
if [ "$want_test" = 1 ]; then packages+=("${test_packages[@]}"); fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ "${#missing[@]}" -gt 0 ]; then
  sudo_cmd=()
  if [ "$(id -u)" != 0 ]; then sudo_cmd=(sudo); fi
  echo "install-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "install-deps: every Debian package is present"
fi

# Debian starts these services on install; the tests start their own on free loopback ports,
# so the system-wide ones are stopped to keep the usual ports free for a developer's own use.
if [ "$want_test" = 1 ] && command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
  for svc in nginx redis-server postgresql; do
    systemctl disable --now "$svc" >/dev/null 2>&1 || true
  done
fi

# The test suite's own servers from the npm registry (s3rver, an S3-compatible object store),
# pinned by tests/tools/package-lock.json; installed again only when the lock file changed.
tools_dir="$(cd "$(dirname "$0")/.." && pwd)/tests/tools"
if [ "$want_test" = 1 ] && [ -f "$tools_dir/package-lock.json" ]; then
  if [ ! -f "$tools_dir/node_modules/.package-lock.json" ] ||
     [ "$tools_dir/package-lock.json" -nt "$tools_dir/node_modules/.package-lock.json" ]; then
    echo "install-deps: installing the test tools (npm ci in tests/tools)"
    npm ci --prefix "$tools_dir" --no-audit --no-fund --silent
  else
    echo "install-deps: the test tools are present"
  fi
fi
