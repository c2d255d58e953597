#!/usr/bin/env bash
# Platform kernel benchmark: GET /health on authorworks against nginx answering the same body,
# idle memory, and start-up time. Builds nothing: it expects build/authorworks (or BIN=...).
#
#   bench/kernel.sh                 run everything and print the table
#   BIN=path/to/authorworks         the binary to measure (default: build/authorworks)
#   DURATION=10s CONNECTIONS=64 THREADS=2 WARMUP=2s STARTS=5   wrk and start-up settings
#   ROUNDS=1                        wrk runs per server, alternating; the medians are reported
#
# Exit status: 0 when every target is met, 1 when one is missed, 2 when it cannot run.
# See bench/README.md for what each figure means.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/lib.sh
. bench/lib.sh
ROOT="$PWD"

BIN="${BIN:-build/authorworks}"
DURATION="${DURATION:-10s}"
WARMUP="${WARMUP:-2s}"
CONNECTIONS="${CONNECTIONS:-64}"
THREADS="${THREADS:-2}"
STARTS="${STARTS:-5}"
ROUNDS="${ROUNDS:-1}"
PYTHON="$(command -v /usr/bin/python3 || command -v python3 || true)"

TARGET_RATIO=0.8
TARGET_RSS_MB=20
TARGET_READY_MS=200

die() { echo "bench/kernel.sh: $*" >&2; exit 2; }

case "$BIN" in /*) ;; *) BIN="$ROOT/$BIN" ;; esac
[ -x "$BIN" ] || die "$BIN is missing; build it first: scripts/build.sh (or cmake -S . -B build -G Ninja && ninja -C build)"
for tool in wrk nginx curl; do
  command -v "$tool" >/dev/null || die "'$tool' is not installed (apt-get install wrk nginx curl)"
done
[ -n "$PYTHON" ] || die "python3 is needed to pick free ports and time the start-up"
NGINX="$(command -v nginx)"

WORK="$(mktemp -d /tmp/authorworks-bench.XXXXXX)"
OURS_PID=""
NGINX_PID=""
cleanup() {
  [ -n "$OURS_PID" ] && kill -TERM "$OURS_PID" 2>/dev/null && wait "$OURS_PID" 2>/dev/null || true
  [ -n "$NGINX_PID" ] && kill -QUIT "$NGINX_PID" 2>/dev/null && wait "$NGINX_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  "$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Waits until GET $1 answers 200; fails after 10 s.
wait_200() {
  local url="$1" i
  for i in $(seq 1 1000); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$url" 2>/dev/null || true)" = 200 ] && return 0
    sleep 0.01
  done
  die "$url did not answer 200 within 10 s"
}


# CPU time (user + system, in clock ticks) used so far by process $1 and its children (nginx's
# workers); /proc/PID/stat fields 14 and 15 count every thread of a process.
cpu_ticks() {
  local total=0 pid t
  for pid in "$1" $(cat /proc/"$1"/task/*/children 2>/dev/null); do
    t="$(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$pid/stat" 2>/dev/null || echo 0)"
    total=$((total + t))
  done
  echo "$total"
}
CLK_TCK="$(getconf CLK_TCK)"

# Runs wrk against $1 (warm-up first), the server being process $3; sets RPS, P50, P99 and
# CPU_US (the server's CPU time per request, in microseconds); wrk's own output goes to $2.
run_wrk() {
  local url="$1" out="$2" pid="$3" before after
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" "$url" >/dev/null
  before="$(cpu_ticks "$pid")"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$url" >"$out"
  after="$(cpu_ticks "$pid")"
  RPS="$(awk '/^Requests\/sec:/ { print $2 }' "$out")"
  CPU_US="$(awk -v t=$((after - before)) -v hz="$CLK_TCK" '/requests in/ { printf "%.1f", t / hz * 1e6 / $1 }' "$out")"
  P50="$(to_ms "$(awk '$1 == "50%" { print $2 }' "$out")")"
  P99="$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")"
  if grep -qE 'Non-2xx|Socket errors' "$out"; then
    echo "warning: wrk saw errors against $url:" >&2
    grep -E 'Non-2xx|Socket errors' "$out" >&2
  fi
}

start_ours() {  # $1 = port; sets OURS_PID
  mkdir -p "$WORK/ours"
  (cd "$WORK/ours" && exec env -i PATH="$PATH" HOST=127.0.0.1 SERVICE_PORT="$1" DATA_DIR="$WORK/ours/data" \
    LOG_LEVEL=info LOG_FORMAT=json "$BIN" serve >/dev/null 2>"$WORK/ours/stderr.log") &
  OURS_PID=$!
}

