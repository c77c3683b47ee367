/** SQL for the `products` table. */
import type { Queryable } from '../db/database.js';
import { exactTimestamp } from '../db/exact-timestamp.js';
import type { CreateProductBody, ProductSort, ProductStatusFilter, UpdateProductBody } from './products-schemas.js';

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

const COLUMNS = `id, sku, name, description, category, price_cents, currency, stock, active, created_at, updated_at,
  ${exactTimestamp('created_at')} AS created_key`;

/**
 * Each sort is an ORDER BY with `id` as the tie-breaker, and the keyset condition that starts
 * the next page strictly after the last row of this one. Each has a matching index
 * (migrations/0011_create_products.sql). Only these fixed strings reach the SQL text.
 */
const SORTS: Record<ProductSort, { orderBy: string; after: (key: string, id: string) => string }> = {
  newest: {
    orderBy: 'created_at DESC, id DESC',
    after: (key, id) => `(created_at, id) < (${key}::timestamptz, ${id}::uuid)`,
  },
  price_asc: {
    orderBy: 'price_cents ASC, id ASC',
    after: (key, id) => `(price_cents, id) > (${key}::integer, ${id}::uuid)`,
  },
  price_desc: {
    orderBy: 'price_cents DESC, id DESC',
    after: (key, id) => `(price_cents, id) < (${key}::integer, ${id}::uuid)`,
  },
  name: {
    orderBy: 'name ASC, id ASC',
    after: (key, id) => `(name, id) > (${key}::text, ${id}::uuid)`,
  },
};

export interface ProductListFilters {
  /** words as a user types them, for `websearch_to_tsquery` */
  q?: string;
  category?: string;
  minPrice?: number;
  maxPrice?: number;
  sort: ProductSort;
  limit: number;
  /** the sort key and id of the last product of the previous page */
  after?: { key: string | number; id: string };
  /** products for sale (the default, and all the public catalogue shows), archived ones, or all (admins) */
  status?: ProductStatusFilter;
}

const STATUS_CONDITIONS: Record<ProductStatusFilter, string> = {
  active: 'active',
  archived: 'NOT active',
  all: 'true',
};

/** One page of the catalogue plus one extra row (is there another page?); for sale only unless `status` says otherwise. */
export async function listActiveProducts(db: Queryable, filters: ProductListFilters): Promise<ProductRow[]> {
  const sort = SORTS[filters.sort];
  const conditions = [STATUS_CONDITIONS[filters.status ?? 'active']];
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };

  if (filters.q !== undefined) conditions.push(`search @@ websearch_to_tsquery('english', ${param(filters.q)})`);
  if (filters.category !== undefined) conditions.push(`category = ${param(filters.category)}`);
  if (filters.minPrice !== undefined) conditions.push(`price_cents >= ${param(filters.minPrice)}`);
  if (filters.maxPrice !== undefined) conditions.push(`price_cents <= ${param(filters.maxPrice)}`);
  if (filters.after !== undefined) conditions.push(sort.after(param(filters.after.key), param(filters.after.id)));

  return db.query<ProductRow>(
    `SELECT ${COLUMNS} FROM products
     WHERE ${conditions.join(' AND ')}
     ORDER BY ${sort.orderBy}
     LIMIT ${param(filters.limit + 1)}`,
    params,
  );
}

export async function findActiveProduct(db: Queryable, id: string): Promise<ProductRow | undefined> {
  const [row] = await db.query<ProductRow>(`SELECT ${COLUMNS} FROM products WHERE id = $1 AND active`, [id]);
  return row;
}

/** Active or not: for admins, the cart and checkout, which explain why a product is unavailable. */
export async function findProduct(db: Queryable, id: string): Promise<ProductRow | undefined> {
  const [row] = await db.query<ProductRow>(`SELECT ${COLUMNS} FROM products WHERE id = $1`, [id]);
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
     RETURNING ${COLUMNS}`,
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
    `UPDATE products SET ${[...assignments, 'updated_at = now()'].join(', ')} WHERE id = $1 RETURNING ${COLUMNS}`,
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
 * Takes `quantity` units if, and only if, that many are in stock and the product is for sale,
 * in one statement. PostgreSQL locks the row while it checks and writes, and a concurrent
 * checkout of the same product waits, then re-checks `stock >= quantity` against the new
 * value: two buyers can never both take the last unit. Returns the product's price and name at
 * this moment (for the order line), or undefined when the units are not there.
 */
export async function reserveStock(
  db: Queryable,
  productId: string,
  quantity: number,
): Promise<{ name: string; priceCents: number } | undefined> {
  const [row] = await db.query<{ name: string; price_cents: number }>(
    `UPDATE products SET stock = stock - $2, updated_at = now()
     WHERE id = $1 AND active AND stock >= $2
     RETURNING name, price_cents`,
    [productId, quantity],
  );
  return row && { name: row.name, priceCents: row.price_cents };
}

/** Puts units back (a cancelled order). Archived products get their units back too. */
export async function releaseStock(db: Queryable, productId: string, quantity: number): Promise<void> {
  await db.query('UPDATE products SET stock = stock + $2, updated_at = now() WHERE id = $1', [productId, quantity]);
}
