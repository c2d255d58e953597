#!/usr/bin/env bash
# Generation benchmark: one whole novel through the API (register, POST /api/v1/books/generate,
# poll the status) on authorworks serve with LLM_PROVIDER=anthropic pointed at the Anthropic test
# double streaming at a model's pace, then the same book with the offline writer to show what the
# pipeline itself costs. Builds nothing: it expects build/authorworks (or BIN=...).
#
#   bench/generation.sh             an 80,000-word novel, about 10 minutes
#   WORDS=20000                     a smaller book, for quick runs (about 3 minutes)
#   RATE=60                         tokens per second the double streams, per request
#   BASELINE=offline                the overhead run: offline (the offline writer) or instant (the
#                                   double without pacing)
#   BIN=path/to/authorworks         the binary to measure (default: build/authorworks)
#   SERVER_ENV="GENERATION_PARALLELISM=8"   extra variables for authorworks serve (space-separated)
#
# Exit status: 0 when every target is met, 1 when one is missed, 2 when it cannot run.
# See bench/README.md for what each figure means.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"

BIN="${BIN:-build/authorworks}"
WORDS="${WORDS:-80000}"
RATE="${RATE:-60}"
BASELINE="${BASELINE:-offline}"
SERVER_ENV="${SERVER_ENV:-}"
MODEL="claude-sonnet-4-5"
PRICE_IN=3
PRICE_OUT=15
PYTHON="$(command -v /usr/bin/python3 || command -v python3 || true)"

TARGET_MINUTES=15
TARGET_TOKENS_PER_WORD=4
TARGET_FLATNESS=1.5  # the most prompt tokens per word of a chapter, over the fewest
TARGET_COST=3.00

die() { echo "bench/generation.sh: $*" >&2; exit 2; }

