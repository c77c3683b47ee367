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

/**
 * Characters a line of text never needs: control characters (NUL, newlines, tabs, ESC…) and the
 * bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), which make
 * text display in another order than it is stored ("Trojan Source", CVE-2021-42574).
 */
const NOT_IN_A_LINE = '\\p{Cc}\\u202A-\\u202E\\u2066-\\u2069';
/**
 * A character that shows: not a space of any kind, not a control or format character (zero-width
 * spaces and joiners, soft hyphens, direction marks), not a combining mark on its own, not one
 * of the blank "letters" (Hangul fillers, the braille blank).
 */
const VISIBLE = '[^\\s\\p{Cc}\\p{Cf}\\p{M}\\u115F\\u1160\\u3164\\uFFA0\\u2800]';

/**
 * @public One line of text that people read (a title, a name, a tag): at least one visible
 * character, and none of the characters above. Lengths count code points after NFC (see
 * http/validation.ts), as PostgreSQL's `char_length` does.
 */
export const TextLine = (options: { minLength?: number; maxLength: number; description?: string }) =>
  Type.String({ minLength: 1, ...options, pattern: `^[^${NOT_IN_A_LINE}]*${VISIBLE}[^${NOT_IN_A_LINE}]*$` });

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
