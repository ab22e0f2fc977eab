-- The network log of R11/R12: every access decision, written in batches off the decision path.
-- resource_key is the key of the workspace's resources, which a renewal keeps, so the log follows
-- the resources; the purge after the retention period deletes by it.
CREATE TABLE IF NOT EXISTS access_log (
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    resource_key text        NOT NULL,
    workspace_id text        NOT NULL,
    unit_id      text        NOT NULL,
    dataset_id   text        NOT NULL,
    allowed      boolean     NOT NULL,
    reason       text        NOT NULL,
    at           timestamptz NOT NULL
);

CREATE INDEX IF NOT EXISTS access_log_resource ON access_log (resource_key, id);
