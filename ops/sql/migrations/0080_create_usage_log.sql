-- The usage log (DATAPLANE.md §4, 數據使用情況): every connection, disconnection and statement of a
-- workspace login on a data server, collected from the data server's own log. role is that login (a
-- renewal keeps it, so the records follow the resources, as access_log's resource_key does); the log-purge
-- deadline deletes by it once the retention is over. (source, file, position) is where the line was in the
-- data server's log: unique, so a line read twice is never counted twice.
CREATE TABLE IF NOT EXISTS usage_log (
    id        bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    role      text        NOT NULL,
    session   text        NOT NULL,
    kind      text        NOT NULL CHECK (kind IN ('connect', 'disconnect', 'statement')),
    statement text        CHECK (char_length(statement) <= 4000),
    at        timestamptz NOT NULL,
    source    text        NOT NULL,
    file      text        NOT NULL,
    position  bigint      NOT NULL,
    UNIQUE (source, file, position)
);

CREATE INDEX IF NOT EXISTS usage_log_role ON usage_log (role, id);

-- How far the collector has read each data server's log: advanced in the transaction that inserts the
-- records read, so a crash loses nothing and repeats nothing.
CREATE TABLE IF NOT EXISTS usage_log_cursors (
    source   text   PRIMARY KEY,
    file     text   NOT NULL,
    position bigint NOT NULL CHECK (position >= 0)
);

-- The silo collects (INSERT), answers GET …/usage (SELECT) and purges after the retention (DELETE); it never
-- rewrites a record.
GRANT SELECT, INSERT, DELETE ON usage_log TO domains_silo;
GRANT SELECT, INSERT, UPDATE ON usage_log_cursors TO domains_silo;
