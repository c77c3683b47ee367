-- Roles for authorization. Every account starts as a customer; admins manage the catalogue and
-- the orders. No API route changes a role: `npm run user:promote -- <email>` and the seed do, so
-- neither a bug in a route nor a stolen customer token can mint an admin.
ALTER TABLE users
  ADD COLUMN role text NOT NULL DEFAULT 'customer'
  CONSTRAINT users_role_check CHECK (role IN ('customer', 'admin'));
