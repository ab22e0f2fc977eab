-- Notification channels (email, DingTalk robots): the same outbox as webhooks (0007), in tables of
-- their own: how far each channel has queued notices, one delivery per (channel, notice), and every
-- attempt with its status (SMTP reply code, HTTP status) or error class.
CREATE TABLE IF NOT EXISTS channel_cursors (
    channel_id text        PRIMARY KEY,
    after_txid xid8        NOT NULL,
    after_seq  bigint      NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS channel_deliveries (
    channel_id      text        NOT NULL,
    notice_id       text        NOT NULL,
    seq             bigint      GENERATED ALWAYS AS IDENTITY UNIQUE,
    kind            text        NOT NULL,
    state           text        NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed')),
    attempts        integer     NOT NULL DEFAULT 0,
    queued_at       timestamptz NOT NULL,
    next_attempt_at timestamptz NULL,
    completed_at    timestamptz NULL,
    PRIMARY KEY (channel_id, notice_id)
);

CREATE INDEX IF NOT EXISTS channel_deliveries_due ON channel_deliveries (channel_id, next_attempt_at) WHERE state = 'pending';
CREATE INDEX IF NOT EXISTS channel_deliveries_list ON channel_deliveries (channel_id, seq);

CREATE TABLE IF NOT EXISTS channel_attempts (
    channel_id  text        NOT NULL,
    notice_id   text        NOT NULL,
    attempt     integer     NOT NULL CHECK (attempt >= 1),
    at          timestamptz NOT NULL,
    duration_ms integer     NOT NULL,
    status_code integer     NULL,
    error       text        NULL,
    PRIMARY KEY (channel_id, notice_id, attempt),
    FOREIGN KEY (channel_id, notice_id) REFERENCES channel_deliveries (channel_id, notice_id)
);

-- The silo dispatches, as it does webhooks (0060); no other login touches these tables.
GRANT SELECT, INSERT, UPDATE ON channel_cursors, channel_deliveries TO domains_silo;
GRANT SELECT, INSERT ON channel_attempts TO domains_silo;
