-- Orders and their lines. A line snapshots the product's name and unit price at checkout, so an
-- order keeps saying what was bought and charged after the catalogue changes. Orders are
-- business records: deleting a user or a product never deletes them (no ON DELETE CASCADE).
CREATE TABLE orders (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id           uuid NOT NULL REFERENCES users (id),
  status            text NOT NULL DEFAULT 'pending_payment'
                    CHECK (status IN ('pending_payment', 'paid', 'shipped', 'delivered', 'cancelled', 'expired')),
  currency          text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  -- bigint: 99 units of many products at up to 1,000,000.00 each can exceed a 32-bit integer.
  total_cents       bigint NOT NULL CHECK (total_cents >= 0),
  payment_reference text,
  paid_at           timestamptz,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now()
);

-- "My orders", newest first, and its keyset.
CREATE INDEX orders_user_id_created_at_idx ON orders (user_id, created_at DESC, id DESC);
-- The admin list, all orders or one status ("what is waiting to be shipped?").
CREATE INDEX orders_created_at_idx ON orders (created_at DESC, id DESC);
CREATE INDEX orders_status_created_at_idx ON orders (status, created_at DESC, id DESC);

CREATE TABLE order_lines (
  order_id         uuid NOT NULL REFERENCES orders (id),
  product_id       uuid NOT NULL REFERENCES products (id),
  name             text NOT NULL,
  unit_price_cents integer NOT NULL CHECK (unit_price_cents >= 0),
  quantity         integer NOT NULL CHECK (quantity BETWEEN 1 AND 99),
  PRIMARY KEY (order_id, product_id)
);
-- "Which orders contain this product?" (sales reports, recalls) without a full scan.
CREATE INDEX order_lines_product_id_idx ON order_lines (product_id);

-- Idempotency keys of checkouts: a client that retries `POST /v1/orders` with the same
-- `Idempotency-Key` gets the order it already created instead of a second one. Keys belong to a
-- user (one user cannot collide with, or probe, another's keys) and remember a fingerprint of
-- what was checked out, so the same key for a different cart is refused instead of replayed.
CREATE TABLE idempotency_keys (
  user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  key         text NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
  fingerprint text NOT NULL,
  order_id    uuid NOT NULL REFERENCES orders (id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, key)
);
