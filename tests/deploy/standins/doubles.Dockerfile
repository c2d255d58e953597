# The deployment test's doubles, in one image (build context: tests/):
#   minio.js         stands in for MinIO: `server /data`, MINIO_ROOT_USER and MINIO_ROOT_PASSWORD,
#                    S3 on port 9000 (s3rver, from tests/tools) and /minio/health/live
#   forward-auth.js  stands in for Authelia: its sign-in API and its nginx auth-request endpoint
ARG DEBIAN_SLIM_IMAGE=debian:bookworm-slim
FROM ${DEBIAN_SLIM_IMAGE}
ENV DEBIAN_FRONTEND=noninteractive
RUN apt-get update -qq \
 && apt-get install -y -qq --no-install-recommends nodejs curl >/dev/null \
 && rm -rf /var/lib/apt/lists/*
COPY tools/node_modules/ /opt/doubles/node_modules/
COPY deploy/standins/minio.js deploy/standins/forward-auth.js /opt/doubles/
WORKDIR /opt/doubles
EXPOSE 9000 9091
ENTRYPOINT ["node", "/opt/doubles/minio.js"]
CMD ["server", "/data"]
