-- The first answer given to each Idempotency-Key, out of the entity's state (where every save rewrote up to
-- 100 of them): a row per answer, written in the transaction of the save that decided it. An entity holds
-- at most 100 answers (slot = its answer counter modulo 100: the newest replaces the oldest), and a row
-- older than the retention (Idempotency:Retention, in wall-clock time, never the business clock) is purged.
CREATE TABLE IF NOT EXISTS idempotency_answers (
    entity_type  text        NOT NULL,
    entity_id    text        NOT NULL,
    slot         smallint    NOT NULL CHECK (slot >= 0),
    caller       text        NOT NULL,
    key          text        NOT NULL,
    request_hash text        NOT NULL,
    answer       bytea       NOT NULL,
    recorded_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (entity_type, entity_id, slot)
);

CREATE INDEX IF NOT EXISTS idempotency_answers_key ON idempotency_answers (entity_type, entity_id, key);
CREATE INDEX IF NOT EXISTS idempotency_answers_recorded ON idempotency_answers (recorded_at);

-- Only the silo's entity grains read and write them; the purge deletes.
GRANT SELECT, INSERT, UPDATE, DELETE ON idempotency_answers TO domains_silo;
