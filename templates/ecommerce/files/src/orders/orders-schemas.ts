/** Request and response shapes of orders. */
import { type Static, Type } from 'typebox';
import { MAX_CART_LINES, MAX_QUANTITY } from '../cart/cart-schemas.js';
import { PageQuerySchema } from '../http/pagination-schemas.js';
import { BodyObject, DateTimeSchema, UuidSchema } from '../http/schemas.js';
import { CentsSchema, CurrencySchema } from '../money.js';
import { ORDER_STATUSES } from './order-status.js';

const OrderStatusSchema = Type.Enum(ORDER_STATUSES, {
  description: 'pending_payment → paid → shipped → delivered; cancelled from pending_payment or paid',
});

const OrderLineSchema = Type.Object({
  productId: UuidSchema,
  name: Type.String({ maxLength: 200, description: 'The product name at checkout' }),
  unitPriceCents: CentsSchema,
  quantity: Type.Integer({ format: 'int32', minimum: 1, maximum: MAX_QUANTITY }),
  lineTotalCents: CentsSchema,
});

export const OrderSchema = Type.Object({
  id: UuidSchema,
  userId: UuidSchema,
  status: OrderStatusSchema,
  items: Type.Array(OrderLineSchema, { maxItems: MAX_CART_LINES }),
  totalCents: CentsSchema,
  currency: CurrencySchema,
  paymentReference: Type.Union([
    Type.String({ maxLength: 255, description: 'The payment provider’s id' }),
    Type.Null(),
  ]),
  paidAt: Type.Union([DateTimeSchema, Type.Null()]),
  refundStatus: Type.Union([Type.Enum(['pending', 'refunded']), Type.Null()], {
    description:
      'For a cancelled paid order: pending until the provider has given the money back (retried), then refunded',
  }),
  createdAt: DateTimeSchema,
  updatedAt: DateTimeSchema,
});
export type Order = Static<typeof OrderSchema>;

export const CheckoutHeadersSchema = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 255,
      description: 'A value unique to this checkout (a UUID): a retry with the same key returns the same order',
    }),
  ),
});

/**
 * Checkout takes no fields: what is bought comes from the cart, what it costs from the
 * catalogue. Anything a client sends (`totalCents`, `status`, …) is a 400, not silently used.
 * No body at all is fine too (see `noBodyIsEmpty`).
 */
export const CheckoutBodySchema = BodyObject({});

export const PayBodySchema = BodyObject({
  paymentMethod: Type.String({
    minLength: 1,
    maxLength: 255,
    description: 'A payment method token from the provider; the fake provider takes test_success or test_decline',
    examples: ['test_success'],
  }),
});

/** What an admin may set; `paid` only comes from a payment, `pending_payment` only from checkout. */
export const AdminStatusBodySchema = BodyObject({
  status: Type.Enum(['shipped', 'delivered', 'cancelled']),
});

export const OrderListQuerySchema = Type.Object({
  ...PageQuerySchema.properties,
  status: Type.Optional(OrderStatusSchema),
});
export type OrderListQuery = Static<typeof OrderListQuerySchema>;
