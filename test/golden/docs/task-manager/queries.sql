-- Query patterns declared in the model of task-manager.
-- Each is the query as the application runs it; $1, $2 ... are its parameters.

-- public.tasks: open tasks by due date
-- frequency: 200/s
-- reads: public.tasks
SELECT * FROM tasks WHERE owner_id = $1 AND completed_at IS NULL ORDER BY due_at LIMIT 50;

-- public.tasks: tasks with an attribute
-- frequency: 5/s
-- reads: public.tasks
SELECT id FROM tasks WHERE attributes @> $1;

-- public.users: sign-in lookup
-- frequency: 50/s
-- reads: public.users
SELECT id FROM users WHERE email = $1;
