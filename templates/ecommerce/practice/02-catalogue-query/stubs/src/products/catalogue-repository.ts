/**
 * Exercise 02 "catalogue-query" — .practice/exercises/02-catalogue-query.md
 *
 * The SQL behind `GET /v1/products` (public) and `GET /v1/admin/products`: one statement per page
 * — products filtered by status, search words, category and price range, sorted by the chosen key
 * and then id, starting strictly after the previous page's last (key, id), `limit + 1` rows.
 * Every value is a parameter. The service (products-service.ts) has already checked the query and
 * decoded the cursor; it builds the page from your rows. Keep the exported names and types.
 */
import type { Queryable } from '../db/database.js';
import { HttpProblem } from '../http/problem.js';
import type { ProductRow } from './products-repository.js';
import type { ProductSort, ProductStatusFilter } from './products-schemas.js';

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

/** One page of the catalogue plus one extra row (is there another page?); for sale only unless `status` says otherwise. */
export async function listActiveProducts(_db: Queryable, _filters: ProductListFilters): Promise<ProductRow[]> {
  throw new HttpProblem(
    501,
    'Exercise 02 "catalogue-query" is not done yet: open src/products/catalogue-repository.ts',
    { title: 'Not Implemented' },
  );
}
