/**
 * What happens to an order after checkout: payment, cancellation, fulfilment. Every status
 * change is a conditional UPDATE (see order-status.ts), so concurrent requests cannot both act
 * on the same order: two cancels restock once, a cancel and a payment cannot both win.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Database, Queryable } from '../db/database.js';
import { cursorKey, decodeCursor, toPage } from '../http/cursor.js';
import { HttpProblem, notFound } from '../http/problem.js';
import type { PaymentProvider } from '../payments/payment-provider.js';
import { releaseStock } from '../products/products-repository.js';
import { invalidTransition, type OrderStatus } from './order-status.js';
import {
  type DueRefund,
  expireOverdueOrders,
  findOrder,
  listDueRefunds,
  listLinesOfOrders,
  listOrderLines,
  listOrderRows,
  markRefundDue,
  markRefunded,
  type OrderRow,
  sumOrderLinesByProduct,
  updateOrderStatus,
} from './orders-repository.js';
import type { Order, OrderListQuery } from './orders-schemas.js';

const noSuchOrder = () => notFound('There is no order with this id.');

/** With `ownerId`, only that user's order: someone else's is as missing as one that does not exist. */
export async function getOrder(db: Queryable, id: string, ownerId?: string): Promise<Order> {
  const order = await loadOrder(db, id, ownerId);
  if (!order) throw noSuchOrder();
  return order;
}

/** The order with its lines, in the API shape; undefined when missing (or not `ownerId`'s). */
export async function loadOrder(db: Queryable, id: string, ownerId?: string): Promise<Order | undefined> {
  const row = await findOrder(db, id, ownerId);
  return row && (await withLines(db, [row]))[0];
}

/** Orders in the API shape, with their lines. */
async function withLines(db: Queryable, rows: OrderRow[]): Promise<Order[]> {
  const lines = await listLinesOfOrders(
    db,
    rows.map((row) => row.id),
  );
  return rows.map((row) => ({
    id: row.id,
    userId: row.user_id,
    status: row.status,
    items: lines
      .filter((line) => line.order_id === row.id)
      .map((line) => ({
        productId: line.product_id,
        name: line.name,
        unitPriceCents: line.unit_price_cents,
        quantity: line.quantity,
        lineTotalCents: line.unit_price_cents * line.quantity,
      })),
    totalCents: Number(row.total_cents),
    currency: row.currency,
    paymentReference: row.payment_reference,
    paidAt: row.paid_at?.toISOString() ?? null,
    refundStatus: row.refund_status,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  }));
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
  const current = await loadOrder(db, order.id, order.ownerId);
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
  const after = await loadOrder(db, current.id);
  if (!after) throw noSuchOrder();
  // Another request paid it with this same charge (the provider deduplicated it): done.
  if (moved || (after.status === 'paid' && after.paymentReference === charge.reference)) return after;
  // The order was cancelled while the payment ran: give the money back.
  await payments.refund(charge.reference, current.totalCents, `refund-charge-${charge.reference}`);
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
  log: FastifyBaseLogger,
): Promise<Order> {
  const cancelled = await db.transaction(async (tx) => {
    if (!(await updateOrderStatus(tx, order.id, 'cancelled', { ownerId: order.ownerId }))) return undefined;
    for (const line of await listOrderLines(tx, order.id)) {
      await releaseStock(tx, line.productId, line.quantity);
    }
    // The refund is owed from the same commit as the cancel, so it can never be forgotten.
    await markRefundDue(tx, order.id);
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

/**
 * Asks the provider to give the money back, once per order however often it is retried (the
 * idempotency key), and records it. A failure is logged and left pending, never thrown: the
 * order is already cancelled, and the retry loop (payments-plugin.ts) tries again.
 */
async function refundOrder(
  db: Queryable,
  payments: PaymentProvider,
  log: FastifyBaseLogger,
  due: DueRefund,
): Promise<boolean> {
  try {
    await payments.refund(due.paymentReference, due.totalCents, `refund-order-${due.orderId}`);
  } catch (error) {
    log.warn({ err: error, orderId: due.orderId }, 'refund failed: it stays pending and is retried');
    return false;
  }
  return markRefunded(db, due.orderId);
}

/** Retries the refunds still owed (run on an interval by payments-plugin.ts); how many succeeded. */
export async function refundDueOrders(
  db: Queryable,
  payments: PaymentProvider,
  log: FastifyBaseLogger,
): Promise<number> {
  let succeeded = 0;
  for (const due of await listDueRefunds(db, 50)) {
    if (await refundOrder(db, payments, log, due)) succeeded++;
  }
  return succeeded;
}

/** Fulfilment by an admin: paid → shipped → delivered. */
export async function advanceOrder(db: Queryable, id: string, target: Extract<OrderStatus, 'shipped' | 'delivered'>) {
  if (!(await updateOrderStatus(db, id, target))) throw await whyNot(db, { id }, target);
  const order = await loadOrder(db, id);
  if (!order) throw noSuchOrder();
  return order;
}

/** After a conditional UPDATE matched nothing: the order is missing, or its status forbids the move. */
async function whyNot(db: Queryable, order: { id: string; ownerId?: string }, target: OrderStatus) {
  const current = await loadOrder(db, order.id, order.ownerId);
  return current ? invalidTransition(current.status, target) : noSuchOrder();
}

/**
 * Expires the unpaid orders whose payment window has passed and puts their units back on the
 * shelf, in one transaction: an order is restocked exactly when it moves to `expired`, never
 * twice, however many instances run this at once. Returns how many orders expired.
 */
export async function expireUnpaidOrders(db: Database, paymentWindowMinutes: number): Promise<number> {
  return db.transaction(async (tx) => {
    const expired = await expireOverdueOrders(tx, paymentWindowMinutes);
    if (expired.length === 0) return 0;
    for (const line of await sumOrderLinesByProduct(tx, expired)) {
      await releaseStock(tx, line.productId, line.quantity);
    }
    return expired.length;
  });
}
