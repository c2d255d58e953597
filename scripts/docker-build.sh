#!/usr/bin/env bash
# Builds the AuthorWorks images from the Dockerfile and prints their sizes:
#   authorworks:latest          every service (`serve --target <module>`)
#   authorworks-gateway:latest  nginx with the gateway configuration and the web app
#
#   scripts/docker-build.sh [TAG...]                    from source, inside Docker
#   scripts/docker-build.sh --prebuilt BUILD_DIR [TAG...]
#       packages BUILD_DIR/authorworks and web/dist, built on this Debian 12 machine, instead of
#       compiling again (the Dockerfile's packaging stages only)
# TAGs are extra tags for both images, e.g. the git revision. AUTHORWORKS_IMAGE and
# AUTHORWORKS_GATEWAY_IMAGE name the images.
set -euo pipefail
cd "$(dirname "$0")/.."
image="${AUTHORWORKS_IMAGE:-authorworks:latest}"
gateway_image="${AUTHORWORKS_GATEWAY_IMAGE:-authorworks-gateway:latest}"
prebuilt=""
if [ "${1:-}" = --prebuilt ]; then
  prebuilt="${2:?--prebuilt needs the build folder, e.g. build}"
  shift 2
fi

scripts/docker-base-images.sh
# Without the buildx plugin the docker CLI refuses to build unless BuildKit is turned off; the
# Dockerfile needs nothing of BuildKit's.
if ! docker buildx version >/dev/null 2>&1; then export DOCKER_BUILDKIT=0; fi

dockerfile=Dockerfile
if [ -n "$prebuilt" ]; then
  [ -x "$prebuilt/authorworks" ] || { echo "docker-build: $prebuilt/authorworks is missing" >&2; exit 1; }
  [ -f web/dist/index.html ] || { echo "docker-build: web/dist is missing (scripts/build-web.sh)" >&2; exit 1; }
  # docker/prebuilt/ (ignored by git) stands in for the builder's /out.
  rm -rf docker/prebuilt
  mkdir -p docker/prebuilt
  strip --strip-debug -o docker/prebuilt/authorworks "$prebuilt/authorworks"
  scripts/runtime-packages.sh docker/prebuilt/authorworks >docker/prebuilt/runtime-packages.txt
  cp -r web/dist docker/prebuilt/web
  # The Dockerfile's global ARGs and its packaging stages, with "artifacts" taken from there.
  dockerfile="$(mktemp /tmp/authorworks-Dockerfile.XXXXXX)"
  trap 'rm -f "$dockerfile"' EXIT
  {
    sed -n '/^FROM /q;p' Dockerfile
    printf 'FROM scratch AS artifacts\nCOPY docker/prebuilt/ /out/\n\n'
    sed -n '/^# ===== Packaging/,$p' Dockerfile | grep -v '^FROM builder AS artifacts$'
  } >"$dockerfile"
else
  # This machine's own extra certificate authorities (a TLS-intercepting proxy's), so that the
  # build's npm install trusts what this machine trusts. Ignored by git.
  for crt in /usr/local/share/ca-certificates/*.crt; do
    [ -f "$crt" ] && cp "$crt" docker/extra-ca/
  done
fi

tags=(-t "$image")
gateway_tags=(-t "$gateway_image")
for tag in "$@"; do
  tags+=(-t "${image%:*}:$tag")
  gateway_tags+=(-t "${gateway_image%:*}:$tag")
done
quiet=()
if [ -n "${DOCKER_BUILD_QUIET:-}" ]; then quiet=(-q); fi
docker build "${quiet[@]}" -f "$dockerfile" --target runtime "${tags[@]}" .
docker build "${quiet[@]}" -f "$dockerfile" --target gateway "${gateway_tags[@]}" .
for ref in "$image" "$gateway_image"; do
  size="$(docker image inspect -f '{{.Size}}' "$ref")"
  echo "docker-build: $ref $((size / 1000 / 1000)) MB"
done
