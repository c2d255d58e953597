#!/usr/bin/env bash
# Renders nginx.conf (a template) into a configuration nginx can load, on stdout:
#   scripts/render-nginx.sh [TEMPLATE] > /etc/nginx/nginx.conf
# Every ${NAME} of the template comes from the environment, or the default below (the container
# deployment's). nginx's own $variables are left alone: only the names listed here are replaced.
set -euo pipefail
template="${1:-$(dirname "$0")/../nginx.conf}"

: "${GATEWAY_LISTEN:=8080}"                      # port, or address:port, nginx listens on
: "${USERS_UPSTREAM:=users:3001}"                # host:port of each service
: "${CONTENT_UPSTREAM:=content:3002}"
: "${STORAGE_UPSTREAM:=storage:3003}"
: "${EDITOR_UPSTREAM:=editor:3004}"
: "${MESSAGING_UPSTREAM:=messaging:3006}"
: "${DISCOVERY_UPSTREAM:=discovery:3007}"
: "${GATEWAY_HELPER_UPSTREAM:=gateway:3010}"     # authorworks serve --target gateway: the aggregated /health
: "${WEB_ROOT:=/usr/share/authorworks/web}"      # the built web app (web/dist)
: "${MAX_UPLOAD_MB:=10}"                         # largest upload: the same MAX_UPLOAD_MB as the storage service
: "${API_BODY_LIMIT_KB:=1024}"                   # other request bodies, as the services' HTTP_BODY_LIMIT_KB
: "${TRUSTED_FRONT_PROXIES:=}"                   # networks whose Remote-* and X-Forwarded-For are believed
: "${GENERATION_RATE_LIMIT:=10r/m}"              # POST generation requests per client address
: "${GENERATION_RATE_BURST:=5}"                  # ... allowed at once above that rate
: "${GENERATION_RETRY_AFTER_SECONDS:=6}"         # Retry-After of the 429 answer
: "${GENERATION_TIMEOUT_SECONDS:=330}"           # generation, uploads and exports
: "${STREAM_TIMEOUT_SECONDS:=3600}"              # event streams and WebSockets
: "${NGINX_PID:=/run/nginx.pid}"
: "${NGINX_ERROR_LOG:=/dev/stderr}"
: "${NGINX_ACCESS_LOG:=/dev/stdout}"
: "${NGINX_TEMP_DIR:=/var/lib/nginx}"
: "${NGINX_MIME_TYPES:=/etc/nginx/mime.types}"

fail() { echo "render-nginx: $*" >&2; exit 2; }
[[ "$MAX_UPLOAD_MB" =~ ^[0-9]+$ ]] || fail "MAX_UPLOAD_MB must be a whole number of MiB, got '$MAX_UPLOAD_MB'"
[[ "$API_BODY_LIMIT_KB" =~ ^[0-9]+$ ]] || fail "API_BODY_LIMIT_KB must be a whole number of KiB, got '$API_BODY_LIMIT_KB'"
[[ "$GENERATION_RATE_LIMIT" =~ ^[0-9]+r/[sm]$ ]] || fail "GENERATION_RATE_LIMIT must be like 10r/m or 1r/s, got '$GENERATION_RATE_LIMIT'"
for n in GENERATION_RATE_BURST GENERATION_RETRY_AFTER_SECONDS GENERATION_TIMEOUT_SECONDS STREAM_TIMEOUT_SECONDS; do
  [[ "${!n}" =~ ^[0-9]+$ ]] || fail "$n must be a whole number, got '${!n}'"
done
for n in USERS_UPSTREAM CONTENT_UPSTREAM STORAGE_UPSTREAM EDITOR_UPSTREAM MESSAGING_UPSTREAM DISCOVERY_UPSTREAM \
         GATEWAY_HELPER_UPSTREAM; do
  [[ "${!n}" =~ ^[A-Za-z0-9._-]+:[0-9]+$|^\[[0-9A-Fa-f:]+\]:[0-9]+$ ]] || fail "$n must be host:port, got '${!n}'"
done

# The body of an upload is the file and its multipart framing: the storage service takes a file of
# MAX_UPLOAD_MB with up to 64 KiB of framing around it (kMultipartOverhead in
# src/modules/storage/storage_routes.cpp), and so must nginx, or a file of exactly the limit is
# refused here and accepted there.
UPLOAD_BODY_LIMIT_KB=$((MAX_UPLOAD_MB * 1024 + 64))

# One geo entry and one set_real_ip_from per trusted network.
TRUSTED_FRONT_PROXY_GEO=""
TRUSTED_FRONT_PROXY_REALIP=""
IFS=',' read -r -a networks <<<"$TRUSTED_FRONT_PROXIES"
for net in "${networks[@]}"; do
  net="${net//[[:space:]]/}"
  [ -n "$net" ] || continue
  [[ "$net" =~ ^[0-9A-Fa-f.:]+(/[0-9]{1,3})?$ ]] || fail "TRUSTED_FRONT_PROXIES: '$net' is not an address or network"
  case "$net" in 0.0.0.0/0|::/0) fail "TRUSTED_FRONT_PROXIES: '$net' would trust every client" ;; esac
  TRUSTED_FRONT_PROXY_GEO+="    $net 1;"$'\n'
  TRUSTED_FRONT_PROXY_REALIP+="  set_real_ip_from $net;"$'\n'
done

export GATEWAY_LISTEN USERS_UPSTREAM CONTENT_UPSTREAM STORAGE_UPSTREAM EDITOR_UPSTREAM MESSAGING_UPSTREAM \
  DISCOVERY_UPSTREAM GATEWAY_HELPER_UPSTREAM WEB_ROOT MAX_UPLOAD_MB UPLOAD_BODY_LIMIT_KB API_BODY_LIMIT_KB GENERATION_RATE_LIMIT \
  GENERATION_RATE_BURST GENERATION_RETRY_AFTER_SECONDS GENERATION_TIMEOUT_SECONDS STREAM_TIMEOUT_SECONDS NGINX_PID \
  NGINX_ERROR_LOG NGINX_ACCESS_LOG NGINX_TEMP_DIR NGINX_MIME_TYPES TRUSTED_FRONT_PROXY_GEO TRUSTED_FRONT_PROXY_REALIP
names='${GATEWAY_LISTEN} ${USERS_UPSTREAM} ${CONTENT_UPSTREAM} ${STORAGE_UPSTREAM} ${EDITOR_UPSTREAM}
${MESSAGING_UPSTREAM} ${DISCOVERY_UPSTREAM} ${GATEWAY_HELPER_UPSTREAM} ${WEB_ROOT} ${MAX_UPLOAD_MB}
${UPLOAD_BODY_LIMIT_KB} ${API_BODY_LIMIT_KB} ${GENERATION_RATE_LIMIT} ${GENERATION_RATE_BURST} ${GENERATION_RETRY_AFTER_SECONDS}
${GENERATION_TIMEOUT_SECONDS} ${STREAM_TIMEOUT_SECONDS} ${NGINX_PID} ${NGINX_ERROR_LOG} ${NGINX_ACCESS_LOG}
${NGINX_TEMP_DIR} ${NGINX_MIME_TYPES} ${TRUSTED_FRONT_PROXY_GEO} ${TRUSTED_FRONT_PROXY_REALIP}'
envsubst "$names" <"$template"
