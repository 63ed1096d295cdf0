SET search_path TO public;

SET check_function_bodies = false;

CREATE SCHEMA "Work Items";

CREATE FUNCTION "Work Items"."Événements ""Log"" l'an xxxxxxxxxxxxxxxxxxxxx_create_partitions"(ahead integer DEFAULT 1)
  RETURNS integer
  LANGUAGE plpgsql
  AS $_$
DECLARE
  current_start timestamp := date_trunc('week', now() AT TIME ZONE 'UTC');
  period_start timestamp;
  partition_name text;
  made integer := 0;
BEGIN
  FOR i IN 0..ahead LOOP
    period_start := current_start + i * interval '1 week';
    partition_name := 'Événements "Log" l''an xxxxxxxxxxxxxxxxxxxxxxxxxxx'
      || to_char(period_start, '"_p"YYYY_MM_DD');
    IF to_regclass(format('%I.%I', 'Work Items', partition_name)) IS NULL THEN
      EXECUTE format('CREATE TABLE %I.%I PARTITION OF %I.%I FOR VALUES FROM (%L) TO (%L)',
        'Work Items', partition_name, 'Work Items', 'Événements "Log" l''an xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
        (period_start)::date, (period_start + interval '1 week')::date);
      made := made + 1;
    END IF;
  END LOOP;
  RETURN made;
END
$_$;

CREATE TABLE "Work Items"."Événements ""Log"" l'an xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" (
  id bigint NOT NULL,
  "Happened On" date NOT NULL,
  payload jsonb
) PARTITION BY RANGE ("Happened On");

CREATE TABLE "Work Items"."Événements ""Log"" l'an xxxxxxxxxxxxxxxxxxxxxxxxxxx_p2026_01_05" PARTITION OF "Work Items"."Événements ""Log"" l'an xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
  FOR VALUES FROM ('2026-01-05') TO ('2026-01-12');

CREATE TABLE "Work Items"."Événements ""Log"" l'an xxxxxxxxxxxxxxxxxxxxxxxxxxx_p2026_01_12" PARTITION OF "Work Items"."Événements ""Log"" l'an xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
  FOR VALUES FROM ('2026-01-12') TO ('2026-01-19');

COMMENT ON FUNCTION "Work Items"."Événements ""Log"" l'an xxxxxxxxxxxxxxxxxxxxx_create_partitions"(integer) IS 'Makes the partitions of Événements "Log" l''an xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx for the current week and the next ones; returns how many it made (schemata partitionedByTime pattern).';
