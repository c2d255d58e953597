# One image for every AuthorWorks service: `authorworks serve --target <module>` picks the module
# (users, content, storage, editor, messaging, discovery; `all` by default, the single binary).
#
#   docker build -t authorworks:latest .
#
# Stages, ordered so that the slow layers (packages, npm modules) are rebuilt only when what they
# depend on changes: the web app, the C++ build, and a slim runtime with only the shared libraries
# the binary links (scripts/runtime-packages.sh, so the list never goes stale).
ARG DEBIAN_IMAGE=debian:bookworm
ARG DEBIAN_SLIM_IMAGE=debian:bookworm-slim

# --- The web app ---------------------------------------------------------------------------------
FROM ${DEBIAN_IMAGE} AS web
ENV DEBIAN_FRONTEND=noninteractive
# Vite 7 needs Node.js 20.19 or later; bookworm has 18, so this throwaway stage takes Node.js from
# trixie, and npm from the npm registry (Debian's npm package pulls in hundreds of packages).
# Nothing of this stage but the built files reaches the runtime image.
ARG NPM_VERSION=10.9.9
RUN printf 'Types: deb\nURIs: http://deb.debian.org/debian\nSuites: trixie\nComponents: main\n' \
      > /etc/apt/sources.list.d/trixie.sources \
 && printf 'Package: *\nPin: release n=trixie\nPin-Priority: 100\n' > /etc/apt/preferences.d/trixie \
 && apt-get update -qq \
 && apt-get install -y -qq --no-install-recommends -t trixie nodejs ca-certificates curl \
 && rm -rf /var/lib/apt/lists/*
# A TLS-intercepting proxy's certificate authorities, when docker/extra-ca/ holds any.
COPY docker/extra-ca/ /usr/local/share/ca-certificates/extra/
ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
RUN update-ca-certificates >/dev/null \
 && mkdir -p /opt/npm \
 && curl -fsSL "https://registry.npmjs.org/npm/-/npm-${NPM_VERSION}.tgz" | tar -xz -C /opt/npm --strip-components=1 \
 && ln -s /opt/npm/bin/npm-cli.js /usr/local/bin/npm \
 && node --version && npm --version
WORKDIR /src/web
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY web/ ./
RUN npm run build --silent

# --- The binary ----------------------------------------------------------------------------------
FROM ${DEBIAN_IMAGE} AS builder
ENV DEBIAN_FRONTEND=noninteractive
WORKDIR /src
COPY scripts/install-deps.sh scripts/
RUN scripts/install-deps.sh --no-node && rm -rf /var/lib/apt/lists/*
COPY CMakeLists.txt ./
COPY cmake/ cmake/
COPY api/ api/
COPY src/ src/
COPY scripts/runtime-packages.sh scripts/
# /out holds all that the packaging stages take: the binary, the Debian packages of the shared
# libraries it links, and the web app.
RUN cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DAUTHORWORKS_TESTS=OFF >/dev/null \
 && cmake --build build -j"$(nproc)" \
 && mkdir -p /out \
 && strip --strip-debug -o /out/authorworks build/authorworks \
 && scripts/runtime-packages.sh /out/authorworks > /out/runtime-packages.txt \
 && echo "runtime packages: $(tr '\n' ' ' < /out/runtime-packages.txt)"
COPY --from=web /src/web/dist /out/web

# ===== Packaging: the stages below take their files from /out of the stage named "artifacts" =====
# `scripts/docker-build.sh --prebuilt` builds only this part, with a release build made on a Debian
# 12 host in place of the builder (the test command does, so that it compiles once).
FROM builder AS artifacts

# --- The gateway: nginx with nginx.conf and the web app ------------------------------------------
FROM ${DEBIAN_SLIM_IMAGE} AS gateway
ENV DEBIAN_FRONTEND=noninteractive
RUN apt-get update -qq \
 && apt-get install -y -qq --no-install-recommends nginx gettext-base curl ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --uid 10001 --user-group --no-create-home --shell /usr/sbin/nologin authorworks
COPY nginx.conf /etc/authorworks/nginx.conf.template
COPY scripts/render-nginx.sh /usr/local/bin/render-nginx
COPY docker/gateway-entrypoint.sh /usr/local/bin/gateway-entrypoint
COPY --from=artifacts /out/web /usr/share/authorworks/web
# nginx runs as the unprivileged user: its pid file, temporary files and rendered configuration
# live under /tmp; logs go to stdout and stderr (JSON access lines).
ENV GATEWAY_LISTEN=8080 \
    WEB_ROOT=/usr/share/authorworks/web \
    NGINX_PID=/tmp/nginx.pid \
    NGINX_TEMP_DIR=/tmp/nginx \
    NGINX_ERROR_LOG=/dev/stderr \
    NGINX_ACCESS_LOG=/dev/stdout
USER 10001:10001
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s --retries=3 \
  CMD curl -fsS -o /dev/null "http://127.0.0.1:${GATEWAY_LISTEN}/" || exit 1
STOPSIGNAL SIGQUIT
ENTRYPOINT ["/usr/local/bin/gateway-entrypoint"]

# --- Runtime -------------------------------------------------------------------------------------
FROM ${DEBIAN_SLIM_IMAGE} AS runtime
ENV DEBIAN_FRONTEND=noninteractive
# curl for the health check, and the fonts and hyphenation patterns the PDF export typesets with;
# then the shared libraries the binary links, a layer of their own as the list follows the build.
RUN apt-get update -qq \
 && apt-get install -y -qq --no-install-recommends \
      ca-certificates curl hyphen-en-us fonts-ebgaramond fonts-courier-prime fonts-dejavu-core fonts-noto-cjk \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --uid 10001 --user-group --home-dir /data --no-create-home --shell /usr/sbin/nologin authorworks \
 && mkdir -p /data && chown authorworks:authorworks /data
COPY --from=artifacts /out/runtime-packages.txt /tmp/
RUN apt-get update -qq \
 && apt-get install -y -qq --no-install-recommends $(cat /tmp/runtime-packages.txt) \
 && rm -rf /var/lib/apt/lists/* /tmp/runtime-packages.txt
COPY --from=artifacts /out/authorworks /usr/local/bin/authorworks
COPY --from=artifacts /out/web /app/web
ENV DATA_DIR=/data \
    WEB_DIST_DIR=/app/web \
    HOST=0.0.0.0 \
    LOG_FORMAT=json
USER 10001:10001
WORKDIR /data
VOLUME ["/data"]
EXPOSE 8080 3001 3002 3003 3004 3006 3007
# SERVICE_PORT is set per service; the default is the single binary's 8080.
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD curl -fsS "http://127.0.0.1:${SERVICE_PORT:-8080}/health" >/dev/null || exit 1
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/authorworks"]
CMD ["serve"]
