-- Sample public datasets for trying Domains out (DATAPLANE.md §2), loaded by `ops/run --sample-data`
-- into schema public_data of the local data server. Synthetic and deterministic: every value derives
-- from the row number, so two loads are equal. Names are fixed (outside tools use them). Re-running
-- leaves a loaded table as it is. Nothing is catalogued: registering datasets is the authority's.
CREATE SCHEMA IF NOT EXISTS public_data;

CREATE TABLE IF NOT EXISTS public_data.traffic_flow (
    segment_id text NOT NULL,
    hour timestamptz NOT NULL,
    vehicles integer NOT NULL,
    avg_speed_kmh numeric(5,1) NOT NULL,
    PRIMARY KEY (segment_id, hour)
);
INSERT INTO public_data.traffic_flow
SELECT 'FZ-' || lpad((i % 120)::text, 4, '0'),
       timestamptz '2026-01-01 00:00:00+08' + ((i / 120) * interval '1 hour'),
       (abs(hashtext('v' || i)) % 2400) + 40,
       round(((abs(hashtext('s' || i)) % 700) / 10.0 + 10)::numeric, 1)
FROM generate_series(0, 11999) AS i
WHERE NOT EXISTS (SELECT 1 FROM public_data.traffic_flow);

CREATE TABLE IF NOT EXISTS public_data.parking_occupancy (
    lot_id text NOT NULL,
    district text NOT NULL,
    hour timestamptz NOT NULL,
    free_spaces integer NOT NULL,
    PRIMARY KEY (lot_id, hour)
);
INSERT INTO public_data.parking_occupancy
SELECT 'P-' || lpad((i % 80)::text, 3, '0'),
       (ARRAY['Gulou', 'Taijiang', 'Cangshan', 'Jin''an', 'Mawei', 'Changle'])[(i % 80) % 6 + 1],
       timestamptz '2026-01-01 00:00:00+08' + ((i / 80) * interval '1 hour'),
       abs(hashtext('f' || i)) % 300
FROM generate_series(0, 11999) AS i
WHERE NOT EXISTS (SELECT 1 FROM public_data.parking_occupancy);

-- Personal information (ID number and name): what a workspace must only ever see pseudonymized or not at all.
CREATE TABLE IF NOT EXISTS public_data.hospital_visits (
    patient_id_number text NOT NULL,
    patient_name text NOT NULL,
    clinic text NOT NULL,
    department text NOT NULL,
    visited_at timestamptz NOT NULL
);
INSERT INTO public_data.hospital_visits
SELECT '3501' || lpad((abs(hashtext('id' || (i % 4000))) % 100000000000000)::text, 14, '0'),
       (ARRAY['Lin', 'Chen', 'Huang', 'Zhang', 'Wu', 'Li', 'Wang', 'Zheng'])[i % 4000 % 8 + 1]
           || (ARRAY['Wei', 'Fang', 'Jie', 'Min', 'Hua', 'Jing', 'Lei', 'Yan', 'Tao'])[i % 4000 % 9 + 1],
       (ARRAY['Fujian Provincial Hospital', 'Fuzhou First Hospital', 'Union Hospital', 'Gulou Community Clinic'])[i % 4 + 1],
       (ARRAY['cardiology', 'endocrinology', 'respiratory', 'paediatrics', 'general'])[abs(hashtext('d' || i)) % 5 + 1],
       timestamptz '2026-01-01 08:00:00+08' + (i * interval '17 minutes')
FROM generate_series(0, 11999) AS i
WHERE NOT EXISTS (SELECT 1 FROM public_data.hospital_visits);

-- The workspace driver reads them to make its views (ops/sql/data-server grants the rest).
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'domains_provisioner') THEN
        GRANT USAGE ON SCHEMA public_data TO domains_provisioner;
        GRANT SELECT ON ALL TABLES IN SCHEMA public_data TO domains_provisioner;
    END IF;
END;
$$;
ANALYZE public_data.traffic_flow, public_data.parking_occupancy, public_data.hospital_visits;
