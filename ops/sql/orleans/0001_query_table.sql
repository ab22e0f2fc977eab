-- Orleans ADO.NET providers (Microsoft.Orleans.*.AdoNet 10.4.2), PostgreSQL 15.
-- 0001: the query catalogue and shared helpers.
--
-- Every provider starts by running the fixed statement
--     SELECT QueryKey, QueryText FROM OrleansQuery [WHERE QueryKey = ...]
-- Its identifiers are unquoted, so PostgreSQL folds them to lower case: the
-- table and columns below are deliberately created unquoted as well.
-- The query texts stored here use Npgsql named parameters (@Name); Npgsql
-- rewrites them to positional parameters before sending.

CREATE TABLE OrleansQuery
(
    QueryKey  varchar(64) NOT NULL,
    QueryText text        NOT NULL,
    CONSTRAINT pk_orleansquery PRIMARY KEY (QueryKey)
);

COMMENT ON TABLE OrleansQuery IS
    'Query texts read by the Orleans ADO.NET providers at start-up (key -> SQL with @named parameters).';

-- Injective, immutable text -> bytea conversion (UTF-8 bytes of the text).
-- convert_to() is only STABLE, so it cannot feed a generated column; decoding
-- the text in "escape" format after doubling every backslash yields exactly
-- the UTF-8 bytes of the input and is IMMUTABLE.
CREATE FUNCTION orleans_utf8(value text)
    RETURNS bytea
    LANGUAGE sql
    IMMUTABLE STRICT PARALLEL SAFE
    RETURN decode(replace(value, E'\\', E'\\\\'), 'escape');

-- Length-prefixed framing of one (possibly NULL) text component, so that the
-- concatenation of several components can never be ambiguous
-- (NULL -> 'N', '' -> 'S0:', 'abc' -> 'S3:abc').
CREATE FUNCTION orleans_key_part(value text)
    RETURNS text
    LANGUAGE sql
    IMMUTABLE PARALLEL SAFE
    RETURN CASE WHEN value IS NULL THEN 'N'
                ELSE 'S' || length(value)::text || ':' || value
           END;
