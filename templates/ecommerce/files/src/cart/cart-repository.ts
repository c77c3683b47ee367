/** SQL for `cart_items`: one row per product in a user's cart. */
import type { Queryable } from '../db/database.js';

export interface CartLineRow {
  product_id: string;
  sku: string;
  name: string;
  price_cents: number;
  currency: string;
  stock: number;
  active: boolean;
  quantity: number;
}

/** The cart with the catalogue's current names and prices. */
export async function listCartLines(db: Queryable, userId: string): Promise<CartLineRow[]> {
  return db.query<CartLineRow>(
    `SELECT c.product_id, p.sku, p.name, p.price_cents, p.currency, p.stock, p.active, c.quantity
     FROM cart_items c JOIN products p ON p.id = c.product_id
     WHERE c.user_id = $1
     ORDER BY c.added_at, c.product_id`,
    [userId],
  );
}

/** Sets (not adds to) the quantity of a product in the cart. */
export async function upsertCartItem(
  db: Queryable,
  userId: string,
  productId: string,
  quantity: number,
): Promise<void> {
  await db.query(
    `INSERT INTO cart_items (user_id, product_id, quantity) VALUES ($1, $2, $3)
     ON CONFLICT (user_id, product_id) DO UPDATE SET quantity = EXCLUDED.quantity`,
    [userId, productId, quantity],
  );
}

/** Returns false when the product was not in the cart. */
export async function deleteCartItem(db: Queryable, userId: string, productId: string): Promise<boolean> {
  const rows = await db.query('DELETE FROM cart_items WHERE user_id = $1 AND product_id = $2 RETURNING product_id', [
    userId,
    productId,
  ]);
  return rows.length > 0;
}

/**
 * Lets one transaction at a time change this user's cart (a transaction-scoped advisory lock,
 * named after the user, released at commit or rollback). Rules about the cart as a whole, such
 * as "at most 50 lines", hold only if nobody adds a line between the count and the insert.
 */
export async function lockCart(db: Queryable, userId: string): Promise<void> {
  await db.query(`SELECT pg_advisory_xact_lock(hashtextextended('cart:' || $1::text, 0))`, [userId]);
}

export async function countCartLines(db: Queryable, userId: string): Promise<number> {
  const [row] = await db.query<{ lines: number }>(
    'SELECT count(*)::integer AS lines FROM cart_items WHERE user_id = $1',
    [userId],
  );
  return row?.lines ?? 0;
}

export async function hasCartLine(db: Queryable, userId: string, productId: string): Promise<boolean> {
  const rows = await db.query('SELECT 1 FROM cart_items WHERE user_id = $1 AND product_id = $2', [userId, productId]);
  return rows.length > 0;
}

/**
 * The cart's lines for checkout, locked until the transaction ends. A second checkout of the same
 * cart (a double click, a retry) waits here and then finds the cart already emptied, so one cart
 * becomes one order. Ordered by product id: see `checkOut`.
 */
export async function lockCartLines(db: Queryable, userId: string): Promise<{ productId: string; quantity: number }[]> {
  const rows = await db.query<{ product_id: string; quantity: number }>(
    'SELECT product_id, quantity FROM cart_items WHERE user_id = $1 ORDER BY product_id FOR UPDATE',
    [userId],
  );
  return rows.map((row) => ({ productId: row.product_id, quantity: row.quantity }));
}

/**
 * Removes the lines a checkout bought, and only those: a product added to the cart while the
 * checkout ran was not bought, and stays in the cart.
 */
export async function removeCartLines(db: Queryable, userId: string, productIds: string[]): Promise<void> {
  await db.query('DELETE FROM cart_items WHERE user_id = $1 AND product_id = ANY($2::uuid[])', [userId, productIds]);
}
