-- Orleans ADO.NET clustering (Microsoft.Orleans.Clustering.AdoNet 10.4.2), PostgreSQL 15.
-- 0002: membership tables and the clustering query texts.
--
-- Concurrency model: one version row per cluster (DeploymentId = ClusterId).
-- Every membership change (insert or update of a silo row) is conditional on
-- the caller's expected table version and increments that version in the
-- same statement. The version row is updated FIRST, so its row lock
-- serialises all conditional writers of a cluster: a writer that waited on the
-- lock re-checks "Version = @Version" against the committed value and fails.
-- IAmAlive heartbeats do not touch the version (by design of the protocol).

CREATE TABLE OrleansMembershipVersionTable
(
    DeploymentId text        NOT NULL,
    UpdatedAt    timestamptz NOT NULL DEFAULT now(),
    Version      integer     NOT NULL DEFAULT 0,
    CONSTRAINT pk_orleansmembershipversiontable PRIMARY KEY (DeploymentId)
);

CREATE TABLE OrleansMembershipTable
(
    DeploymentId text        NOT NULL,
    Address      text        NOT NULL,
    Port         integer     NOT NULL,
    Generation   integer     NOT NULL,
    SiloName     text        NOT NULL,
    HostName     text        NOT NULL,
    Status       integer     NOT NULL,
    ProxyPort    integer     NOT NULL,
    SuspectTimes text        NULL,
    StartTime    timestamptz NOT NULL,
    IAmAliveTime timestamptz NOT NULL,
    CONSTRAINT pk_orleansmembershiptable PRIMARY KEY (DeploymentId, Address, Port, Generation),
    CONSTRAINT fk_orleansmembershiptable_version FOREIGN KEY (DeploymentId)
        REFERENCES OrleansMembershipVersionTable (DeploymentId) ON DELETE CASCADE
);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES

-- Creates the cluster's version row (version 0) if missing.
-- Result: one row, one boolean column: true when this call created it.
('InsertMembershipVersionKey', $q$/* orleans:InsertMembershipVersionKey */
WITH created AS (
    INSERT INTO OrleansMembershipVersionTable (DeploymentId, UpdatedAt, Version)
    VALUES (@DeploymentId, now(), 0)
    ON CONFLICT (DeploymentId) DO NOTHING
    RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM created) AS "Inserted";
$q$),

-- Inserts a silo row if the table version still equals @Version (the etag the
-- caller read) and the row does not exist yet; bumps the version.
-- Result: one row, one boolean column (true = inserted).
('InsertMembershipKey', $q$/* orleans:InsertMembershipKey */
WITH bumped AS (
    UPDATE OrleansMembershipVersionTable AS v
    SET    Version   = v.Version + 1,
           UpdatedAt = now()
    WHERE  v.DeploymentId = @DeploymentId
      AND  v.Version = @Version
      AND  NOT EXISTS (SELECT 1
                       FROM   OrleansMembershipTable AS m
                       WHERE  m.DeploymentId = @DeploymentId
                         AND  m.Address = @Address
                         AND  m.Port = @Port
                         AND  m.Generation = @Generation)
    RETURNING v.DeploymentId
), inserted AS (
    INSERT INTO OrleansMembershipTable
        (DeploymentId, Address, Port, Generation, SiloName, HostName, Status,
         ProxyPort, SuspectTimes, StartTime, IAmAliveTime)
    SELECT b.DeploymentId, @Address, @Port, @Generation, coalesce(@SiloName, ''), coalesce(@HostName, ''), @Status,
           @ProxyPort, NULL, @StartTime, @IAmAliveTime
    FROM   bumped AS b
    ON CONFLICT ON CONSTRAINT pk_orleansmembershiptable DO NOTHING
    RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM inserted) AS "Inserted";
$q$),

-- Updates status / suspicions / IAmAlive of an existing silo row if the table
-- version still equals @Version; bumps the version.
-- Result: one row, one boolean column (true = updated).
('UpdateMembershipKey', $q$/* orleans:UpdateMembershipKey */
WITH bumped AS (
    UPDATE OrleansMembershipVersionTable AS v
    SET    Version   = v.Version + 1,
           UpdatedAt = now()
    WHERE  v.DeploymentId = @DeploymentId
      AND  v.Version = @Version
      AND  EXISTS (SELECT 1
                   FROM   OrleansMembershipTable AS m
                   WHERE  m.DeploymentId = @DeploymentId
                     AND  m.Address = @Address
                     AND  m.Port = @Port
                     AND  m.Generation = @Generation)
    RETURNING v.DeploymentId
), updated AS (
    UPDATE OrleansMembershipTable AS m
    SET    Status       = @Status,
           SuspectTimes = @SuspectTimes,
           IAmAliveTime = @IAmAliveTime
    FROM   bumped AS b
    WHERE  m.DeploymentId = b.DeploymentId
      AND  m.Address = @Address
      AND  m.Port = @Port
      AND  m.Generation = @Generation
    RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM updated) AS "Updated";
$q$),

