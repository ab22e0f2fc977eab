-- Orleans ADO.NET reminders (Microsoft.Orleans.Reminders.AdoNet 10.4.2), PostgreSQL 15.
-- 0004: reminder table and the reminder query texts.
--
-- A reminder is identified by ServiceId + GrainId (GrainId.ToString(), i.e.
-- "type/key") + ReminderName. ServiceId + GrainId are folded into a SHA-256
-- digest (GrainKey) so the primary key stays small for long string grain
-- keys; (GrainKey, ReminderName) also serves the per-grain reads.
--
-- GrainHash is GrainId.GetUniformHashCode() (uint) sent as a *signed* int.
-- The provider chooses ReadRangeRows1Key when (int)BeginHash < (int)EndHash
-- and ReadRangeRows2Key (wrapping range) otherwise; the ring range is
-- (BeginHash, EndHash], compared as signed integers. Both are served by the
-- (ServiceId, GrainHash) index.
--
-- ETag = Version (integer as text): every upsert increments it, delete
-- requires it to match.

CREATE FUNCTION orleans_reminder_grain_key(service_id text, grain_id text)
    RETURNS bytea
    LANGUAGE sql
    IMMUTABLE PARALLEL SAFE
    RETURN sha256(orleans_utf8(
        orleans_key_part(service_id) || '|' || orleans_key_part(grain_id)));

CREATE TABLE OrleansRemindersTable
(
    ServiceId    text        NOT NULL,
    GrainId      text        NOT NULL,
    ReminderName text        NOT NULL,
    GrainKey     bytea       NOT NULL GENERATED ALWAYS AS (
        orleans_reminder_grain_key(ServiceId, GrainId)) STORED,
    StartTime    timestamptz NOT NULL,
    Period       bigint      NOT NULL,
    GrainHash    integer     NOT NULL,
    Version      integer     NOT NULL,
    CONSTRAINT pk_orleansreminderstable PRIMARY KEY (GrainKey, ReminderName)
);

-- Serves ReadRangeRows1Key / ReadRangeRows2Key and DeleteReminderRowsKey.
CREATE INDEX ix_orleansreminderstable_service_hash
    ON OrleansRemindersTable (ServiceId, GrainHash);

COMMENT ON COLUMN OrleansRemindersTable.Period IS 'Reminder period in milliseconds.';

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES

-- All reminders of one grain.
('ReadReminderRowsKey', $q$/* orleans:ReadReminderRowsKey */
SELECT r.GrainId      AS "GrainId",
       r.ReminderName AS "ReminderName",
       r.StartTime    AS "StartTime",
       r.Period       AS "Period",
       r.Version      AS "Version"
FROM   OrleansRemindersTable AS r
WHERE  r.GrainKey = orleans_reminder_grain_key(@ServiceId, @GrainId)
  AND  r.ServiceId = @ServiceId
  AND  r.GrainId = @GrainId;
$q$),

-- One reminder of one grain (zero or one row).
('ReadReminderRowKey', $q$/* orleans:ReadReminderRowKey */
SELECT r.GrainId      AS "GrainId",
       r.ReminderName AS "ReminderName",
       r.StartTime    AS "StartTime",
       r.Period       AS "Period",
       r.Version      AS "Version"
FROM   OrleansRemindersTable AS r
WHERE  r.GrainKey = orleans_reminder_grain_key(@ServiceId, @GrainId)
  AND  r.ReminderName = @ReminderName
  AND  r.ServiceId = @ServiceId
  AND  r.GrainId = @GrainId;
$q$),

-- Non-wrapping range: BeginHash < GrainHash <= EndHash (signed).
('ReadRangeRows1Key', $q$/* orleans:ReadRangeRows1Key */
SELECT r.GrainId      AS "GrainId",
       r.ReminderName AS "ReminderName",
       r.StartTime    AS "StartTime",
       r.Period       AS "Period",
       r.Version      AS "Version"
FROM   OrleansRemindersTable AS r
WHERE  r.ServiceId = @ServiceId
  AND  r.GrainHash > @BeginHash
  AND  r.GrainHash <= @EndHash;
$q$),

-- Wrapping range (BeginHash >= EndHash, signed): GrainHash > BeginHash OR
-- GrainHash <= EndHash; written as two index range scans, which are disjoint
-- because EndHash <= BeginHash.
('ReadRangeRows2Key', $q$/* orleans:ReadRangeRows2Key */
SELECT r.GrainId      AS "GrainId",
       r.ReminderName AS "ReminderName",
       r.StartTime    AS "StartTime",
       r.Period       AS "Period",
       r.Version      AS "Version"
FROM   OrleansRemindersTable AS r
WHERE  r.ServiceId = @ServiceId
  AND  r.GrainHash > @BeginHash
UNION ALL
SELECT r.GrainId, r.ReminderName, r.StartTime, r.Period, r.Version
FROM   OrleansRemindersTable AS r
WHERE  r.ServiceId = @ServiceId
  AND  r.GrainHash <= @EndHash;
$q$),

-- Insert or replace; returns the new Version (ETag). Period may arrive as
-- int4 or int8 (milliseconds); StartTime must be a UTC DateTime.
('UpsertReminderRowKey', $q$/* orleans:UpsertReminderRowKey */
INSERT INTO OrleansRemindersTable AS r
    (ServiceId, GrainId, ReminderName, StartTime, Period, GrainHash, Version)
VALUES
    (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 1)
ON CONFLICT ON CONSTRAINT pk_orleansreminderstable DO UPDATE
SET    StartTime = EXCLUDED.StartTime,
       Period    = EXCLUDED.Period,
       GrainHash = EXCLUDED.GrainHash,
       Version   = orleans_next_version(r.Version)
WHERE  r.ServiceId = EXCLUDED.ServiceId
  AND  r.GrainId = EXCLUDED.GrainId
RETURNING r.Version AS "Version";
$q$),

-- Delete one reminder if its ETag still matches. Result: one boolean row.
('DeleteReminderRowKey', $q$/* orleans:DeleteReminderRowKey */
WITH deleted AS (
    DELETE FROM OrleansRemindersTable AS r
    WHERE  r.GrainKey = orleans_reminder_grain_key(@ServiceId, @GrainId)
      AND  r.ReminderName = @ReminderName
      AND  r.ServiceId = @ServiceId
      AND  r.GrainId = @GrainId
      AND  r.Version = @Version
    RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM deleted) AS "Deleted";
$q$),

-- Test hook (IReminderTable.TestOnlyClearTable): all reminders of the service.
('DeleteReminderRowsKey', $q$/* orleans:DeleteReminderRowsKey */
DELETE FROM OrleansRemindersTable
WHERE  ServiceId = @ServiceId;
$q$);
