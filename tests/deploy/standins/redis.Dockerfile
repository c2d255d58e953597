# Stands in for the official redis image where no container registry can be reached: Redis from
# Debian, run as `redis-server ARGS` in /data, redis-cli on the PATH, port 6379.
ARG DEBIAN_SLIM_IMAGE=debian:bookworm-slim
FROM ${DEBIAN_SLIM_IMAGE}
ENV DEBIAN_FRONTEND=noninteractive
RUN apt-get update -qq \
 && apt-get install -y -qq --no-install-recommends redis-server >/dev/null \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /data && chown redis:redis /data
WORKDIR /data
VOLUME ["/data"]
USER redis
EXPOSE 6379
CMD ["redis-server"]