-- Heartbeat: unconditional, does not change the table version. No result.
('UpdateIAmAlivetimeKey', $q$/* orleans:UpdateIAmAlivetimeKey */
UPDATE OrleansMembershipTable
SET    IAmAliveTime = @IAmAliveTime
WHERE  DeploymentId = @DeploymentId
  AND  Address = @Address
  AND  Port = @Port
  AND  Generation = @Generation;
$q$),

-- One silo (plus the table version). Always returns at least the version row
-- while the cluster exists: silo columns are NULL when the silo is absent.
('MembershipReadRowKey', $q$/* orleans:MembershipReadRowKey */
SELECT v.Version      AS "Version",
       m.DeploymentId AS "DeploymentId",
       m.Address      AS "Address",
       m.Port         AS "Port",
       m.Generation   AS "Generation",
       m.SiloName     AS "SiloName",
       m.HostName     AS "HostName",
       m.Status       AS "Status",
       m.ProxyPort    AS "ProxyPort",
       m.SuspectTimes AS "SuspectTimes",
       m.StartTime    AS "StartTime",
       m.IAmAliveTime AS "IAmAliveTime"
FROM   OrleansMembershipVersionTable AS v
LEFT JOIN OrleansMembershipTable AS m
       ON  m.DeploymentId = v.DeploymentId
       AND m.Address = @Address
       AND m.Port = @Port
       AND m.Generation = @Generation
WHERE  v.DeploymentId = @DeploymentId;
$q$),

-- All silos of the cluster (plus the table version), same shape as above.
('MembershipReadAllKey', $q$/* orleans:MembershipReadAllKey */
SELECT v.Version      AS "Version",
       m.DeploymentId AS "DeploymentId",
       m.Address      AS "Address",
       m.Port         AS "Port",
       m.Generation   AS "Generation",
       m.SiloName     AS "SiloName",
       m.HostName     AS "HostName",
       m.Status       AS "Status",
       m.ProxyPort    AS "ProxyPort",
       m.SuspectTimes AS "SuspectTimes",
       m.StartTime    AS "StartTime",
       m.IAmAliveTime AS "IAmAliveTime"
FROM   OrleansMembershipVersionTable AS v
LEFT JOIN OrleansMembershipTable AS m
       ON m.DeploymentId = v.DeploymentId
WHERE  v.DeploymentId = @DeploymentId
ORDER BY m.Address, m.Port, m.Generation;
$q$),

-- Gateways for clients: active silos (@Status = 3) that expose a proxy port.
('GatewaysQueryKey', $q$/* orleans:GatewaysQueryKey */
SELECT Address    AS "Address",
       ProxyPort  AS "ProxyPort",
       Generation AS "Generation"
FROM   OrleansMembershipTable
WHERE  DeploymentId = @DeploymentId
  AND  Status = @Status
  AND  ProxyPort > 0;
$q$),

-- Removes the whole cluster (silo rows go with the version row via the FK).
('DeleteMembershipTableEntriesKey', $q$/* orleans:DeleteMembershipTableEntriesKey */
DELETE FROM OrleansMembershipVersionTable
WHERE  DeploymentId = @DeploymentId;
$q$),

-- Bulk clean-up (used only when CleanupDefunctSiloEntryKey is absent): dead
-- silos (Status 6) whose last heartbeat is older than @IAmAliveTime.
('CleanupDefunctSiloEntriesKey', $q$/* orleans:CleanupDefunctSiloEntriesKey */
DELETE FROM OrleansMembershipTable
WHERE  DeploymentId = @DeploymentId
  AND  Status = 6
  AND  IAmAliveTime < @IAmAliveTime;
$q$),

-- Per-row clean-up (optional key, preferred by 10.x): deletes one dead silo row
-- only if it still holds exactly the values the caller inspected.
('CleanupDefunctSiloEntryKey', $q$/* orleans:CleanupDefunctSiloEntryKey */
DELETE FROM OrleansMembershipTable
WHERE  DeploymentId = @DeploymentId
  AND  Address = @Address
  AND  Port = @Port
  AND  Generation = @Generation
  AND  Status = 6
  AND  StartTime = @StartTime
  AND  IAmAliveTime = @IAmAliveTime
  AND  coalesce(SuspectTimes, '') = coalesce(@SuspectTimes, '');
$q$);
