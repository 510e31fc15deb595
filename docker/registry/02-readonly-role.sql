-- The first of kho-tam's three read-only levels: a role that can only SELECT the registry.
-- (The other two: the connection is opened read-only, and the code holds only fixed SELECTs.)
-- Run with psql and the password as a variable, never written here:
--   psql -v ON_ERROR_STOP=1 -v reader_password="$KHOTAM_READER_PASSWORD" -d registry -f 02-readonly-role.sql
SELECT 'CREATE ROLE khotam_reader LOGIN'
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'khotam_reader') \gexec
ALTER ROLE khotam_reader PASSWORD :'reader_password';
ALTER ROLE khotam_reader SET default_transaction_read_only = on;
GRANT CONNECT ON DATABASE :"DBNAME" TO khotam_reader;
GRANT USAGE ON SCHEMA public TO khotam_reader;
REVOKE ALL ON birth_registry FROM khotam_reader;
GRANT SELECT ON birth_registry TO khotam_reader;
