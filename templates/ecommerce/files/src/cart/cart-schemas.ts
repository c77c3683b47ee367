/** Request and response shapes of the cart. */
import { type Static, Type } from 'typebox';
import { BodyObject, UuidSchema } from '../http/schemas.js';
import { CentsSchema, CurrencySchema } from '../money.js';

export const MAX_QUANTITY = 99;
/** Bounds the work (and the locks) of one checkout. */
export const MAX_CART_LINES = 50;

const CartItemSchema = Type.Object({
  productId: UuidSchema,
  sku: Type.String({ maxLength: 64 }),
  name: Type.String({ maxLength: 200 }),
  unitPriceCents: CentsSchema,
  quantity: Type.Integer({ format: 'int32', minimum: 1, maximum: MAX_QUANTITY }),
  lineTotalCents: CentsSchema,
  available: Type.Boolean({ description: 'False when the product was archived or has fewer units left' }),
});

export const CartSchema = Type.Object({
  items: Type.Array(CartItemSchema, { maxItems: MAX_CART_LINES }),
  totalCents: CentsSchema,
  currency: CurrencySchema,
});
export type Cart = Static<typeof CartSchema>;

export const CartItemParamsSchema = Type.Object({ productId: UuidSchema });

/** Only a quantity: the price always comes from the catalogue, never from the client. */
export const PutCartItemBodySchema = BodyObject({
  quantity: Type.Integer({
    format: 'int32',
    minimum: 0,
    maximum: MAX_QUANTITY,
    description: '0 removes the product from the cart',
  }),
});
