-- The entity grains' own grain storage (grains/Storage/EntityGrainStorage.cs) writes a grain's state in the
-- same transaction as everything its transition produces (audit events, inbox notices, list row, deadline
-- rows), and commits many grains' transactions together. It keeps Orleans' table and row key
-- (sql/orleans/0003_persistence.sql), so rows written before stay readable and the verifier reads the same
-- place; unlike WriteToStorageKey, a lost optimistic-concurrency check raises an error (SQLSTATE DM409)
-- instead of returning no row: the error aborts the transaction, so a conflicting grain's audit events and
-- list row never land without its state. Re-runnable (CREATE OR REPLACE); runs with the caller's rights.
CREATE OR REPLACE FUNCTION domains_write_grain_state(
    service_id text, state_name text, grain_id_n0 bigint, grain_id_n1 bigint, grain_id_extension text,
    expected_version integer, payload bytea)
    RETURNS integer
    LANGUAGE plpgsql
AS $$
DECLARE
    written integer;
BEGIN
    IF expected_version IS NULL THEN
        INSERT INTO OrleansStorage
            (ServiceId, GrainTypeString, GrainIdN0, GrainIdN1, GrainIdExtensionString,
             GrainIdHash, GrainTypeHash, PayloadBinary, Version, ModifiedOn)
        VALUES (service_id, state_name, grain_id_n0, grain_id_n1, grain_id_extension, 0, 0, payload, 1, now())
        ON CONFLICT (RowKey) DO NOTHING
        RETURNING Version INTO written;
    ELSE
        UPDATE OrleansStorage AS s
        SET    PayloadBinary = payload,
               Version       = orleans_next_version(s.Version),
               ModifiedOn    = now()
        WHERE  s.RowKey = orleans_storage_key(service_id, state_name, grain_id_n0, grain_id_n1, grain_id_extension)
          AND  s.Version = expected_version
        RETURNING s.Version INTO written;
    END IF;
    IF written IS NULL THEN
        RAISE EXCEPTION 'grain state %/% changed since it was read (expected version %)',
            state_name, grain_id_extension, expected_version USING ERRCODE = 'DM409';
    END IF;
    RETURN written;
END;
$$;

REVOKE ALL ON FUNCTION domains_write_grain_state(text, text, bigint, bigint, text, integer, bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION domains_write_grain_state(text, text, bigint, bigint, text, integer, bytea) TO domains_silo;