stop_ours() {
  kill -TERM "$OURS_PID"
  local rc=0
  wait "$OURS_PID" || rc=$?
  OURS_PID=""
  [ "$rc" -eq 0 ] || { cat "$WORK/ours/stderr.log" >&2; die "authorworks exited with $rc on SIGTERM"; }
}

echo "AuthorWorks platform kernel benchmark"
echo "  date:     $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "  machine:  $(nproc) cores, $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) RAM, Linux $(uname -r)"
echo "  load:     $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min, before the run)"
echo "  binary:   $BIN ($("$BIN" version))"
echo "  tools:    $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2), $("$NGINX" -v 2>&1 | cut -d' ' -f3)"
echo "  wrk:      -t$THREADS -c$CONNECTIONS -d$DURATION --latency (after a $WARMUP warm-up), $ROUNDS round(s)"
echo

# 1. Start-up: exec to the first 200 on /health, median of $STARTS starts.
echo "measuring start-up ($STARTS starts)..."
READY_LIST="$("$PYTHON" - "$BIN" "$WORK" "$STARTS" <<'EOF'
import os, signal, socket, statistics, subprocess, sys, time
binary, work, starts = sys.argv[1], sys.argv[2], int(sys.argv[3])
times = []
for i in range(starts):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close()
    cwd = os.path.join(work, f"start-{i}")
    os.makedirs(cwd)
    env = {"PATH": os.environ["PATH"], "HOST": "127.0.0.1", "SERVICE_PORT": str(port),
           "DATA_DIR": os.path.join(cwd, "data"), "LOG_LEVEL": "info"}
    t0 = time.perf_counter()
    p = subprocess.Popen([binary, "serve"], cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while True:
        if p.poll() is not None:
            sys.exit(f"authorworks exited with {p.returncode} during start-up")
        if time.perf_counter() - t0 > 10:
            p.kill(); sys.exit("authorworks did not answer within 10 s")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as c:
                c.sendall(b"GET /health HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n")
                if c.recv(16).startswith(b"HTTP/1.1 200"):
                    break
        except OSError:
            pass
        time.sleep(0.0005)
    times.append((time.perf_counter() - t0) * 1000)
    p.send_signal(signal.SIGTERM)
    if p.wait(timeout=10) != 0:
        sys.exit(f"authorworks exited with {p.returncode} on SIGTERM")
print(" ".join(f"{t:.1f}" for t in times))
EOF
)" || die "the start-up measurement failed"
READY_MS="$(echo "$READY_LIST" | median)"

# 2. authorworks: idle memory.
PORT_OURS="$(free_port)"
start_ours "$PORT_OURS"
wait_200 "http://127.0.0.1:$PORT_OURS/health"
sleep 1
RSS_KB="$(awk '/^VmRSS:/ { print $2 }' "/proc/$OURS_PID/status")"
RSS_MB="$(awk -v k="$RSS_KB" 'BEGIN { printf "%.1f", k / 1024 }')"
HEALTH_BODY="$(curl -s "http://127.0.0.1:$PORT_OURS/health")"

