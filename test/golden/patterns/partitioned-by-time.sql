SET search_path TO public;

SET check_function_bodies = false;

CREATE FUNCTION public.events_create_partitions(ahead integer DEFAULT 3)
  RETURNS integer
  LANGUAGE plpgsql
  AS $_$
DECLARE
  current_start timestamp := date_trunc('month', now() AT TIME ZONE 'UTC');
  period_start timestamp;
  partition_name text;
  made integer := 0;
BEGIN
  FOR i IN 0..ahead LOOP
    period_start := current_start + i * interval '1 month';
    partition_name := 'events'
      || to_char(period_start, '"_p"YYYY_MM');
    IF to_regclass(format('%I.%I', 'public', partition_name)) IS NULL THEN
      EXECUTE format('CREATE TABLE %I.%I PARTITION OF %I.%I FOR VALUES FROM (%L) TO (%L)',
        'public', partition_name, 'public', 'events',
        (period_start) AT TIME ZONE 'UTC', (period_start + interval '1 month') AT TIME ZONE 'UTC');
      made := made + 1;
    END IF;
  END LOOP;
  RETURN made;
END
$_$;

CREATE TABLE public.events (
  id bigint NOT NULL,
  at timestamp with time zone NOT NULL,
  payload jsonb,
  CONSTRAINT pk_events PRIMARY KEY (id, at)
) PARTITION BY RANGE (at);

CREATE TABLE public.events_default PARTITION OF public.events
  DEFAULT;

CREATE TABLE public.events_p2026_01 PARTITION OF public.events
  FOR VALUES FROM ('2026-01-01 00:00:00+00') TO ('2026-02-01 00:00:00+00');

CREATE TABLE public.events_p2026_02 PARTITION OF public.events
  FOR VALUES FROM ('2026-02-01 00:00:00+00') TO ('2026-03-01 00:00:00+00');

CREATE TABLE public.events_p2026_03 PARTITION OF public.events
  FOR VALUES FROM ('2026-03-01 00:00:00+00') TO ('2026-04-01 00:00:00+00');

CREATE INDEX idx_events_at ON public.events (at);

COMMENT ON FUNCTION public.events_create_partitions(integer) IS 'Makes the partitions of events for the current month and the next ones; returns how many it made (schemata partitionedByTime pattern).';
