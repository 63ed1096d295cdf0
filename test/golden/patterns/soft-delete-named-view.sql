SET search_path TO public;

CREATE TABLE public.task (
  id bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
  title text NOT NULL,
  deleted_at timestamp with time zone,
  CONSTRAINT pk_task PRIMARY KEY (id)
);

CREATE VIEW public.current_tasks AS
SELECT id,
    title,
    deleted_at
   FROM task
  WHERE deleted_at IS NULL;

CREATE INDEX idx_task_title_id ON public.task (title, id);

CREATE UNIQUE INDEX uk_task_title ON public.task (title) WHERE (deleted_at IS NULL);
