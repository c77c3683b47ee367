/**
 * Schemas of a collection: its paged list, the query (`limit`, `cursor`) and the answer
 * (`{ items, nextCursor }`), and the path of one of its items (`/:id`). The items are the ones
 * the cursor pages through, identified by a UUID (the cursor's last key). The cursor itself is
 * made and checked in `cursor.ts`.
 */
import { type TSchema, Type } from 'typebox';
import { UuidSchema } from './schemas.js';

/** The most items one page holds. */
const MAX_PAGE_SIZE = 100;
/**
 * A cursor carries the last item's sort keys (a name of up to 200 characters among them),
 * base64url-encoded: up to ~1.2k characters, so 2048 leaves room.
 */
const CURSOR_MAX_LENGTH = 2048;

/** `limit` has a hard maximum so one request can never ask for the whole table. */
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

export const pageOf = <Item extends TSchema>(item: Item) =>
  Type.Object({
    items: Type.Array(item, { maxItems: MAX_PAGE_SIZE }),
    nextCursor: Type.Union([Type.String({ maxLength: CURSOR_MAX_LENGTH, pattern: '^[\\w-]+$' }), Type.Null()], {
      description: 'Pass as `cursor` for the next page; null on the last page',
    }),
  });

/** `/:id`: one item of a collection. */
export const IdParamsSchema = Type.Object({ id: UuidSchema });
