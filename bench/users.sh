#!/usr/bin/env bash
# Data layer and accounts benchmark: GET /api/v1/users/:id (Bearer token: JWT check, session
# check, one SELECT) on authorworks backed by PostgreSQL, against pgbench's select-only load on
# the same PostgreSQL server. Builds nothing: it expects build/authorworks (or BIN=...).
#
#   bench/users.sh                  run everything and print the table
#   BIN=path/to/authorworks         the binary to measure (default: build/authorworks)
#   DURATION=10s CONNECTIONS=32 THREADS=2 WARMUP=2s   wrk settings (pgbench: the same duration,
#                                   CONNECTIONS clients, THREADS jobs, the same warm-up)
#   SCALE=10                        pgbench's scale factor (pgbench -i -s SCALE)
#   ROUNDS=1                        wrk and pgbench runs, alternating; the medians are reported
#   SERVER_ENV="WORKER_THREADS=4"   extra variables for authorworks serve (space-separated)
#
# Exit status: 0 when the target is met, 1 when it is missed, 2 when it cannot run.
# See bench/README.md for what each figure means.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/lib.sh
. bench/lib.sh
ROOT="$PWD"

BIN="${BIN:-build/authorworks}"
DURATION="${DURATION:-10s}"
WARMUP="${WARMUP:-2s}"
CONNECTIONS="${CONNECTIONS:-32}"
THREADS="${THREADS:-2}"
SCALE="${SCALE:-10}"
ROUNDS="${ROUNDS:-1}"
SERVER_ENV="${SERVER_ENV:-}"
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
PYTHON="$(command -v /usr/bin/python3 || command -v python3 || true)"

TARGET_RATIO=0.7

die() { echo "bench/users.sh: $*" >&2; exit 2; }

