/**
 * Idempotency keys for checkout (the `Idempotency-Key` request header): a client that timed out
 * retries with the same key and gets the order its first attempt created, instead of a second
 * order holding the stock twice. The key is stored in the checkout's own transaction, so it
 * exists exactly when the order does, and it is scoped to its user: a key is a client's name
 * for one attempt, not a global id.
 */
import { createHash } from 'node:crypto';
import type { Queryable } from '../db/database.js';
import { unprocessable } from '../http/problem.js';
import type { CartLine, CheckoutResult } from './checkout-service.js';
import { findIdempotencyKey, insertIdempotencyKey } from './idempotency-keys-repository.js';
import { getOrder } from './orders-service.js';

/**
 * The order an earlier checkout with this user's `key` created, as a replay; undefined when the
 * key is new. A key already used for other cart contents is a 422: the client is reusing it for
 * a different purchase.
 */
export async function findPreviousCheckout(
  db: Queryable,
  userId: string,
  key: string,
  cart: CartLine[],
): Promise<CheckoutResult | undefined> {
  const previous = await findIdempotencyKey(db, userId, key);
  if (!previous) return undefined;
  // A successful checkout empties the cart, so an empty cart is exactly what a retry finds.
  if (cart.length > 0 && fingerprintOf(userId, cart) !== previous.fingerprint) {
    throw unprocessable(
      'This Idempotency-Key was already used for a checkout of different cart contents. Use a new key for a new order.',
    );
  }
  return { order: await getOrder(db, previous.orderId), replayed: true };
}

/**
 * Stores the key with the order it created, in the checkout's transaction. The table's primary
 * key (user, key) makes a concurrent second insert fail; checkOut answers that one as a replay.
 */
export async function rememberCheckout(
  db: Queryable,
  checkout: { userId: string; key: string; cart: CartLine[]; orderId: string },
): Promise<void> {
  await insertIdempotencyKey(db, {
    userId: checkout.userId,
    key: checkout.key,
    fingerprint: fingerprintOf(checkout.userId, checkout.cart),
    orderId: checkout.orderId,
  });
}

/**
 * What the key was used for: this user checking out these quantities of these products. The
 * client sends no body, so the request *is* the cart at the moment of checkout (sorted by
 * product id, as checkout reads it).
 */
function fingerprintOf(userId: string, cart: CartLine[]): string {
  const canonical = JSON.stringify([userId, cart.map((line) => [line.productId, line.quantity])]);
  return createHash('sha256').update(canonical).digest('hex');
}
