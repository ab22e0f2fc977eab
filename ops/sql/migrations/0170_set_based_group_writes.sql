-- The group commit's writes set-based (grains/Journal/PostgresEntityJournal.cs). Migration 0150 wrote a group's
-- state rows in a loop, a statement per row; perf on the bench showed PostgreSQL setting up its executor for each
-- (reading the generated key's expression, inlining orleans_storage_key's SQL functions): 71 µs a row against 20 µs
-- for one statement over 2,000 rows in psql. Here domains_write_grain_states writes all the group's new rows with
-- one statement and all its updated rows with another, each row exactly as domains_write_grain_state (migration
-- 0090) writes it. A row whose stored version is not the expected one (or that exists when none was expected)
-- leaves the count short and raises SQLSTATE DM409, which aborts the whole group; the journal then writes the
-- group's grains one at a time, so only the conflicting grain fails.
--
-- Both functions reach each row through its index, a nested loop over the arrays, whatever the table's size and
-- statistics when they were planned: one generic plan each, planned without hash or merge joins or sequential
-- scans. Planned while the table was small, a hash join kept scanning it whole once it had grown (ops/bench: 1,921
-- transitions a second instead of 4,258). Run with the caller's rights.
CREATE OR REPLACE FUNCTION domains_write_grain_states(
    service_ids text[], state_names text[], grain_id_n0 bigint[], grain_id_n1 bigint[], grain_id_extensions text[],
    expected_versions integer[], payloads bytea[])
    RETURNS integer
    LANGUAGE plpgsql
    SET plan_cache_mode = force_generic_plan
    SET enable_hashjoin = off
    SET enable_mergejoin = off
    SET enable_seqscan = off
AS $$
DECLARE
    inserted integer;
    updated integer;
    expected integer := coalesce(cardinality(state_names), 0);
BEGIN
    INSERT INTO OrleansStorage
        (ServiceId, GrainTypeString, GrainIdN0, GrainIdN1, GrainIdExtensionString,
         GrainIdHash, GrainTypeHash, PayloadBinary, Version, ModifiedOn)
    SELECT w.service_id, w.state_name, w.n0, w.n1, w.ext, 0, 0, w.payload, 1, now()
    FROM unnest(service_ids, state_names, grain_id_n0, grain_id_n1, grain_id_extensions, expected_versions, payloads)
         AS w(service_id, state_name, n0, n1, ext, expected, payload)
    WHERE w.expected IS NULL
    ON CONFLICT (RowKey) DO NOTHING;
    GET DIAGNOSTICS inserted = ROW_COUNT;

    UPDATE OrleansStorage AS s
    SET    PayloadBinary = w.payload,
           Version       = orleans_next_version(s.Version),
           ModifiedOn    = now()
    FROM unnest(service_ids, state_names, grain_id_n0, grain_id_n1, grain_id_extensions, expected_versions, payloads)
         AS w(service_id, state_name, n0, n1, ext, expected, payload)
    WHERE  w.expected IS NOT NULL
      AND  s.RowKey = orleans_storage_key(w.service_id, w.state_name, w.n0, w.n1, w.ext)
      AND  s.Version = w.expected;
    GET DIAGNOSTICS updated = ROW_COUNT;

    IF inserted + updated <> expected THEN
        RAISE EXCEPTION '% of % grain states changed since they were read', expected - inserted - updated, expected
            USING ERRCODE = 'DM409';
    END IF;
    RETURN expected;
END;
$$;


-- The group's deadline index rows that its entities no longer hold: one statement for all of them (it was one per
-- entity). Each entity named in entity_types/entity_ids keeps exactly its rows among the keep_* arrays.
CREATE OR REPLACE FUNCTION domains_remove_deadlines_except(
    entity_types text[], entity_ids text[], keep_types text[], keep_ids text[], keep_kinds text[], keep_due timestamptz[])
    RETURNS integer
    LANGUAGE plpgsql
    SET plan_cache_mode = force_generic_plan
    SET enable_hashjoin = off
    SET enable_mergejoin = off
    SET enable_seqscan = off
AS $$
DECLARE
    removed integer;
BEGIN
    DELETE FROM deadlines AS d
    USING unnest(entity_types, entity_ids) AS e(entity_type, entity_id)
    WHERE d.entity_type = e.entity_type AND d.entity_id = e.entity_id
      AND NOT EXISTS (
          SELECT 1 FROM unnest(keep_types, keep_ids, keep_kinds, keep_due) AS k(entity_type, entity_id, kind, due_at)
          WHERE k.entity_type = d.entity_type AND k.entity_id = d.entity_id AND k.kind = d.kind AND k.due_at = d.due_at);
    GET DIAGNOSTICS removed = ROW_COUNT;
    RETURN removed;
END;
$$;

REVOKE ALL ON FUNCTION domains_remove_deadlines_except(text[], text[], text[], text[], text[], timestamptz[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION domains_remove_deadlines_except(text[], text[], text[], text[], text[], timestamptz[]) TO domains_silo;
