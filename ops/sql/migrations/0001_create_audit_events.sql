-- The audit log: append-only, one row per accepted transition, hash-chained per entity.
-- (entity_type, entity_id, version) is the idempotency key of the grains' outbox flush.
CREATE TABLE IF NOT EXISTS audit_events (
    seq         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    entity_type text        NOT NULL,
    entity_id   text        NOT NULL,
    version     bigint      NOT NULL CHECK (version > 0),
    action      text        NOT NULL,
    from_state  text        NULL,
    to_state    text        NOT NULL,
    actor       text        NOT NULL,
    role        text        NOT NULL,
    reason      text        NULL,
    at          timestamptz NOT NULL,
    prev_hash   text        NULL,
    hash        text        NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT audit_events_entity_version UNIQUE (entity_type, entity_id, version)
);

CREATE INDEX IF NOT EXISTS audit_events_entity_seq ON audit_events (entity_type, entity_id, seq);

-- Rows are never changed or removed by the application. The trigger makes a mistake loud; it is not
-- a defence against a superuser, which is what the hash chain and `verify` are for.
CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only (% refused)', TG_OP;
END;
$$;

DROP TRIGGER IF EXISTS audit_events_no_update ON audit_events;
CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();

DROP TRIGGER IF EXISTS audit_events_no_truncate ON audit_events;
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
