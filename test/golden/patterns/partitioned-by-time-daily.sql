SET search_path TO public;

SET check_function_bodies = false;

CREATE SCHEMA app;

CREATE FUNCTION app.readings_create_partitions(ahead integer DEFAULT 0)
  RETURNS integer
  LANGUAGE plpgsql
  AS $_$
DECLARE
  current_start timestamp := date_trunc('day', now() AT TIME ZONE 'UTC');
  period_start timestamp;
  partition_name text;
  made integer := 0;
BEGIN
  FOR i IN 0..ahead LOOP
    period_start := current_start + i * interval '1 day';
    partition_name := 'readings'
      || to_char(period_start, '"_p"YYYY_MM_DD');
    IF to_regclass(format('%I.%I', 'app', partition_name)) IS NULL THEN
      EXECUTE format('CREATE TABLE %I.%I PARTITION OF %I.%I FOR VALUES FROM (%L) TO (%L)',
        'app', partition_name, 'app', 'readings',
        period_start, period_start + interval '1 day');
      made := made + 1;
    END IF;
  END LOOP;
  RETURN made;
END
$_$;

CREATE TABLE app.readings (
  id bigint NOT NULL,
  taken_at timestamp without time zone NOT NULL,
  payload jsonb,
  CONSTRAINT pk_readings PRIMARY KEY (id, taken_at)
) PARTITION BY RANGE (taken_at);

CREATE TABLE app.readings_default PARTITION OF app.readings
  DEFAULT;

CREATE TABLE app.readings_p2026_02_27 PARTITION OF app.readings
  FOR VALUES FROM ('2026-02-27 00:00:00') TO ('2026-02-28 00:00:00');

CREATE TABLE app.readings_p2026_02_28 PARTITION OF app.readings
  FOR VALUES FROM ('2026-02-28 00:00:00') TO ('2026-03-01 00:00:00');

CREATE TABLE app.readings_p2026_03_01 PARTITION OF app.readings
  FOR VALUES FROM ('2026-03-01 00:00:00') TO ('2026-03-02 00:00:00');

CREATE TABLE app.readings_p2026_03_02 PARTITION OF app.readings
  FOR VALUES FROM ('2026-03-02 00:00:00') TO ('2026-03-03 00:00:00');

CREATE INDEX idx_readings_taken_at ON app.readings (taken_at);

COMMENT ON FUNCTION app.readings_create_partitions(integer) IS 'Makes the partitions of readings for the current day and the next ones; returns how many it made (schemata partitionedByTime pattern).';
