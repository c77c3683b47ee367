-- One cart per user: its lines. The key (user_id, product_id) makes "set the quantity of this
-- product" an upsert, and a product can appear only once per cart. Prices are not stored here:
-- the cart always shows, and checkout always charges, the catalogue's current price.
CREATE TABLE cart_items (
  user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  product_id uuid NOT NULL REFERENCES products (id),
  quantity   integer NOT NULL CHECK (quantity BETWEEN 1 AND 99),
  added_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, product_id)
);
