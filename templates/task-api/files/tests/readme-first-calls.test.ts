/** The README's curl examples (register, log in, create a task) against a real listening app. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runReadmeCurlBlock } from './helpers/readme-calls.js';
import { buildTestApp, type TestApp } from './helpers/test-app.js';

let app: TestApp;
let baseUrl: string;
beforeAll(async () => {
  app = await buildTestApp();
  baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(() => app.close());

describe('README: first calls with curl', () => {
  it('work as written', { timeout: 60_000 }, async () => {
    const output = await runReadmeCurlBlock(baseUrl);
    expect(output).toContain('"title":"Try the API"');
    const rows = await app.db.query<{ count: number }>('SELECT count(*)::int AS count FROM tasks');
    expect(rows).toEqual([{ count: 1 }]);
  });
});
