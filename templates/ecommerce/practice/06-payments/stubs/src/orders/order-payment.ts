/**
 * Exercise 06 "payments" — .practice/exercises/06-payments.md
 *
 * `POST /v1/orders/{id}/pay`: charge the order's total through the PaymentProvider interface
 * (app.payments, given to you as `payments`), outside any database transaction, and mark the
 * order paid; a declined card is a 402. Keep the exported name and signature: the route calls it.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../db/database.js';
import { HttpProblem } from '../http/problem.js';
import type { PaymentProvider } from '../payments/payment-provider.js';
import type { Order } from './orders-schemas.js';

/** Pays the caller's order with `paymentMethod` (a provider token) and returns it, paid. */
export async function payOrder(
  _db: Database,
  _payments: PaymentProvider,
  _order: { id: string; ownerId: string },
  _paymentMethod: string,
  _log: FastifyBaseLogger,
): Promise<Order> {
  throw new HttpProblem(501, 'Exercise 06 "payments" is not done yet: open src/orders/order-payment.ts', {
    title: 'Not Implemented',
  });
}
