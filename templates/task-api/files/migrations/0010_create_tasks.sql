-- Tasks, each owned by the user who created it. Every query filters on owner_id first, so each
-- index below starts with it: one user's tasks sit together in the index, in list order.
CREATE TABLE tasks (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  owner_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  title       text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
  description text CHECK (char_length(description) <= 5000),
  status      text NOT NULL DEFAULT 'todo' CHECK (status IN ('todo', 'in_progress', 'done')),
  due_date    date,
  -- Full-text search over title and description (`?q=`). The 'simple' configuration lowercases
  -- words without language-specific stemming, so it behaves the same for every language.
  search      tsvector GENERATED ALWAYS AS (
                to_tsvector('simple', title || ' ' || coalesce(description, ''))
              ) STORED,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

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
