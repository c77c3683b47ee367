/**
 * `GET /v1/tasks` apart from HTTP: turn the query string into filters (a normalized tag, a safe
 * search expression, a checked cursor) and a page of rows into the API's page.
 */
import type { Database } from '../db/database.js';
import { cursorKey, decodeCursor, toPage } from '../http/cursor.js';
import { badRequest } from '../http/problem.js';
import { listTasksForOwner, sortKeyOf } from './tasks-list-repository.js';
import type { TaskListQuery, TaskSort } from './tasks-schemas.js';
import { normalizeTag, toTask } from './tasks-service.js';

export async function listTasks(db: Database, ownerId: string, query: TaskListQuery) {
  const rows = await listTasksForOwner(db, ownerId, {
    status: query.status,
    tag: query.tag === undefined ? undefined : normalizeTag(query.tag),
    searchQuery: query.q === undefined ? undefined : toPrefixSearch(query.q),
    dueBefore: query.dueBefore,
    sort: query.sort,
    limit: query.limit,
    after: query.cursor === undefined ? undefined : decodeTaskCursor(query.cursor, query.sort),
  });
  return toPage(rows, query.limit, toTask, (row) => [query.sort, row.sort_key, row.id]);
}

/**
 * A cursor is `[sort, sortKey, id]`. It only makes sense for the sort that produced it, and its
 * values are checked strictly here (http/cursor.ts), so a bad one is a 400 before any SQL runs.
 */
function decodeTaskCursor(cursor: string, sort: TaskSort): { sortKey: string; id: string } {
  const sortKeyCheck = sortKeyOf(sort).type === 'date' ? cursorKey.date : cursorKey.timestamp;
  const [, sortKey, id] = decodeCursor(cursor, [cursorKey.literal(sort), sortKeyCheck, cursorKey.uuid]);
  return { sortKey, id };
}

/**
 * A search's cost grows with its words, and a one-letter prefix (`a:*`) matches most of the
 * index: a few such searches at once could keep every database connection busy. So a search
 * holds at most this many words, and single letters match only as whole words.
 */
const MAX_SEARCH_WORDS = 8;
const MIN_PREFIX_LENGTH = 2;

/**
 * `?q=meet notes` becomes `meet:* & notes:*`: every word must appear, each as a word prefix.
 * Only letters and digits are kept, so nothing a user types can change the query's syntax.
 */
function toPrefixSearch(q: string): string {
  const words = [...new Set(q.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])];
  if (words.length > MAX_SEARCH_WORDS) {
    throw badRequest(`A search can hold at most ${MAX_SEARCH_WORDS} words.`, [
      { field: '/q', message: `must hold at most ${MAX_SEARCH_WORDS} words` },
    ]);
  }
  return words.map((word) => (word.length >= MIN_PREFIX_LENGTH ? `${word}:*` : word)).join(' & ');
}
