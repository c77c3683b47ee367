/**
 * `decodeCursor` checks a cursor's shape; the values inside are cast by PostgreSQL
 * (`$1::timestamptz`, `$2::uuid`). A cursor that was edited, or made for another sort, fails that
 * cast: the client's mistake, so a 400 like any other invalid cursor, not a 500.
 */
import { sqlState } from '../db/database.js';
import { badRequest } from './problem.js';

/** invalid_text_representation, invalid_datetime_format, datetime_field_overflow, numeric_value_out_of_range */
const INVALID_VALUE_STATES = new Set(['22P02', '22007', '22008', '22003']);

/** Use as `.catch(invalidCursorIsBadRequest)` on a list query whose only unvalidated input is the cursor. */
export function invalidCursorIsBadRequest(error: unknown): never {
  if (INVALID_VALUE_STATES.has(sqlState(error) ?? '')) {
    throw badRequest('The cursor is not valid for this list. Use the `nextCursor` of the previous page, unchanged.', [
      { field: '/cursor', message: 'invalid cursor' },
    ]);
  }
  throw error;
}
