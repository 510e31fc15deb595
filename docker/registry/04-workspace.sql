-- kho-tam's own database, the workspace where SQL producers run (docs/contract.md "Producer under
-- test"); never the registry. Its owner khotam_workspace has no privilege beyond owning it: it makes
-- and drops each run's role through the khotam_admin functions a superuser installs there
-- (src/main/resources/workspace/run-roles.sql, run next by init-registry.sh), so it needs no
-- CREATEROLE, which on PostgreSQL 15 can grant itself almost any role (pg_write_all_data included).
-- No role may connect to a database of this cluster unless granted: the registry grants its reader,
-- the workspace each run's role. Run with psql and the password as a variable:
--   psql -v ON_ERROR_STOP=1 -v workspace_password="$KHOTAM_WORKSPACE_PASSWORD" -d postgres -f 04-workspace.sql
SELECT 'CREATE ROLE khotam_workspace LOGIN'
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'khotam_workspace') \gexec
ALTER ROLE khotam_workspace NOSUPERUSER NOCREATEROLE NOCREATEDB NOREPLICATION NOBYPASSRLS PASSWORD :'workspace_password';
REVOKE pg_signal_backend FROM khotam_workspace;
-- UTF8 whatever the cluster's default: rows are Unicode text, and a producer counts their characters
SELECT 'CREATE DATABASE khotam_workspace OWNER khotam_workspace ENCODING ''UTF8'' TEMPLATE template0'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'khotam_workspace') \gexec
REVOKE CONNECT ON DATABASE postgres FROM PUBLIC;
REVOKE CONNECT ON DATABASE template1 FROM PUBLIC;
REVOKE CONNECT ON DATABASE :"DBNAME" FROM PUBLIC;
