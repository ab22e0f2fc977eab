-- A domain's data server (DATAPLANE.md §1): the public datasets and the workspaces, on a PostgreSQL
-- server that is never the controller's. Applied by `Domains.Migrator --data-server` with the data
-- server owner's login, in the database that holds the datasets (ops/run: `domain_data`).
--
-- | role                    | may                                                                      |
-- |-------------------------|--------------------------------------------------------------------------|
-- | domains_provisioner     | the workspace driver: create/alter/drop workspace roles (CREATEROLE), end  |
-- |                         | their sessions (pg_signal_backend), set temp_file_limit on them, create    |
-- |                         | schemas here, read the datasets it makes views of and the domains' secrets |
-- | domains_workspace_users | the group every workspace role joins: CONNECT to this database only      |
-- | ws_…                    | one per workspace, made by the driver                                    |

CREATE FUNCTION pg_temp.domains_ensure_role(name text, attributes text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = name) THEN
        BEGIN
            EXECUTE format('CREATE ROLE %I', name);
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL; -- another database's migration on this server made it just now
        END;
    END IF;
    EXECUTE format('ALTER ROLE %I %s', name, attributes);
END;
$$;

SELECT pg_temp.domains_ensure_role('domains_provisioner',     'LOGIN NOSUPERUSER NOCREATEDB CREATEROLE NOREPLICATION NOBYPASSRLS INHERIT');
SELECT pg_temp.domains_ensure_role('domains_workspace_users', 'NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS');
GRANT domains_workspace_users TO domains_provisioner WITH ADMIN OPTION;
-- Ending a workspace's sessions without being a member of its role (a membership per workspace slows
-- every privilege check of the login); a superuser's sessions stay out of its reach.
GRANT pg_signal_backend TO domains_provisioner;
-- temp_file_limit is a superuser's setting; PostgreSQL 15 lets it be granted.
GRANT SET ON PARAMETER temp_file_limit TO domains_provisioner;

DO $$
BEGIN
    EXECUTE format('REVOKE ALL ON DATABASE %I FROM PUBLIC', current_database());
    -- CREATE: the driver makes each workspace's two schemas. Workspace roles may connect and nothing
    -- more: no schema, no extension (trusted extensions need CREATE), no temporary table.
    EXECUTE format('GRANT CONNECT, CREATE ON DATABASE %I TO domains_provisioner', current_database());
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO domains_workspace_users', current_database());
END;
$$;
REVOKE ALL ON SCHEMA public FROM PUBLIC;

-- Large objects belong to no schema and their owner may open them to anyone: a channel from one
-- workspace to another. Nobody here makes them.
REVOKE EXECUTE ON FUNCTION pg_catalog.lo_create(oid), pg_catalog.lo_creat(integer),
    pg_catalog.lo_from_bytea(oid, bytea), pg_catalog.lo_import(text), pg_catalog.lo_import(text, oid) FROM PUBLIC;

-- The datasets platform automation loads (ops/run --sample-data: schema public_data). The driver reads
-- them only through the views it owns; a dataset elsewhere needs the same grant by whoever loads it.
CREATE SCHEMA IF NOT EXISTS public_data;
GRANT USAGE ON SCHEMA public_data TO domains_provisioner;
GRANT SELECT ON ALL TABLES IN SCHEMA public_data TO domains_provisioner;
ALTER DEFAULT PRIVILEGES IN SCHEMA public_data GRANT SELECT ON TABLES TO domains_provisioner;

-- pgcrypto's hmac for pseudonymized columns, in a schema of its own.
CREATE SCHEMA IF NOT EXISTS domains_crypto;
CREATE EXTENSION IF NOT EXISTS pgcrypto SCHEMA domains_crypto;
GRANT USAGE ON SCHEMA domains_crypto TO domains_provisioner;

-- Each domain's pseudonymization secret: made here on first use and never read by anyone but the
-- views' owner, so neither the controller nor a workspace ever holds it (a workspace that knew it
-- could hash guesses and undo the pseudonyms).
CREATE SCHEMA IF NOT EXISTS domains_seal;
CREATE TABLE IF NOT EXISTS domains_seal.domain_secrets (
    domain_id text PRIMARY KEY,
    secret bytea NOT NULL DEFAULT domains_crypto.gen_random_bytes(32)
);
REVOKE ALL ON domains_seal.domain_secrets FROM PUBLIC;
GRANT USAGE ON SCHEMA domains_seal TO domains_provisioner;
GRANT SELECT, INSERT ON domains_seal.domain_secrets TO domains_provisioner;
