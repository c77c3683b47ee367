/** SQL for `orders` and `order_lines`. */
import type { Queryable } from '../db/database.js';
import { exactTimestamp } from '../db/exact-timestamp.js';
import type { OrderStatus } from './order-status.js';
import { statusesBefore } from './order-status.js';

export interface OrderRow {
  id: string;
  user_id: string;
  status: OrderStatus;
  currency: string;
  /** bigint: `pg` returns it as a string, PGlite as a number or bigint. */
  total_cents: string | number | bigint;
  payment_reference: string | null;
  paid_at: Date | null;
  refund_status: 'pending' | 'refunded' | null;
  created_at: Date;
  updated_at: Date;
  /** `created_at` as exact text, for cursors (see `exactTimestamp`). */
  created_key: string;
}

export interface OrderLineRow {
  order_id: string;
  product_id: string;
  name: string;
  unit_price_cents: number;
  quantity: number;
}

export interface NewOrderLine {
  productId: string;
  name: string;
  unitPriceCents: number;
  quantity: number;
}

const COLUMNS = `id, user_id, status, currency, total_cents, payment_reference, paid_at, refund_status, created_at, updated_at,
  ${exactTimestamp('created_at')} AS created_key`;

/** Inserts the order and its lines; the caller runs it in the checkout transaction. */
export async function insertOrder(
  db: Queryable,
  order: { userId: string; currency: string; totalCents: number; lines: NewOrderLine[] },
): Promise<string> {
  const [row] = await db.query<{ id: string }>(
    'INSERT INTO orders (user_id, currency, total_cents) VALUES ($1, $2, $3) RETURNING id',
    [order.userId, order.currency, order.totalCents],
  );
  if (!row) throw new Error('INSERT … RETURNING returned no row');
  for (const line of order.lines) {
    await db.query(
      'INSERT INTO order_lines (order_id, product_id, name, unit_price_cents, quantity) VALUES ($1, $2, $3, $4, $5)',
      [row.id, line.productId, line.name, line.unitPriceCents, line.quantity],
    );
  }
  return row.id;
}

/** With `ownerId`, only that user's order: someone else's is as missing as one that does not exist. */
export async function findOrder(db: Queryable, id: string, ownerId?: string): Promise<OrderRow | undefined> {
  const [row] = await db.query<OrderRow>(
    `SELECT ${COLUMNS} FROM orders WHERE id = $1 AND ($2::uuid IS NULL OR user_id = $2)`,
    [id, ownerId ?? null],
  );
  return row;
}

export interface OrderListFilters {
  /** one user's orders; everyone's (the admin list) when undefined */
  userId?: string;
  status?: OrderStatus;
  limit: number;
  /** the `created_at` (exact text) and id of the last order of the previous page */
  after?: { createdAt: string; id: string };
}

/** Newest first: one page plus one extra row, which only says whether another page exists. */
export async function listOrderRows(db: Queryable, filters: OrderListFilters): Promise<OrderRow[]> {
  const conditions: string[] = [];
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  if (filters.userId !== undefined) conditions.push(`user_id = ${param(filters.userId)}`);
  if (filters.status !== undefined) conditions.push(`status = ${param(filters.status)}`);
  if (filters.after !== undefined) {
    conditions.push(
      `(created_at, id) < (${param(filters.after.createdAt)}::timestamptz, ${param(filters.after.id)}::uuid)`,
    );
  }
  return db.query<OrderRow>(
    `SELECT ${COLUMNS} FROM orders
     ${conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : ''}
     ORDER BY created_at DESC, id DESC
     LIMIT ${param(filters.limit + 1)}`,
    params,
  );
}

/**
 * Moves an order to `target` if, and only if, its current status allows it, in one statement:
 * a concurrent request that changed the status first makes this match no row. Returns whether
 * it moved. With `ownerId`, only that user's order.
 */
export async function updateOrderStatus(
  db: Queryable,
  id: string,
  target: OrderStatus,
  options: { ownerId?: string; paymentReference?: string } = {},
): Promise<boolean> {
  const rows = await db.query(
    `UPDATE orders
     SET status = $2::text,
         updated_at = now(),
         paid_at = CASE WHEN $2::text = 'paid' THEN now() ELSE paid_at END,
         payment_reference = COALESCE($4::text, payment_reference)
     WHERE id = $1 AND status = ANY($3::text[]) AND ($5::uuid IS NULL OR user_id = $5)
     RETURNING id`,
    [id, target, statusesBefore(target), options.paymentReference ?? null, options.ownerId ?? null],
  );
  return rows.length > 0;
}

/** The lines of several orders in one query (a page of orders costs two queries, not one per order). */
export async function listLinesOfOrders(db: Queryable, orderIds: string[]): Promise<OrderLineRow[]> {
  if (orderIds.length === 0) return [];
  return db.query<OrderLineRow>(
    `SELECT order_id, product_id, name, unit_price_cents, quantity FROM order_lines
     WHERE order_id = ANY($1::uuid[]) ORDER BY name, product_id`,
    [orderIds],
  );
}

/**
 * Pay, step 1, before the provider is called: the order is still awaiting payment, and from now
 * on it says that a charge may exist (see migration 0015). Returns what to charge, or undefined
 * when the order is not (or no longer) payable.
 */
export async function recordPaymentAttempt(
  db: Queryable,
  id: string,
  ownerId: string,
): Promise<{ totalCents: number; currency: string } | undefined> {
  const [row] = await db.query<{ total_cents: string | number | bigint; currency: string }>(
    `UPDATE orders SET payment_attempted_at = now()
     WHERE id = $1 AND user_id = $2 AND status = 'pending_payment'
     RETURNING total_cents, currency`,
    [id, ownerId],
  );
  return row && { totalCents: Number(row.total_cents), currency: row.currency };
}

