#!/bin/sh
# PostgreSQL's entrypoint runs this once, on an empty data folder: the registry's schema, the
# SELECT-only role khotam_reader, the DEMO rows, and kho-tam's own workspace database owned by the
# role khotam_workspace, closed to the producers kho-tam runs there (run-roles.sql). The passwords
# come from the files KHOTAM_READER_PASSWORD_FILE and KHOTAM_WORKSPACE_PASSWORD_FILE name (compose's
# secrets) or from KHOTAM_READER_PASSWORD / KHOTAM_WORKSPACE_PASSWORD; none is written anywhere.
set -eu
secret() { # NAME: the value of NAME, or of the file NAME_FILE names
    eval "file=\${${1}_FILE:-}"
    if [ -n "$file" ]; then cat "$file"; else eval "printf '%s' \"\${$1:?$1 or ${1}_FILE must be set}\""; fi
}
reader_password="$(secret KHOTAM_READER_PASSWORD)"
workspace_password="$(secret KHOTAM_WORKSPACE_PASSWORD)"
for sql in 01-schema.sql 02-readonly-role.sql 03-demo-rows.sql; do
    psql -v ON_ERROR_STOP=1 -v reader_password="$reader_password" \
        --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" -f "/khotam-registry/$sql"
done
psql -v ON_ERROR_STOP=1 -v workspace_password="$workspace_password" \
    --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" -f /khotam-registry/04-workspace.sql
# as the superuser, in the workspace database: the functions that make run roles, and what no other role may do there
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname khotam_workspace -f /khotam-workspace/run-roles.sql
