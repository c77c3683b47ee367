/**
 * Exercise 03 "cart" — .practice/exercises/03-cart.md
 *
 * SQL for `cart_items`: one row per (user, product), the quantity set by an upsert, never read
 * and then written. Checkout (exercise 04) uses the last three functions. Keep the exported names
 * and signatures.
 */
import type { Queryable } from '../db/database.js';
import { HttpProblem } from '../http/problem.js';

export interface CartLineRow {
  product_id: string;
  sku: string;
  name: string;
  price_cents: number;
  currency: string;
  stock: number;
  active: boolean;
  quantity: number;
}

const notDone = () =>
  new HttpProblem(501, 'Exercise 03 "cart" is not done yet: open src/cart/cart-repository.ts', {
    title: 'Not Implemented',
  });

/** The cart with the catalogue's current names and prices, oldest line first. */
export async function listCartLines(_db: Queryable, _userId: string): Promise<CartLineRow[]> {
  throw notDone();
}

/** Sets (not adds to) the quantity of a product in the cart, in one statement. */
export async function upsertCartItem(
  _db: Queryable,
  _userId: string,
  _productId: string,
  _quantity: number,
): Promise<void> {
  throw notDone();
}

/** Returns false when the product was not in the cart. */
export async function deleteCartItem(_db: Queryable, _userId: string, _productId: string): Promise<boolean> {
  throw notDone();
}

/** Lets one transaction at a time change this user's cart, until it commits or rolls back. */
export async function lockCart(_db: Queryable, _userId: string): Promise<void> {
  throw notDone();
}

export async function countCartLines(_db: Queryable, _userId: string): Promise<number> {
  throw notDone();
}

export async function hasCartLine(_db: Queryable, _userId: string, _productId: string): Promise<boolean> {
  throw notDone();
}

/** For checkout: the cart's lines, sorted by product id and locked until the transaction ends. */
export async function lockCartLines(
  _db: Queryable,
  _userId: string,
): Promise<{ productId: string; quantity: number }[]> {
  throw notDone();
}

/** For checkout: removes the lines it bought, and only those. */
export async function removeCartLines(_db: Queryable, _userId: string, _productIds: string[]): Promise<void> {
  throw notDone();
}
