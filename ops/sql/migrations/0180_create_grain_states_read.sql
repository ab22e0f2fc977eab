-- Many grains' state rows read in one call (grains/Storage/EntityGrainStorage.cs): grains activating at the same
-- moment (a catch-up, a burst of new entities, a silo taking over others' grains) share one round trip, as their
-- writes share a commit. Each key's row, if any, comes back with the key's position in the arrays. Planned as the
-- group writes are (migration 0170): a nested loop over the arrays into the primary key, never a scan of the table.
-- Runs with the caller's rights.
CREATE OR REPLACE FUNCTION domains_read_grain_states(
    service_ids text[], state_names text[], grain_id_n0 bigint[], grain_id_n1 bigint[], grain_id_extensions text[])
    RETURNS TABLE (ordinal bigint, payload bytea, version integer)
    LANGUAGE plpgsql
    STABLE
    SET plan_cache_mode = force_generic_plan
    SET enable_hashjoin = off
    SET enable_mergejoin = off
    SET enable_seqscan = off
AS $$
BEGIN
    RETURN QUERY
    SELECT k.ordinal, s.PayloadBinary, s.Version
    FROM unnest(service_ids, state_names, grain_id_n0, grain_id_n1, grain_id_extensions) WITH ORDINALITY
         AS k(service_id, state_name, n0, n1, ext, ordinal)
    JOIN OrleansStorage AS s ON s.RowKey = orleans_storage_key(k.service_id, k.state_name, k.n0, k.n1, k.ext);
END;
$$;

REVOKE ALL ON FUNCTION domains_read_grain_states(text[], text[], bigint[], bigint[], text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION domains_read_grain_states(text[], text[], bigint[], bigint[], text[]) TO domains_silo;
