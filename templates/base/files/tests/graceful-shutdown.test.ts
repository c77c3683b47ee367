/**
 * Closing the app while a request runs: the request gets its full answer, its keep-alive
 * socket is closed with it (`Connection: close`), and `close()` does not wait for the
 * keep-alive timeout. Without that, a deploy would hang for a minute on every busy instance.
 */
import { Agent, type IncomingMessage, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './helpers/test-app.js';

let app: TestApp;
let port: number;
const agent = new Agent({ keepAlive: true });

beforeAll(async () => {
  app = await buildTestApp({}, (app) => {
    app.get('/slow', async () => {
      await sleep(300);
      return { done: true };
    });
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  port = (app.server.address() as AddressInfo).port;
});
afterAll(() => agent.destroy());

function get(path: string): Promise<{ response: IncomingMessage; body: string }> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path, agent }, async (response) => {
      let body = '';
      for await (const chunk of response) body += chunk;
      resolve({ response, body });
    })
      .on('error', reject)
      .end();
  });
}

describe('graceful shutdown', () => {
  it('finishes an in-flight request, closes its connection, and closes promptly', async () => {
    // A first request leaves an idle keep-alive socket behind.
    expect((await get('/healthz')).response.statusCode).toBe(200);

    const inFlight = get('/slow');
    await sleep(50);
    const started = Date.now();
    const closed = app.close();

    const { response, body } = await inFlight;
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(body)).toEqual({ done: true });
    expect(response.headers.connection).toBe('close');
    await closed;
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(app.server.listening).toBe(false);
  });
});
