/** The README's curl examples (current weather, forecast) against a real listening app and the fake provider. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runReadmeCurlBlock } from './helpers/readme-calls.js';
import type { TestApp } from './helpers/test-app.js';
import { buildWeatherApp, type FakeOpenMeteo, startFakeOpenMeteo } from './helpers/weather.js';

let fake: FakeOpenMeteo;
let app: TestApp;
let baseUrl: string;
beforeAll(async () => {
  fake = await startFakeOpenMeteo();
  // A patient client: the first calls of a fresh app may be slow on a busy machine.
  app = await buildWeatherApp(fake, { UPSTREAM_TIMEOUT_MS: '5000', UPSTREAM_DEADLINE_MS: '10000' });
  baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await app.close();
  await fake.close();
});

describe('README: first calls with curl', () => {
  it('work as written', { timeout: 60_000 }, async () => {
    const output = await runReadmeCurlBlock(baseUrl);
    expect(output).toContain('"Berlin"');
    expect(output).toContain('"Tokyo"');
  });
});
