-- Refresh tokens, one row per token ever issued. Only the SHA-256 of a token is stored, so a
-- leaked table cannot be replayed. Every token issued from one login shares a `family_id`:
-- a token that was already rotated (`used_at` set) and is presented again means someone holds
-- a stolen copy, and the whole family is revoked.
CREATE TABLE refresh_tokens (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  family_id   uuid NOT NULL,
  user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  token_hash  text NOT NULL UNIQUE,
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz,
  revoked_at  timestamptz,
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- Revoking a family (reuse detected, logout) finds its tokens by family.
CREATE INDEX refresh_tokens_family_id_idx ON refresh_tokens (family_id);
-- Deleting a user cascades here; without an index that would scan the table.
CREATE INDEX refresh_tokens_user_id_idx ON refresh_tokens (user_id);
