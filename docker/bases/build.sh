#!/usr/bin/env bash
# Builds, once, the local base images that stand in for the upstream ones (eclipse-temurin,
# maven, postgres) on a host that reaches no image registry, only Debian's packages. An image
# already there is reused by its tag; --rebuild builds them all again.
#   docker/bases/build.sh            then   KHOTAM_BUILD_IMAGE=khotam-base/maven:17 ... (README)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
rebuild=false
[ "${1:-}" = --rebuild ] && rebuild=true
have() { ! $rebuild && docker image inspect "$1" >/dev/null 2>&1; }

debian=khotam-base/debian:bookworm
if ! have "$debian"; then
    command -v debootstrap >/dev/null || { echo "build.sh: debootstrap is missing (apt-get install debootstrap)" >&2; exit 1; }
    root="$(mktemp -d)"
    trap 'rm -rf "$root"' EXIT
    echo "build.sh: debootstrap bookworm into $root (about 30 s)"
    debootstrap --variant=minbase bookworm "$root" http://deb.debian.org/debian >/dev/null
    tar -C "$root" -c . | docker import - "$debian" >/dev/null
fi
for base in jre maven postgres; do
    tag="khotam-base/$base:$( [ $base = postgres ] && echo 15 || echo 17 )"
    if ! have "$tag"; then
        echo "build.sh: building $tag"
        docker build -q -t "$tag" --build-arg BASE="$debian" -f "$here/$base.Dockerfile" "$here" >/dev/null
    fi
    echo "$tag"
done
