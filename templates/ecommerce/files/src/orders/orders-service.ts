/**
 * What happens to an order after checkout: payment, cancellation, fulfilment. Every status
 * change is a conditional UPDATE (see order-status.ts), so concurrent requests cannot both act
 * on the same order: two cancels restock once, a cancel and a payment cannot both win.
 */
import type { Database, Queryable } from '../db/database.js';
import { cursorKey, decodeCursor, toPage } from '../http/cursor.js';
import { HttpProblem, notFound } from '../http/problem.js';
import type { PaymentProvider } from '../payments/payment-provider.js';
import { releaseStock } from '../products/products-repository.js';
import { invalidTransition, type OrderStatus } from './order-status.js';
import {
  findOrder,
  listOrderLines,
  listOrders as listOrderRows,
  updateOrderStatus,
  withLines,
} from './orders-repository.js';
import type { Order, OrderListQuery } from './orders-schemas.js';

const noSuchOrder = () => notFound('There is no order with this id.');

/** With `ownerId`, only that user's order: someone else's is as missing as one that does not exist. */
export async function getOrder(db: Queryable, id: string, ownerId?: string): Promise<Order> {
  const order = await findOrder(db, id, ownerId);
  if (!order) throw noSuchOrder();
  return order;
}

/**
 * Newest first; one user's orders (`userId`) or everyone's (the admin list). The cursor is
 * `[createdAt, id]`, checked strictly before any SQL runs (http/cursor.ts).
 */
export async function listOrders(db: Queryable, query: OrderListQuery & { userId?: string }) {
  const after =
    query.cursor === undefined ? undefined : decodeCursor(query.cursor, [cursorKey.timestamp, cursorKey.uuid]);
  const rows = await listOrderRows(db, {
    userId: query.userId,
    status: query.status,
    limit: query.limit,
    after: after && { createdAt: after[0], id: after[1] },
  });
  const page = toPage(
    rows,
    query.limit,
    (row) => row,
    (row) => [row.created_key, row.id],
  );
  return { items: await withLines(db, page.items), nextCursor: page.nextCursor };
}

/**
 * Charges the order's total (from the database, never from the client) and marks it paid.
 * The provider is called outside any transaction: a slow payment must not hold database locks.
 */
export async function payOrder(
  db: Database,
  payments: PaymentProvider,
  order: { id: string; ownerId: string },
  paymentMethod: string,
): Promise<Order> {
  const current = await findOrder(db, order.id, order.ownerId);
  if (!current) throw noSuchOrder();
  if (current.status !== 'pending_payment') throw invalidTransition(current.status, 'paid');

  const charge = await payments.charge({
    amountCents: current.totalCents,
    currency: current.currency,
    paymentMethod,
    // One charge per order, however often the client retries.
    idempotencyKey: `order-${current.id}`,
  });
  if (charge.status === 'declined') {
    throw new HttpProblem(402, `The payment was declined: ${charge.reason}. Try another payment method.`, {
      title: 'Payment declined',
    });
  }

  const moved = await updateOrderStatus(db, current.id, 'paid', { paymentReference: charge.reference });
  const after = await findOrder(db, current.id);
  if (!after) throw noSuchOrder();
  // Another request paid it with this same charge (the provider deduplicated it): done.
  if (moved || (after.status === 'paid' && after.paymentReference === charge.reference)) return after;
  // The order was cancelled while the payment ran: give the money back.
  await payments.refund(charge.reference, current.totalCents);
  throw invalidTransition(after.status, 'paid');
}

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
): Promise<Order> {
  const cancelled = await db.transaction(async (tx) => {
    if (!(await updateOrderStatus(tx, order.id, 'cancelled', { ownerId: order.ownerId }))) return undefined;
    for (const line of await listOrderLines(tx, order.id)) {
      await releaseStock(tx, line.productId, line.quantity);
    }
    return findOrder(tx, order.id);
  });
  if (!cancelled) throw await whyNot(db, order, 'cancelled');
  // After the commit, like the charge: no network calls inside a transaction. If a real
  // provider fails here, the order is cancelled but not refunded; production code records the
  // refund as a job (an "outbox" row in the same transaction) and retries it until it succeeds.
  if (cancelled.paymentReference) await payments.refund(cancelled.paymentReference, cancelled.totalCents);
  return cancelled;
}

/** Fulfilment by an admin: paid → shipped → delivered. */
export async function advanceOrder(db: Queryable, id: string, target: Extract<OrderStatus, 'shipped' | 'delivered'>) {
  if (!(await updateOrderStatus(db, id, target))) throw await whyNot(db, { id }, target);
  const order = await findOrder(db, id);
  if (!order) throw noSuchOrder();
  return order;
}

/** After a conditional UPDATE matched nothing: the order is missing, or its status forbids the move. */
async function whyNot(db: Queryable, order: { id: string; ownerId?: string }, target: OrderStatus) {
  const current = await findOrder(db, order.id, order.ownerId);
  return current ? invalidTransition(current.status, target) : noSuchOrder();
}
