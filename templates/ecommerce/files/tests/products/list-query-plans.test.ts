/**
 * Every list the API offers (catalogue with each filter and sort, a customer's orders, the
 * admin's orders) can be answered from an index. On small tables PostgreSQL rightly prefers
 * reading everything, so the test loads a few thousand rows, refreshes the planner's statistics
 * and switches sequential scans off for the EXPLAIN: the question is "can this query use an
 * index?", which a missing index fails.
 *
 * The repositories run their queries through whatever `Queryable` they are given; here that is
 * one that EXPLAINs each statement instead of running it (tests/helpers/query-plans.ts), so the
 * test checks the exact SQL the API sends.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Queryable } from '../../src/db/database.js';
import { listOrderRows, type OrderListFilters } from '../../src/orders/orders-repository.js';
import { listActiveProducts, type ProductListFilters } from '../../src/products/catalogue-repository.js';
import { planWithoutSeqScan } from '../helpers/query-plans.js';
import { createTestDatabase } from '../helpers/test-database.js';

let db: Database;
const CUSTOMER = '6f1d0c52-2b7a-4d8e-9a0b-3c4d5e6f7a8b';

beforeAll(async () => {
  db = await createTestDatabase();
  await db.exec(`
    INSERT INTO users (id, email, password_hash) VALUES ('${CUSTOMER}', 'plans@example.com', 'x');
    INSERT INTO users (email, password_hash) SELECT 'user' || n || '@example.com', 'x' FROM generate_series(1, 50) n;
    INSERT INTO products (sku, name, description, category, price_cents, currency, stock, active, created_at)
    SELECT 'SKU-' || n,
           (ARRAY['Mug', 'Poster', 'Shirt', 'Lamp', 'Chair'])[1 + n % 5] || ' ' || n
             || CASE WHEN n = 17 THEN ' zeppelin' ELSE '' END,
           'Item number ' || n,
           'category-' || (n % 40),
           100 + (n * 37) % 100000,
           'EUR',
           n % 50,
           n % 10 <> 0,
           timestamptz '2030-01-01' + n * interval '1 minute'
      FROM generate_series(1, 5000) n;
    INSERT INTO orders (user_id, status, currency, total_cents, created_at)
    SELECT users.id,
           (ARRAY['pending_payment', 'paid', 'shipped', 'delivered', 'cancelled'])[1 + n % 5],
           'EUR',
           1000 + n,
           timestamptz '2030-01-01' + n * interval '1 minute'
      FROM users, generate_series(1, 100) n;
    ANALYZE;
  `);
});
afterAll(() => db.close());

const products = (query: Partial<ProductListFilters>) => (explaining: Queryable) =>
  listActiveProducts(explaining, { sort: 'newest', limit: 20, ...query });
const orders = (query: Partial<OrderListFilters>) => (explaining: Queryable) =>
  listOrderRows(explaining, { limit: 20, ...query });

describe('list query plans', () => {
  it.each<[string, string, (explaining: Queryable) => Promise<unknown>]>([
    ['catalogue, newest first', 'products_created_at_idx', products({})],
    ['catalogue by price, ascending', 'products_price_idx', products({ sort: 'price_asc' })],
    ['catalogue by price, descending', 'products_price_idx', products({ sort: 'price_desc' })],
    ['catalogue by name', 'products_name_idx', products({ sort: 'name' })],
    ['catalogue in one category', 'products_category_idx', products({ category: 'category-7' })],
    ['catalogue in a price range', 'products_price_idx', products({ sort: 'price_asc', minPrice: 500, maxPrice: 900 })],
    ["a customer's orders", 'orders_user_id_created_at_idx', orders({ userId: CUSTOMER })],
    ['all orders (admin)', 'orders_created_at_idx', orders({})],
    ['orders in one status (admin)', 'orders_status_created_at_idx', orders({ status: 'paid' })],
  ])('%s can use %s, without a sequential scan', async (_shape, index, list) => {
    const plan = await planWithoutSeqScan(db, list);
    expect(plan, plan).toContain(index);
    expect(plan, plan).not.toMatch(/Seq Scan/);
  });

  it('catalogue search can use products_search_idx, without a sequential scan', async () => {
    const plan = await planWithoutSeqScan(db, products({ q: 'zeppelin' }));
    expect(plan, plan).not.toMatch(/Seq Scan/);
    // PGlite collects no word statistics for tsvector columns, so its planner guesses the
    // match rate and may walk another index of active products instead; a PostgreSQL server
    // (TEST_DATABASE_URL, as in CI) knows the word is rare and must pick the search index.
    if (process.env.TEST_DATABASE_URL) expect(plan, plan).toContain('products_search_idx');
  });
});
