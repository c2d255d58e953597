#!/bin/sh
# Renders nginx.conf from the environment (USERS_UPSTREAM, ..., TRUSTED_FRONT_PROXIES, MAX_UPLOAD_MB),
# checks it, and runs nginx in the foreground.
set -eu
mkdir -p "$NGINX_TEMP_DIR"
render-nginx /etc/authorworks/nginx.conf.template >/tmp/nginx.conf
nginx -q -t -c /tmp/nginx.conf
exec nginx -c /tmp/nginx.conf -g 'daemon off;'