/**
 * Pay, step 2, after a successful charge: records it on the order WHATEVER happened meanwhile,
 * in one statement. An order still awaiting payment becomes paid; one that was cancelled or
 * expired while the charge ran now owes its refund (the outbox of migration 0014), so the money
 * is given back by the same path, under the same key, as a cancel's: at most once.
 */
export async function recordCharge(
  db: Queryable,
  id: string,
  reference: string,
): Promise<{ status: OrderStatus; refundStatus: OrderRow['refund_status'] } | undefined> {
  const [row] = await db.query<{ status: OrderStatus; refund_status: OrderRow['refund_status'] }>(
    `UPDATE orders
     SET payment_reference = $2,
         status = CASE WHEN status = 'pending_payment' THEN 'paid' ELSE status END,
         paid_at = CASE WHEN status = 'pending_payment' THEN now() ELSE paid_at END,
         refund_status = CASE WHEN status IN ('cancelled', 'expired') THEN coalesce(refund_status, 'pending')
                              ELSE refund_status END,
         updated_at = now()
     WHERE id = $1 AND (payment_reference IS NULL OR payment_reference = $2)
     RETURNING status, refund_status`,
    [id, reference],
  );
  return row && { status: row.status, refundStatus: row.refund_status };
}

/**
 * In the cancel's (or the expiry's) transaction: an order that was paid, or whose payment was
 * attempted (its charge may have gone through), now owes a refund (see migrations 0014, 0015).
 */
export async function markRefundDue(db: Queryable, orderIds: string[]): Promise<void> {
  await db.query(
    `UPDATE orders SET refund_status = 'pending'
     WHERE id = ANY($1::uuid[]) AND refund_status IS NULL
       AND (payment_reference IS NOT NULL OR payment_attempted_at IS NOT NULL)`,
    [orderIds],
  );
}

/** Once the provider has refunded; false when another attempt got there first. */
export async function markRefunded(db: Queryable, orderId: string): Promise<boolean> {
  const rows = await db.query(
    `UPDATE orders SET refund_status = 'refunded', updated_at = now() WHERE id = $1 AND refund_status = 'pending' RETURNING id`,
    [orderId],
  );
  return rows.length > 0;
}

/** An attempted payment that never charged: nothing is owed after all. */
export async function clearRefundNotCharged(db: Queryable, orderId: string): Promise<void> {
  await db.query(
    `UPDATE orders SET refund_status = NULL, updated_at = now()
     WHERE id = $1 AND refund_status = 'pending' AND payment_reference IS NULL`,
    [orderId],
  );
}

export interface DueRefund {
  orderId: string;
  /** null: a payment was attempted but its outcome never recorded; ask the provider. */
  paymentReference: string | null;
  totalCents: number;
}

/**
 * Refunds still owed, oldest first. One whose charge was never recorded waits until its payment
 * attempt is `graceSeconds` old: a charge still running must get the chance to record itself.
 */
export async function listDueRefunds(db: Queryable, limit: number, graceSeconds: number): Promise<DueRefund[]> {
  const rows = await db.query<{ id: string; payment_reference: string | null; total_cents: string | number | bigint }>(
    `SELECT id, payment_reference, total_cents FROM orders
     WHERE refund_status = 'pending'
       AND (payment_reference IS NOT NULL OR payment_attempted_at < now() - make_interval(secs => $2))
     ORDER BY updated_at LIMIT $1`,
    [limit, graceSeconds],
  );
  return rows.map((row) => ({
    orderId: row.id,
    paymentReference: row.payment_reference,
    totalCents: Number(row.total_cents),
  }));
}

/**
 * Moves every unpaid order older than the payment window to `expired` and returns their ids.
 * `FOR UPDATE SKIP LOCKED`: an order another transaction holds (a payment, a cancel, another
 * instance expiring it right now) is skipped instead of waited for, so instances never block or
 * deadlock each other; the row lock and the status condition make each order expire once.
 */
export async function expireOverdueOrders(db: Queryable, paymentWindowMinutes: number): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    `UPDATE orders SET status = 'expired', updated_at = now()
     WHERE id IN (
       SELECT id FROM orders
       WHERE status = 'pending_payment' AND created_at < now() - make_interval(mins => $1)
       FOR UPDATE SKIP LOCKED
     )
     RETURNING id`,
    [paymentWindowMinutes],
  );
  return rows.map((row) => row.id);
}

/** The user's unpaid orders still inside their payment window. */
export async function countUnpaidOrders(db: Queryable, userId: string, paymentWindowMinutes: number): Promise<number> {
  const [row] = await db.query<{ unpaid: number }>(
    `SELECT count(*)::integer AS unpaid FROM orders
     WHERE user_id = $1 AND status = 'pending_payment' AND created_at >= now() - make_interval(mins => $2)`,
    [userId, paymentWindowMinutes],
  );
  return row?.unpaid ?? 0;
}

/** Units of each product the user's unpaid orders (still inside their payment window) hold. */
export async function sumUnpaidUnitsByProduct(
  db: Queryable,
  userId: string,
  paymentWindowMinutes: number,
): Promise<Map<string, number>> {
  const rows = await db.query<{ product_id: string; units: number }>(
    `SELECT order_lines.product_id, sum(order_lines.quantity)::integer AS units
       FROM orders JOIN order_lines ON order_lines.order_id = orders.id
      WHERE orders.user_id = $1 AND orders.status = 'pending_payment'
        AND orders.created_at >= now() - make_interval(mins => $2)
      GROUP BY order_lines.product_id`,
    [userId, paymentWindowMinutes],
  );
  return new Map(rows.map((row) => [row.product_id, row.units]));
}
