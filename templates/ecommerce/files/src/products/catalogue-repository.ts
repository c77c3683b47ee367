/**
 * The catalogue query: one page of products, filtered, searched and sorted in SQL, and paged
 * with a keyset (the sort value and id of the last product of the previous page), never OFFSET.
 */
import type { Queryable } from '../db/database.js';
import { PRODUCT_COLUMNS, type ProductRow } from './products-repository.js';
import type { ProductSort, ProductStatusFilter } from './products-schemas.js';

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
    `SELECT ${PRODUCT_COLUMNS} FROM products
     WHERE ${conditions.join(' AND ')}
     ORDER BY ${sort.orderBy}
     LIMIT ${param(filters.limit + 1)}`,
    params,
  );
}
