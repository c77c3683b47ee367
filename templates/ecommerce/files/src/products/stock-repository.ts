/**
 * Stock, taken at checkout. The check ("are there enough units?") and the write ("take them")
 * are one statement, so no other checkout can slip in between them.
 */
import type { Queryable } from '../db/database.js';

/** What checkout learns about a product whose units it took: its name and price at that moment. */
export interface ReservedProduct {
  name: string;
  priceCents: number;
}

/**
 * Takes each line's units if, and only if, that many are in stock and the product is for sale,
 * and returns the products it took units of (by id), with their name and price at this moment.
 * A line missing from the answer took nothing: the caller rolls its transaction back.
 *
 * 1. The rows are locked in product id order first: two checkouts that share products then wait
 *    for each other in the same order, never in a cycle (a deadlock PostgreSQL would end by
 *    failing one of them).
 * 2. One conditional UPDATE for every line: `stock >= quantity` is checked on the row as it is
 *    now, under its lock, so two buyers can never both take the last unit.
 */
export async function reserveStock(
  db: Queryable,
  lines: { productId: string; quantity: number }[],
): Promise<Map<string, ReservedProduct>> {
  const ids = lines.map((line) => line.productId);
  const quantities = lines.map((line) => line.quantity);
  await db.query('SELECT id FROM products WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE', [ids]);
  const rows = await db.query<{ id: string; name: string; price_cents: number }>(
    `UPDATE products SET stock = products.stock - wanted.quantity, updated_at = now()
     FROM unnest($1::uuid[], $2::integer[]) AS wanted (product_id, quantity)
     WHERE products.id = wanted.product_id AND products.active AND products.stock >= wanted.quantity
     RETURNING products.id, products.name, products.price_cents`,
    [ids, quantities],
  );
  return new Map(rows.map((row) => [row.id, { name: row.name, priceCents: row.price_cents }]));
}
