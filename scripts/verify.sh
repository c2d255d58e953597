#!/usr/bin/env bash
# Checks a running AuthorWorks stack and says what is wrong; exits non-zero when anything fails.
# Safe to run at any time, as often as you like: it only reads.
#
#   scripts/verify.sh                              # docker-compose.homelab.yml with .env
#   COMPOSE_FILE=docker-compose.yml scripts/verify.sh
#
# Checks: every container running and healthy; each service's /health, /ready (database, Redis and
# object store connectivity as the service sees them) and /metrics; the gateway's routes, its
# aggregated /health and /ready and the web app; and, when PUBLIC_URL is reachable, that an anonymous request
# is sent to the SSO portal.
# Settings (environment): COMPOSE_FILE, ENV_FILE (.env), COMPOSE_PROJECT (authorworks),
# PUBLIC_URL (https://authorworks.$DOMAIN), VERIFY_TIMEOUT (seconds to wait for health, 120).
set -uo pipefail
cd "$(dirname "$0")/.."
COMPOSE_FILE="${COMPOSE_FILE:-docker-compose.homelab.yml}"
ENV_FILE="${ENV_FILE:-.env}"
COMPOSE_PROJECT="${COMPOSE_PROJECT:-authorworks}"
VERIFY_TIMEOUT="${VERIFY_TIMEOUT:-120}"
# shellcheck source=scripts/compose-lib.sh
. scripts/compose-lib.sh

if [ "${#compose_cmd[@]}" = 0 ]; then
  echo "verify: neither 'docker compose' nor 'docker-compose' is installed" >&2
  exit 2
fi
if [ ! -f "$ENV_FILE" ]; then
  echo "verify: $ENV_FILE is missing (copy .env.example and fill it in)" >&2
  exit 2
fi
domain="$(env_value DOMAIN)"
PUBLIC_URL="${PUBLIC_URL:-${domain:+https://authorworks.$domain}}"

# Runs curl inside a container of the stack (the services publish no ports).
in_container() {
  local service="$1"
  shift
  compose exec -T "$service" curl -sS --max-time 5 "$@"
}

section "Containers ($COMPOSE_FILE, project $COMPOSE_PROJECT)"
all_services=("api-gateway")
for entry in "${authorworks_services[@]}"; do
  read -r name _ _ <<<"$entry"
  all_services+=("$name")
done
deadline=$((SECONDS + VERIFY_TIMEOUT))
for name in "${all_services[@]}"; do
  id="$(compose ps -q "$name" 2>/dev/null)"
  if [ -z "$id" ]; then
    bad "$name: no container (is the stack up? $0 expects '${compose_cmd[*]} up -d')"
    continue
  fi
  while :; do
    state="$(docker inspect -f '{{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}}' "$id" 2>/dev/null)"
    case "$state" in
      "running healthy" | "running none") break ;;
      "running starting") if [ "$SECONDS" -ge "$deadline" ]; then break; fi; sleep 2 ;;
      *) break ;;
    esac
  done
  if [ "$state" = "running healthy" ]; then
    ok "$name: running, healthy"
  else
    bad "$name: $state"
    docker logs --tail 5 "$id" 2>&1 | sed 's/^/        /'
  fi
done

section "Services"
for entry in "${authorworks_services[@]}"; do
  read -r name target port <<<"$entry"
  base="http://127.0.0.1:$port"
  if health="$(in_container "$name" -f "$base/health" 2>&1)"; then
    ok "$name ($target): /health $health"
  else
    bad "$name ($target): /health failed: $health"
    continue
  fi
  ready="$(in_container "$name" "$base/ready" 2>&1)"
  if printf '%s' "$ready" | grep -q '"status":"ready"'; then
    checks="$(printf '%s' "$ready" | grep -o '"name":"[^"]*"' | cut -d'"' -f4 | tr '\n' ' ')"
    ok "$name: /ready (${checks% })"
  else
    bad "$name: not ready: $ready"
  fi
  # Read whole before grep: grep -q stops at the first match, and curl's broken pipe would count as
  # a failure under pipefail.
  metrics="$(in_container "$name" -f "$base/metrics" 2>/dev/null)"
  if grep -q '^# TYPE' <<<"$metrics"; then
    ok "$name: /metrics"
  else
    bad "$name: /metrics answers no Prometheus text"
  fi
done

section "Gateway"
gateway="http://127.0.0.1:8080"
status_of() { in_container api-gateway -o /dev/null -w '%{http_code}' "$@" 2>/dev/null; }
aggregate="$(in_container api-gateway "$gateway/health" 2>&1)"
if printf '%s' "$aggregate" | grep -q '"status":"ok"'; then
  ok "/health: every service answers"
else
  bad "/health: $aggregate"
fi
readiness="$(in_container api-gateway "$gateway/ready" 2>&1)"
if printf '%s' "$readiness" | grep -q '"status":"ready"'; then
  ok "/ready: every service is ready"
else
  bad "/ready: $readiness"
fi
# Each route must reach its service: an anonymous request gets the service's own 401 problem
# document (the gateway's own errors are 502/503/404).
for route in /api/v1/auth/me /api/v1/books /api/v1/files/00000000-0000-0000-0000-000000000000 \
  /api/v1/editor/document/00000000-0000-0000-0000-000000000000 /api/v1/notifications \
  /api/content/v1/books /api/users/v1/auth/me; do
  code="$(status_of "$gateway$route")"
  case "$code" in
    401 | 404 | 200) ok "$route -> $code from its service" ;;
    *) bad "$route -> $code" ;;
  esac
done
code="$(status_of "$gateway/api/v1/discover")"
if [ "$code" = 200 ]; then ok "/api/v1/discover -> 200"; else bad "/api/v1/discover -> $code"; fi
page="$(in_container api-gateway -f "$gateway/" 2>/dev/null)"
if grep -qi '<div id="root"' <<<"$page"; then
  ok "/ serves the web app"
else
  bad "/ does not serve the web app"
fi

section "Public address"
if [ -z "$PUBLIC_URL" ]; then
  note "PUBLIC_URL and DOMAIN are unset: SSO redirect not checked"
elif ! curl -sS --max-time 5 -o /dev/null "$PUBLIC_URL/" 2>/dev/null; then
  bad "$PUBLIC_URL is not reachable from here (Traefik, DNS or the tunnel)"
else
  location="$(curl -sS --max-time 5 -o /dev/null -w '%{http_code} %{redirect_url}' "$PUBLIC_URL/")"
  case "$location" in
    30[1237]\ http*) ok "an anonymous request is sent to the SSO portal (${location#* })" ;;
    401\ *) ok "an anonymous request is refused with 401 (the portal handles the redirect)" ;;
    *) bad "an anonymous request to $PUBLIC_URL/ was not sent to SSO: $location" ;;
  esac
fi

echo
if [ "$failures" -gt 0 ]; then
  echo "verify: $failures check(s) failed"
  exit 1
fi
echo "verify: everything is up"
