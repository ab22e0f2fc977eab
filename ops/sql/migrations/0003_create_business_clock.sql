-- The manual business clock (development and tests): one row, only ever moved forward.
CREATE TABLE IF NOT EXISTS business_clock (
    id         smallint    PRIMARY KEY CHECK (id = 1),
    now        timestamptz NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
