-- Nothing stores a workspace password in clear (DATAPLANE.md §3): before credentials were issued on
-- request, the PostgreSQL driver put the password into the workspace's resources, which went into its
-- grain state (with every idempotency answer holding its view) and its list row. This takes them out of
-- both; a workspace whose password is gone gets a fresh one from POST /v1/workspaces/{id}/credentials.
-- The resources JSON is embedded as a string, so its quotes appear escaped in the stored text (\" in
-- jsonb, \u0022 in grain state); the driver's passwords are letters and digits. Re-runnable: a second
-- run finds nothing to change.
CREATE FUNCTION pg_temp.domains_strip_password(stored text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT regexp_replace(regexp_replace(stored,
        ',(\\"|\\u0022)password(\\"|\\u0022):(\\"|\\u0022)[A-Za-z0-9]*(\\"|\\u0022)', '', 'g'),
        '(\\"|\\u0022)password(\\"|\\u0022):(\\"|\\u0022)[A-Za-z0-9]*(\\"|\\u0022),?', '', 'g')
$$;

UPDATE orleansstorage
SET payloadbinary = convert_to(pg_temp.domains_strip_password(convert_from(payloadbinary, 'UTF8')), 'UTF8')
WHERE graintypestring = 'workspace' AND payloadbinary IS NOT NULL
  AND position('password' IN convert_from(payloadbinary, 'UTF8')) > 0;

UPDATE resources
SET body = pg_temp.domains_strip_password(body::text)::jsonb
WHERE entity_type = 'workspace' AND position('password' IN body::text) > 0;
