-- Many grains' state rows in one call (grains/Journal/PostgresEntityJournal.cs): a group commit writes the states
-- of all its grains with one statement instead of one call each, each row exactly as domains_write_grain_state
-- (migration 0090) writes it, in array order. A row whose stored version is not the expected one raises SQLSTATE
-- DM409, which aborts the whole group; the journal then writes the group's grains one at a time, so only the
-- conflicting grain fails. A loop rather than one joined statement: each row is reached through the table's
-- primary key, whatever the planner would make of a join with an array. Its two statements keep one generic
-- plan each (plan_cache_mode): planned per row instead, inlining orleans_storage_key's SQL functions cost more
-- than the write itself. Runs with the caller's rights.
CREATE OR REPLACE FUNCTION domains_write_grain_states(
    service_ids text[], state_names text[], grain_id_n0 bigint[], grain_id_n1 bigint[], grain_id_extensions text[],
    expected_versions integer[], payloads bytea[])
    RETURNS integer
    LANGUAGE plpgsql
    SET plan_cache_mode = force_generic_plan
AS $$
DECLARE
    written integer;
    i integer;
BEGIN
    FOR i IN 1 .. coalesce(cardinality(state_names), 0) LOOP
        written := NULL;
        IF expected_versions[i] IS NULL THEN
            INSERT INTO OrleansStorage
                (ServiceId, GrainTypeString, GrainIdN0, GrainIdN1, GrainIdExtensionString,
                 GrainIdHash, GrainTypeHash, PayloadBinary, Version, ModifiedOn)
            VALUES (service_ids[i], state_names[i], grain_id_n0[i], grain_id_n1[i], grain_id_extensions[i], 0, 0, payloads[i], 1, now())
            ON CONFLICT (RowKey) DO NOTHING
            RETURNING Version INTO written;
        ELSE
            UPDATE OrleansStorage AS s
            SET    PayloadBinary = payloads[i],
                   Version       = orleans_next_version(s.Version),
                   ModifiedOn    = now()
            WHERE  s.RowKey = orleans_storage_key(service_ids[i], state_names[i], grain_id_n0[i], grain_id_n1[i], grain_id_extensions[i])
              AND  s.Version = expected_versions[i]
            RETURNING s.Version INTO written;
        END IF;
        IF written IS NULL THEN
            RAISE EXCEPTION 'grain state %/% changed since it was read (expected version %)',
                state_names[i], grain_id_extensions[i], expected_versions[i] USING ERRCODE = 'DM409';
        END IF;
    END LOOP;
    RETURN coalesce(cardinality(state_names), 0);
END;
$$;

REVOKE ALL ON FUNCTION domains_write_grain_states(text[], text[], bigint[], bigint[], text[], integer[], bytea[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION domains_write_grain_states(text[], text[], bigint[], bigint[], text[], integer[], bytea[]) TO domains_silo;
