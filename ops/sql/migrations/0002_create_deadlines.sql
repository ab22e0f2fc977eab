-- The deadline index: one row per pending deadline held in some grain's state. Grains add rows
-- before saving and remove stale ones after; scheduler grains sweep it by (shard, due_at).
CREATE TABLE IF NOT EXISTS deadlines (
    entity_type text        NOT NULL,
    entity_id   text        NOT NULL,
    kind        text        NOT NULL,
    due_at      timestamptz NOT NULL,
    shard       smallint    NOT NULL CHECK (shard >= 0),
    PRIMARY KEY (entity_type, entity_id, kind, due_at)
);

CREATE INDEX IF NOT EXISTS deadlines_shard_due ON deadlines (shard, due_at);
CREATE INDEX IF NOT EXISTS deadlines_due ON deadlines (due_at, entity_type, entity_id, kind);
