import { describe, expect, it } from 'vitest';
import { isValidPackageName, packageNameProblem, toValidPackageName } from '../../src/names.js';

describe('isValidPackageName', () => {
  it.each(['my-api', 'api2', 'a.b_c~d', 'x'.repeat(214)])('accepts %s', (name) => {
    expect(isValidPackageName(name)).toBe(true);
  });

  it.each([
    ['', 'empty'],
    ['My-Api', 'uppercase'],
    ['my api', 'spaces'],
    ['node_modules', 'reserved'],
    ['favicon.ico', 'reserved'],
    ['.hidden', 'starts with "."'],
    ['_private', 'starts with "_"'],
    ['a/b', 'URL-safe'],
    ['a*b', 'a-z, 0-9'],
    ['café', 'URL-safe'],
    ['x'.repeat(215), 'longer than 214'],
  ])('rejects %j (%s)', (name, reason) => {
    expect(isValidPackageName(name)).toBe(false);
    expect(packageNameProblem(name)).toContain(reason);
  });
});

describe('toValidPackageName', () => {
  it.each([
    ['My API', 'my-api'],
    ['  Spaced   Out  ', 'spaced-out'],
    ['.hidden', 'hidden'],
    ['_private', 'private'],
    ['node_modules', 'node-modules'],
    ['favicon.ico', 'favicon-ico'],
    ['Ünïcode!!', 'n-code'],
    ['...', 'my-backend'],
  ])('%j → %j', (input, expected) => {
    expect(toValidPackageName(input)).toBe(expected);
    expect(isValidPackageName(toValidPackageName(input))).toBe(true);
  });
});
