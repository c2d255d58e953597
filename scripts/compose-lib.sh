# Shared by deploy.sh and verify.sh (sourced, not run): the compose command, output helpers and
# the list of services.

# Docker Compose v2 (`docker compose`) where the plugin is installed, else v1 (`docker-compose`).
if docker compose version >/dev/null 2>&1; then
  compose_cmd=(docker compose)
elif command -v docker-compose >/dev/null 2>&1; then
  # --compatibility: v1 applies deploy.resources limits (memory, CPUs) only with it.
  compose_cmd=(docker-compose --compatibility)
else
  compose_cmd=()
fi

# COMPOSE_FILE may name several files joined by ':', as Docker Compose itself reads it.
IFS=: read -r -a compose_files <<<"$COMPOSE_FILE"
compose_file_args=()
for file in "${compose_files[@]}"; do compose_file_args+=(-f "$file"); done

compose() {
  "${compose_cmd[@]}" --project-name "$COMPOSE_PROJECT" --env-file "$ENV_FILE" "${compose_file_args[@]}" "$@"
}

# Waits until every named service's container is running and healthy (or has no health check);
# says which is not after TIMEOUT seconds. Compose v1 has no `up --wait`.
wait_healthy() {
  local timeout="$1" name id state deadline
  shift
  deadline=$((SECONDS + timeout))
  for name in "$@"; do
    while :; do
      id="$(compose ps -q "$name" 2>/dev/null)"
      state="$(docker inspect -f '{{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}}' "$id" 2>/dev/null)"
      case "$state" in
        "running healthy" | "running none") break ;;
        "running starting" | "created "* | "") ;;
        *) echo "$name: $state" >&2; return 1 ;;
      esac
      if [ "$SECONDS" -ge "$deadline" ]; then
        echo "$name: ${state:-no container} after ${timeout} s" >&2
        return 1
      fi
      sleep 2
    done
  done
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
