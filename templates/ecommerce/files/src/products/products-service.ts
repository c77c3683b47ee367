/**
 * The catalogue's rules apart from HTTP: what the public sees (active products only), SKUs
 * unique, archiving instead of deleting, and the list cursor. Returns API shapes.
 */
import type { Queryable } from '../db/database.js';
import { isUniqueViolation } from '../db/database-errors.js';
import { cursorKey, decodeCursor, type KeyCheck, toPage } from '../http/cursor.js';
import { badRequest, conflict, notFound } from '../http/problem.js';
import { assertShopCurrency, SHOP_CURRENCY } from '../money.js';
import { listActiveProducts } from './catalogue-repository.js';
import {
  findActiveProduct,
  insertProduct,
  markProductArchived,
  type ProductRow,
  updateProductColumns,
} from './products-repository.js';
import {
  type CreateProductBody,
  NAME_MAX_LENGTH,
  type Product,
  type ProductListQuery,
  type ProductSort,
  type ProductStatusFilter,
  type UpdateProductBody,
} from './products-schemas.js';

const skuTaken = (sku: string) => conflict(`Another product already has the SKU "${sku}". SKUs are unique.`);
const noSuchProduct = () => notFound('There is no product with this id.');

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
  if (query.q !== undefined) checkSearchSize(query.q);
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

const MAX_SEARCH_WORDS = 10;
const MAX_SEARCH_EXCLUSIONS = 10;

/**
 * `websearch_to_tsquery` turns every `-` into a NOT, nested, and more than 32 overflow its
 * stack (an error, not a result); every word costs an index lookup. So a search is bounded
 * before it reaches the database.
 */
function checkSearchSize(q: string): void {
  const words = q.match(/[\p{L}\p{N}]+/gu)?.length ?? 0;
  const exclusions = q.match(/-/g)?.length ?? 0;
  if (words > MAX_SEARCH_WORDS || exclusions > MAX_SEARCH_EXCLUSIONS) {
    throw badRequest(
      `A search can hold at most ${MAX_SEARCH_WORDS} words and ${MAX_SEARCH_EXCLUSIONS} \`-\` exclusions.`,
      [{ field: '/q', message: `must hold at most ${MAX_SEARCH_WORDS} words and ${MAX_SEARCH_EXCLUSIONS} \`-\`` }],
    );
  }
}

/** A product for sale; an archived one is as missing as one that never existed. */
export async function getProduct(db: Queryable, id: string): Promise<Product> {
  const row = await findActiveProduct(db, id);
  if (!row) throw noSuchProduct();
  return toProduct(row);
}

/** The shop sells in one currency (money.ts): a body may name it, any other is a 400. */
export async function createProduct(db: Queryable, body: CreateProductBody): Promise<Product> {
  const { currency, ...fields } = body;
  assertShopCurrency(currency);
  try {
    return toProduct(await insertProduct(db, { ...fields, currency: SHOP_CURRENCY }));
  } catch (error) {
    // The unique index decides, not a SELECT beforehand: two requests cannot both take a SKU.
    if (isUniqueViolation(error)) throw skuTaken(body.sku);
    throw error;
  }
}

/** Orders already placed keep the name and price they were bought at (order lines copy them). */
export async function updateProduct(db: Queryable, id: string, body: UpdateProductBody): Promise<Product> {
  const { currency, ...changes } = body;
  assertShopCurrency(currency);
  try {
    const row = await updateProductColumns(db, id, changes);
    if (!row) throw noSuchProduct();
    return toProduct(row);
  } catch (error) {
    if (isUniqueViolation(error)) throw skuTaken(changes.sku ?? '');
    throw error;
  }
}

/** Archived products are no longer listed or sold; past orders keep pointing at them. */
export async function archiveProduct(db: Queryable, id: string): Promise<void> {
  if (!(await markProductArchived(db, id))) throw noSuchProduct();
}

function toProduct(row: ProductRow): Product {
  return {
    id: row.id,
    sku: row.sku,
    name: row.name,
    description: row.description,
    category: row.category,
    priceCents: row.price_cents,
    currency: row.currency,
    stock: row.stock,
    active: row.active,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
