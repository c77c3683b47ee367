/** Request and response shapes of the catalogue: validation, types and OpenAPI in one place. */
import { type Static, Type } from 'typebox';
import { PageQuerySchema } from '../http/pagination-schemas.js';
import { BodyObject, DateTimeSchema, TextLine, UuidSchema } from '../http/schemas.js';
import { CentsSchema, CurrencySchema, MAX_PRICE_CENTS, SHOP_CURRENCY } from '../money.js';

export const NAME_MAX_LENGTH = 200;

export const ProductSchema = Type.Object({
  id: UuidSchema,
  sku: Type.String({ maxLength: 64 }),
  name: Type.String({ maxLength: NAME_MAX_LENGTH }),
  description: Type.String({ maxLength: 5000 }),
  category: Type.String({ maxLength: 50 }),
  priceCents: CentsSchema,
  currency: CurrencySchema,
  stock: Type.Integer({ format: 'int32', minimum: 0, maximum: 1_000_000 }),
  active: Type.Boolean({ description: 'False once archived: not listed, cannot be bought' }),
  createdAt: DateTimeSchema,
  updatedAt: DateTimeSchema,
});
export type Product = Static<typeof ProductSchema>;

const SkuSchema = Type.String({
  minLength: 1,
  maxLength: 64,
  pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$',
  examples: ['MUG-001'],
});
/** Shown on every cart and order: it must show something, and read as it is stored (TextLine). */
const NameSchema = TextLine({ maxLength: NAME_MAX_LENGTH });
const DescriptionSchema = Type.String({ maxLength: 5000 });
/** Categories are slugs, so `?category=` needs no case or spacing rules. */
const CategorySchema = Type.String({
  minLength: 1,
  maxLength: 50,
  pattern: '^[a-z0-9]+(-[a-z0-9]+)*$',
  examples: ['kitchen'],
});
const PriceCentsSchema = Type.Integer({
  format: 'int32',
  minimum: 0,
  maximum: MAX_PRICE_CENTS,
  description: 'In cents',
});
const StockSchema = Type.Integer({ format: 'int32', minimum: 0, maximum: 1_000_000 });

/**
 * Products come back with their `currency`, so a client may send it back: the shop's currency is
 * accepted (and changes nothing), any other is refused with a 400 naming it (see money.ts).
 */
const CurrencyFieldSchema = Type.String({
  minLength: 3,
  maxLength: 3,
  pattern: '^[A-Z]{3}$',
  description: `ISO 4217 code; the shop sells in ${SHOP_CURRENCY} only`,
  examples: [SHOP_CURRENCY],
});

export const CreateProductBodySchema = BodyObject({
  sku: SkuSchema,
  name: NameSchema,
  description: Type.Optional(DescriptionSchema),
  category: CategorySchema,
  priceCents: PriceCentsSchema,
  currency: Type.Optional(CurrencyFieldSchema),
  stock: StockSchema,
  active: Type.Optional(Type.Boolean()),
});
export type CreateProductBody = Static<typeof CreateProductBodySchema>;

/** `stock` sets the level (after a stock count); orders already placed keep what they reserved. */
export const UpdateProductBodySchema = BodyObject(
  {
    sku: Type.Optional(SkuSchema),
    name: Type.Optional(NameSchema),
    description: Type.Optional(DescriptionSchema),
    category: Type.Optional(CategorySchema),
    priceCents: Type.Optional(PriceCentsSchema),
    currency: Type.Optional(CurrencyFieldSchema),
    stock: Type.Optional(StockSchema),
    active: Type.Optional(Type.Boolean({ description: 'true puts an archived product back on sale' })),
  },
  { minProperties: 1 },
);
export type UpdateProductBody = Static<typeof UpdateProductBodySchema>;

const PRODUCT_SORTS = ['newest', 'price_asc', 'price_desc', 'name'] as const;
export type ProductSort = (typeof PRODUCT_SORTS)[number];

export const ProductListQuerySchema = Type.Object({
  ...PageQuerySchema.properties,
  q: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 200,
      // A NUL byte cannot reach PostgreSQL as text; refuse it here as a 400.
      pattern: '^[^\\u0000]*$',
      description:
        'Up to 10 words to search in name, description and SKU; "quotes" and up to 10 -exclusions work like a web search',
    }),
  ),
  category: Type.Optional(CategorySchema),
  minPrice: Type.Optional({ ...PriceCentsSchema, description: 'In cents, inclusive' }),
  maxPrice: Type.Optional({ ...PriceCentsSchema, description: 'In cents, inclusive' }),
  sort: Type.Enum(PRODUCT_SORTS, { default: 'newest' }),
});
export type ProductListQuery = Static<typeof ProductListQuerySchema>;

/** Which products an admin lists: those for sale, the archived ones, or all. */
const PRODUCT_STATUSES = ['active', 'archived', 'all'] as const;
export type ProductStatusFilter = (typeof PRODUCT_STATUSES)[number];

export const AdminProductListQuerySchema = Type.Object({
  ...ProductListQuerySchema.properties,
  status: Type.Enum(PRODUCT_STATUSES, { default: 'all', description: 'archived: no longer for sale' }),
});
