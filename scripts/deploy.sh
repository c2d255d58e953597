#!/usr/bin/env bash
# Deploys AuthorWorks with Docker Compose: checks the environment, builds the images, creates the
# database when missing, migrates, brings the stack up, verifies it, and rolls back to the images
# that ran before when verification fails. Run it again at any time: it is idempotent.
#
#   git clone ... && cd authorworks && cp .env.example .env && $EDITOR .env && scripts/deploy.sh
#
# Settings (environment): COMPOSE_FILE (docker-compose.homelab.yml; docker-compose.yml for the
# self-contained stack; several files joined by ':'), ENV_FILE (.env), COMPOSE_PROJECT (authorworks),
# SKIP_BUILD=1 to deploy the images already built, PREBUILT=build to package a release build made
# on this Debian 12 machine instead of compiling inside Docker.
set -euo pipefail
cd "$(dirname "$0")/.."
COMPOSE_FILE="${COMPOSE_FILE:-docker-compose.homelab.yml}"
ENV_FILE="${ENV_FILE:-.env}"
COMPOSE_PROJECT="${COMPOSE_PROJECT:-authorworks}"
export COMPOSE_FILE ENV_FILE COMPOSE_PROJECT
# shellcheck source=scripts/compose-lib.sh
. scripts/compose-lib.sh

die() {
  echo "deploy: $*" >&2
  exit 1
}
step() { printf '\n==> %s\n' "$*"; }

step "Checking the environment"
command -v docker >/dev/null || die "docker is not installed"
docker info >/dev/null 2>&1 || die "the Docker engine is not reachable (is dockerd running, and may $(id -un) use it?)"
[ "${#compose_cmd[@]}" -gt 0 ] || die "Docker Compose is not installed (docker compose v2, or docker-compose)"
for file in "${compose_files[@]}"; do [ -f "$file" ] || die "$file not found"; done
[ -f "$ENV_FILE" ] || die "$ENV_FILE is missing: cp .env.example $ENV_FILE and fill it in"
homelab=0
if [ "$(basename "${compose_files[0]}")" = docker-compose.homelab.yml ]; then homelab=1; fi
required=(JWT_SECRET)
if [ "$homelab" = 1 ]; then
  required+=(DOMAIN POSTGRES_PASSWORD REDIS_PASSWORD MINIO_ROOT_USER MINIO_ROOT_PASSWORD)
fi
for key in "${required[@]}"; do
  [ -n "$(env_value "$key")" ] || die "$key is empty in $ENV_FILE"
done
if [ "$(env_value JWT_SECRET | wc -c)" -lt 33 ]; then
  die "JWT_SECRET in $ENV_FILE is shorter than 32 characters (openssl rand -hex 32 makes one)"
fi
if [ -z "$(env_value ANTHROPIC_API_KEY)" ] && [ -z "$(env_value OPENAI_BASE_URL)" ]; then
  echo "  note: neither ANTHROPIC_API_KEY nor OPENAI_BASE_URL is set: books are written by the offline writer"
fi
compose config -q || die "$COMPOSE_FILE does not validate with $ENV_FILE"
postgres_container="$(env_value POSTGRES_HOST)"
postgres_container="${postgres_container:-neon-postgres-leopaska}"
if [ "$homelab" = 1 ]; then
  docker network inspect llm_network >/dev/null 2>&1 ||
    die "the external network llm_network does not exist (docker network create llm_network)"
  redis_container="$(env_value REDIS_HOST)"
  minio_container="$(env_value MINIO_HOST)"
  for container in "$postgres_container" "${redis_container:-redis-nd-leopaska}" "${minio_container:-minio-leopaska}"; do
    running="$(docker inspect -f '{{.State.Running}}' "$container" 2>/dev/null || echo missing)"
    [ "$running" = true ] || die "the shared container $container is not running ($running)"
  done
fi
echo "  docker $(docker version -f '{{.Server.Version}}'), ${compose_cmd[*]}, $COMPOSE_FILE"

image="$(env_value AUTHORWORKS_IMAGE)"
image="${image:-authorworks:latest}"
gateway_image="$(env_value AUTHORWORKS_GATEWAY_IMAGE)"
gateway_image="${gateway_image:-authorworks-gateway:latest}"
previous_tag="previous"

step "Building the images"
# The images that run now are kept as :previous, for the rollback.
for ref in "$image" "$gateway_image"; do
  if docker image inspect "$ref" >/dev/null 2>&1; then
    docker tag "$ref" "${ref%:*}:$previous_tag"
  fi
done
if [ "${SKIP_BUILD:-0}" = 1 ]; then
  echo "  SKIP_BUILD=1: using the images already built"
else
  prebuilt=()
  if [ -n "${PREBUILT:-}" ]; then prebuilt=(--prebuilt "$PREBUILT"); fi
  AUTHORWORKS_IMAGE="$image" AUTHORWORKS_GATEWAY_IMAGE="$gateway_image" \
    scripts/docker-build.sh "${prebuilt[@]}" "$(git rev-parse --short HEAD 2>/dev/null || echo local)" ||
    die "the images did not build"
fi

if [ "$homelab" = 1 ]; then
  step "Creating the database when missing"
  db_user="$(env_value POSTGRES_USER)"
  db_user="${db_user:-postgres}"
  db_name="$(env_value POSTGRES_DB)"
  db_name="${db_name:-authorworks}"
  exists="$(docker exec "$postgres_container" psql -U "$db_user" -d postgres -Atc \
    "SELECT 1 FROM pg_database WHERE datname = '$db_name'")" ||
    die "cannot reach PostgreSQL in $postgres_container as $db_user"
  if [ "$exists" = 1 ]; then
    echo "  database $db_name exists"
  else
    docker exec "$postgres_container" createdb -U "$db_user" "$db_name"
    echo "  created database $db_name"
  fi
fi

rollback() {
  echo "deploy: $1; rolling back" >&2
  local restored=0
  for ref in "$image" "$gateway_image"; do
    if docker image inspect "${ref%:*}:$previous_tag" >/dev/null 2>&1; then
      docker tag "${ref%:*}:$previous_tag" "$ref"
      restored=1
    fi
  done
  if [ "$restored" = 0 ]; then
    echo "deploy: there were no previous images to go back to" >&2
  elif compose up -d --remove-orphans && wait_healthy "${VERIFY_TIMEOUT:-120}" api-gateway; then
    echo "deploy: the previous images run again; fix the problem above and deploy again" >&2
  else
    echo "deploy: the previous images did not come up either: see '${compose_cmd[*]} logs'" >&2
  fi
  exit 1
}

step "Migrating the database"
if [ "$homelab" = 0 ]; then
  compose up -d postgres redis minio || die "PostgreSQL, Redis or MinIO did not start"
  wait_healthy 120 postgres redis minio || die "PostgreSQL, Redis or MinIO is not healthy"
fi
compose run --rm --no-deps user-service migrate || rollback "the migration failed"

step "Starting the stack"
compose up -d --remove-orphans || rollback "the stack did not start"

step "Verifying"
if ! scripts/verify.sh; then
  rollback "verification failed"
fi
echo
echo "deploy: AuthorWorks is up (${PUBLIC_URL:-$(env_value DOMAIN)})"
