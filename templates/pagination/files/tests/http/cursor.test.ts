/**
 * The cursor checks at their edges: each accepts exactly what its SQL cast accepts and nothing
 * around it, so a tampered cursor is a 400 here and never a failed cast (a 500) in the database.
 */
import { describe, expect, it } from 'vitest';
import { cursorKey, decodeCursor, encodeCursor, type KeyCheck, toPage } from '../../src/http/cursor.js';
import { HttpProblem } from '../../src/http/problem.js';

const UUID = '0b5c4830-1f2e-4d3c-9a8b-7c6d5e4f3a2b';
const TIMESTAMP = '2026-01-31T09:15:00.123456Z';

const encoded = (keys: unknown) => Buffer.from(JSON.stringify(keys)).toString('base64url');

function expectInvalid(cursor: string, checks: readonly KeyCheck<string | number>[]) {
  try {
    decodeCursor(cursor, checks);
  } catch (error) {
    expect(error).toBeInstanceOf(HttpProblem);
    expect((error as HttpProblem).status).toBe(400);
    expect((error as HttpProblem).errors).toEqual([{ field: '/cursor', message: 'invalid cursor' }]);
    return;
  }
  throw new Error(`cursor ${cursor} was accepted`);
}

describe('decodeCursor', () => {
  it('returns the values of a cursor made by encodeCursor, typed by their checks', () => {
    const cursor = encodeCursor(['newest', TIMESTAMP, UUID]);
    const [sort, createdAt, id] = decodeCursor(cursor, [
      cursorKey.literal('newest'),
      cursorKey.timestamp,
      cursorKey.uuid,
    ]);
    expect([sort, createdAt, id]).toEqual(['newest', TIMESTAMP, UUID]);
  });

  it.each([
    ['not base64url JSON', 'not-a-cursor'],
    ['JSON that is not an array', encoded({ 0: TIMESTAMP, 1: UUID })],
    ['too few values', encoded([TIMESTAMP])],
    ['too many values', encoded([TIMESTAMP, UUID, UUID])],
    ['values in the wrong order', encoded([UUID, TIMESTAMP])],
    ['a null value', encoded([null, UUID])],
    ['an empty string', ''],
  ])('refuses %s with a 400 on /cursor', (_what, cursor) => {
    expectInvalid(cursor, [cursorKey.timestamp, cursorKey.uuid]);
  });
});

describe('cursorKey', () => {
  const accepts = (check: KeyCheck<string | number>, value: unknown) => expect(check(value), String(value)).toBe(true);
  const refuses = (check: KeyCheck<string | number>, value: unknown) => expect(check(value), String(value)).toBe(false);

  it('literal: only the exact string', () => {
    accepts(cursorKey.literal('price_asc'), 'price_asc');
    for (const value of ['price_desc', 'price_asc ', ' price_asc', 'PRICE_ASC', 1, null]) {
      refuses(cursorKey.literal('price_asc'), value);
    }
  });

  it('uuid: a canonical UUID and nothing around it', () => {
    accepts(cursorKey.uuid, UUID);
    for (const value of [
      `${UUID} `,
      ` ${UUID}`,
      `x${UUID}`,
      `${UUID}x`,
      `${UUID}\n`,
      `${UUID}'--`,
      `{${UUID}}`,
      UUID.replaceAll('-', ''),
      UUID.toUpperCase(),
      UUID.slice(1),
      'not-a-uuid',
      42,
    ]) {
      refuses(cursorKey.uuid, value);
    }
  });

  it('timestamp: UTC with microseconds as the database writes it; no zone names, offsets or text around it', () => {
    for (const value of [
      TIMESTAMP,
      '0001-01-01T00:00:00.000000Z',
      '9999-12-31T23:59:59.999999Z',
      '2024-02-29T00:00:00.000000Z',
    ]) {
      accepts(cursorKey.timestamp, value);
    }
    for (const value of [
      '2020-01-01 00:00 Foo/Bar',
      '2020-01-01 00:00:00+99:99',
      '2020-01-01T00:00:00.000000+99:99',
      '2020-01-01T00:00:00.000000+01:00',
      '2020-01-01T00:00:00.000000 Europe/Paris',
      '2020-01-01 00:00:00.000000+00',
      `${TIMESTAMP} `,
      ` ${TIMESTAMP}`,
      `x${TIMESTAMP}`,
      `${TIMESTAMP}x`,
      `${TIMESTAMP}\n`,
      '2020-01-01T00:00:00.000Z',
      '2020-01-01T00:00:00Z',
      '2023-02-29T00:00:00.000000Z',
      '2030-02-30T00:00:00.000000Z',
      '2020-13-01T00:00:00.000000Z',
      '2020-01-01T24:00:00.000000Z',
      '2020-01-01T23:60:00.000000Z',
      '0000-01-01T00:00:00.000000Z',
      '+012020-01-01T00:00:00.000000Z',
      'infinity',
      'now',
      1_700_000_000_000,
    ]) {
      refuses(cursorKey.timestamp, value);
    }
  });

  it('date: a real calendar date or infinity', () => {
    for (const value of ['2026-01-31', '2024-02-29', '0001-01-01', '9999-12-31', 'infinity'])
      accepts(cursorKey.date, value);
    for (const value of [
      '2023-02-29',
      '2026-02-30',
      '2026-1-31',
      '0000-01-01',
      ' 2026-01-31',
      '2026-01-31 ',
      '2026-01-31x',
      '2026-01-31T00:00:00.000000Z',
      '-infinity',
      'Infinity',
      'epoch',
      20260131,
    ]) {
      refuses(cursorKey.date, value);
    }
  });

  it('integer: a safe integer within the column range', () => {
    const price = cursorKey.integer({ min: 0 });
    for (const value of [0, 1999, 2_147_483_647]) accepts(price, value);
    for (const value of [-1, 2_147_483_648, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, '1999', null]) {
      refuses(price, value);
    }
  });

  it('text: within the column length, without NUL', () => {
    const name = cursorKey.text({ maxLength: 5 });
    for (const value of ['', 'Mug', 'Mugs!']) accepts(name, value);
    for (const value of ['Mugs!!', 'Mu\u0000g', 5]) refuses(name, value);
  });
});

describe('toPage', () => {
  it('returns limit items and a cursor after the last one only when the extra row exists', () => {
    const rows = [1, 2, 3].map((n) => ({ n }));
    const page = toPage(
      rows,
      2,
      (row) => row.n,
      (row) => [row.n],
    );
    expect(page.items).toEqual([1, 2]);
    expect(decodeCursor(String(page.nextCursor), [cursorKey.integer()])).toEqual([2]);
    expect(
      toPage(
        rows,
        3,
        (row) => row.n,
        (row) => [row.n],
      ).nextCursor,
    ).toBeNull();
  });
});
