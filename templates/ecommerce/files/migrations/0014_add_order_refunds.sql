-- A cancelled paid order owes its customer a refund. The cancel records that here, in the same
-- transaction as the status change (the "outbox" pattern): the provider is called after the
-- commit, and a refund that fails stays 'pending' and is retried until it succeeds, instead of
-- being lost with an error response. NULL: nothing to refund.
ALTER TABLE orders
  ADD COLUMN refund_status text CONSTRAINT orders_refund_status_check CHECK (refund_status IN ('pending', 'refunded'));
-- The retry loop's query: the few refunds still owed, oldest first.
CREATE INDEX orders_refund_pending_idx ON orders (updated_at) WHERE refund_status = 'pending';
