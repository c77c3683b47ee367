/**
 * Redis is optional: it shares rate-limit counters between instances. When it goes away, the API
 * must keep answering (counting in memory, said once in the log) and never turn requests into
 * 500s; `/readyz` reports it. The first block needs no Redis at all (the URL points at a closed
 * port); the second one puts a proxy between the app and a real Redis and cuts it, to see the
 * app lose Redis while running and find it again.
 */
import { type AddressInfo, connect, createServer, type Server, type Socket } from 'node:net';
import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { closedPort } from './helpers/closed-port.js';
import { buildTestApp, type TestApp } from './helpers/test-app.js';

/** Requests one URL `count` times, in order, from one client; returns the status codes and the slowest answer. */
async function hammer(app: TestApp, count: number, { url = '/openapi.json', remoteAddress = '127.0.0.1' } = {}) {
  const statuses: number[] = [];
  let slowestMs = 0;
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    statuses.push((await app.inject({ method: 'GET', url, remoteAddress })).statusCode);
    slowestMs = Math.max(slowestMs, performance.now() - started);
  }
  return { statuses, slowestMs };
}

describe('with Redis unreachable', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await buildTestApp(
      { REDIS_URL: `redis://127.0.0.1:${await closedPort()}`, RATE_LIMIT_PER_MINUTE: '3' },
      (routes) =>
        // A route with a limit of its own, like login: its counters fall back to memory as well.
        routes.get(
          '/strict',
          {
            schema: { response: { 200: Type.Object({ ok: Type.Boolean() }) } },
            config: { rateLimit: { max: 1, timeWindow: 60_000 } },
          },
          async () => ({ ok: true }),
        ),
    );
  });
  afterAll(() => app?.close());

  it('keeps answering, promptly, and still limits each client (in this instance’s memory)', async () => {
    const warn = vi.spyOn(app.log, 'warn');
    const { statuses, slowestMs } = await hammer(app, 5);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect(slowestMs).toBeLessThan(500);
    // Once, not once per request: an outage must not flood the log.
    expect(warn.mock.calls.filter(([, message]) => String(message).includes('Redis'))).toHaveLength(1);
    warn.mockRestore();
  });

  it('falls back for routes with a limit of their own too', async () => {
    expect((await hammer(app, 2, { url: '/strict' })).statuses).toEqual([200, 429]);
  });

  it('/readyz says Redis is failing', async () => {
    const response = await app.inject({ method: 'GET', url: '/readyz' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ status: 'unavailable', checks: { database: 'ok', redis: 'failing' } });
  });
});

/** A TCP proxy to Redis that can be cut (every connection dropped, new ones refused) and restored. */
async function cuttableProxy(target: URL) {
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = 0;
  const open = () =>
    new Promise<void>((resolve) => {
      const listening = createServer((client) => {
        const upstream = connect(Number(target.port || 6379), target.hostname);
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('close', () => sockets.delete(socket));
          socket.on('error', () => socket.destroy());
        }
        client.pipe(upstream).pipe(client);
      });
      server = listening;
      listening.listen(port, '127.0.0.1', () => {
        port = (listening.address() as AddressInfo).port;
        resolve();
      });
    });
  await open();
  return {
    url: () => `redis://127.0.0.1:${port}`,
    async cut() {
      await new Promise((resolve) => {
        server?.close(resolve);
        for (const socket of sockets) socket.destroy();
      });
    },
    restore: open,
  };
}

describe.runIf(process.env.REDIS_URL)('Redis going away and coming back', () => {
  let proxy: Awaited<ReturnType<typeof cuttableProxy>>;
  let app: TestApp;
  let peer: TestApp;
  beforeAll(async () => {
    proxy = await cuttableProxy(new URL(process.env.REDIS_URL ?? ''));
    // Two instances of one app: `app` reaches Redis through the proxy, `peer` directly.
    app = await buildTestApp({ REDIS_URL: proxy.url(), RATE_LIMIT_PER_MINUTE: '4' });
    peer = await buildTestApp({ REDIS_URL: process.env.REDIS_URL ?? '', RATE_LIMIT_PER_MINUTE: '4' });
  });
  afterAll(async () => {
    await Promise.all([app?.close(), peer?.close()]);
    await proxy?.cut();
  });

  /** Each step is a different client, so that one step's count does not carry into the next. */
  const from = (instance: TestApp, remoteAddress: string) =>
    instance.inject({ method: 'GET', url: '/openapi.json', remoteAddress }).then((response) => response.statusCode);
  const redisReady = () => vi.waitFor(() => expect(app.redis?.status).toBe('ready'), { timeout: 15_000, interval: 50 });

  it('shares counters while Redis answers, counts in memory while it is gone, and shares again once it is back', async () => {
    await redisReady();
    const shared = async (client: string) => [
      await from(app, client),
      await from(app, client),
      await from(peer, client),
      await from(peer, client),
      await from(app, client), // the fifth request of this client across both instances
    ];
    expect(await shared('192.0.2.1')).toEqual([200, 200, 200, 200, 429]);

    await proxy.cut();
    const { statuses, slowestMs } = await hammer(app, 5, { remoteAddress: '192.0.2.2' });
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
    expect(slowestMs).toBeLessThan(2_000);
    expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(503);

    await proxy.restore();
    await redisReady();
    expect(await shared('192.0.2.3')).toEqual([200, 200, 200, 200, 429]);
    expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
  }, 30_000);
});
