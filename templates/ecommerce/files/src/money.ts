/**
 * Money is an integer number of the currency's minor unit (cents), never a float: 0.1 + 0.2 is
 * not 0.3 in binary floating point, and a shop must add up to the cent. Divide by 100 only when
 * showing a price to a person.
 *
 * The shop sells in one currency. Every amount still travels with its currency (in the database
 * and in responses), so a client never has to guess, and adding currencies later is a matter of
 * prices per currency, not of finding every place that assumed one.
 */
import { Type } from 'typebox';
import { badRequest } from './http/problem.js';

export const SHOP_CURRENCY = 'EUR';

/** Up to 1,000,000.00 per unit: far beyond a practice shop, far below integer overflow. */
export const MAX_PRICE_CENTS = 100_000_000;

/** Above any amount the shop can reach: the largest order is 50 lines × 99 × MAX_PRICE_CENTS (≈ 5·10¹¹). */
const MAX_AMOUNT_CENTS = 1_000_000_000_000;
export const CentsSchema = Type.Integer({
  format: 'int64',
  minimum: 0,
  maximum: MAX_AMOUNT_CENTS,
  description: 'An amount in cents (1999 = 19.99)',
});
export const CurrencySchema = Type.String({
  minLength: 3,
  maxLength: 3,
  pattern: '^[A-Z]{3}$',
  description: 'ISO 4217 code',
  examples: [SHOP_CURRENCY],
});

/** A currency a client sent: the shop's is fine, any other is a 400 that names it. */
export function assertShopCurrency(currency: string | undefined): void {
  if (currency !== undefined && currency !== SHOP_CURRENCY) {
    throw badRequest(
      `This shop sells in ${SHOP_CURRENCY} only: "${currency}" is not accepted. Leave currency out, or send "${SHOP_CURRENCY}".`,
      [{ field: '/currency', message: `must be "${SHOP_CURRENCY}"` }],
    );
  }
}
