/**
 * Checkout: the cart becomes an order in ONE transaction. Either everything happens (stock
 * taken, order and lines written, cart emptied, idempotency key stored) or, on any error,
 * nothing does: a short item rolls back the units already taken for the other lines.
 */
import { createHash } from 'node:crypto';
import { lockCart, lockCartLines, removeCartLines } from '../cart/cart-repository.js';
import type { Database, Queryable } from '../db/database.js';
import { isUniqueViolation } from '../db/database-errors.js';
import { conflict, HttpProblem, unprocessable } from '../http/problem.js';
import { SHOP_CURRENCY } from '../money.js';
import { findProduct, reserveStock } from '../products/products-repository.js';
import { findIdempotencyKey, type IdempotencyKeyRecord, insertIdempotencyKey } from './idempotency-keys-repository.js';
import { countUnpaidOrders, insertOrder, type NewOrderLine } from './orders-repository.js';
import type { Order } from './orders-schemas.js';
import { loadOrder } from './orders-service.js';

export interface CheckoutResult {
  order: Order;
  /** True when an earlier request with the same Idempotency-Key created the order. */
  replayed: boolean;
}

type CartLine = { productId: string; quantity: number };

/** How much stock one account may hold without paying (see the README's decisions). */
export interface UnpaidOrderLimits {
  maxUnpaidOrdersPerUser: number;
  paymentWindowMinutes: number;
}

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
        const previous = await findIdempotencyKey(tx, userId, idempotencyKey);
        if (previous) return replay(tx, previous, userId, cart);
      }
      if (cart.length === 0) {
        throw conflict('Your cart is empty. Add products with PUT /v1/cart/items/{productId}, then check out.');
      }
      // Counted under the cart lock, so two checkouts of one account cannot both pass.
      const unpaid = await countUnpaidOrders(tx, userId, limits.paymentWindowMinutes);
      if (unpaid >= limits.maxUnpaidOrdersPerUser) {
        throw conflict(
          `You have ${unpaid} unpaid orders, the most an account may hold. Pay or cancel one, then check out ` +
            `again (unpaid orders expire after ${limits.paymentWindowMinutes} minutes).`,
        );
      }

      // Rows are locked in product id order (the cart comes sorted): two checkouts that share
      // products then always wait for each other in the same order, never in a cycle (deadlock).
      const lines: NewOrderLine[] = [];
      for (const { productId, quantity } of cart) {
        const reserved = await reserveStock(tx, productId, quantity);
        if (!reserved) throw await unavailable(tx, { productId, quantity });
        // Name and price come from the catalogue row just locked, never from the client.
        lines.push({ productId, quantity, name: reserved.name, unitPriceCents: reserved.priceCents });
      }
      const totalCents = lines.reduce((total, line) => total + line.unitPriceCents * line.quantity, 0);
      const orderId = await insertOrder(tx, { userId, currency: SHOP_CURRENCY, totalCents, lines });
      await removeCartLines(
        tx,
        userId,
        cart.map((line) => line.productId),
      );
      if (idempotencyKey !== undefined) {
        await insertIdempotencyKey(tx, {
          userId,
          key: idempotencyKey,
          fingerprint: fingerprintOf(userId, cart),
          orderId,
        });
      }
      return { order: await mustFindOrder(tx, orderId), replayed: false };
    });
  } catch (error) {
    // Backstop: two requests with one key that both got past the cart lock (the cart changed
    // between them). The primary key let only the first commit; answer the second from it.
    if (idempotencyKey !== undefined && isUniqueViolation(error)) {
      const previous = await findIdempotencyKey(db, userId, idempotencyKey);
      if (previous) return replay(db, previous, userId, cart);
    }
    throw error;
  }
}

/**
 * What the key was used for: this user checking out these quantities of these products. The
 * client sends no body, so the request *is* the cart at the moment of checkout.
 */
function fingerprintOf(userId: string, cart: CartLine[]): string {
  const canonical = JSON.stringify([userId, cart.map((line) => [line.productId, line.quantity])]);
  return createHash('sha256').update(canonical).digest('hex');
}

async function replay(db: Queryable, previous: IdempotencyKeyRecord, userId: string, cart: CartLine[]) {
  // A successful checkout empties the cart, so an empty cart is exactly what a retry finds.
  // A cart with other contents means the key is being reused for a different purchase.
  if (cart.length > 0 && fingerprintOf(userId, cart) !== previous.fingerprint) {
    throw unprocessable(
      'This Idempotency-Key was already used for a checkout of different cart contents. Use a new key for a new order.',
    );
  }
  return { order: await mustFindOrder(db, previous.orderId), replayed: true };
}

/** The 409 for a line that cannot be bought, naming the product and saying what to do. */
async function unavailable(db: Queryable, line: CartLine): Promise<HttpProblem> {
  const product = await findProduct(db, line.productId);
  if (!product?.active) {
    return new HttpProblem(
      409,
      `"${product?.name ?? line.productId}" is no longer for sale. Remove it from your cart.`,
      {
        title: 'Product unavailable',
      },
    );
  }
  return new HttpProblem(
    409,
    `Not enough stock for "${product.name}": ${product.stock} left, ${line.quantity} in your cart. ` +
      'Lower the quantity in your cart and check out again. Nothing was charged or reserved.',
    { title: 'Out of stock' },
  );
}

async function mustFindOrder(db: Queryable, id: string): Promise<Order> {
  const order = await loadOrder(db, id);
  if (!order) throw new Error(`order ${id} vanished`);
  return order;
}
