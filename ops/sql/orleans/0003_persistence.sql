-- Orleans ADO.NET grain storage (Microsoft.Orleans.Persistence.AdoNet 10.4.2), PostgreSQL 15.
-- 0003: grain state table and the storage query texts.
--
-- Row identity (what the provider sends, see README.md):
--   ServiceId + GrainTypeString + GrainIdN0 + GrainIdN1 + GrainIdExtensionString
-- GrainTypeString is the *state name* handed to IGrainStorage (e.g. the name in
-- [PersistentState("name", "Default")]), NOT the grain class. Neither the
-- grain type nor the storage provider name is part of the key.
--
-- The identity is folded into a SHA-256 digest (RowKey, a stored generated
-- column) which is the primary key: one fixed 32-byte index entry per row no
-- matter how long the string key is, and a hard guarantee of one row per
-- grain state. The 32-bit GrainIdHash / GrainTypeHash values are stored for
-- information only and are NOT used for lookups, so changing the hasher
-- (e.g. UseOrleans3CompatibleHasher) cannot orphan rows.
--
-- ETag = Version (integer, as text). Writes/clears succeed only when the
-- caller's ETag equals the stored Version; a NULL ETag means "I expect no
-- row" and is served by INSERT ... ON CONFLICT DO NOTHING. On a mismatch the
-- statements return no row, which the provider turns into an
-- InconsistentStateException.

CREATE FUNCTION orleans_storage_key(service_id text, grain_type text, grain_id_n0 bigint,
                                    grain_id_n1 bigint, grain_id_extension text)
    RETURNS bytea
    LANGUAGE sql
    IMMUTABLE PARALLEL SAFE
    RETURN sha256(orleans_utf8(
        orleans_key_part(service_id) || '|' ||
        orleans_key_part(grain_type) || '|' ||
        grain_id_n0::text || '|' ||
        grain_id_n1::text || '|' ||
        orleans_key_part(grain_id_extension)));

-- Next ETag value; wraps instead of overflowing the 32-bit version the
-- provider parses.
CREATE FUNCTION orleans_next_version(version integer)
    RETURNS integer
    LANGUAGE sql
    IMMUTABLE STRICT PARALLEL SAFE
    RETURN CASE WHEN version >= 2147483647 THEN 1 ELSE version + 1 END;

CREATE TABLE OrleansStorage
(
    ServiceId              text        NOT NULL,
    GrainTypeString        text        NOT NULL,
    GrainIdN0              bigint      NOT NULL,
    GrainIdN1              bigint      NOT NULL,
    GrainIdExtensionString text        NULL,
    RowKey                 bytea       NOT NULL GENERATED ALWAYS AS (
        orleans_storage_key(ServiceId, GrainTypeString, GrainIdN0, GrainIdN1, GrainIdExtensionString)) STORED,
    GrainIdHash            integer     NOT NULL,
    GrainTypeHash          integer     NOT NULL,
    PayloadBinary          bytea       NULL,
    Version                integer     NOT NULL,
    ModifiedOn             timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pk_orleansstorage PRIMARY KEY (RowKey)
);

COMMENT ON COLUMN OrleansStorage.GrainTypeString IS
    'State name passed to IGrainStorage (not the grain class).';
COMMENT ON COLUMN OrleansStorage.PayloadBinary IS
    'Serialized state; NULL = cleared (row kept so the ETag keeps increasing).';

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES

-- Result: zero or one row (PayloadBinary, Version).
('ReadFromStorageKey', $q$/* orleans:ReadFromStorageKey */
SELECT s.PayloadBinary AS "PayloadBinary",
       s.Version       AS "Version"
FROM   OrleansStorage AS s
WHERE  s.RowKey = orleans_storage_key(@ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, @GrainIdExtensionString)
  AND  s.ServiceId = @ServiceId
  AND  s.GrainTypeString = @GrainTypeString
  AND  s.GrainIdN0 = @GrainIdN0
  AND  s.GrainIdN1 = @GrainIdN1
  AND  s.GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString;
$q$),

