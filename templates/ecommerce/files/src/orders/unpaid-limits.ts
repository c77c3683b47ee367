/**
 * What one account may hold without paying, and why a line cannot be bought: the checkout's
 * rules that are not about concurrency. Called by checkOut inside its transaction, under the
 * cart lock.
 */
import type { Queryable } from '../db/database.js';
import { conflict, HttpProblem } from '../http/problem.js';
import { findProduct } from '../products/products-repository.js';
import { countUnpaidOrders, sumUnpaidUnitsByProduct } from './orders-repository.js';

type CartLine = { productId: string; quantity: number };

/** How much stock one account may hold without paying (see docs/design.md, the decisions). */
export interface UnpaidOrderLimits {
  maxUnpaidOrdersPerUser: number;
  maxUnpaidUnitsPerProduct: number;
  maxUnpaidUnitsPerUser: number;
  paymentWindowMinutes: number;
}

/** A 409 when this cart would take the account past its unpaid orders or units. */
export async function assertMayHoldMore(db: Queryable, userId: string, cart: CartLine[], limits: UnpaidOrderLimits) {
  const unpaid = await countUnpaidOrders(db, userId, limits.paymentWindowMinutes);
  if (unpaid >= limits.maxUnpaidOrdersPerUser) {
    throw conflict(
      `You have ${unpaid} unpaid orders, the most an account may hold. Pay or cancel one, then check out ` +
        `again (unpaid orders expire after ${limits.paymentWindowMinutes} minutes).`,
    );
  }
  await checkUnitsHeld(db, userId, cart, limits);
}

/**
 * A cap on unpaid orders alone does not bound what they hold: one order of 50 lines × 99 units
 * could take every product off sale for the whole payment window. So the units an account holds
 * unpaid, with this cart added, are bounded per product and in total. Called under the cart
 * lock, like the order count: two checkouts of one account cannot both pass.
 */
async function checkUnitsHeld(db: Queryable, userId: string, cart: CartLine[], limits: UnpaidOrderLimits) {
  const held = await sumUnpaidUnitsByProduct(db, userId, limits.paymentWindowMinutes);
  const advice = `Lower the quantity in your cart, or pay for an unpaid order first (unpaid orders expire after ${limits.paymentWindowMinutes} minutes).`;
  for (const line of cart) {
    const holding = (held.get(line.productId) ?? 0) + line.quantity;
    if (holding > limits.maxUnpaidUnitsPerProduct) {
      const product = await findProduct(db, line.productId);
      throw new HttpProblem(
        409,
        `An account may hold at most ${limits.maxUnpaidUnitsPerProduct} units of one product unpaid; with this cart ` +
          `you would hold ${holding} of "${product?.name ?? line.productId}". ${advice}`,
        { title: 'Hold limit reached' },
      );
    }
  }
  const total = [...held.values(), ...cart.map((line) => line.quantity)].reduce((sum, units) => sum + units, 0);
  if (total > limits.maxUnpaidUnitsPerUser) {
    throw new HttpProblem(
      409,
      `An account may hold at most ${limits.maxUnpaidUnitsPerUser} units unpaid in all; with this cart you would hold ${total}. ${advice}`,
      { title: 'Hold limit reached' },
    );
  }
}

/** The 409 for a line that cannot be bought, naming the product and saying what to do. */
export async function whyUnavailable(db: Queryable, line: CartLine): Promise<HttpProblem> {
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
