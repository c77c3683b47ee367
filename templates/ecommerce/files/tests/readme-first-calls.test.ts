/** The README's curl examples (register, log in, fill the cart) against a real listening app. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seed } from '../src/seed.js';
import { runReadmeCurlBlock } from './helpers/readme-calls.js';
import { buildTestApp, type TestApp } from './helpers/test-app.js';

let app: TestApp;
let baseUrl: string;
beforeAll(async () => {
  app = await buildTestApp();
  await seed(app.db, app.config.auth.password); // the README says to seed first
  baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(() => app.close());

describe('README: first calls with curl', () => {
  it('work as written', { timeout: 60_000 }, async () => {
    const output = await runReadmeCurlBlock(baseUrl);
    expect(output).toContain('"quantity":2');
  });
});