case "$BIN" in /*) ;; *) BIN="$ROOT/$BIN" ;; esac
[ -x "$BIN" ] || die "$BIN is missing; build it first: scripts/build.sh (or cmake -S . -B build -G Ninja && ninja -C build)"
for tool in wrk curl; do
  command -v "$tool" >/dev/null || die "'$tool' is not installed (apt-get install wrk curl)"
done
for tool in pgbench psql createdb initdb; do
  [ -x "$PG_BIN/$tool" ] || die "$PG_BIN/$tool is missing (scripts/install-deps.sh --test installs PostgreSQL 15)"
done
[ -n "$PYTHON" ] || die "python3 is needed to pick a free port and read the API's JSON"
SECONDS_RUN="$(awk -v d="$DURATION" 'BEGIN { n = d + 0; if (d ~ /m$/) n *= 60; else if (d ~ /h$/) n *= 3600; print int(n) }')"
SECONDS_WARM="$(awk -v d="$WARMUP" 'BEGIN { n = d + 0; if (d ~ /m$/) n *= 60; else if (d ~ /h$/) n *= 3600; print int(n) }')"
[ "$SECONDS_RUN" -ge 1 ] || die "DURATION must be at least 1s (pgbench counts whole seconds)"

WORK="$(mktemp -d /tmp/authorworks-bench-users.XXXXXX)"
# The throwaway PostgreSQL lives in a folder of its own (scripts/test-postgres.sh makes it, and
# as root hands it to the postgres user): nothing is shared with the tests' server.
export AUTHORWORKS_TEST_POSTGRES_DIR="$WORK-postgres"
PG_STARTED=""
OURS_PID=""
cleanup() {
  [ -n "$OURS_PID" ] && kill -TERM "$OURS_PID" 2>/dev/null && wait "$OURS_PID" 2>/dev/null || true
  [ -n "$PG_STARTED" ] && "$ROOT/scripts/test-postgres.sh" stop >/dev/null 2>&1 || true
  rm -rf "$WORK" "$AUTHORWORKS_TEST_POSTGRES_DIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  "$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Waits until GET $1 answers 200; fails after 10 s.
wait_200() {
  local url="$1" _
  for _ in $(seq 1 1000); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$url" 2>/dev/null || true)" = 200 ] && return 0
    if [ -n "$OURS_PID" ] && ! kill -0 "$OURS_PID" 2>/dev/null; then
      cat "$WORK/ours/stderr.log" >&2
      die "authorworks exited during start-up"
    fi
    sleep 0.01
  done
  die "$url did not answer 200 within 10 s"
}


# CPU time (user + system, in clock ticks) used so far by the processes given (every thread).
cpu_ticks() {
  local total=0 pid t
  for pid in "$@"; do
    t="$(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$pid/stat" 2>/dev/null || echo 0)"
    total=$((total + t))
  done
  echo "$total"
}
CLK_TCK="$(getconf CLK_TCK)"

# The PostgreSQL backends serving authorworks (application_name=authorworks): their CPU time,
# read around the wrk run, is the database's share of each request.
ours_backends() {
  "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d postgres -Atc \
    "SELECT pid FROM pg_stat_activity WHERE application_name = 'authorworks'" 2>/dev/null || true
}

# ---- PostgreSQL ----

PG_URL="$("$ROOT/scripts/test-postgres.sh" start)" || die "could not start a throwaway PostgreSQL (scripts/test-postgres.sh)"
PG_STARTED=1
PG_PORT="$(echo "$PG_URL" | sed -E 's|^.*@[^:/]+:([0-9]+)/.*$|\1|')"
PG_USER="$(echo "$PG_URL" | sed -E 's|^postgres://([^@:]+).*$|\1|')"
"$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" aw_bench_users || die "createdb aw_bench_users failed"
"$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" aw_bench_pgbench || die "createdb aw_bench_pgbench failed"
DATABASE_URL="postgres://$PG_USER@127.0.0.1:$PG_PORT/aw_bench_users"
PG_VERSION="$("$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d postgres -Atc 'SHOW server_version')"

# ---- authorworks ----

PORT="$(free_port)"
mkdir -p "$WORK/ours"
# shellcheck disable=SC2086 # SERVER_ENV is a list of NAME=value words
(cd "$WORK/ours" && exec env -i PATH="$PATH" HOST=127.0.0.1 SERVICE_PORT="$PORT" DATA_DIR="$WORK/ours/data" \
  DATABASE_URL="$DATABASE_URL" LOG_LEVEL=info LOG_FORMAT=json PASSWORD_HASH_COST=minimum $SERVER_ENV \
  "$BIN" serve >/dev/null 2>"$WORK/ours/stderr.log") &
OURS_PID=$!
BASE="http://127.0.0.1:$PORT"
wait_200 "$BASE/health"
wait_200 "$BASE/ready"

# One account; its id and token.
curl -s -o "$WORK/register.json" -w '%{http_code}' -H 'Content-Type: application/json' \
  -d '{"email":"bench@example.com","username":"bench","password":"a long bench passphrase 42"}' \
  "$BASE/api/v1/auth/register" >"$WORK/register.status" || die "POST /api/v1/auth/register failed"
[ "$(cat "$WORK/register.status")" = 201 ] || die "POST /api/v1/auth/register answered $(cat "$WORK/register.status"): $(cat "$WORK/register.json")"
read -r USER_ID TOKEN < <("$PYTHON" -c 'import json, sys; d = json.load(open(sys.argv[1])); print(d["user"]["id"], d["token"])' "$WORK/register.json") ||
  die "cannot read the id and token from the registration's answer"
URL="$BASE/api/v1/users/$USER_ID"
AUTH="Authorization: Bearer $TOKEN"
[ "$(curl -s -o "$WORK/user.json" -w '%{http_code}' -H "$AUTH" "$URL")" = 200 ] || die "GET $URL did not answer 200: $(cat "$WORK/user.json")"
"$PYTHON" -c 'import json, sys; assert json.load(open(sys.argv[1]))["id"] == sys.argv[2]' "$WORK/user.json" "$USER_ID" ||
  die "GET $URL did not answer the user"
[ "$(curl -s -o /dev/null -w '%{http_code}' "$URL")" = 401 ] || die "GET $URL without a token did not answer 401"

# ---- the runs ----

# wrk against $URL (warm-up first); sets RPS, P50, P99, ERRORS, CPU_US (authorworks' CPU time
# per request, µs) and DB_US (its PostgreSQL backends' CPU time per request, µs).
run_wrk() {
  local out="$1" before after db_before db_after backends
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -H "$AUTH" "$URL" >/dev/null
  backends="$(ours_backends)"
  before="$(cpu_ticks "$OURS_PID")"
  # shellcheck disable=SC2086 # a list of pids
  db_before="$(cpu_ticks $backends)"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -H "$AUTH" "$URL" >"$out"
  after="$(cpu_ticks "$OURS_PID")"
  # shellcheck disable=SC2086
  db_after="$(cpu_ticks $backends)"
  RPS="$(awk '/^Requests\/sec:/ { print $2 }' "$out")"
  CPU_US="$(awk -v t=$((after - before)) -v hz="$CLK_TCK" '/requests in/ { printf "%.1f", t / hz * 1e6 / $1 }' "$out")"
  DB_US="$(awk -v t=$((db_after - db_before)) -v hz="$CLK_TCK" '/requests in/ { printf "%.1f", t / hz * 1e6 / $1 }' "$out")"
  P50="$(to_ms "$(awk '$1 == "50%" { print $2 }' "$out")")"
  P99="$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")"
  ERRORS="$(awk '/Non-2xx/ { n += $NF } /Socket errors/ { gsub(/,/, ""); n += $4 + $6 + $8 + $10 } END { print n + 0 }' "$out")"
  if [ "$ERRORS" != 0 ]; then
    echo "warning: wrk saw errors against $URL:" >&2
    grep -E 'Non-2xx|Socket errors' "$out" >&2
  fi
}

PGBENCH_READY=""
# pgbench -S -M prepared against its own database (initialised on first use); sets TPS, P50 and
# P99 (from the per-transaction log, every transaction of the run).
run_pgbench() {
  local out="$1" logs="$2"
  if [ -z "$PGBENCH_READY" ]; then
    echo "initialising pgbench's tables (scale $SCALE)..."
    "$PG_BIN/pgbench" -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -i -q -s "$SCALE" aw_bench_pgbench \
      >"$WORK/pgbench-init.log" 2>&1 || { cat "$WORK/pgbench-init.log" >&2; die "pgbench -i failed"; }
    PGBENCH_READY=1
  fi
  "$PG_BIN/pgbench" -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -S -M prepared -c "$CONNECTIONS" -j "$THREADS" \
    -T "$SECONDS_WARM" aw_bench_pgbench >/dev/null 2>&1 || die "pgbench (warm-up) failed"
  mkdir -p "$logs"
  (cd "$logs" && "$PG_BIN/pgbench" -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -S -M prepared -c "$CONNECTIONS" \
    -j "$THREADS" -T "$SECONDS_RUN" -l --log-prefix=tx aw_bench_pgbench) >"$out" 2>&1 ||
    { cat "$out" >&2; die "pgbench failed"; }
  TPS="$(awk '/^tps = / { print $3; exit }' "$out")"
  # Per-transaction log: client, transaction, latency (µs), script, epoch, µs.
  read -r P50 P99 < <(cat "$logs"/tx.* | awk '{ print $3 }' | sort -n |
    awk '{ a[NR] = $1 } END { i50 = int(NR * 0.50 + 0.5); i99 = int(NR * 0.99 + 0.5); if (i50 < 1) i50 = 1; if (i99 < 1) i99 = 1;
      printf "%.3f %.3f\n", a[i50] / 1000, a[i99] / 1000 }')
  rm -rf "$logs"
  if grep -qE 'number of failed transactions: [1-9]' "$out"; then
    echo "warning: pgbench saw failed transactions:" >&2
    grep -E 'failed transactions' "$out" >&2
  fi
}

echo "AuthorWorks data layer and accounts benchmark"
echo "  date:     $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "  machine:  $(nproc) cores, $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) RAM, Linux $(uname -r)"
echo "  load:     $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min, before the run)"
echo "  binary:   $BIN ($("$BIN" version))${SERVER_ENV:+, with $SERVER_ENV}"
echo "  database: PostgreSQL $PG_VERSION (scripts/test-postgres.sh: loopback TCP, fsync off)"
echo "  tools:    $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2), $("$PG_BIN/pgbench" --version)"
echo "  wrk:      -t$THREADS -c$CONNECTIONS -d$DURATION --latency -H 'Authorization: Bearer ...' $BASE/api/v1/users/ID"
echo "  pgbench:  -S -M prepared -c $CONNECTIONS -j $THREADS -T $SECONDS_RUN (scale $SCALE); both after a $WARMUP warm-up, $ROUNDS round(s)"
echo

RPS_O="" P50_O="" P99_O="" CPU_O="" DB_O="" ERR_O=0 TPS_P="" P50_P="" P99_P="" ROUND_RATIOS=""
for round in $(seq 1 "$ROUNDS"); do
  echo "round $round of $ROUNDS: authorworks ($DURATION)..."
  run_wrk "$WORK/wrk-$round.txt"
  RPS_O+=" $RPS" P50_O+=" $P50" P99_O+=" $P99" CPU_O+=" $CPU_US" DB_O+=" $DB_US" ERR_O=$((ERR_O + ERRORS))
  rps_round="$RPS"
  echo "round $round of $ROUNDS: pgbench (${SECONDS_RUN}s)..."
  run_pgbench "$WORK/pgbench-$round.txt" "$WORK/pgbench-log-$round"
  TPS_P+=" $TPS" P50_P+=" $P50" P99_P+=" $P99"
  ROUND_RATIOS+=" $(awk -v a="$rps_round" -v b="$TPS" 'BEGIN { printf "%.2f", a / b }')"
  echo "  authorworks $rps_round req/s, pgbench $TPS tps"
done
RPS_OURS="$(echo "$RPS_O" | median)" P50_OURS="$(echo "$P50_O" | median)" P99_OURS="$(echo "$P99_O" | median)"
CPU_OURS="$(echo "$CPU_O" | median)" DB_OURS="$(echo "$DB_O" | median)"
TPS_PG="$(echo "$TPS_P" | median)" P50_PG="$(echo "$P50_P" | median)" P99_PG="$(echo "$P99_P" | median)"

kill -TERM "$OURS_PID"
rc=0
wait "$OURS_PID" || rc=$?
OURS_PID=""
[ "$rc" -eq 0 ] || { cat "$WORK/ours/stderr.log" >&2; die "authorworks exited with $rc on SIGTERM"; }

RATIO="$(awk -v a="$RPS_OURS" -v b="$TPS_PG" 'BEGIN { printf "%.2f", a / b }')"
V_RATIO="$(awk -v v="$RATIO" -v t="$TARGET_RATIO" -v e="$ERR_O" 'BEGIN { print (v >= t && e == 0) ? "PASS" : "MISS" }')"

echo
printf '%-34s %14s %14s\n' "" "authorworks" "pgbench -S"
printf '%-34s %14.0f %14.0f\n' "requests/s (pgbench: tps)" "$RPS_OURS" "$TPS_PG"
printf '%-34s %14.3f %14.3f\n' "latency p50 (ms)" "$P50_OURS" "$P50_PG"
printf '%-34s %14.3f %14.3f\n' "latency p99 (ms)" "$P99_OURS" "$P99_PG"
echo
printf '%-34s %10s %10s %6s\n' "figure" "value" "target" ""
printf '%-34s %10s %10s %6s\n' "throughput ratio (ours / pgbench)" "$RATIO" ">= $TARGET_RATIO" "$V_RATIO"
echo
if [ "$ROUNDS" -gt 1 ]; then
  echo "per round: authorworks req/s:$RPS_O; pgbench tps:$TPS_P"
  echo "           ratio:$ROUND_RATIOS; p99 ours:$P99_O ms; p99 pgbench:$P99_P ms"
fi
echo "authorworks CPU per request: $CPU_OURS us; its PostgreSQL backends' CPU per request: $DB_OURS us (not targets)"
[ "$ERR_O" = 0 ] || echo "wrk saw $ERR_O errors or non-2xx answers: the run does not count (MISS)"
echo "load after the run: $(cut -d' ' -f1-3 /proc/loadavg)"

[ "$V_RATIO" = PASS ]
