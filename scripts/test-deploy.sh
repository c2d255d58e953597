#!/usr/bin/env bash
# The deployment test: brings the self-contained stack (docker-compose.yml) up with
# scripts/deploy.sh, behind an edge proxy that stands in for Traefik + Authelia
# (tests/deploy/compose.edge.yml), runs the user journey through it (tests/deploy/test_stack.py),
# checks a failed deployment rolls back to the images that ran before, and tears everything down.
#
#   scripts/test-deploy.sh [BUILD_DIR]    BUILD_DIR: the release build to package (build)
#
# Starts dockerd when no Docker engine answers. Where no container registry can be reached, the
# Debian base images are built with debootstrap and PostgreSQL, Redis and MinIO are stood in for by
# images built from Debian's packages (tests/deploy/standins). Everything is published on
# 127.0.0.1 only, on free ports.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir="${1:-build}"
PYTHON=/usr/bin/python3
say() { printf '\n=== %s\n' "$*"; }

say "Docker engine"
if ! docker info >/dev/null 2>&1; then
  command -v dockerd >/dev/null || { echo "test-deploy: dockerd is not installed (scripts/install-deps.sh --test)" >&2; exit 1; }
  mkdir -p build
  nohup dockerd >build/dockerd.log 2>&1 &
  for _ in $(seq 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
  docker info >/dev/null 2>&1 || { tail -20 build/dockerd.log >&2; exit 1; }
fi
echo "docker $(docker version -f '{{.Server.Version}}')"
scripts/docker-base-images.sh
if ! docker buildx version >/dev/null 2>&1; then export DOCKER_BUILDKIT=0; fi
export DOCKER_BUILD_QUIET=1  # image ids, not every apt line

say "Stand-ins for PostgreSQL, Redis, MinIO and Authelia"
docker build -q -f tests/deploy/standins/postgres.Dockerfile -t authorworks-test/postgres:latest tests/deploy/standins
docker build -q -f tests/deploy/standins/redis.Dockerfile -t authorworks-test/redis:latest tests/deploy/standins
docker build -q -f tests/deploy/standins/doubles.Dockerfile -t authorworks-test/doubles:latest tests

free_port() { "$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
secret() { head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
work="$(mktemp -d /tmp/authorworks-deploy.XXXXXX)"
subnet_prefix="${DEPLOY_TEST_SUBNET_PREFIX:-172.30.97}"
gateway_port="$(free_port)" edge_port="$(free_port)" portal_port="$(free_port)"
user_password="$(secret)"
export COMPOSE_FILE=docker-compose.yml:tests/deploy/compose.edge.yml
export ENV_FILE="$work/.env"
export COMPOSE_PROJECT="authorworks-test-$$"
export PUBLIC_URL="http://127.0.0.1:$edge_port"
cat >"$ENV_FILE" <<ENV
JWT_SECRET=$(secret)$(secret)
POSTGRES_PASSWORD=$(secret)
REDIS_PASSWORD=$(secret)
MINIO_ROOT_USER=authorworks
MINIO_ROOT_PASSWORD=$(secret)
POSTGRES_IMAGE=authorworks-test/postgres:latest
REDIS_IMAGE=authorworks-test/redis:latest
MINIO_IMAGE=authorworks-test/doubles:latest
DOUBLES_IMAGE=authorworks-test/doubles:latest
AUTH_MODE=proxy
AUTH_LOGIN_URL=http://127.0.0.1:$portal_port/
AUTHORWORKS_SUBNET=$subnet_prefix.0/24
AUTHORWORKS_DYNAMIC_RANGE=$subnet_prefix.128/25
GATEWAY_ADDRESS=$subnet_prefix.2
EDGE_ADDRESS=$subnet_prefix.3
TRUSTED_FRONT_PROXY=$subnet_prefix.3/32
GATEWAY_PORT=$gateway_port
EDGE_PORT=$edge_port
PORTAL_PORT=$portal_port
PORTAL_URL=http://127.0.0.1:$portal_port
FORWARD_AUTH_USERS=ada:$user_password:writers:Ada Lovelace:ada@example.test
PASSWORD_HASH_COST=interactive
ENV
# shellcheck source=scripts/compose-lib.sh
. scripts/compose-lib.sh
teardown() {
  say "Tearing down"
  compose down -v --remove-orphans --timeout 10 >/dev/null 2>&1 || true
  rm -rf "$work" docker/prebuilt
}
trap teardown EXIT

say "Deploying (scripts/deploy.sh)"
PREBUILT="$build_dir" VERIFY_TIMEOUT=120 scripts/deploy.sh

say "The user journey through the edge (tests/deploy/test_stack.py)"
EDGE_URL="http://127.0.0.1:$edge_port" PORTAL_URL="http://127.0.0.1:$portal_port" \
  GATEWAY_URL="http://127.0.0.1:$gateway_port" DEPLOY_USER=ada DEPLOY_PASSWORD="$user_password" \
  "$PYTHON" -m pytest tests/deploy -q -p no:cacheprovider

say "A failed deployment rolls back"
# A build whose binary fails at once: the migration fails, deploy.sh must put the images that ran
# before back and exit non-zero, and the stack must still pass verify.sh.
good_image="$(docker image inspect -f '{{.Id}}' authorworks:latest)"
mkdir -p "$work/broken"
cp /bin/false "$work/broken/authorworks"
if PREBUILT="$work/broken" scripts/deploy.sh >"$work/broken.log" 2>&1; then
  cat "$work/broken.log"
  echo "test-deploy: deploy.sh succeeded with a broken build" >&2
  exit 1
fi
grep -q "rolling back" "$work/broken.log" || { cat "$work/broken.log"; exit 1; }
[ "$(docker image inspect -f '{{.Id}}' authorworks:latest)" = "$good_image" ] ||
  { echo "test-deploy: authorworks:latest is not the image that ran before" >&2; exit 1; }
echo "deploy.sh refused the broken build and rolled back"
scripts/verify.sh
