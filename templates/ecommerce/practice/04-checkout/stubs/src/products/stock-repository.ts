/**
 * Exercise 04 "checkout" — .practice/exercises/04-checkout.md
 *
 * Taking stock at checkout. Keep the exported names and signature: checkout-service.ts calls it.
 */
import type { Queryable } from '../db/database.js';
import { HttpProblem } from '../http/problem.js';

/** What checkout learns about a product whose units it took: its name and price at that moment. */
export interface ReservedProduct {
  name: string;
  priceCents: number;
}

/**
 * Takes each line's units if, and only if, that many are in stock and the product is for sale,
 * and returns the products it took units of (by id) with their name and price at this moment.
 * A line missing from the answer took nothing.
 */
export async function reserveStock(
  _db: Queryable,
  _lines: { productId: string; quantity: number }[],
): Promise<Map<string, ReservedProduct>> {
  throw new HttpProblem(501, 'Exercise 04 "checkout" is not done yet: open src/products/stock-repository.ts', {
    title: 'Not Implemented',
  });
}
