-- Tasks, each owned by the user who created it. The constraints repeat the API's rules, so the
-- table refuses a bad row whoever writes it. The indexes come with the queries that use them
-- (0012_index_task_lists.sql).
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
