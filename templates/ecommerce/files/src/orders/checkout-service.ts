/**
 * Checkout: the cart becomes an order in ONE transaction. Either everything happens (stock
 * taken, order and lines written, cart emptied, idempotency key stored) or, on any error,
 * nothing does: a short item rolls back the units already taken for the other lines.
 */
import { lockCart, lockCartLines, removeCartLines } from '../cart/cart-repository.js';
import type { Database, Queryable } from '../db/database.js';
import { isUniqueViolation } from '../db/database-errors.js';
import { conflict } from '../http/problem.js';
import { SHOP_CURRENCY } from '../money.js';
import { reserveStock } from '../products/stock-repository.js';
import { findPreviousCheckout, rememberCheckout } from './checkout-idempotency.js';
import { insertOrder, type NewOrderLine } from './orders-repository.js';
import type { Order } from './orders-schemas.js';
import { loadOrder } from './orders-service.js';
import { assertMayHoldMore, type UnpaidOrderLimits, whyUnavailable } from './unpaid-limits.js';

export interface CheckoutResult {
  order: Order;
  /** True when an earlier request with the same Idempotency-Key created the order. */
  replayed: boolean;
}

export type CartLine = { productId: string; quantity: number };

export async function checkOut(
  db: Database,
  userId: string,
  idempotencyKey: string | undefined,
  limits: UnpaidOrderLimits,
): Promise<CheckoutResult> {
  let cart: CartLine[] = [];
  try {
    return await db.transaction(async (tx) => {
      // Cart changes wait for the checkout (and a checkout for a change in progress).
      await lockCart(tx, userId);
      cart = await lockCartLines(tx, userId);
      if (idempotencyKey !== undefined) {
        const previous = await findPreviousCheckout(tx, userId, idempotencyKey, cart);
        if (previous) return previous;
      }
      if (cart.length === 0) {
        throw conflict('Your cart is empty. Add products with PUT /v1/cart/items/{productId}, then check out.');
      }
      // Under the cart lock, so two checkouts of one account cannot both pass the limits.
      await assertMayHoldMore(tx, userId, cart, limits);

      // One conditional UPDATE takes every line's units, or leaves a line out when they are not
      // there. Name and price come from the catalogue rows it locked, never from the client.
      const reserved = await reserveStock(tx, cart);
      const lines: NewOrderLine[] = [];
      for (const { productId, quantity } of cart) {
        const product = reserved.get(productId);
        // Throwing rolls the whole transaction back: the other lines' units are given back too.
        if (!product) throw await whyUnavailable(tx, { productId, quantity });
        lines.push({ productId, quantity, name: product.name, unitPriceCents: product.priceCents });
      }
      const totalCents = lines.reduce((total, line) => total + line.unitPriceCents * line.quantity, 0);
      const orderId = await insertOrder(tx, { userId, currency: SHOP_CURRENCY, totalCents, lines });
      await removeCartLines(
        tx,
        userId,
        cart.map((line) => line.productId),
      );
      if (idempotencyKey !== undefined) {
        await rememberCheckout(tx, { userId, key: idempotencyKey, cart, orderId });
      }
      return { order: await mustFindOrder(tx, orderId), replayed: false };
    });
  } catch (error) {
    // Backstop: two requests with one key that both got past the cart lock (the cart changed
    // between them). The primary key let only the first commit; answer the second from it.
    if (idempotencyKey !== undefined && isUniqueViolation(error)) {
      const previous = await findPreviousCheckout(db, userId, idempotencyKey, cart);
      if (previous) return previous;
    }
    throw error;
  }
}

async function mustFindOrder(db: Queryable, id: string): Promise<Order> {
  const order = await loadOrder(db, id);
  if (!order) throw new Error(`order ${id} vanished`);
  return order;
}
