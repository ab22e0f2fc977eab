-- A domain's data server (Domains.Migrator --data-server, as 0070): the usage-log collector's login, domains_usage_reader, may list and read the server's own usage log
-- files (ops/pg --usage-log: log/usage-*.json) through two functions, and nothing else: not the data, not
-- other files (pg_read_server_files is not granted; the functions refuse any other name). Neither it nor
-- the driver's login has its own statements logged, so the log holds the tenants' usage and no password
-- the driver sets.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'domains_usage_reader') THEN
        BEGIN
            CREATE ROLE domains_usage_reader;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL;
        END;
    END IF;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'domains_provisioner') THEN
        ALTER ROLE domains_provisioner SET log_statement = 'none';
    END IF;
END;
$$;
ALTER ROLE domains_usage_reader LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS NOINHERIT CONNECTION LIMIT 10;
ALTER ROLE domains_usage_reader SET log_statement = 'none';
DO $$
BEGIN
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO domains_usage_reader', current_database());
END;
$$;

CREATE SCHEMA IF NOT EXISTS domains_usage;
REVOKE ALL ON SCHEMA domains_usage FROM PUBLIC;
GRANT USAGE ON SCHEMA domains_usage TO domains_usage_reader;

CREATE OR REPLACE FUNCTION domains_usage.log_files() RETURNS TABLE (name text, size bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
    SELECT l.name::text, l.size FROM pg_ls_logdir() l
    WHERE l.name ~ '^usage-[0-9]{8}-[0-9]{6}\.json$' ORDER BY l.name
$$;

CREATE OR REPLACE FUNCTION domains_usage.read_log(file text, start bigint, length bigint) RETURNS bytea
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF file IS NULL OR file !~ '^usage-[0-9]{8}-[0-9]{6}\.json$' OR start < 0 OR length < 0 OR length > 67108864 THEN
        RAISE EXCEPTION 'not a usage log read: %', file USING ERRCODE = '22023';
    END IF;
    RETURN pg_read_binary_file(current_setting('log_directory') || '/' || file, start, length, true);
END;
$$;

REVOKE ALL ON FUNCTION domains_usage.log_files() FROM PUBLIC;
REVOKE ALL ON FUNCTION domains_usage.read_log(text, bigint, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION domains_usage.log_files() TO domains_usage_reader;
GRANT EXECUTE ON FUNCTION domains_usage.read_log(text, bigint, bigint) TO domains_usage_reader;
