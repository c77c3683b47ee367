/**
 * Schemas shared by every resource: ids, timestamps, error responses, request bodies. A template
 * uses the ones its resources need; `@public` tells knip (`npm run lint:unused`) not to report the
 * others. Collections (a paged list and its items by id) have their own (`pagination-schemas.ts`).
 */
import { type TObjectOptions, type TProperties, type TSchema, Type } from 'typebox';

/** @public */
export const UuidSchema = Type.String({ format: 'uuid', maxLength: 36 });
/** @public A timestamp as the server writes it (`Date#toISOString`, UTC). */
export const DateTimeSchema = Type.String({ format: 'date-time', maxLength: 30 });

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
