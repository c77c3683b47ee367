/** The cart's rules: what can be put in it, and its totals, computed here and never by the client. */
import type { Database, Queryable } from '../db/database.js';
import { conflict, notFound } from '../http/problem.js';
import { SHOP_CURRENCY } from '../money.js';
import { findProduct } from '../products/products-repository.js';
import {
  countCartLines,
  deleteCartItem,
  hasCartLine,
  listCartLines,
  lockCart,
  upsertCartItem,
} from './cart-repository.js';
import { type Cart, MAX_CART_LINES } from './cart-schemas.js';

export async function getCart(db: Queryable, userId: string): Promise<Cart> {
  const items = (await listCartLines(db, userId)).map((line) => ({
    productId: line.product_id,
    sku: line.sku,
    name: line.name,
    unitPriceCents: line.price_cents,
    quantity: line.quantity,
    lineTotalCents: line.price_cents * line.quantity,
    available: line.active && line.stock >= line.quantity,
  }));
  return {
    items,
    totalCents: items.reduce((total, item) => total + item.lineTotalCents, 0),
    currency: SHOP_CURRENCY,
  };
}

/**
 * Sets the quantity of a product in the cart (0 removes it). Putting a product in the cart
 * reserves nothing: stock is only taken at checkout. Refusing what is clearly not available
 * yet saves the customer a failed checkout.
 */
export async function setCartQuantity(
  db: Database,
  userId: string,
  productId: string,
  quantity: number,
): Promise<Cart> {
  if (quantity === 0) {
    await deleteCartItem(db, userId, productId);
    return getCart(db, userId);
  }
  const product = await findProduct(db, productId);
  if (!product) throw notFound('There is no product with this id.');
  if (!product.active) throw conflict(`"${product.name}" is no longer for sale.`);
  if (product.stock < quantity) {
    throw conflict(`Only ${product.stock} of "${product.name}" left in stock; ${quantity} requested.`);
  }
  await db.transaction(async (tx) => {
    // Count and insert under the cart's lock: 60 adds at once must not all see 49 lines.
    await lockCart(tx, userId);
    const isNewLine = !(await hasCartLine(tx, userId, productId));
    if (isNewLine && (await countCartLines(tx, userId)) >= MAX_CART_LINES) {
      throw conflict(`A cart holds at most ${MAX_CART_LINES} different products. Check out or remove some first.`);
    }
    await upsertCartItem(tx, userId, productId, quantity);
  });
  return getCart(db, userId);
}

export async function removeFromCart(db: Queryable, userId: string, productId: string): Promise<void> {
  if (!(await deleteCartItem(db, userId, productId))) throw notFound('This product is not in your cart.');
}
