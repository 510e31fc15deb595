# JDK 17 and Maven from Debian's packages, for hosts that cannot pull maven:3.9-eclipse-temurin-17.
# build.sh builds it on khotam-base/debian:bookworm (debootstrap); docker/Dockerfile takes it as BUILD_IMAGE.
ARG BASE=khotam-base/debian:bookworm
FROM ${BASE}
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends openjdk-17-jdk-headless maven ca-certificates \
 && rm -rf /var/lib/apt/lists/*
