-- Inbox notices: durable records produced through each grain's outbox. The id is derived from what a
-- notice is about, so a repeated delivery inserts nothing. seq orders an inbox and pages it; a later
-- webhook dispatcher reads by seq too.
CREATE TABLE IF NOT EXISTS notifications (
    id         text        PRIMARY KEY,
    seq        bigint      GENERATED ALWAYS AS IDENTITY UNIQUE,
    kind       text        NOT NULL,
    recipient  text        NOT NULL,
    entity     text        NOT NULL,
    at         timestamptz NOT NULL,
    subject    text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX IF NOT EXISTS notifications_recipient_seq ON notifications (recipient, seq);
CREATE INDEX IF NOT EXISTS notifications_entity ON notifications (entity, seq);
