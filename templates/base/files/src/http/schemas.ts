/** Schemas shared by every resource: ids, pagination, error responses. */
import { type TObjectOptions, type TProperties, type TSchema, Type } from 'typebox';

export const UuidSchema = Type.String({ format: 'uuid' });
export const IdParamsSchema = Type.Object({ id: UuidSchema });

/** `limit` has a hard maximum so one request can never ask for the whole table. */
export const PageQuerySchema = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
  cursor: Type.Optional(
    Type.String({ minLength: 1, maxLength: 512, description: 'The `nextCursor` of the previous page' }),
  ),
});

export const pageOf = <Item extends TSchema>(item: Item) =>
  Type.Object({
    items: Type.Array(item),
    nextCursor: Type.Union([Type.String(), Type.Null()], {
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
