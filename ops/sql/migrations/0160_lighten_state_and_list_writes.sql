-- Every transition writes its state row and its list row; these make each write cheaper for PostgreSQL
-- (measured with pg_stat_statements in ops/bench: BENCHMARKS.md, issue 12).
--
-- Lists page newest first (migration 0120), so the list table's first indexes, ordered by id, serve no query
-- any more: resources_newest_by_unit answers what resources_by_unit did, and nothing reads published_at in
-- order. resources_by_state stays: counts by state use it.
DROP INDEX IF EXISTS resources_by_unit;
DROP INDEX IF EXISTS resources_published;

-- created_at is filled when a row is first written; an update never sets it (the journal's upsert leaves the
-- column alone), so the trigger need not run for updates.
DROP TRIGGER IF EXISTS resources_set_created_at ON resources;
CREATE TRIGGER resources_set_created_at BEFORE INSERT ON resources
    FOR EACH ROW EXECUTE FUNCTION resources_created_at();

-- Room on each page for a row's next version: a state write changes no indexed column (RowKey stays the same),
-- so with space beside it PostgreSQL updates the row in place of the index (a heap-only tuple) instead of adding
-- an index entry for every write. Applies to pages written from now on.
ALTER TABLE OrleansStorage SET (fillfactor = 80);
ALTER TABLE resources SET (fillfactor = 80);
