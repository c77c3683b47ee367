/**
 * The catalogue's rules apart from HTTP: which products a page shows, and the list cursor.
 */
import type { Queryable } from '../db/database.js';
import { cursorKey, decodeCursor, type KeyCheck, toPage } from '../http/cursor.js';
import { listActiveProducts, type ProductRow, toProduct } from './products-repository.js';
import {
  NAME_MAX_LENGTH,
  type ProductListQuery,
  type ProductSort,
  type ProductStatusFilter,
} from './products-schemas.js';

/** For each sort, the value after the sort's name in a cursor: how to check it, and where a row keeps it. */
const CURSOR_KEYS: Record<ProductSort, { check: KeyCheck<string | number>; of: (row: ProductRow) => string | number }> =
  {
    newest: { check: cursorKey.timestamp, of: (row) => row.created_key },
    price_asc: { check: cursorKey.integer({ min: 0 }), of: (row) => row.price_cents },
    price_desc: { check: cursorKey.integer({ min: 0 }), of: (row) => row.price_cents },
    name: { check: cursorKey.text({ maxLength: NAME_MAX_LENGTH }), of: (row) => row.name },
  };

/**
 * The catalogue, one page at a time: what is for sale, or (admins) any `status`. A cursor is `[sort, key, id]`: it names its sort,
 * since one made for another sort would silently skip or repeat items, and every value in it
 * is checked before any SQL runs.
 */
export async function listProducts(db: Queryable, query: ProductListQuery & { status?: ProductStatusFilter }) {
  const keys = CURSOR_KEYS[query.sort];
  const after =
    query.cursor === undefined
      ? undefined
      : decodeCursor(query.cursor, [cursorKey.literal(query.sort), keys.check, cursorKey.uuid]);
  const rows = await listActiveProducts(db, {
    q: query.q,
    category: query.category,
    minPrice: query.minPrice,
    maxPrice: query.maxPrice,
    sort: query.sort,
    limit: query.limit,
    after: after && { key: after[1], id: after[2] },
    status: query.status,
  });
  return toPage(rows, query.limit, toProduct, (row) => [query.sort, keys.of(row), row.id]);
}