# 3. nginx answering the same body from its config.
PORT_NGINX="$(free_port)"
mkdir -p "$WORK/nginx/logs" "$WORK/nginx/tmp"
cat >"$WORK/nginx/nginx.conf" <<EOF
worker_processes auto;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log $WORK/nginx/logs/access.log;
  client_body_temp_path $WORK/nginx/tmp/body;
  proxy_temp_path $WORK/nginx/tmp/proxy;
  fastcgi_temp_path $WORK/nginx/tmp/fastcgi;
  uwsgi_temp_path $WORK/nginx/tmp/uwsgi;
  scgi_temp_path $WORK/nginx/tmp/scgi;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$PORT_NGINX;
    location = /health { default_type application/json; return 200 '$HEALTH_BODY'; }
  }
}
EOF
"$NGINX" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -g 'daemon off;' 2>"$WORK/nginx/logs/stderr.log" &
NGINX_PID=$!
wait_200 "http://127.0.0.1:$PORT_NGINX/health"
[ "$(curl -s "http://127.0.0.1:$PORT_NGINX/health")" = "$HEALTH_BODY" ] || die "nginx does not answer the same body"

# 4. Throughput: one server after the other (the other one idle), ROUNDS times. The median of
# each figure is kept, so a burst of load elsewhere on the machine weighs on one round only.
RPS_O="" P50_O="" P99_O="" CPU_O="" RPS_N="" P50_N="" P99_N="" CPU_N="" ROUND_RATIOS=""
for round in $(seq 1 "$ROUNDS"); do
  echo "round $round of $ROUNDS: authorworks ($DURATION)..."
  run_wrk "http://127.0.0.1:$PORT_OURS/health" "$WORK/wrk-ours-$round.txt" "$OURS_PID"
  RPS_O+=" $RPS" P50_O+=" $P50" P99_O+=" $P99" CPU_O+=" $CPU_US"
  rps_round="$RPS"
  echo "round $round of $ROUNDS: nginx ($DURATION)..."
  run_wrk "http://127.0.0.1:$PORT_NGINX/health" "$WORK/wrk-nginx-$round.txt" "$NGINX_PID"
  RPS_N+=" $RPS" P50_N+=" $P50" P99_N+=" $P99" CPU_N+=" $CPU_US"
  ROUND_RATIOS+=" $(awk -v a="$rps_round" -v b="$RPS" 'BEGIN { printf "%.2f", a / b }')"
done
RPS_OURS="$(echo "$RPS_O" | median)" P50_OURS="$(echo "$P50_O" | median)" P99_OURS="$(echo "$P99_O" | median)"
RPS_NGINX="$(echo "$RPS_N" | median)" P50_NGINX="$(echo "$P50_N" | median)" P99_NGINX="$(echo "$P99_N" | median)"
CPU_OURS="$(echo "$CPU_O" | median)" CPU_NGINX="$(echo "$CPU_N" | median)"
RSS_LOADED_MB="$(awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$OURS_PID/status")"
stop_ours
kill -QUIT "$NGINX_PID"
wait "$NGINX_PID" 2>/dev/null || true
NGINX_PID=""

# 5. The table.
RATIO="$(awk -v a="$RPS_OURS" -v b="$RPS_NGINX" 'BEGIN { printf "%.2f", a / b }')"
verdict() { awk -v v="$1" -v t="$2" -v op="$3" 'BEGIN { ok = (op == ">=") ? (v >= t) : (v <= t); print ok ? "PASS" : "MISS" }'; }
V_RATIO="$(verdict "$RATIO" "$TARGET_RATIO" ">=")"
V_RSS="$(verdict "$RSS_MB" "$TARGET_RSS_MB" "<=")"
V_READY="$(verdict "$READY_MS" "$TARGET_READY_MS" "<=")"

echo
printf '%-34s %14s %14s\n' "GET /health" "authorworks" "nginx"
printf '%-34s %14.0f %14.0f\n' "requests/s" "$RPS_OURS" "$RPS_NGINX"
printf '%-34s %14.3f %14.3f\n' "latency p50 (ms)" "$P50_OURS" "$P50_NGINX"
printf '%-34s %14.3f %14.3f\n' "latency p99 (ms)" "$P99_OURS" "$P99_NGINX"
printf '%-34s %14.1f %14.1f\n' "server CPU per request (us)" "$CPU_OURS" "$CPU_NGINX"
echo
printf '%-34s %10s %10s %6s\n' "figure" "value" "target" ""
printf '%-34s %10s %10s %6s\n' "throughput ratio (ours / nginx)" "$RATIO" ">= $TARGET_RATIO" "$V_RATIO"
printf '%-34s %10s %10s %6s\n' "idle RSS after start (MiB)" "$RSS_MB" "<= $TARGET_RSS_MB" "$V_RSS"
printf '%-34s %10s %10s %6s\n' "exec to first 200 (ms, median)" "$READY_MS" "<= $TARGET_READY_MS" "$V_READY"
echo
echo "start-up times (ms): $READY_LIST"
if [ "$ROUNDS" -gt 1 ]; then echo "ratio per round:$ROUND_RATIOS"; fi
echo "CPU efficiency (nginx CPU per request / ours): $(awk -v a="$CPU_NGINX" -v b="$CPU_OURS" 'BEGIN { printf "%.2f", a / b }') (not a target; steadier than requests/s on a busy machine)"
echo "RSS after the load: $RSS_LOADED_MB MiB"
echo "load after the run: $(cut -d' ' -f1-3 /proc/loadavg)"

[ "$V_RATIO$V_RSS$V_READY" = PASSPASSPASS ]
