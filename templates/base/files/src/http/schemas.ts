/**
 * Schemas shared by every resource: ids, pagination, error responses. A template uses the ones
 * its resources need; `@public` tells knip (`npm run lint:unused`) not to report the others.
 */
import { type TObjectOptions, type TProperties, type TSchema, Type } from 'typebox';

/** @public */
export const UuidSchema = Type.String({ format: 'uuid', maxLength: 36 });
/** @public A timestamp as the server writes it (`Date#toISOString`, UTC). */
export const DateTimeSchema = Type.String({ format: 'date-time', maxLength: 30 });

/** @public The most items one page holds. */
export const MAX_PAGE_SIZE = 100;
/**
 * A cursor carries the last item's sort keys (a name of up to 200 characters among them),
 * base64url-encoded: up to ~1.2k characters, so 2048 leaves room.
 */
const CURSOR_MAX_LENGTH = 2048;
/** @public */
export const IdParamsSchema = Type.Object({ id: UuidSchema });

/** @public `limit` has a hard maximum so one request can never ask for the whole table. */
export const PageQuerySchema = Type.Object({
  limit: Type.Integer({ format: 'int32', minimum: 1, maximum: MAX_PAGE_SIZE, default: 20 }),
  cursor: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: CURSOR_MAX_LENGTH,
      description: 'The `nextCursor` of the previous page',
    }),
  ),
});

/** @public */
export const pageOf = <Item extends TSchema>(item: Item) =>
  Type.Object({
    items: Type.Array(item, { maxItems: MAX_PAGE_SIZE }),
    nextCursor: Type.Union([Type.String({ maxLength: CURSOR_MAX_LENGTH, pattern: '^[\\w-]+$' }), Type.Null()], {
      description: 'Pass as `cursor` for the next page; null on the last page',
    }),
  });

/** The error responses an operation can give, for the OpenAPI document. */
export const problemResponses = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((status) => [status, Type.Ref('Problem')])) as Record<number, TSchema>;

/**
 * A request body object: unknown properties are a 400, not silently dropped, so a client
 * that misspells `dueDate` hears about it instead of losing the value.
 */
export const BodyObject = <Properties extends TProperties>(properties: Properties, options: TObjectOptions = {}) =>
  Type.Object(properties, { ...options, additionalProperties: false });

/**
 * A `preValidation` hook for a POST that takes no fields: a request without a body validates
 * as `{}`, so clients need not send one (and the OpenAPI document says the body is optional).
 */
export async function noBodyIsEmpty(request: { body: unknown }) {
  request.body ??= {};
}
