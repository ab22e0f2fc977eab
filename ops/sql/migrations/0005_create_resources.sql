-- The list table: one row per listed entity (its view as JSON and the columns lists filter on),
-- written by the entity's grain after each save and only ever replaced by a higher version.
CREATE TABLE IF NOT EXISTS resources (
    entity_type  text        NOT NULL,
    id           text        NOT NULL,
    version      bigint      NOT NULL,
    state        text        NOT NULL,
    unit_id      text        NULL,
    parent_id    text        NULL,
    published_at timestamptz NULL,
    body         jsonb       NOT NULL,
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (entity_type, id)
);

CREATE INDEX IF NOT EXISTS resources_by_unit ON resources (entity_type, unit_id, id);
CREATE INDEX IF NOT EXISTS resources_by_state ON resources (entity_type, state, id);
CREATE INDEX IF NOT EXISTS resources_published ON resources (entity_type, published_at, id) WHERE published_at IS NOT NULL;
