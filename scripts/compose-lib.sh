# Shared by deploy.sh and verify.sh (sourced, not run): the compose command, output helpers and
# the list of services.

# Docker Compose v2 (`docker compose`) where the plugin is installed, else v1 (`docker-compose`).
if docker compose version >/dev/null 2>&1; then
  compose_cmd=(docker compose)
elif command -v docker-compose >/dev/null 2>&1; then
  compose_cmd=(docker-compose)
else
  compose_cmd=()
fi

compose() {
  "${compose_cmd[@]}" --project-name "$COMPOSE_PROJECT" --env-file "$ENV_FILE" -f "$COMPOSE_FILE" "$@"
}

if [ -t 1 ]; then
  c_ok=$'\e[32m' c_bad=$'\e[31m' c_dim=$'\e[2m' c_off=$'\e[0m'
else
  c_ok='' c_bad='' c_dim='' c_off=''
fi
failures=0
ok() { printf '  %sok%s    %s\n' "$c_ok" "$c_off" "$*"; }
bad() {
  printf '  %sFAIL%s  %s\n' "$c_bad" "$c_off" "$*"
  failures=$((failures + 1))
}
note() { printf '  %s%s%s\n' "$c_dim" "$*" "$c_off"; }
section() { printf '\n%s\n' "$*"; }

# service name, target and port of every AuthorWorks service container.
authorworks_services=(
  "user-service users 3001"
  "content-service content 3002"
  "storage-service storage 3003"
  "editor-service editor 3004"
  "messaging-service messaging 3006"
  "discovery-service discovery 3007"
  "gateway-health gateway 3010"
)

# Reads KEY from the env file without sourcing it (values may hold characters a shell would eat).
env_value() {
  local key="$1" line
  line="$(grep -E "^${key}=" "$ENV_FILE" 2>/dev/null | tail -n 1)" || true
  line="${line#*=}"
  line="${line%\"}"
  line="${line#\"}"
  printf '%s' "$line"
}
