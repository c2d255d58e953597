#!/usr/bin/env bash
# Installs what is missing, builds once, and runs every test: unit (GoogleTest), functional
# (pytest against the real binary, then the API suite again through the nginx gateway in front of
# every service as its own process), the same under AddressSanitizer + UBSan, the fuzz targets
# for a short while, the formatting check, and the Docker deployment (scripts/test-deploy.sh).
# Exits non-zero when anything fails.
#   FUZZ_SECONDS=20   how long each fuzz target runs
set -euo pipefail
cd "$(dirname "$0")/.."
export CCACHE_DIR="${CCACHE_DIR:-$PWD/.cache/ccache}"
PYTHON=/usr/bin/python3  # Debian's, which has pytest; a pyenv shim may shadow python3
passed=0
failed=0
failed_names=()
failed_logs=()

# Each stage's output also goes to build/stage-logs/, and the end of the run repeats the last
# lines of every stage that failed, so the cause is in the last screen of a CI log.
stage_logs="$PWD/build/stage-logs"
stage() {
  local name="$1"; shift
  local start=$SECONDS
  local log
  log="$stage_logs/$(printf '%02d' $((passed + failed + 1)))-${name//[^a-zA-Z0-9]/-}.log"
  mkdir -p "$stage_logs"
  echo "==> $name"
  local rc=0 out tee_pid waited=0
  # Not a pipe: the stage runs in this shell, so what it exports and the jobs it waits for stay.
  exec {out}> >(tee "$log")
  tee_pid=$!
  "$@" >&"$out" 2>&1 || rc=$?
  exec {out}>&-
  # Let tee finish writing, but never hang on a straggler the stage left holding its output.
  while kill -0 "$tee_pid" 2>/dev/null && [ "$waited" -lt 50 ]; do sleep 0.1; waited=$((waited + 1)); done
  if [ "$rc" -eq 0 ]; then
    passed=$((passed + 1))
    echo "==> $name: ok ($((SECONDS - start)) s)"
  else
    failed=$((failed + 1))
    failed_names+=("$name")
    failed_logs+=("$log")
    echo "==> $name: FAILED ($((SECONDS - start)) s)"
  fi
}

summary() {
  local log
  for log in "${failed_logs[@]}"; do
    echo "==> the last lines of $(basename "$log" .log):"
    tail -60 "$log"
  done
  echo "stages: $passed passed, $failed failed${failed_names:+ (${failed_names[*]})}"
}

must() {  # a stage that later stages cannot do without
  stage "$@"
  if [ "$failed" -gt 0 ]; then
    summary
    exit 1
  fi
}

functional() {
  local bin="$1"; shift
  AUTHORWORKS_BIN="$PWD/$bin" "$PYTHON" -m pytest tests/functional -q -p no:cacheprovider "$@"
}

fuzz_all() {
  local seconds="${FUZZ_SECONDS:-20}"
  local ok=0
  for target in build-fuzz/fuzz_*; do
    [ -x "$target" ] || continue
    local name corpus
    name="$(basename "$target")"
    corpus="build-fuzz/corpus-$name"
    mkdir -p "$corpus"
    cp -n tests/fuzz/seeds/"${name#fuzz_}"/* "$corpus"/ 2>/dev/null || true
    echo "fuzzing $name for ${seconds}s"
    if ! "$target" "$corpus" -max_total_time="$seconds" -print_final_stats=0 >"build-fuzz/$name.log" 2>&1; then
      tail -40 "build-fuzz/$name.log"
      ok=1
    fi
  done
  return $ok
}

# A throwaway PostgreSQL for the tests that run against both backends; stopped (and its folder
# removed) however the run ends.
start_test_postgres() {
  local url
  url="$(scripts/test-postgres.sh start)" || return 1
  export AUTHORWORKS_TEST_DATABASE_URL="$url"
  echo "test PostgreSQL: $url"
}
trap 'scripts/test-postgres.sh stop >/dev/null 2>&1 || true' EXIT

format_check() {
  git ls-files '*.cpp' '*.hpp' | xargs clang-format --dry-run --Werror
}

must "install dependencies" scripts/install-deps.sh --test
must "build" scripts/build.sh release
if [ -f web/package.json ]; then must "build web app" scripts/build-web.sh; fi
stage "format" format_check
must "start test PostgreSQL" start_test_postgres
stage "unit tests" ctest --test-dir build --output-on-failure -j "$(nproc)"
if [ -f web/package.json ]; then stage "web app tests" npm --prefix web test --silent; fi
stage "functional tests" functional build/authorworks
# The same API suite through the nginx gateway in front of every service as its own process, on
# PostgreSQL, Redis and s3rver (one deployment for the run); tests marked single_binary are skipped.
stage "functional tests (gateway)" env AUTHORWORKS_TEST_DEPLOYMENT=gateway \
  AUTHORWORKS_BIN="$PWD/build/authorworks" "$PYTHON" -m pytest tests/functional -q -p no:cacheprovider
# The writer's whole journey in headless Chromium against the real binary (web/e2e/journey.mjs);
# screenshots of every screen land in build/e2e-screenshots/.
if [ -f web/package.json ] && [ -x /usr/bin/chromium ]; then
  stage "end-to-end" env AUTHORWORKS_BIN="$PWD/build/authorworks" npm --prefix web run --silent e2e
fi
# The self-contained Docker Compose stack, deployed with scripts/deploy.sh from this build, behind
# stand-ins for Traefik + Authelia: the journey, spoofed headers, verify.sh and a rollback. It is
# mostly downloads and image layers, so it runs while the sanitizer build compiles.
scripts/test-deploy.sh build >build/test-deploy.log 2>&1 &
deploy_pid=$!
deployment() {
  local rc=0
  wait "$deploy_pid" || rc=$?
  cat build/test-deploy.log
  return "$rc"
}
stage "sanitizer build" scripts/build.sh asan
stage "deployment" deployment
if [ -x build-asan/authorworks ]; then
  export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1"
  export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
  export LSAN_OPTIONS="suppressions=$PWD/tests/lsan-suppressions.txt"
  stage "unit tests (sanitizers)" ctest --test-dir build-asan --output-on-failure -j "$(nproc)"
  stage "functional tests (sanitizers)" functional build-asan/authorworks
  unset ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS
fi
if [ -d tests/fuzz ] && [ -f tests/fuzz/CMakeLists.txt ]; then
  stage "fuzz build" scripts/build.sh fuzz
  stage "fuzzing" fuzz_all
fi

summary
[ "$failed" -eq 0 ]
