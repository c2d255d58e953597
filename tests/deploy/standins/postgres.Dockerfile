# Stands in for the official postgres image where no container registry can be reached: PostgreSQL
# from Debian, the same interface (POSTGRES_PASSWORD, POSTGRES_DB, data in
# /var/lib/postgresql/data, pg_isready on the PATH, port 5432).
ARG DEBIAN_SLIM_IMAGE=debian:bookworm-slim
FROM ${DEBIAN_SLIM_IMAGE}
ENV DEBIAN_FRONTEND=noninteractive
RUN mkdir -p /etc/postgresql-common \
 && echo 'create_main_cluster = false' > /etc/postgresql-common/createcluster.conf \
 && apt-get update -qq \
 && apt-get install -y -qq --no-install-recommends postgresql-15 >/dev/null \
 && rm -rf /var/lib/apt/lists/*
ENV PATH=/usr/lib/postgresql/15/bin:$PATH \
    PGDATA=/var/lib/postgresql/data
COPY postgres-entrypoint.sh /usr/local/bin/postgres-entrypoint
VOLUME ["/var/lib/postgresql/data"]
EXPOSE 5432
STOPSIGNAL SIGINT
ENTRYPOINT ["/usr/local/bin/postgres-entrypoint"]
CMD ["postgres"]
