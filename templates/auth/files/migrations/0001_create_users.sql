-- Accounts that can log in. The email is stored normalized (trimmed, lowercased) by the app, so
-- the plain UNIQUE constraint is enough to stop duplicates; the password only as an Argon2id hash.
CREATE TABLE users (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email         text NOT NULL UNIQUE,
  password_hash text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now()
);
