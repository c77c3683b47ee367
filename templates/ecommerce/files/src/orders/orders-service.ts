/**
 * What happens to an order after checkout, apart from payment (order-payment.ts) and cancelling
 * and fulfilment (order-transitions.ts): reading, refunds and expiry. Every status change is a
 * conditional UPDATE (see order-status.ts), so concurrent requests cannot both act on the same
 * order: a cancel and a payment cannot both win.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Database, Queryable } from '../db/database.js';
import { cursorKey, decodeCursor, toPage } from '../http/cursor.js';
import { notFound } from '../http/problem.js';
import type { PaymentProvider } from '../payments/payment-provider.js';
import { restockOrders } from '../products/products-repository.js';
import { invalidTransition, type OrderStatus } from './order-status.js';
import {
  clearRefundNotCharged,
  type DueRefund,
  expireOverdueOrders,
  findOrder,
  listDueRefunds,
  listLinesOfOrders,
  listOrderRows,
  markRefundDue,
  markRefunded,
  type OrderRow,
  recordCharge,
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

/** The idempotency key of an order's one charge, also how the refund job looks it up. */
export const chargeKey = (orderId: string) => `order-${orderId}`;

/**
 * Asks the provider to give the money back, once per order however often it is retried (the
 * idempotency key), and records it. A failure is logged and left pending, never thrown: the
 * order is already cancelled, and the retry loop (payments-plugin.ts) tries again.
 */
export async function refundOrder(
  db: Queryable,
  payments: PaymentProvider,
  log: FastifyBaseLogger,
  due: DueRefund & { paymentReference: string },
): Promise<boolean> {
  try {
    await payments.refund(due.paymentReference, due.totalCents, `refund-order-${due.orderId}`);
  } catch (error) {
    log.warn({ err: error, orderId: due.orderId }, 'refund failed: it stays pending and is retried');
    return false;
  }
  return markRefunded(db, due.orderId);
}

/** How long a payment attempt may still be running before the refund job asks the provider about it. */
const CHARGE_GRACE_SECONDS = 120;

/**
 * Retries the refunds still owed (run on an interval by payments-plugin.ts); how many succeeded.
 * A refund whose charge was never recorded (the pay request died mid-way) is first looked up at
 * the provider by the order's charge key: found, it is refunded; not found, nothing is owed.
 */
export async function refundDueOrders(
  db: Queryable,
  payments: PaymentProvider,
  log: FastifyBaseLogger,
): Promise<number> {
  let succeeded = 0;
  for (const due of await listDueRefunds(db, 50, CHARGE_GRACE_SECONDS)) {
    const paymentReference = due.paymentReference ?? (await payments.findCharge(chargeKey(due.orderId)));
    if (paymentReference === undefined) {
      await clearRefundNotCharged(db, due.orderId);
      continue;
    }
    if (due.paymentReference === null) await recordCharge(db, due.orderId, paymentReference);
    if (await refundOrder(db, payments, log, { ...due, paymentReference })) succeeded++;
  }
  return succeeded;
}

/** After a conditional UPDATE matched nothing: the order is missing, or its status forbids the move. */
export async function whyNot(db: Queryable, order: { id: string; ownerId?: string }, target: OrderStatus) {
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
    // An expired order whose payment was attempted may have been charged: a refund is owed until
    // the refund job has asked the provider (refundDueOrders).
    await markRefundDue(tx, expired);
    await restockOrders(tx, expired);
    return expired.length;
  });
}
