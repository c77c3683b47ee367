/**
 * SQL that writes a `timestamptz` column as exact, zone-free text for a list cursor, e.g.
 * `2026-01-31T09:15:00.123456Z`: microseconds in UTC, because a JavaScript Date keeps only
 * milliseconds and the next page would then skip or repeat rows. `cursorKey.timestamp`
 * (http/cursor.ts) accepts exactly this form. Only column names from the code go in here.
 */
export const exactTimestamp = (column: string) =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
