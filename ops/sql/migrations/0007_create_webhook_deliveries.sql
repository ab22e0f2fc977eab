-- Webhook delivery of inbox notices.
--
-- txid records the transaction that inserted each notice. A dispatcher reads notices below the
-- oldest transaction still running (pg_snapshot_xmin of its snapshot): every one of those has ended,
-- so no notice can later appear behind the dispatcher's cursor. A cursor by seq alone could skip one:
-- seq is taken at insert time, but transactions commit in any order. Rows that existed before this
-- migration all get its transaction id, older than any webhook.
ALTER TABLE notifications ADD COLUMN IF NOT EXISTS txid xid8 NOT NULL DEFAULT pg_current_xact_id();

CREATE INDEX IF NOT EXISTS notifications_txid_seq ON notifications (txid, seq);

-- How far each webhook's dispatcher has queued notices: every notice at or before (after_txid,
-- after_seq) of its kinds has its delivery row. Losing a move of it only means queueing again, which
-- the deliveries' key turns into nothing.
CREATE TABLE IF NOT EXISTS webhook_cursors (
    webhook_id text        PRIMARY KEY,
    after_txid xid8        NOT NULL,
    after_seq  bigint      NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- One row per (webhook, notice): queued once, attempted until acknowledged (delivered) or until the
-- maximum age has passed (failed). seq orders a webhook's list and pages it.
CREATE TABLE IF NOT EXISTS webhook_deliveries (
    webhook_id      text        NOT NULL,
    notice_id       text        NOT NULL,
    seq             bigint      GENERATED ALWAYS AS IDENTITY UNIQUE,
    kind            text        NOT NULL,
    state           text        NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed')),
    attempts        integer     NOT NULL DEFAULT 0,
    queued_at       timestamptz NOT NULL,
    next_attempt_at timestamptz NULL,
    completed_at    timestamptz NULL,
    PRIMARY KEY (webhook_id, notice_id)
);

CREATE INDEX IF NOT EXISTS webhook_deliveries_due ON webhook_deliveries (webhook_id, next_attempt_at) WHERE state = 'pending';
CREATE INDEX IF NOT EXISTS webhook_deliveries_list ON webhook_deliveries (webhook_id, seq);

-- Every POST of a delivery: the status code, or the error when no response came.
CREATE TABLE IF NOT EXISTS webhook_attempts (
    webhook_id  text        NOT NULL,
    notice_id   text        NOT NULL,
    attempt     integer     NOT NULL CHECK (attempt >= 1),
    at          timestamptz NOT NULL,
    duration_ms integer     NOT NULL,
    status_code integer     NULL,
    error       text        NULL,
    PRIMARY KEY (webhook_id, notice_id, attempt),
    FOREIGN KEY (webhook_id, notice_id) REFERENCES webhook_deliveries (webhook_id, notice_id)
);
