/**
 * Cursor ("keyset") pagination: the cursor carries the sort value and id of the last item of a
 * page, and the next page starts strictly after it. Unlike OFFSET, the database never scans the
 * rows it skips, and inserts between two requests do not shift items across pages.
 */
import { badRequest } from './problem.js';

/** Opaque to clients: base64url of a JSON array of the last item's sort keys. */
export function encodeCursor(keys: readonly (string | number | null)[]): string {
  return Buffer.from(JSON.stringify(keys)).toString('base64url');
}

/**
 * `isValid` checks what the keys mean (a UUID, a date, …): a cursor is client input, and a
 * tampered value must be a 400 here, not a failed cast in SQL (a 500).
 */
export function decodeCursor(
  cursor: string,
  expectedLength: number,
  isValid: (keys: (string | number | null)[]) => boolean = () => true,
): (string | number | null)[] {
  try {
    const keys: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(keys) &&
      keys.length === expectedLength &&
      keys.every((key) => key === null || typeof key === 'string' || typeof key === 'number') &&
      isValid(keys)
    ) {
      return keys;
    }
  } catch {
    // fall through: any undecodable cursor gets the same answer
  }
  throw badRequest('The cursor is not valid for this list. Use the `nextCursor` of the previous page, unchanged.', [
    { field: '/cursor', message: 'invalid cursor' },
  ]);
}

/**
 * Repositories fetch `limit + 1` rows: the extra row only tells whether another page exists.
 */
export function toPage<Row, Item>(
  rows: Row[],
  limit: number,
  toItem: (row: Row) => Item,
  cursorKeys: (row: Row) => (string | number | null)[],
): { items: Item[]; nextCursor: string | null } {
  const pageRows = rows.slice(0, limit);
  const last = pageRows.at(-1);
  return {
    items: pageRows.map(toItem),
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor(cursorKeys(last)) : null,
  };
}
