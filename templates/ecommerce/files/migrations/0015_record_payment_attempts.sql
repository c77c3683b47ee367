-- Paying records its attempt BEFORE the provider is asked for money. If the process dies between
-- the charge and writing its reference, the order still says that a charge may exist: whatever
-- ends the order (a cancel, the expiry) then owes a refund, and the refund job asks the provider
-- whether a charge was made under the order's idempotency key (orders-service.ts).
ALTER TABLE orders ADD COLUMN payment_attempted_at timestamptz;
