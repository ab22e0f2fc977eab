-- What an anonymous list shows of a published entity, apart from its whole view: public lists read this
-- small projection, never the stored body (an authorization's view carries its application, materials,
-- corrections and reports). Rows written before the column existed get their projection from the body.
ALTER TABLE resources ADD COLUMN IF NOT EXISTS public_body jsonb NULL;

UPDATE resources
SET public_body = jsonb_build_object(
        'id', body->'id', 'unitId', body->'unitId', 'unitName', body->'unitName', 'noticeId', body->'noticeId',
        'scenarioTitle', body->'scenario'->'title', 'announcedAt', body->'announcedAt', 'state', body->'state',
        'endedAt', body->'endedAt')
WHERE entity_type = 'authorization' AND published_at IS NOT NULL AND public_body IS NULL;

UPDATE resources
SET public_body = body
WHERE entity_type = 'notice' AND published_at IS NOT NULL AND public_body IS NULL;
