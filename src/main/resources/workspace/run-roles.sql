-- kho-tam's workspace, closed to the producers it runs (docs/contract.md "Producer under test").
-- Run once by a superuser in kho-tam's workspace database, whose owner is kho-tam's workspace user:
--   psql -v ON_ERROR_STOP=1 -d khotam_workspace -f run-roles.sql
-- (docker/registry/init-registry.sh does; kho-tam runs it itself where its own user is a superuser,
-- as in the embedded workspace). Safe to run again.
--
-- 1. Each run's producer logs in as a role of its own, made and dropped by kho-tam through the two
--    functions below, which run as their superuser owner: kho-tam needs no CREATEROLE (which on
--    PostgreSQL 15 and earlier can grant itself almost any role), and the functions make only roles
--    named khotam_run_* / khotam_probe_* with fixed attributes that reach nothing by themselves.
-- 2. What no role but kho-tam's may do in this database, whatever its grants: create large objects,
--    take advisory locks, notify, create in public, make temporary tables, or connect at all.

CREATE SCHEMA IF NOT EXISTS khotam_admin;
REVOKE ALL ON SCHEMA khotam_admin FROM PUBLIC;

-- 3. Runs at once make and drop roles at once, and each role's CONNECT grant changes the one row of
--    this database in pg_database: two changes of it together fail one ("tuple concurrently
--    updated", its run FAILED). Every role change takes this table's lock first, to its transaction's end.
CREATE TABLE IF NOT EXISTS khotam_admin.role_changes ();
REVOKE ALL ON khotam_admin.role_changes FROM PUBLIC;

CREATE OR REPLACE FUNCTION khotam_admin.lock_role_changes()
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
    LOCK TABLE khotam_admin.role_changes IN EXCLUSIVE MODE;
END
$fn$;

CREATE OR REPLACE FUNCTION khotam_admin.create_run_role(role_name text, role_password text, temp_file_limit_kb bigint)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    workspace_owner name := (SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database());
BEGIN
    IF role_name !~ '^khotam_(run|probe)_[a-z0-9_]{1,50}$' THEN
        RAISE EXCEPTION 'not a run role name: %', role_name;
    END IF;
    IF temp_file_limit_kb IS NULL OR temp_file_limit_kb < 1 THEN
        RAISE EXCEPTION 'a run role needs a temp_file_limit of at least 1 kB';
    END IF;
    PERFORM khotam_admin.lock_role_changes();
    EXECUTE format('CREATE ROLE %I LOGIN NOINHERIT NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS '
                   'CONNECTION LIMIT 2 PASSWORD %L', role_name, role_password);
    EXECUTE format('ALTER ROLE %I SET temp_file_limit = %L', role_name, temp_file_limit_kb || 'kB');
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), role_name);
    -- kho-tam, as a member, can end the role's sessions and take over or drop what it made
    EXECUTE format('GRANT %I TO %I', role_name, workspace_owner);
END
$fn$;

CREATE OR REPLACE FUNCTION khotam_admin.drop_run_role(role_name text)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
    IF role_name !~ '^khotam_(run|probe)_[a-z0-9_]{1,50}$' THEN
        RAISE EXCEPTION 'not a run role name: %', role_name;
    END IF;
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = role_name
               AND (rolsuper OR rolcreaterole OR rolcreatedb OR rolreplication OR rolbypassrls)) THEN
        RAISE EXCEPTION 'role % is not a run role', role_name;
    END IF;
    PERFORM khotam_admin.lock_role_changes();
    EXECUTE format('DROP ROLE IF EXISTS %I', role_name);
END
$fn$;

REVOKE ALL ON FUNCTION khotam_admin.create_run_role(text, text, bigint) FROM PUBLIC;
REVOKE ALL ON FUNCTION khotam_admin.drop_run_role(text) FROM PUBLIC;
REVOKE ALL ON FUNCTION khotam_admin.lock_role_changes() FROM PUBLIC;

DO $do$
DECLARE
    workspace_owner name := (SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database());
    f regprocedure;
BEGIN
    EXECUTE format('GRANT USAGE ON SCHEMA khotam_admin TO %I', workspace_owner);
    EXECUTE format('GRANT EXECUTE ON FUNCTION khotam_admin.create_run_role(text, text, bigint), '
                   'khotam_admin.drop_run_role(text), khotam_admin.lock_role_changes() TO %I', workspace_owner);
    FOR f IN SELECT p.oid::regprocedure FROM pg_proc p
             WHERE p.pronamespace = 'pg_catalog'::regnamespace
               AND (p.proname LIKE 'pg\_%advisory\_%' OR p.proname IN ('lo_creat', 'lo_create', 'lo_from_bytea',
                                                                        'lo_import', 'pg_notify')) LOOP
        EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', f);
    END LOOP;
    EXECUTE format('REVOKE CONNECT, TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
    EXECUTE 'REVOKE CREATE ON SCHEMA public FROM PUBLIC';
END
$do$;
