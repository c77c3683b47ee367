import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Product } from '../../src/products/products-schemas.js';
import { createProduct, registerAdmin, type TestUser } from '../helpers/shop.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

let app: TestApp;
let admin: TestUser;
beforeAll(async () => {
  app = await buildTestApp();
  admin = await registerAdmin(app);
});
afterAll(() => app.close());

const list = async (query: string) => {
  const response = await app.inject({ method: 'GET', url: `/v1/products?${query}` });
  expect(response.statusCode).toBe(200);
  return response.json<{ items: Product[]; nextCursor: string | null }>();
};

describe('searching, filtering and paging the catalogue', () => {
  let cheap: Product;
  let middle: Product;
  let dear: Product;
  beforeAll(async () => {
    cheap = await createProduct(app, admin, { name: 'Linen napkins', category: 'textiles', priceCents: 900 });
    middle = await createProduct(app, admin, {
      name: 'Wool throw',
      description: 'A warm blanket for cold evenings',
      category: 'textiles',
      priceCents: 5900,
    });
    dear = await createProduct(app, admin, { name: 'Cotton quilt', category: 'textiles', priceCents: 12900 });
  });

  it('filters by category and price range (in cents, inclusive)', async () => {
    const page = await list('category=textiles&minPrice=900&maxPrice=5900');
    expect(page.items.map((item) => item.id).sort()).toEqual([cheap.id, middle.id].sort());
  });

  it('searches names and descriptions with stemming', async () => {
    expect((await list('q=blankets')).items.map((item) => item.id)).toEqual([middle.id]);
    expect((await list('q=napkin')).items.map((item) => item.id)).toEqual([cheap.id]);
    expect((await list(`q=${encodeURIComponent(cheap.sku)}`)).items.map((item) => item.id)).toEqual([cheap.id]);
  });

  it('finds a SKU made of letters that English would stem', async () => {
    const mat = await createProduct(app, admin, { sku: 'MAT-ABED-7', name: 'Bath mat', category: 'bath' });
    expect((await list('q=MAT-ABED-7')).items.map((item) => item.id)).toEqual([mat.id]);
  });

  it('bounds a search: at most 10 words and 10 `-` (33 of them used to overflow the query parser: a 500)', async () => {
    const search = (q: string) => app.inject({ method: 'GET', url: `/v1/products?q=${encodeURIComponent(q)}` });
    for (const q of [`${'-'.repeat(33)}x`, `${'- '.repeat(40)}x`, `${'-'.repeat(11)}wool`, 'a b c d e f g h i j k']) {
      const response = await search(q);
      expect(response.statusCode, q).toBe(400);
      expect(response.json().errors[0].field).toBe('/q');
    }
    for (const q of [`${'-'.repeat(10)}napkin wool`, 'a b c d e f g h i j', '"warm blanket" -quilt or napkins']) {
      expect((await search(q)).statusCode, q).toBe(200);
    }
  });

  it('a price filter beyond the highest possible price is a 400 that says so', async () => {
    const response = await app.inject({ method: 'GET', url: '/v1/products?minPrice=99999999999' });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([{ field: '/minPrice', message: expect.stringContaining('<=') }]);
    expect(response.json().detail).not.toContain('cursor');
    expect((await app.inject({ method: 'GET', url: '/v1/products?maxPrice=100000001' })).statusCode).toBe(400);
    expect((await list('minPrice=100000000')).items).toEqual([]);
  });

  it('sorts by price both ways', async () => {
    expect((await list('category=textiles&sort=price_asc')).items.map((item) => item.id)).toEqual([
      cheap.id,
      middle.id,
      dear.id,
    ]);
    expect((await list('category=textiles&sort=price_desc')).items.map((item) => item.id)).toEqual([
      dear.id,
      middle.id,
      cheap.id,
    ]);
    expect((await list('category=textiles&sort=name')).items.map((item) => item.name)).toEqual([
      'Cotton quilt',
      'Linen napkins',
      'Wool throw',
    ]);
  });

  it('pages with a cursor through every sort without gaps or repeats', async () => {
    for (const sort of ['newest', 'price_asc', 'price_desc', 'name']) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: Product[]; nextCursor: string | null } = await list(
          `category=textiles&sort=${sort}&limit=1${cursor ? `&cursor=${cursor}` : ''}`,
        );
        seen.push(...page.items.map((item) => item.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen.sort(), sort).toEqual([cheap.id, middle.id, dear.id].sort());
    }
  });

  it('rejects a bad cursor, a limit over the maximum, an unknown sort and a NUL byte with 400', async () => {
    const cursorOf = (keys: unknown[]) => Buffer.from(JSON.stringify(keys)).toString('base64url');
    const priceCursor = (await list('category=textiles&sort=price_asc&limit=1')).nextCursor;
    for (const query of [
      'cursor=garbage',
      `cursor=${cursorOf(['newest', 'not a date', 'not a uuid'])}`,
      `sort=name&cursor=${priceCursor}`,
      // Values PostgreSQL's casts would choke on (a 500 if they got there) are refused first.
      `cursor=${cursorOf(['newest', '2020-01-01 00:00 Foo/Bar', cheap.id])}`,
      `cursor=${cursorOf(['newest', '2020-01-01 00:00:00+99:99', cheap.id])}`,
      `cursor=${cursorOf(['newest', '2020-01-01T00:00:00.000000Z', `${cheap.id} `])}`,
      `sort=price_asc&cursor=${cursorOf(['price_asc', 2_147_483_648, cheap.id])}`,
      `sort=price_asc&cursor=${cursorOf(['price_asc', '100', cheap.id])}`,
      `sort=name&cursor=${cursorOf(['name', 'Mug\u0000', cheap.id])}`,
      'limit=101',
      'sort=cheapest',
      'q=%00',
      'minPrice=-1',
      'minPrice=1.5',
    ]) {
      const response = await app.inject({ method: 'GET', url: `/v1/products?${query}` });
      expect(response.statusCode, query).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
    }
  });
});

