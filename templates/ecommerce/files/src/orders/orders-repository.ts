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

/** In product id order, like checkout, so restocking and checkouts lock rows in one order. */
export async function listOrderLines(
  db: Queryable,
  orderId: string,
): Promise<{ productId: string; quantity: number }[]> {
  const rows = await db.query<{ product_id: string; quantity: number }>(
    'SELECT product_id, quantity FROM order_lines WHERE order_id = $1 ORDER BY product_id',
    [orderId],
  );
  return rows.map((row) => ({ productId: row.product_id, quantity: row.quantity }));
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

/** In the cancel's transaction: a paid order now owes a refund (see migration 0014). */
export async function markRefundDue(db: Queryable, orderId: string): Promise<void> {
  await db.query(
    `UPDATE orders SET refund_status = 'pending' WHERE id = $1 AND payment_reference IS NOT NULL AND refund_status IS NULL`,
    [orderId],
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

export interface DueRefund {
  orderId: string;
  paymentReference: string;
  totalCents: number;
}

/** Refunds still owed, oldest first. */
export async function listDueRefunds(db: Queryable, limit: number): Promise<DueRefund[]> {
  const rows = await db.query<{ id: string; payment_reference: string; total_cents: string | number | bigint }>(
    `SELECT id, payment_reference, total_cents FROM orders
     WHERE refund_status = 'pending' ORDER BY updated_at LIMIT $1`,
    [limit],
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

/** Units per product over several orders, in product id order (the order checkout locks rows in). */
export async function sumOrderLinesByProduct(
  db: Queryable,
  orderIds: string[],
): Promise<{ productId: string; quantity: number }[]> {
  const rows = await db.query<{ product_id: string; quantity: number }>(
    `SELECT product_id, sum(quantity)::integer AS quantity FROM order_lines
     WHERE order_id = ANY($1::uuid[])
     GROUP BY product_id
     ORDER BY product_id`,
    [orderIds],
  );
  return rows.map((row) => ({ productId: row.product_id, quantity: row.quantity }));
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
