-- The shards page through their due rows in (due_at, entity_type, entity_id) order with a keyset: the
-- wider index serves that order directly, so a catch-up over many rows at one instant reads each row
-- once instead of regrouping every due row per page. It replaces its prefix, deadlines_shard_due.
CREATE INDEX IF NOT EXISTS deadlines_shard_due_entity ON deadlines (shard, due_at, entity_type, entity_id);
DROP INDEX IF EXISTS deadlines_shard_due;
