-- Signed checkpoints over the whole audit log, written by the checkpointer (ops/audit-checkpoint), not by
-- the silo. Checkpoint n covers every event of a transaction older than its horizon (audit_events.txid),
-- in (txid, seq) order: count is how many, running_hash the hash folded over them
-- (grains/Audit/AuditCheckpoint.cs). The signature (ECDSA P-256, SHA-256, with a private key only the
-- checkpointer holds) covers id, horizon, count, running_hash and at, so a removed, rewritten or
-- inserted event inside a covered range, or a removed checkpoint between two others, shows in
-- ops/audit-verify with the public key.
CREATE TABLE IF NOT EXISTS audit_checkpoints (
    id           bigint      PRIMARY KEY CHECK (id > 0),
    horizon      xid8        NOT NULL,
    count        bigint      NOT NULL,
    running_hash text        NOT NULL,
    at           timestamptz NOT NULL,
    signature    text        NOT NULL
);
