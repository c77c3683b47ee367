/**
 * Exercise 07 "order-states" — .practice/exercises/07-order-states.md
 *
 * The status changes customers and admins ask for: cancel (puts the units back, and refunds a
 * paid order) and fulfilment (ship, deliver). Keep the exported names and signatures: the order
 * routes and the admin routes call them.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Database, Queryable } from '../db/database.js';
import { HttpProblem } from '../http/problem.js';
import type { PaymentProvider } from '../payments/payment-provider.js';
import type { OrderStatus } from './order-status.js';
import type { Order } from './orders-schemas.js';

const notDone = () =>
  new HttpProblem(501, 'Exercise 07 "order-states" is not done yet: open src/orders/order-transitions.ts', {
    title: 'Not Implemented',
  });

/**
 * Cancels an order (a customer's own with `ownerId`; any, for admins), puts its units back once,
 * and refunds it when it was paid. A 409 problem when its status cannot become cancelled, a 404
 * when there is no such order (for this owner).
 */
export async function cancelOrder(
  _db: Database,
  _payments: PaymentProvider,
  _order: { id: string; ownerId?: string },
  _log: FastifyBaseLogger,
): Promise<Order> {
  throw notDone();
}

/** Fulfilment by an admin: paid → shipped → delivered; a 409 problem for any other move. */
export async function advanceOrder(
  _db: Queryable,
  _id: string,
  _target: Extract<OrderStatus, 'shipped' | 'delivered'>,
): Promise<Order> {
  throw notDone();
}
