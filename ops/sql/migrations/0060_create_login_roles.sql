-- Least privilege: one login role per process, each granted exactly what that process runs here, so a
-- silo (the process that answers every caller) cannot rewrite or erase the audit log, sign checkpoints,
-- create roles or read what it never needs. The migrator keeps the owner's login; nothing else uses it.
--
-- | role                 | used by                                   | may                                          |
-- |----------------------|-------------------------------------------|----------------------------------------------|
-- | domains_silo         | silos (grains, clustering, storage, reminders) | the tables below, audit_events INSERT/SELECT only |
-- | domains_api          | the API's Orleans client                  | read the gateway list (membership) only      |
-- | domains_checkpointer | ops/audit-checkpoint                      | read audit_events, append audit_checkpoints  |
-- | domains_auditor      | ops/audit-verify                          | read audit_events, audit_checkpoints, grain state |
-- | domains_provisioner  | the PostgreSQL workspace driver           | create roles and the workspace database; nothing here |
--
-- Roles belong to the server, grants to this database: the roles are made once (a later database on
-- the same server finds them), the grants in every database. Passwords are not set here: the migrator
-- sets each from a file (--role-passwords) as a SCRAM verifier, so no clear password reaches the server.
-- Every later migration that creates a table grants on it explicitly (no default privileges): the test
-- DatabaseRoleTests holds the whole map and fails on a table nobody decided about.

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
    -- Asserted on every run, so a role that existed before (or was widened by hand) is what this says.
    EXECUTE format('ALTER ROLE %I %s', name, attributes);
END;
$$;

SELECT pg_temp.domains_ensure_role('domains_silo',         'LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT');
SELECT pg_temp.domains_ensure_role('domains_api',          'LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT');
SELECT pg_temp.domains_ensure_role('domains_checkpointer', 'LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT');
SELECT pg_temp.domains_ensure_role('domains_auditor',      'LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT');
-- The workspace driver makes a login role and schema per workspace, ends their sessions and drops them;
-- it creates the workspace database itself, so it owns that and nothing in this one.
SELECT pg_temp.domains_ensure_role('domains_provisioner',  'LOGIN NOSUPERUSER CREATEDB CREATEROLE NOREPLICATION NOBYPASSRLS INHERIT');
-- The one role allowed to connect to the workspace database (the driver made it itself before).
SELECT pg_temp.domains_ensure_role('domains_workspace_users', 'NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS');
GRANT domains_workspace_users TO domains_provisioner WITH ADMIN OPTION;

-- This database: only our roles may connect (PUBLIC may by default, workspace logins included), nobody
-- makes temporary tables or objects in public.
DO $$
BEGIN
    EXECUTE format('REVOKE ALL ON DATABASE %I FROM PUBLIC', current_database());
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO domains_silo, domains_api, domains_checkpointer, domains_auditor', current_database());
END;
$$;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO domains_silo, domains_api, domains_checkpointer, domains_auditor;

-- Orleans (sql/orleans): the providers read their query texts, then run only those.
GRANT SELECT ON orleansquery TO domains_silo, domains_api;
GRANT SELECT, INSERT, UPDATE, DELETE ON orleansmembershipversiontable, orleansmembershiptable TO domains_silo;
GRANT SELECT, INSERT, UPDATE, DELETE ON orleansstorage, orleansreminderstable TO domains_silo;
-- A client's gateway list provider runs GatewaysQueryKey alone.
GRANT SELECT ON orleansmembershiptable TO domains_api;

-- The audit log: the silo appends and reads, never changes, removes or empties. It names only the
-- event's own columns: seq, txid and recorded_at come from their defaults, so a silo cannot place an
-- event inside a transaction range a checkpoint has already covered.
GRANT SELECT ON audit_events TO domains_silo, domains_checkpointer, domains_auditor;
GRANT INSERT (entity_type, entity_id, version, action, from_state, to_state, actor, role, reason, at,
              prev_hash, hash, changes) ON audit_events TO domains_silo;
-- Checkpoints are signed by the checkpointer alone; the silo reads them for /v1/audit/verify.
GRANT SELECT, INSERT ON audit_checkpoints TO domains_checkpointer;
GRANT SELECT ON audit_checkpoints TO domains_silo, domains_auditor;
-- The verifier anchors each chain at its entity's stored head (grain state).
GRANT SELECT ON orleansstorage TO domains_auditor;

-- The silo's own tables.
GRANT SELECT, INSERT, DELETE ON deadlines TO domains_silo;
GRANT SELECT, INSERT, UPDATE ON business_clock TO domains_silo;
-- txid (the webhook dispatchers' horizon) and seq come from their defaults, as in audit_events.
GRANT SELECT ON notifications TO domains_silo;
GRANT INSERT (id, kind, recipient, entity, at, subject) ON notifications TO domains_silo;
GRANT SELECT, INSERT, UPDATE ON resources TO domains_silo;
-- Written by COPY, purged (DELETE) after the retention period.
GRANT SELECT, INSERT, DELETE ON access_log TO domains_silo;
GRANT SELECT, INSERT, UPDATE ON webhook_cursors, webhook_deliveries TO domains_silo;
GRANT SELECT, INSERT ON webhook_attempts TO domains_silo;
