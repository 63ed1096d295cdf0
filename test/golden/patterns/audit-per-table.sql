SET search_path TO public;

SET check_function_bodies = false;

CREATE FUNCTION public.task_audit_changes()
  RETURNS trigger
  LANGUAGE plpgsql
  AS $_$
BEGIN
  INSERT INTO public.task_audit (operation, old_values, new_values, changed_by)
  VALUES (TG_OP,
    CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) END,
    CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) END,
    coalesce(current_setting(TG_ARGV[0], true), current_user));
  RETURN NULL;
END
$_$;

CREATE TABLE public.task (
  id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
  title text NOT NULL,
  CONSTRAINT pk_task PRIMARY KEY (id),
  CONSTRAINT uk_task_title UNIQUE (title)
);

CREATE TABLE public.task_audit (
  id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
  operation text NOT NULL,
  old_values jsonb,
  new_values jsonb,
  changed_by text NOT NULL,
  changed_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT pk_task_audit PRIMARY KEY (id)
);

CREATE INDEX idx_task_title_id ON public.task (title, id);

CREATE TRIGGER task_audit AFTER INSERT OR UPDATE OR DELETE ON public.task
  FOR EACH ROW
  EXECUTE FUNCTION task_audit_changes('app.actor');

COMMENT ON FUNCTION public.task_audit_changes() IS 'Writes every change to task_audit (schemata audit pattern).';
