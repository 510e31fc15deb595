# A Java 17 runtime from Debian's packages, for hosts that cannot pull eclipse-temurin:17-jre.
# build.sh builds it on khotam-base/debian:bookworm (debootstrap); docker/Dockerfile takes it as RUNTIME_IMAGE.
ARG BASE=khotam-base/debian:bookworm
FROM ${BASE}
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends openjdk-17-jre-headless ca-certificates \
 && rm -rf /var/lib/apt/lists/*