describe('paging through the data a real shop has', () => {
  type Page = { items: Product[]; nextCursor: string | null };
  const pageThrough = async (query: string, between?: () => Promise<unknown>) => {
    const seen: Product[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Page = await list(`${query}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.items);
      cursor = page.nextCursor;
      if (pages++ === 0 && between) await between();
      expect(pages, `${query}: more pages than products`).toBeLessThan(30);
    } while (cursor);
    return seen;
  };
  const ordered: Record<string, (a: Product, b: Product) => boolean> = {
    price_asc: (a, b) => a.priceCents <= b.priceCents,
    price_desc: (a, b) => a.priceCents >= b.priceCents,
    name: (a, b) => a.name.localeCompare(b.name, 'en') <= 0 || a.name === b.name,
    newest: () => true, // checked against the database's exact timestamps below
  };

  let category: string;
  let all: Product[];
  beforeAll(async () => {
    category = `ties-${randomUUID().slice(0, 8)}`;
    all = [];
    // Seven products share one price and three share one name; four share one exact created_at
    // and the rest are a microsecond apart: ties everywhere, as in a real catalogue.
    for (let i = 0; i < 9; i++) {
      all.push(
        await createProduct(app, admin, {
          name: i < 3 ? 'Same name' : `Product ${i}`,
          category,
          priceCents: i === 0 ? 400 : i === 8 ? 600 : 500,
        }),
      );
    }
    await app.db.query(
      `UPDATE products SET created_at = timestamptz '2031-05-05 10:00:00.000001' + (CASE WHEN n <= 4 THEN 0 ELSE n END) * interval '1 microsecond'
       FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM products WHERE category = $1) numbered
       WHERE products.id = numbered.id`,
      [category],
    );
  });

  it('never skips or repeats a product when many share the sort value', async () => {
    for (const sort of ['newest', 'price_asc', 'price_desc', 'name']) {
      const seen = await pageThrough(`category=${category}&sort=${sort}`);
      const ids = seen.map((item) => item.id);
      expect(new Set(ids).size, `${sort}: a product was repeated`).toBe(ids.length);
      expect([...ids].sort(), `${sort}: a product was skipped`).toEqual(all.map((item) => item.id).sort());
      for (let i = 1; i < seen.length; i++) {
        expect(ordered[sort]?.(seen[i - 1] as Product, seen[i] as Product), `${sort}: out of order at ${i}`).toBe(true);
      }
      if (sort === 'newest') {
        const rows = await app.db.query<{ id: string; at: string }>(
          `SELECT id, to_char(created_at, 'YYYY-MM-DD HH24:MI:SS.US') AS at FROM products WHERE id = ANY($1::uuid[])`,
          [ids],
        );
        const at = new Map(rows.map((row) => [row.id, row.at]));
        for (let i = 1; i < ids.length; i++) {
          expect(
            (at.get(ids[i - 1] as string) ?? '') >= (at.get(ids[i] as string) ?? ''),
            `newest: out of order at ${i}`,
          ).toBe(true);
        }
      }
    }
  });

  it('a product added between two page requests neither repeats nor hides the others', async () => {
    for (const [sort, fields] of [
      ['newest', {}],
      ['price_asc', { priceCents: 1 }],
    ] as const) {
      const seen = await pageThrough(`category=${category}&sort=${sort}`, () =>
        createProduct(app, admin, { name: 'Added meanwhile', category, ...fields }),
      );
      const ids = seen.map((item) => item.id);
      expect(new Set(ids).size, `${sort}: a product was repeated`).toBe(ids.length);
      expect(ids, sort).toEqual(expect.arrayContaining(all.map((item) => item.id)));
    }
  });

  it('a search with quotes and backslashes is a search, not SQL', async () => {
    const mug = await createProduct(app, admin, { name: "O'Brien's mug", category: 'quotes' });
    expect((await list(`q=${encodeURIComponent("O'Brien's")}`)).items.map((item) => item.id)).toEqual([mug.id]);
    for (const q of ["it's", 'a\\b', "'; DROP TABLE products; --", '"unclosed']) {
      const response = await app.inject({ method: 'GET', url: `/v1/products?q=${encodeURIComponent(q)}` });
      expect(response.statusCode, q).toBe(200);
    }
    expect((await list('category=quotes')).items.map((item) => item.id)).toEqual([mug.id]);
  });
});
