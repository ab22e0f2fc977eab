-- Lists show the newest first (API.md "Lists for people and tools"): each row keeps the instant its
-- entity was created, taken from the view's createdAt when the row is first written, and lists page by
-- (created_at, id) downwards. A trigger fills it, so whoever writes the row (the journal, or grain
-- storage writing it in the state's transaction) need not know the column; an update keeps it.
ALTER TABLE resources ADD COLUMN IF NOT EXISTS created_at timestamptz NULL;

CREATE OR REPLACE FUNCTION resources_created_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.created_at IS NULL THEN
        NEW.created_at := COALESCE((NEW.body->>'createdAt')::timestamptz, now());
    END IF;
    RETURN NEW;
END;
$$;

DROP TRIGGER IF EXISTS resources_set_created_at ON resources;
CREATE TRIGGER resources_set_created_at BEFORE INSERT OR UPDATE ON resources
    FOR EACH ROW EXECUTE FUNCTION resources_created_at();

UPDATE resources SET created_at = COALESCE((body->>'createdAt')::timestamptz, updated_at) WHERE created_at IS NULL;

CREATE INDEX IF NOT EXISTS resources_newest ON resources (entity_type, created_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS resources_newest_by_unit ON resources (entity_type, unit_id, created_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS resources_newest_by_parent ON resources (entity_type, parent_id, created_at DESC, id DESC);
