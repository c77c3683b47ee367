/**
 * The order's status changes that customers and admins ask for: cancel (restocks, and refunds a
 * paid order) and fulfilment (ship, deliver). Each is a conditional UPDATE
 * (`updateOrderStatus`: "move to X if the status is one that may become X"), so the check and the
 * change are one statement and two concurrent requests cannot both move the same order: only the
 * one whose UPDATE matched a row restocks, and a charge is refunded at most once.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Database, Queryable } from '../db/database.js';
import type { PaymentProvider } from '../payments/payment-provider.js';
import { restockOrders } from '../products/products-repository.js';
import type { OrderStatus } from './order-status.js';
import { markRefundDue, updateOrderStatus } from './orders-repository.js';
import type { Order } from './orders-schemas.js';
import { getOrder, loadOrder, refundOrder, whyNot } from './orders-service.js';

/**
 * Cancels and puts the units back on the shelf, in one transaction. Only the request whose
 * UPDATE moved the status restocks; a concurrent second cancel matches no row and restocks
 * nothing. A paid order is refunded after the commit. `ownerId` limits customers to their own
 * orders; admins pass none.
 */
export async function cancelOrder(
  db: Database,
  payments: PaymentProvider,
  order: { id: string; ownerId?: string },
  log: FastifyBaseLogger,
): Promise<Order> {
  const cancelled = await db.transaction(async (tx) => {
    if (!(await updateOrderStatus(tx, order.id, 'cancelled', { ownerId: order.ownerId }))) return undefined;
    // Only the request whose UPDATE moved the status gets here: the units go back once.
    await restockOrders(tx, [order.id]);
    // The refund is owed from the same commit as the cancel, so it can never be forgotten.
    await markRefundDue(tx, [order.id]);
    return loadOrder(tx, order.id);
  });
  if (!cancelled) throw await whyNot(db, order, 'cancelled');
  if (cancelled.refundStatus !== 'pending' || !cancelled.paymentReference) return cancelled;
  // After the commit, like the charge: no network calls inside a transaction. If the provider
  // fails now, the order stays cancelled with its refund pending, and refundDueOrders retries it.
  const refunded = await refundOrder(db, payments, log, {
    orderId: cancelled.id,
    paymentReference: cancelled.paymentReference,
    totalCents: cancelled.totalCents,
  });
  return refunded ? ((await loadOrder(db, cancelled.id)) ?? cancelled) : cancelled;
}

/** Fulfilment by an admin: paid → shipped → delivered. */
export async function advanceOrder(
  db: Queryable,
  id: string,
  target: Extract<OrderStatus, 'shipped' | 'delivered'>,
): Promise<Order> {
  if (!(await updateOrderStatus(db, id, target))) throw await whyNot(db, { id }, target);
  return getOrder(db, id);
}
