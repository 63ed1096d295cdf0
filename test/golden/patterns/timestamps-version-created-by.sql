SET search_path TO public;

SET check_function_bodies = false;

CREATE FUNCTION public.maintain_timestamps()
  RETURNS trigger
  LANGUAGE plpgsql
  AS $_$
DECLARE
  changes jsonb := '{}';
  actor text := current_user;
  argument text;
BEGIN
  FOREACH argument IN ARRAY coalesce(TG_ARGV, '{}') LOOP
    IF argument LIKE 'actor=%' THEN
      actor := coalesce(current_setting(substr(argument, 7), true), current_user);
    END IF;
  END LOOP;
  IF TG_OP = 'UPDATE' THEN
    changes := jsonb_build_object('created_at', OLD.created_at, 'updated_at', now());
    IF 'version' = ANY (TG_ARGV) THEN
      changes := changes || jsonb_build_object('version', OLD.version + 1);
    END IF;
    IF 'by' = ANY (TG_ARGV) THEN
      changes := changes || jsonb_build_object('created_by', OLD.created_by, 'updated_by', actor);
    END IF;
  ELSIF 'by' = ANY (TG_ARGV) THEN
    changes := jsonb_build_object('created_by', actor, 'updated_by', actor);
  END IF;
  RETURN jsonb_populate_record(NEW, changes);
END
$_$;

CREATE TABLE public.task (
  id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
  title text NOT NULL,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  updated_at timestamp with time zone DEFAULT now() NOT NULL,
  version integer DEFAULT 1 NOT NULL,
  created_by text,
  updated_by text,
  CONSTRAINT pk_task PRIMARY KEY (id),
  CONSTRAINT uk_task_title UNIQUE (title)
);

CREATE INDEX idx_task_title_id ON public.task (title, id);

CREATE TRIGGER task_timestamps BEFORE INSERT OR UPDATE ON public.task
  FOR EACH ROW
  EXECUTE FUNCTION maintain_timestamps('version', 'by', 'actor=app.actor');

COMMENT ON FUNCTION public.maintain_timestamps() IS 'Maintains created_at, updated_at and, when asked, version and created_by/updated_by (schemata timestamps pattern).';
