#!/usr/bin/env bash
# Builds, once, the local base images that stand in for the upstream ones (eclipse-temurin,
# maven, postgres) on a host that reaches no image registry, only Debian's packages. An image
# already there is reused by its tag while it was built from these very files (its label
# khotam.source holds their hash); --rebuild builds them all again.
#   docker/bases/build.sh            then   KHOTAM_BUILD_IMAGE=khotam-base/maven:17 ... (README)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
rebuild=false
[ "${1:-}" = --rebuild ] && rebuild=true
have() { ! $rebuild && docker image inspect "$1" >/dev/null 2>&1; }

debian=khotam-base/debian:bookworm
# a base whose / only root may enter (a rootfs tarred from a 0700 mktemp folder) fails every non-root
# process with "libc.so.6: Permission denied": it is made again, and the bases built on it with it
if have "$debian" && ! docker run --rm --user 65534 "$debian" /bin/sh -c true >/dev/null 2>&1; then
    echo "build.sh: $debian cannot be used by a user that is not root; building the bases again"
    docker image rm -f "$debian" khotam-base/jre:17 khotam-base/maven:17 khotam-base/postgres:15 >/dev/null 2>&1 || true
fi
if ! have "$debian"; then
    command -v debootstrap >/dev/null || { echo "build.sh: debootstrap is missing (apt-get install debootstrap)" >&2; exit 1; }
    root="$(mktemp -d)"
    trap 'rm -rf "$root"' EXIT
    chmod 755 "$root" # it becomes the image's /: every user must be able to enter it
    echo "build.sh: debootstrap bookworm into $root (about 30 s)"
    debootstrap --variant=minbase bookworm "$root" http://deb.debian.org/debian >/dev/null
    tar -C "$root" -c . | docker import - "$debian" >/dev/null
fi
for base in jre maven postgres; do
    tag="khotam-base/$base:$( [ $base = postgres ] && echo 15 || echo 17 )"
    files="$here/$base.Dockerfile"
    [ $base = postgres ] && files="$files $here/postgres-entrypoint.sh"
    # shellcheck disable=SC2086
    source_hash="$(cat $files | sha256sum | cut -c1-16)"
    built_from="$(docker image inspect -f '{{index .Config.Labels "khotam.source"}}' "$tag" 2>/dev/null || true)"
    if ! have "$tag" || [ "$built_from" != "$source_hash" ]; then
        echo "build.sh: building $tag"
        docker build -q -t "$tag" --label "khotam.source=$source_hash" --build-arg BASE="$debian" \
            -f "$here/$base.Dockerfile" "$here" >/dev/null
    fi
    echo "$tag"
done
