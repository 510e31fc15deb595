-- kho-tam's own database, the workspace where SQL producers run (docs/contract.md "Producer under
-- test"); never the registry. Its owner khotam_workspace creates a schema and a login role per run
-- and ends a producer that overruns its timeout, so it has CREATEROLE and pg_signal_backend, and
-- nothing on the registry's database. Run with psql and the password as a variable:
--   psql -v ON_ERROR_STOP=1 -v workspace_password="$KHOTAM_WORKSPACE_PASSWORD" -d postgres -f 04-workspace.sql
SELECT 'CREATE ROLE khotam_workspace LOGIN CREATEROLE'
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'khotam_workspace') \gexec
ALTER ROLE khotam_workspace PASSWORD :'workspace_password';
GRANT pg_signal_backend TO khotam_workspace;
SELECT 'CREATE DATABASE khotam_workspace OWNER khotam_workspace'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'khotam_workspace') \gexec
-- CONNECT stays with PUBLIC: each run's role logs in here; kho-tam itself revokes TEMPORARY and
-- CREATE on public from PUBLIC when it first reaches the workspace
