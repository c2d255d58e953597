#!/usr/bin/env bash
# Builds the AuthorWorks images from the Dockerfile and prints their sizes:
#   authorworks:latest          every service (`serve --target <module>`)
#   authorworks-gateway:latest  nginx with the gateway configuration and the web app
# Usage: scripts/docker-build.sh [TAG...]   extra tags for both images, e.g. the git revision
set -euo pipefail
cd "$(dirname "$0")/.."
image="${AUTHORWORKS_IMAGE:-authorworks:latest}"
gateway_image="${AUTHORWORKS_GATEWAY_IMAGE:-authorworks-gateway:latest}"

scripts/docker-base-images.sh
# This machine's own extra certificate authorities (a TLS-intercepting proxy's), so that the
# build's npm install trusts what this machine trusts. Ignored by git.
for crt in /usr/local/share/ca-certificates/*.crt; do
  [ -f "$crt" ] && cp "$crt" docker/extra-ca/
done

tags=(-t "$image")
gateway_tags=(-t "$gateway_image")
for tag in "$@"; do
  tags+=(-t "${image%:*}:$tag")
  gateway_tags+=(-t "${gateway_image%:*}:$tag")
done
docker build --target runtime "${tags[@]}" .
docker build --target gateway "${gateway_tags[@]}" .
for ref in "$image" "$gateway_image"; do
  size="$(docker image inspect -f '{{.Size}}' "$ref")"
  echo "docker-build: $ref $((size / 1000 / 1000)) MB"
done