-- Result: one row (NewGrainStateVersion) on success, no row on an ETag conflict.
('WriteToStorageKey', $q$/* orleans:WriteToStorageKey */
WITH updated AS (
    UPDATE OrleansStorage AS s
    SET    PayloadBinary = @PayloadBinary,
           Version       = orleans_next_version(s.Version),
           GrainIdHash   = @GrainIdHash,
           GrainTypeHash = @GrainTypeHash,
           ModifiedOn    = now()
    WHERE  @GrainStateVersion IS NOT NULL
      AND  s.RowKey = orleans_storage_key(@ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, @GrainIdExtensionString)
      AND  s.ServiceId = @ServiceId
      AND  s.GrainTypeString = @GrainTypeString
      AND  s.GrainIdN0 = @GrainIdN0
      AND  s.GrainIdN1 = @GrainIdN1
      AND  s.GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
      AND  s.Version = @GrainStateVersion
    RETURNING s.Version
), inserted AS (
    INSERT INTO OrleansStorage
        (ServiceId, GrainTypeString, GrainIdN0, GrainIdN1, GrainIdExtensionString,
         GrainIdHash, GrainTypeHash, PayloadBinary, Version, ModifiedOn)
    SELECT @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, @GrainIdExtensionString,
           @GrainIdHash, @GrainTypeHash, @PayloadBinary, 1, now()
    WHERE  @GrainStateVersion IS NULL
    ON CONFLICT (RowKey) DO NOTHING
    RETURNING Version
)
SELECT Version AS "NewGrainStateVersion" FROM updated
UNION ALL
SELECT Version FROM inserted;
$q$),

-- Clear keeping the row (DeleteStateOnClear = false): payload set to NULL,
-- version incremented. A NULL ETag ("no row expected") records a cleared row
-- with version 1 unless a row already exists (then: conflict).
-- Result: one row (new version) on success, no row on an ETag conflict.
('ClearStorageKey', $q$/* orleans:ClearStorageKey */
WITH cleared AS (
    UPDATE OrleansStorage AS s
    SET    PayloadBinary = NULL,
           Version       = orleans_next_version(s.Version),
           ModifiedOn    = now()
    WHERE  @GrainStateVersion IS NOT NULL
      AND  s.RowKey = orleans_storage_key(@ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, @GrainIdExtensionString)
      AND  s.ServiceId = @ServiceId
      AND  s.GrainTypeString = @GrainTypeString
      AND  s.GrainIdN0 = @GrainIdN0
      AND  s.GrainIdN1 = @GrainIdN1
      AND  s.GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
      AND  s.Version = @GrainStateVersion
    RETURNING s.Version
), inserted AS (
    INSERT INTO OrleansStorage
        (ServiceId, GrainTypeString, GrainIdN0, GrainIdN1, GrainIdExtensionString,
         GrainIdHash, GrainTypeHash, PayloadBinary, Version, ModifiedOn)
    SELECT @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, @GrainIdExtensionString,
           @GrainIdHash, @GrainTypeHash, NULL, 1, now()
    WHERE  @GrainStateVersion IS NULL
    ON CONFLICT (RowKey) DO NOTHING
    RETURNING Version
)
SELECT Version AS "NewGrainStateVersion" FROM cleared
UNION ALL
SELECT Version FROM inserted;
$q$),

-- Clear by deleting the row (DeleteStateOnClear = true). The provider only
-- needs a non-empty value different from the old ETag; it then sets ETag = null.
-- Result: one row on success, no row on an ETag conflict.
('DeleteStorageKey', $q$/* orleans:DeleteStorageKey */
WITH deleted AS (
    DELETE FROM OrleansStorage AS s
    WHERE  s.RowKey = orleans_storage_key(@ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, @GrainIdExtensionString)
      AND  s.ServiceId = @ServiceId
      AND  s.GrainTypeString = @GrainTypeString
      AND  s.GrainIdN0 = @GrainIdN0
      AND  s.GrainIdN1 = @GrainIdN1
      AND  s.GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
      AND  s.Version = @GrainStateVersion
    RETURNING s.Version
)
SELECT orleans_next_version(d.Version) AS "NewGrainStateVersion" FROM deleted AS d
UNION ALL
SELECT 0
WHERE  @GrainStateVersion IS NULL
  AND  NOT EXISTS (SELECT 1
                   FROM   OrleansStorage AS s
                   WHERE  s.RowKey = orleans_storage_key(@ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, @GrainIdExtensionString));
$q$);
