-- One index per way GET /v1/tasks is read, each proven by tests/tasks/list-query-plans.test.ts.
-- Every list query filters on owner_id first, so each tasks index starts with it: one user's
-- tasks sit together in the index, in list order.

-- sort=createdAt / -createdAt (the default), read forwards or backwards; `id` breaks ties so
-- keyset pagination never skips or repeats a task.
CREATE INDEX tasks_owner_created_idx ON tasks (owner_id, created_at, id);

-- sort=dueDate / -dueDate and ?dueBefore=. Tasks without a due date sort as if due at the end
-- of time; indexing the expression lets the sort, the keyset condition and the filter use it.
CREATE INDEX tasks_owner_due_idx ON tasks (owner_id, (coalesce(due_date, 'infinity'::date)), id);

-- ?status= with the default sort: filter and order come from one index.
CREATE INDEX tasks_owner_status_created_idx ON tasks (owner_id, status, created_at, id);

-- ?q=: GIN indexes map each word to the rows containing it, prefixes included.
CREATE INDEX tasks_search_idx ON tasks USING gin (search);

-- ?tag=: from a tag to its tasks (task_tags' primary key only helps from a task to its tags).
CREATE INDEX task_tags_tag_id_idx ON task_tags (tag_id, task_id);
