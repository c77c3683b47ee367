/**
 * Exercise 04 "checkout" — .practice/exercises/04-checkout.md
 *
 * `POST /v1/orders`: the caller's cart becomes an order awaiting payment, in ONE transaction —
 * stock taken with a conditional update, name and price of each line taken from the catalogue,
 * the bought lines removed from the cart — or, on any error, nothing at all. Keep the exported
 * names and signatures: the route and exercise 05 use them.
 */
import type { Database } from '../db/database.js';
import { HttpProblem } from '../http/problem.js';
import type { Order } from './orders-schemas.js';
import type { UnpaidOrderLimits } from './unpaid-limits.js';

export interface CheckoutResult {
  order: Order;
  /** True when an earlier request with the same Idempotency-Key created the order. */
  replayed: boolean;
}

export type CartLine = { productId: string; quantity: number };

/** Checks out the caller's cart; `idempotencyKey` is the request's Idempotency-Key header, if any. */
export async function checkOut(
  _db: Database,
  _userId: string,
  _idempotencyKey: string | undefined,
  _limits: UnpaidOrderLimits,
): Promise<CheckoutResult> {
  throw new HttpProblem(501, 'Exercise 04 "checkout" is not done yet: open src/orders/checkout-service.ts', {
    title: 'Not Implemented',
  });
}
