/**
 * Exercise 03 "cart" — .practice/exercises/03-cart.md
 *
 * The cart's rules: what can be put in it (a product for sale, no more than its stock, at most
 * MAX_CART_LINES different products), quantity 0 removes, and every price and total computed
 * here from the catalogue, in integer cents, never taken from the client. Keep the exported
 * names and signatures: the routes call them.
 */
import type { Database, Queryable } from '../db/database.js';
import { HttpProblem } from '../http/problem.js';
import type { Cart } from './cart-schemas.js';

const notDone = () =>
  new HttpProblem(501, 'Exercise 03 "cart" is not done yet: open src/cart/cart-service.ts', {
    title: 'Not Implemented',
  });

/** The caller's cart with the catalogue's current prices, line totals and the total, in cents. */
export async function getCart(_db: Queryable, _userId: string): Promise<Cart> {
  throw notDone();
}

/** Sets the quantity of a product in the cart (0 removes it) and returns the cart. */
export async function setCartQuantity(
  _db: Database,
  _userId: string,
  _productId: string,
  _quantity: number,
): Promise<Cart> {
  throw notDone();
}

/** Removes a product from the cart; a 404 problem when it was not there. */
export async function removeFromCart(_db: Queryable, _userId: string, _productId: string): Promise<void> {
  throw notDone();
}
