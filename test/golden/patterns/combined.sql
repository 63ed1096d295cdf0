SET search_path TO public;

SET check_function_bodies = false;

CREATE SCHEMA "Work Items";

CREATE FUNCTION "Work Items".audit_log_changes()
  RETURNS trigger
  LANGUAGE plpgsql
  AS $_$
BEGIN
  INSERT INTO "Work Items".audit_log (table_schema, table_name, operation, old_values, new_values, changed_by)
  VALUES (TG_TABLE_SCHEMA, TG_TABLE_NAME, TG_OP,
    CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) END,
    CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) END,
    coalesce(current_setting(TG_ARGV[0], true), current_user));
  RETURN NULL;
END
$_$;

CREATE FUNCTION "Work Items".maintain_timestamps()
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

CREATE TABLE "Work Items"."Task List" (
  id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
  title text NOT NULL,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  updated_at timestamp with time zone DEFAULT now() NOT NULL,
  version integer DEFAULT 1 NOT NULL,
  deleted_at timestamp with time zone,
  CONSTRAINT "pk_Task List" PRIMARY KEY (id)
);

CREATE TABLE "Work Items".audit_log (
  id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
  table_schema text NOT NULL,
  table_name text NOT NULL,
  operation text NOT NULL,
  old_values jsonb,
  new_values jsonb,
  changed_by text NOT NULL,
  changed_at timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT pk_audit_log PRIMARY KEY (id)
);

CREATE TABLE "Work Items".note (
  body text,
  created_at timestamp with time zone DEFAULT now() NOT NULL,
  updated_at timestamp with time zone DEFAULT now() NOT NULL
);

CREATE VIEW "Work Items"."Task List_live" AS
SELECT id,
    title,
    created_at,
    updated_at,
    version,
    deleted_at
   FROM "Work Items"."Task List"
  WHERE deleted_at IS NULL;

CREATE INDEX "idx_Task List_title_id" ON "Work Items"."Task List" (title, id);

CREATE UNIQUE INDEX "uk_Task List_title" ON "Work Items"."Task List" (title) WHERE (deleted_at IS NULL);

CREATE TRIGGER "Task List_timestamps" BEFORE INSERT OR UPDATE ON "Work Items"."Task List"
  FOR EACH ROW
  EXECUTE FUNCTION "Work Items".maintain_timestamps('version');

CREATE TRIGGER "Task List_audit" AFTER INSERT OR UPDATE OR DELETE ON "Work Items"."Task List"
  FOR EACH ROW
  EXECUTE FUNCTION "Work Items".audit_log_changes();

CREATE TRIGGER note_timestamps BEFORE INSERT OR UPDATE ON "Work Items".note
  FOR EACH ROW
  EXECUTE FUNCTION "Work Items".maintain_timestamps();

CREATE TRIGGER note_audit AFTER INSERT OR UPDATE OR DELETE ON "Work Items".note
  FOR EACH ROW
  EXECUTE FUNCTION "Work Items".audit_log_changes();

COMMENT ON FUNCTION "Work Items".audit_log_changes() IS 'Writes every change to audit_log (schemata audit pattern).';

COMMENT ON FUNCTION "Work Items".maintain_timestamps() IS 'Maintains created_at, updated_at and, when asked, version and created_by/updated_by (schemata timestamps pattern).';
