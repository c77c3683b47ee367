/** SQL for the `products` table. */
import type { Queryable } from '../db/database.js';
import { exactTimestamp } from '../db/exact-timestamp.js';
import type { CreateProductBody, UpdateProductBody } from './products-schemas.js';

export interface ProductRow {
  id: string;
  sku: string;
  name: string;
  description: string;
  category: string;
  price_cents: number;
  currency: string;
  stock: number;
  active: boolean;
  created_at: Date;
  updated_at: Date;
  /** `created_at` as exact text, for cursors (see `exactTimestamp`). */
  created_key: string;
}

/** The select list every product read shares. */
export const PRODUCT_COLUMNS = `id, sku, name, description, category, price_cents, currency, stock, active, created_at, updated_at,
  ${exactTimestamp('created_at')} AS created_key`;

export async function findActiveProduct(db: Queryable, id: string): Promise<ProductRow | undefined> {
  const [row] = await db.query<ProductRow>(`SELECT ${PRODUCT_COLUMNS} FROM products WHERE id = $1 AND active`, [id]);
  return row;
}

/** Active or not: for admins, the cart and checkout, which explain why a product is unavailable. */
export async function findProduct(db: Queryable, id: string): Promise<ProductRow | undefined> {
  const [row] = await db.query<ProductRow>(`SELECT ${PRODUCT_COLUMNS} FROM products WHERE id = $1`, [id]);
  return row;
}

/** Throws a unique violation (`isUniqueViolation`) when the SKU is taken. */
export async function insertProduct(
  db: Queryable,
  product: CreateProductBody & { currency: string },
): Promise<ProductRow> {
  const [row] = await db.query<ProductRow>(
    `INSERT INTO products (sku, name, description, category, price_cents, currency, stock, active)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     RETURNING ${PRODUCT_COLUMNS}`,
    [
      product.sku,
      product.name,
      product.description ?? '',
      product.category,
      product.priceCents,
      product.currency,
      product.stock,
      product.active ?? true,
    ],
  );
  if (!row) throw new Error('INSERT … RETURNING returned no row');
  return row;
}

/** The fields a PATCH may change (the currency is the shop's, checked and dropped by the route). */
export type ProductChanges = Omit<UpdateProductBody, 'currency'>;

/** Body fields and the columns they set; only these can ever reach the SQL text. */
const UPDATABLE_COLUMNS: Record<keyof ProductChanges, string> = {
  sku: 'sku',
  name: 'name',
  description: 'description',
  category: 'category',
  priceCents: 'price_cents',
  stock: 'stock',
  active: 'active',
};

/** Changes only the given fields. Throws a unique violation when the new SKU is taken. */
export async function updateProductColumns(
  db: Queryable,
  id: string,
  changes: ProductChanges,
): Promise<ProductRow | undefined> {
  const params: unknown[] = [id];
  const assignments = Object.entries(changes)
    .filter(([, value]) => value !== undefined)
    .map(([field, value]) => {
      params.push(value);
      return `${UPDATABLE_COLUMNS[field as keyof ProductChanges]} = $${params.length}`;
    });
  const [row] = await db.query<ProductRow>(
    `UPDATE products SET ${[...assignments, 'updated_at = now()'].join(', ')} WHERE id = $1 RETURNING ${PRODUCT_COLUMNS}`,
    params,
  );
  return row;
}

/** Archiving keeps the row: past orders point at it. Returns false when there is no such product. */
export async function markProductArchived(db: Queryable, id: string): Promise<boolean> {
  const rows = await db.query('UPDATE products SET active = false, updated_at = now() WHERE id = $1 RETURNING id', [
    id,
  ]);
  return rows.length > 0;
}

/**
 * Puts back every unit of these orders (cancelled or expired), in one statement per step. The
 * rows are locked in product id order first, like checkout, so a restock and a checkout that share
 * products never wait for each other in a cycle.
 */
export async function restockOrders(db: Queryable, orderIds: string[]): Promise<void> {
  await db.query(
    `SELECT id FROM products
     WHERE id IN (SELECT product_id FROM order_lines WHERE order_id = ANY($1::uuid[]))
     ORDER BY id FOR UPDATE`,
    [orderIds],
  );
  await db.query(
    `UPDATE products SET stock = products.stock + returned.quantity, updated_at = now()
     FROM (SELECT product_id, sum(quantity)::integer AS quantity FROM order_lines
           WHERE order_id = ANY($1::uuid[]) GROUP BY product_id) AS returned
     WHERE products.id = returned.product_id`,
    [orderIds],
  );
}
