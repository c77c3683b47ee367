-- Tags, many-to-many with tasks. A tag name is stored once (normalized: trimmed, lowercase) and
-- shared by every task that carries it; task_tags links the two.
CREATE TABLE tags (
  id   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL UNIQUE CHECK (char_length(name) BETWEEN 1 AND 30)
);

CREATE TABLE task_tags (
  task_id uuid NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
  tag_id  uuid NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
  -- Also the index for "the tags of this task".
  PRIMARY KEY (task_id, tag_id)
);
