/**
 * Cursor ("keyset") pagination: the cursor carries the sort keys of the last item of a page
 * (a sort value, then the id), and the next page starts strictly after them. Unlike OFFSET,
 * the database never scans the rows it skips, and inserts between two requests do not shift
 * items across pages.
 *
 * A cursor comes back from the client, so it is input like any other: the service decodes it
 * here and checks every value strictly (a real UUID, a real instant written exactly as we
 * write it, an integer in range…) before any SQL runs. A tampered or stale cursor is a 400
 * that never reaches the database; the repositories only ever receive values they can cast.
 */
import { badRequest } from './problem.js';

export type CursorKey = string | number;

/** Checks one value of a decoded cursor; `decodeCursor` takes one per position. */
export type KeyCheck<Key extends CursorKey> = (value: unknown) => value is Key;

/** Opaque to clients: base64url of a JSON array of the last item's sort keys. */
export function encodeCursor(keys: readonly CursorKey[]): string {
  return Buffer.from(JSON.stringify(keys)).toString('base64url');
}

/**
 * Decodes a cursor made by `encodeCursor` and checks it has exactly one value per check, each
 * passing its check, or throws the same 400 whatever is wrong (a client needs no more detail).
 *
 *     const [, createdAt, id] = decodeCursor(cursor, [cursorKey.literal(sort), cursorKey.timestamp, cursorKey.uuid]);
 */
export function decodeCursor<const Checks extends readonly KeyCheck<CursorKey>[]>(
  cursor: string,
  checks: Checks,
): { -readonly [I in keyof Checks]: Checks[I] extends KeyCheck<infer Key> ? Key : never } {
  let keys: unknown;
  try {
    keys = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (!Array.isArray(keys) || keys.length !== checks.length || !checks.every((check, i) => check(keys[i]))) {
    throw invalidCursor();
  }
  return keys as { -readonly [I in keyof Checks]: Checks[I] extends KeyCheck<infer Key> ? Key : never };
}

const invalidCursor = () =>
  badRequest('The cursor is not valid for this list. Use the `nextCursor` of the previous page, unchanged.', [
    { field: '/cursor', message: 'invalid cursor' },
  ]);

/** A string that matches `pattern` from its first character to its last, nothing around it. */
const wholly = (pattern: RegExp) => {
  const anchored = new RegExp(`^(?:${pattern.source})$`);
  return (value: unknown): value is string => typeof value === 'string' && anchored.test(value);
};

const isUuidText = wholly(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);
/** Years 0001-9999, UTC, microseconds: exactly what `exactTimestamp()` in db/exact-timestamp.ts writes. */
const isTimestampText = wholly(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z/);
const isDateText = wholly(/\d{4}-\d{2}-\d{2}/);

/** True for a real calendar moment: no 2024-02-30, no 25:00, no year 0 (PostgreSQL has none). */
function isRealInstant(iso: string): boolean {
  const time = Date.parse(iso);
  return !iso.startsWith('0000') && !Number.isNaN(time) && new Date(time).toISOString() === iso;
}

/** The checks a cursor's values can need. Each accepts only what the matching SQL cast accepts. */
export const cursorKey = {
  /** Exactly this string, e.g. the sort a cursor was made for: one made for another sort would skip or repeat items. */
  literal:
    <Expected extends string>(expected: Expected) =>
    (value: unknown): value is Expected =>
      value === expected,

  /** A UUID in PostgreSQL's canonical lower-case form, as the database returns it. */
  uuid: (value: unknown): value is string => isUuidText(value),

  /** A timestamp as `exactTimestamp()` writes it, e.g. `2026-01-31T09:15:00.123456Z`: no time-zone names, no offsets. */
  timestamp: (value: unknown): value is string => isTimestampText(value) && isRealInstant(`${value.slice(0, 23)}Z`),

  /** A date `YYYY-MM-DD`, or `infinity` (what `coalesce(due_date, 'infinity')` sorts a missing date as). */
  date: (value: unknown): value is string =>
    value === 'infinity' || (isDateText(value) && isRealInstant(`${value}T00:00:00.000Z`)),

  /** An integer within the column's range (a PostgreSQL `integer` by default). */
  integer:
    ({ min = -2_147_483_648, max = 2_147_483_647 } = {}) =>
    (value: unknown): value is number =>
      Number.isSafeInteger(value) && (value as number) >= min && (value as number) <= max,

  /** Text the column could hold: at most `maxLength` characters and no NUL (PostgreSQL text cannot store one). */
  text:
    ({ maxLength }: { maxLength: number }) =>
    (value: unknown): value is string =>
      typeof value === 'string' && value.length <= maxLength && !value.includes('\u0000'),
};

/**
 * Repositories fetch `limit + 1` rows: the extra row only tells whether another page exists.
 */
export function toPage<Row, Item>(
  rows: Row[],
  limit: number,
  toItem: (row: Row) => Item,
  cursorKeys: (row: Row) => CursorKey[],
): { items: Item[]; nextCursor: string | null } {
  const pageRows = rows.slice(0, limit);
  const last = pageRows.at(-1);
  return {
    items: pageRows.map(toItem),
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor(cursorKeys(last)) : null,
  };
}