case "$BIN" in /*) ;; *) BIN="$ROOT/$BIN" ;; esac
[ -x "$BIN" ] || die "$BIN is missing; build it first: scripts/build.sh (or cmake -S . -B build -G Ninja && ninja -C build)"
command -v curl >/dev/null || die "'curl' is not installed (apt-get install curl)"
[ -n "$PYTHON" ] || die "python3 is needed for the model double and to read the API's JSON"
[ -f tests/doubles/anthropic_double.py ] || die "tests/doubles/anthropic_double.py is missing"
case "$WORDS" in '' | *[!0-9]*) die "WORDS must be a whole number" ;; esac
case "$BASELINE" in offline | instant) ;; *) die "BASELINE must be offline or instant" ;; esac

WORK="$(mktemp -d /tmp/authorworks-bench-generation.XXXXXX)"
DOUBLE_PID=""
SERVER_PID=""
stop_server() {
  if [ -n "$SERVER_PID" ]; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
  fi
}
cleanup() {
  stop_server
  if [ -n "$DOUBLE_PID" ]; then
    kill -TERM "$DOUBLE_PID" 2>/dev/null || true
    wait "$DOUBLE_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  "$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# CPU time (user + system, in clock ticks) used so far by a process (every thread).
cpu_ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
CLK_TCK="$(getconf CLK_TCK)"

# Reads a member of a JSON file: json_get FILE EXPRESSION (Python, the document is `d`).
json_get() { "$PYTHON" -c 'import json, sys; d = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"; }

wait_200() {
  local url="$1" _
  for _ in $(seq 1 1000); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$url" 2>/dev/null || true)" = 200 ] && return 0
    if [ -n "$SERVER_PID" ] && ! kill -0 "$SERVER_PID" 2>/dev/null; then
      cat "$WORK/server.log" >&2
      die "authorworks exited during start-up"
    fi
    sleep 0.01
  done
  die "$url did not answer 200 within 10 s"
}

# ---- the model double ----

"$PYTHON" tests/doubles/anthropic_double.py --port 0 --port-file "$WORK/double.port" >"$WORK/double.log" 2>&1 &
DOUBLE_PID=$!
for _ in $(seq 1 500); do [ -f "$WORK/double.port" ] && break; sleep 0.02; done
[ -f "$WORK/double.port" ] || { cat "$WORK/double.log" >&2; die "the Anthropic double did not start"; }
DOUBLE="http://127.0.0.1:$(cat "$WORK/double.port")"
double_rate() {  # the pace of every answer: tokens per second, or 0 for at once
  local behaviour='{}'
  [ "$1" != 0 ] && behaviour="{\"tokens_per_second\": $1}"
  curl -sf -o /dev/null -H 'Content-Type: application/json' -d "{\"reset\": true, \"default\": $behaviour}" \
    "$DOUBLE/__control" || die "the double's control endpoint failed"
}

# ---- one book through the API ----

# run_book NAME ENV...: starts authorworks serve with ENV on a fresh DATA_DIR, registers an
# account, generates one WORDS-word novel and polls its status every second until it ends. Sets
# WALL (s), CPU (the server's CPU seconds over the generation) and leaves the final status in
# $WORK/NAME-status.json.
run_book() {
  local name="$1"; shift
  local port base token book started now status_code state
  port="$(free_port)"
  base="http://127.0.0.1:$port"
  mkdir -p "$WORK/$name"
  # shellcheck disable=SC2086 # SERVER_ENV is a list of NAME=value words
  (cd "$WORK/$name" && exec env -i PATH="$PATH" HOST=127.0.0.1 SERVICE_PORT="$port" DATA_DIR="$WORK/$name/data" \
    LOG_LEVEL=warn LOG_FORMAT=json PASSWORD_HASH_COST=minimum "$@" $SERVER_ENV \
    "$BIN" serve >"$WORK/server.log" 2>&1) &
  SERVER_PID=$!
  wait_200 "$base/health"
  wait_200 "$base/ready"
  status_code="$(curl -s -o "$WORK/$name-register.json" -w '%{http_code}' -H 'Content-Type: application/json' \
    -d '{"email":"bench@example.com","username":"bench","password":"a long bench passphrase 42"}' \
    "$base/api/v1/auth/register")" || die "POST /api/v1/auth/register failed"
  [ "$status_code" = 201 ] || die "POST /api/v1/auth/register answered $status_code: $(cat "$WORK/$name-register.json")"
  token="$(json_get "$WORK/$name-register.json" 'd["token"]')"

  local cpu_before
  cpu_before="$(cpu_ticks "$SERVER_PID")"
  started="$(date +%s.%N)"
  status_code="$(curl -s -o "$WORK/$name-started.json" -w '%{http_code}' -H 'Content-Type: application/json' \
    -H "Authorization: Bearer $token" \
    -d "{\"title\":\"The Lighthouse Letters\",\"braindump\":\"A lighthouse keeper on a northern island finds letters from her drowned brother that he could not have written. The harbour town keeps its secrets; the sea keeps the rest.\",\"kind\":\"novel\",\"target_words\":$WORDS}" \
    "$base/api/v1/books/generate")" || die "POST /api/v1/books/generate failed"
  [ "$status_code" = 202 ] || [ "$status_code" = 201 ] ||
    die "POST /api/v1/books/generate answered $status_code: $(cat "$WORK/$name-started.json")"
  book="$(json_get "$WORK/$name-started.json" 'd["book_id"]')"

  local last_report=0
  while :; do
    sleep 1
    curl -sf -o "$WORK/$name-status.json" -H "Authorization: Bearer $token" "$base/api/v1/books/$book/status" ||
      die "GET /api/v1/books/$book/status failed"
    state="$(json_get "$WORK/$name-status.json" 'd["status"]')"
    now="$(date +%s)"
    if [ $((now - last_report)) -ge 30 ] || [ "$state" = completed ] || [ "$state" = failed ]; then
      json_get "$WORK/$name-status.json" \
        '"  %s: %s %5.1f%%, %d/%d words, stage %s" % ("'"$name"'", d["status"], d["progress"], d["words"], d["target_words"], d["stage"])'
      last_report="$now"
    fi
    case "$state" in
      completed) break ;;
      failed | cancelled) die "the $name book ended $state: $(json_get "$WORK/$name-status.json" 'd["error"]')" ;;
    esac
  done
  WALL="$(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')"
  CPU="$(awk -v t=$(($(cpu_ticks "$SERVER_PID") - cpu_before)) -v hz="$CLK_TCK" 'BEGIN { printf "%.2f", t / hz }')"
  stop_server
}

echo "AuthorWorks generation benchmark"
echo "  date:     $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "  machine:  $(nproc) cores, $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) RAM, Linux $(uname -r)"
echo "  load:     $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min, before the run)"
echo "  binary:   $BIN ($("$BIN" version))${SERVER_ENV:+, with $SERVER_ENV}"
echo "  book:     a $WORDS-word novel; the Anthropic double streams $RATE tokens/s per request; $MODEL at \$$PRICE_IN/\$$PRICE_OUT per million tokens"
echo

echo "model run (the double at $RATE tokens/s)..."
double_rate "$RATE"
MODEL_ENV=(LLM_PROVIDER=anthropic ANTHROPIC_API_KEY=bench-key "ANTHROPIC_BASE_URL=$DOUBLE" "ANTHROPIC_MODEL=$MODEL"
  "LLM_PRICES=$MODEL=$PRICE_IN:$PRICE_OUT")
run_book model "${MODEL_ENV[@]}"
WALL_MODEL="$WALL" CPU_MODEL="$CPU"
REQUESTS="$(curl -sf "$DOUBLE/__requests" | "$PYTHON" -c 'import json, sys; print(len(json.load(sys.stdin)["requests"]))')"

echo "overhead run ($BASELINE)..."
if [ "$BASELINE" = offline ]; then
  run_book baseline LLM_PROVIDER=offline
else
  double_rate 0
  run_book baseline "${MODEL_ENV[@]}"
fi
WALL_BASE="$WALL" CPU_BASE="$CPU"

# Figures from the model run's final status.
read -r WORDS_DONE TOKENS_IN TOKENS_OUT COST FLAT_COST CHAPTERS TPW_MIN TPW_MAX TPW_FIRST TPW_LAST < <(
  "$PYTHON" - "$WORK/model-status.json" "$PRICE_IN" "$PRICE_OUT" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
per_word = [c["prompt_tokens_per_word"] for c in d["chapters"]]
flat = d["tokens_in"] * float(sys.argv[2]) / 1e6 + d["tokens_out"] * float(sys.argv[3]) / 1e6
print(d["words"], d["tokens_in"], d["tokens_out"], "%.4f" % d["cost_usd"], "%.4f" % flat, len(per_word),
      "%.3f" % min(per_word), "%.3f" % max(per_word), "%.3f" % per_word[0], "%.3f" % per_word[-1])
PY
)
"$PYTHON" -c '
import json, sys
d = json.load(open(sys.argv[1]))
print("prompt tokens per word, chapter by chapter: " + " ".join("%.2f" % c["prompt_tokens_per_word"] for c in d["chapters"]))
' "$WORK/model-status.json"

MINUTES="$(awk -v s="$WALL_MODEL" 'BEGIN { printf "%.1f", s / 60 }')"
FLATNESS="$(awk -v a="$TPW_MAX" -v b="$TPW_MIN" 'BEGIN { printf "%.2f", (b > 0) ? a / b : 99 }')"
verdict() { awk -v v="$1" -v t="$2" 'BEGIN { print (v <= t) ? "PASS" : "MISS" }'; }
V_TIME="$(verdict "$MINUTES" "$TARGET_MINUTES")"
V_TPW="$(verdict "$TPW_MAX" "$TARGET_TOKENS_PER_WORD")"
V_FLAT="$(verdict "$FLATNESS" "$TARGET_FLATNESS")"
V_COST="$(verdict "$COST" "$TARGET_COST")"

echo
printf '%-44s %12s %12s\n' "" "model run" "$BASELINE"
printf '%-44s %12s %12s\n' "wall time (s)" "$WALL_MODEL" "$WALL_BASE"
printf '%-44s %12s %12s\n' "server CPU (s)" "$CPU_MODEL" "$CPU_BASE"
printf '%-44s %12s\n' "words written" "$WORDS_DONE"
printf '%-44s %12s\n' "chapters" "$CHAPTERS"
printf '%-44s %12s\n' "model requests" "$REQUESTS"
printf '%-44s %12s\n' "tokens in / out" "$TOKENS_IN / $TOKENS_OUT"
printf '%-44s %12s\n' "cost at list price, cache discounts ignored" "\$$FLAT_COST"
echo
printf '%-44s %10s %10s %6s\n' "figure" "value" "target" ""
printf '%-44s %10s %10s %6s\n' "wall time (min)" "$MINUTES" "<= $TARGET_MINUTES" "$V_TIME"
printf '%-44s %10s %10s %6s\n' "prompt tokens per word, most of any chapter" "$TPW_MAX" "<= $TARGET_TOKENS_PER_WORD" "$V_TPW"
printf '%-44s %10s %10s %6s\n' "  max / min over chapters (flat)" "$FLATNESS" "<= $TARGET_FLATNESS" "$V_FLAT"
printf '%-44s %10s %10s %6s\n' "cost of the book (USD, as billed)" "$COST" "<= $TARGET_COST" "$V_COST"
echo
echo "prompt tokens per word: first chapter $TPW_FIRST, last $TPW_LAST, min $TPW_MIN, max $TPW_MAX"
echo "pipeline overhead ($BASELINE run): ${WALL_BASE} s wall, ${CPU_BASE} s server CPU for $WORDS words"
echo "load after the run: $(cut -d' ' -f1-3 /proc/loadavg)"

[ "$V_TIME" = PASS ] && [ "$V_TPW" = PASS ] && [ "$V_FLAT" = PASS ] && [ "$V_COST" = PASS ]
