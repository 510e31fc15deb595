#!/bin/sh
# PostgreSQL's entrypoint runs this once, on an empty data folder: the registry's schema, the
# SELECT-only role khotam_reader (password from KHOTAM_READER_PASSWORD), the DEMO rows, and
# kho-tam's own workspace database with its owner khotam_workspace (password from
# KHOTAM_WORKSPACE_PASSWORD). No password is written in a file.
set -eu
: "${KHOTAM_READER_PASSWORD:?KHOTAM_READER_PASSWORD must be set: the password of the role khotam_reader}"
: "${KHOTAM_WORKSPACE_PASSWORD:?KHOTAM_WORKSPACE_PASSWORD must be set: the password of the role khotam_workspace}"
for sql in 01-schema.sql 02-readonly-role.sql 03-demo-rows.sql; do
    psql -v ON_ERROR_STOP=1 -v reader_password="$KHOTAM_READER_PASSWORD" \
        --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" -f "/khotam-registry/$sql"
done
psql -v ON_ERROR_STOP=1 -v workspace_password="$KHOTAM_WORKSPACE_PASSWORD" \
    --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" -f /khotam-registry/04-workspace.sql
