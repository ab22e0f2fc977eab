-- The console's local accounts (CONSOLE.md §1, used when no OpenID Connect provider is configured):
-- one row per person, the password as ASP.NET Core Identity's hash (PBKDF2, salted; never the clear
-- password), the failed attempts and the lockout, and whether the password is a one-time one that must
-- be changed at the next sign-in. The console and ops/user log in as domains_console, which may read and
-- write this table and nothing else in the database.

CREATE FUNCTION pg_temp.domains_ensure_console_role() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'domains_console') THEN
        BEGIN
            CREATE ROLE domains_console;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL; -- another database's migration on this server made it just now
        END;
    END IF;
    ALTER ROLE domains_console LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT;
END;
$$;
SELECT pg_temp.domains_ensure_console_role();

CREATE TABLE IF NOT EXISTS console_accounts (
    name            text        PRIMARY KEY,
    role            text        NOT NULL CHECK (role IN ('authority', 'supervisor', 'unit', 'auditor')),
    unit            text        NULL CHECK ((role = 'unit') = (unit IS NOT NULL)),
    password_hash   text        NOT NULL,
    must_change     boolean     NOT NULL DEFAULT true,
    failed_count    integer     NOT NULL DEFAULT 0,
    locked_until    timestamptz NULL,
    time_zone       text        NOT NULL DEFAULT 'Asia/Shanghai',
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);

DO $$
BEGIN
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO domains_console', current_database());
END;
$$;
GRANT USAGE ON SCHEMA public TO domains_console;
-- Accounts are made and reset (ops/user) and signed into; never removed through this login.
GRANT SELECT, INSERT, UPDATE ON console_accounts TO domains_console;
