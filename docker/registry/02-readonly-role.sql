-- The first of kho-tam's three read-only levels: a role that can only SELECT the registry.
-- (The other two: the connection is opened read-only, and the code holds only fixed SELECTs.)
-- The password is a placeholder for local use; set a real one through your secret store.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'khotam_reader') THEN
        CREATE ROLE khotam_reader LOGIN PASSWORD 'change-me';
    END IF;
END $$;
ALTER ROLE khotam_reader SET default_transaction_read_only = on;
GRANT CONNECT ON DATABASE registry TO khotam_reader;
GRANT USAGE ON SCHEMA public TO khotam_reader;
REVOKE ALL ON birth_registry FROM khotam_reader;
GRANT SELECT ON birth_registry TO khotam_reader;
