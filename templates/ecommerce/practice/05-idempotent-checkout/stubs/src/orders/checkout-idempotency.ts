/**
 * Exercise 05 "idempotent-checkout" — .practice/exercises/05-idempotent-checkout.md
 *
 * Idempotency keys for checkout: a client that timed out retries with the same
 * `Idempotency-Key` and gets the order its first attempt created, instead of a second order.
 * checkOut (exercise 04) calls these two functions only when the request has a key. Keep the
 * exported names and signatures.
 */
import type { Queryable } from '../db/database.js';
import { HttpProblem } from '../http/problem.js';
import type { CartLine, CheckoutResult } from './checkout-service.js';

const notDone = () =>
  new HttpProblem(
    501,
    'Exercise 05 "idempotent-checkout" is not done yet: open src/orders/checkout-idempotency.ts (until then, check out without an Idempotency-Key)',
    { title: 'Not Implemented' },
  );

/**
 * The order an earlier checkout with this user's `key` created, as a replay (`replayed: true`);
 * undefined when the key is new. A 422 problem when the key was used for other cart contents.
 */
export async function findPreviousCheckout(
  _db: Queryable,
  _userId: string,
  _key: string,
  _cart: CartLine[],
): Promise<CheckoutResult | undefined> {
  throw notDone();
}

/** Stores the key with the order it created, in the checkout's transaction. */
export async function rememberCheckout(
  _db: Queryable,
  _checkout: { userId: string; key: string; cart: CartLine[]; orderId: string },
): Promise<void> {
  throw notDone();
}
