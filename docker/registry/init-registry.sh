#!/bin/sh
# PostgreSQL's entrypoint runs this once, on an empty data folder: the schema, the SELECT-only
# role (its password from KHOTAM_READER_PASSWORD, never written in a file) and the DEMO rows.
set -eu
: "${KHOTAM_READER_PASSWORD:?KHOTAM_READER_PASSWORD must be set: the password of the role khotam_reader}"
for sql in 01-schema.sql 02-readonly-role.sql 03-demo-rows.sql; do
    psql -v ON_ERROR_STOP=1 -v reader_password="$KHOTAM_READER_PASSWORD" \
        --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" -f "/khotam-registry/$sql"
done
