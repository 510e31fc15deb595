# PostgreSQL 15 from Debian's packages, started the way compose.yaml starts the official postgres:15
# image (POSTGRES_USER / _PASSWORD / _DB, /docker-entrypoint-initdb.d, data in PGDATA), for hosts
# that cannot pull it. build.sh builds it; compose.yaml takes it as KHOTAM_POSTGRES_IMAGE.
ARG BASE=khotam-base/debian:bookworm
FROM ${BASE}
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql-15 \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /docker-entrypoint-initdb.d /var/lib/postgresql/data
ENV PATH=/usr/lib/postgresql/15/bin:$PATH PGDATA=/var/lib/postgresql/data
COPY postgres-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
VOLUME ["/var/lib/postgresql/data"]
EXPOSE 5432
# SIGINT is PostgreSQL's fast shutdown: sessions are ended and the data is left consistent
STOPSIGNAL SIGINT
ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]
CMD ["postgres"]
