#!/usr/bin/env bash
# A throwaway PostgreSQL 15 for the tests, on a free loopback port, with its data, socket and log
# in one folder under ${TMPDIR:-/tmp}. Trust authentication for the user `authorworks`, fsync off.
#   scripts/test-postgres.sh start     initdb and start (or find it running); prints the postgres:// URL
#   scripts/test-postgres.sh url       prints the URL of the running server
#   scripts/test-postgres.sh down      stops the server, keeping its data and port
#   scripts/test-postgres.sh up        starts it again on the same port
#   scripts/test-postgres.sh restart   down, then up
#   scripts/test-postgres.sh stop      stops the server and removes its folder (nothing to do: ok)
# The folder is $AUTHORWORKS_TEST_POSTGRES_DIR, by default one per checkout:
# ${TMPDIR:-/tmp}/authorworks-test-postgres-<checksum of the checkout's path>.
# As root, the server runs as the `postgres` system user (the postgresql package makes it).
set -euo pipefail

pg_bin="${PG_BIN:-/usr/lib/postgresql/15/bin}"
root="$(cd "$(dirname "$0")/.." && pwd)"
dir="${AUTHORWORKS_TEST_POSTGRES_DIR:-${TMPDIR:-/tmp}/authorworks-test-postgres-$(printf %s "$root" | cksum | cut -d' ' -f1)}"
db_user=authorworks
db_name=authorworks

usage() { sed -n '2,12p' "$0"; }
die() { echo "test-postgres: $*" >&2; exit 1; }

# Runs a PostgreSQL program as the folder's owner: postgres refuses to run as root.
as_owner() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

url() { cat "$dir/url" 2>/dev/null || die "no server in $dir; run 'scripts/test-postgres.sh start' first"; }

running() { [ -f "$dir/data/postmaster.pid" ] && as_owner "$pg_bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; }

port_is_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

free_port() {
  local port
  for _ in $(seq 1 100); do
    port=$((20000 + RANDOM % 40000))
    if port_is_free "$port"; then echo "$port"; return 0; fi
  done
  return 1
}

server_up() {
  as_owner "$pg_bin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 30 start >/dev/null
}

start() {
  [ -x "$pg_bin/initdb" ] || die "PostgreSQL 15 is not installed (scripts/install-deps.sh --test installs it)"
  if running; then url; return 0; fi
  rm -rf "$dir"
  mkdir -p "$dir"
  chmod 700 "$dir"
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || die "there is no 'postgres' user to run the server as (install the postgresql package)"
    chown postgres: "$dir"
    runuser -u postgres -- test -w "$dir" ||
      die "the postgres user cannot reach $dir; set AUTHORWORKS_TEST_POSTGRES_DIR or TMPDIR to a folder it can reach"
  fi
  as_owner mkdir "$dir/sock"
  as_owner "$pg_bin/initdb" -D "$dir/data" -U "$db_user" --auth=trust -E UTF8 --no-locale --no-sync >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; die "initdb failed"; }
  local port attempt
  for attempt in 1 2 3 4 5; do
    port="$(free_port)" || die "found no free port"
    as_owner tee -a "$dir/data/postgresql.conf" >/dev/null <<EOF
# scripts/test-postgres.sh (attempt $attempt)
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir/sock'
max_connections = 300
fsync = off
synchronous_commit = off
full_page_writes = off
log_min_messages = warning
log_min_error_statement = panic
EOF
    if server_up; then
      as_owner "$pg_bin/createdb" -h "$dir/sock" -p "$port" -U "$db_user" "$db_name"
      echo "postgres://$db_user@127.0.0.1:$port/$db_name" >"$dir/url"
      url
      return 0
    fi
  done
  tail -20 "$dir/postgres.log" >&2 || true
  die "the server did not start"
}

down() {
  [ -d "$dir/data" ] || die "no server in $dir"
  if running; then as_owner "$pg_bin/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >/dev/null; fi
}

up() {
  [ -d "$dir/data" ] || die "no server in $dir"
  if ! running; then server_up || { tail -20 "$dir/postgres.log" >&2; die "the server did not start again"; }; fi
}

stop() {
  if [ -d "$dir/data" ] && running; then
    as_owner "$pg_bin/pg_ctl" -D "$dir/data" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}

case "${1:-}" in
  start) start ;;
  url) url ;;
  down) down ;;
  up) up ;;
  restart) down; up ;;
  stop) stop ;;
  -h|--help) usage ;;
  *) usage >&2; exit 2 ;;
esac
