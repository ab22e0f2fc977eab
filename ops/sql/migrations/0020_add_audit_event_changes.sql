-- What each transition changed: {"fields": [names], "sha256": hex} over the new values of the entity's
-- changed top-level fields (grains/Audit/AuditDigest.cs), part of the event's hash. Events recorded
-- before this migration have none and keep the hash they were written with.
ALTER TABLE audit_events ADD COLUMN IF NOT EXISTS changes jsonb NULL;

-- txid records the transaction that inserted each event, as notifications.txid does: the checkpointer
-- covers only events of transactions older than the oldest one still running, which have all ended, so
-- no event can later appear inside a range a checkpoint has covered (seq alone could: it is taken at
-- insert time, and transactions commit in any order). Rows that existed before this migration all get
-- its transaction id. The table rewrite this causes fires no UPDATE trigger.
ALTER TABLE audit_events ADD COLUMN IF NOT EXISTS txid xid8 NOT NULL DEFAULT pg_current_xact_id();

CREATE INDEX IF NOT EXISTS audit_events_txid_seq ON audit_events (txid, seq);
