/**
 * What each template is loaded with: a way to fill the database through the API, then the
 * requests to measure (as autocannon request definitions).
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { execa } from 'execa';
import type { UpstreamStarter } from '../verify/generated-project.js';
import { Log } from '../verify/report.js';
import { startFakeOpenMeteo } from '../verify/upstreams.js';

export interface BenchRequest {
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** autocannon hook to vary each request (e.g. a fresh idempotency key); context is per connection */
  setupRequest?: (request: import('autocannon').Request, context: { token?: string }) => import('autocannon').Request;
  /** a second request each connection sends after this one (measured together) */
  followedBy?: Omit<BenchRequest, 'name' | 'followedBy'>;
}

export interface Scenario {
  /** fills the database through the API and returns what to measure */
  prepare(baseUrl: string): Promise<BenchRequest[]>;
  /** extra environment for the measured server (e.g. lifting a per-user limit the load would hit) */
  env?: Record<string, string>;
  /** runs before the measured server starts (e.g. the seed, which refuses NODE_ENV=production) */
  before?(dir: string, databaseUrl: string): Promise<void>;
  /** starts a fake upstream for templates that call one; returns the env that points at it */
  upstream?(dir: string): ReturnType<UpstreamStarter>;
}

async function call<T>(baseUrl: string, method: string, path: string, body?: unknown, token?: string): Promise<T> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${await response.text()}`);
  return (await response.json().catch(() => undefined)) as T;
}

async function userWithToken(baseUrl: string) {
  const email = `bench-${randomUUID()}@example.com`;
  const password = 'bench-password-123';
  await call(baseUrl, 'POST', '/v1/auth/register', { email, password });
  const { accessToken } = await call<{ accessToken: string }>(baseUrl, 'POST', '/v1/auth/login', { email, password });
  return { email, accessToken };
}

export const scenarios: Record<string, Scenario> = {
  'task-api': {
    async prepare(baseUrl) {
      // The measured user's 200 tasks, among 20 users' (4 000 tasks, 40 tags): with one user's
      // rows alone the planner sees tables so small that scanning them whole looks cheapest,
      // which no real database would do.
      const users = await Promise.all(Array.from({ length: 20 }, () => userWithToken(baseUrl)));
      const firstTaskIds = await Promise.all(
        users.map(async ({ accessToken }, user) => {
          let firstId = '';
          for (let i = 0; i < 200; i++) {
            const task = await call<{ id: string }>(
              baseUrl,
              'POST',
              '/v1/tasks',
              { title: `Task ${i}`, tags: [`owner-${user}`, `tag-${i % 20}`], dueDate: '2030-01-01' },
              accessToken,
            );
            firstId ||= task.id;
          }
          return firstId;
        }),
      );
      const accessToken = users[0]?.accessToken;
      const firstId = firstTaskIds[0];
      const auth = { authorization: `Bearer ${accessToken}` };
      return [
        { name: 'GET /v1/tasks?limit=20', method: 'GET', path: '/v1/tasks?limit=20', headers: auth },
        { name: 'GET /v1/tasks/:id', method: 'GET', path: `/v1/tasks/${firstId}`, headers: auth },
        {
          name: 'POST /v1/tasks',
          method: 'POST',
          path: '/v1/tasks',
          headers: auth,
          body: JSON.stringify({ title: 'Benchmark task', tags: ['bench'] }),
        },
      ];
    },
  },
  ecommerce: {
    // 50 buyers checking out as fast as they can: far over the per-user checkout limit.
    env: { CHECKOUT_RATE_LIMIT_PER_MINUTE: '100000000' },
    async before(dir, databaseUrl) {
      await execa('npm', ['run', 'db:seed'], { cwd: dir, env: { NODE_ENV: 'development', DATABASE_URL: databaseUrl } });
    },
    async prepare(baseUrl) {
      const { accessToken: adminToken } = await call<{ accessToken: string }>(baseUrl, 'POST', '/v1/auth/login', {
        email: 'admin@example.com',
        password: 'admin-password-123',
      });
      const product = await call<{ id: string }>(
        baseUrl,
        'POST',
        '/v1/products',
        { sku: 'BENCH-1', name: 'Benchmark widget', category: 'bench', priceCents: 1234, stock: 1_000_000 },
        adminToken,
      );
      const buyers = await Promise.all(Array.from({ length: 50 }, () => userWithToken(baseUrl)));
      // autocannon gives each connection its own context: one buyer per connection, so carts
      // do not collide and every checkout finds the item its connection just put in.
      let next = 0;
      const asBuyer = (request: import('autocannon').Request, context: { token?: string }) => {
        context.token ??= buyers[next++ % buyers.length]?.accessToken;
        return { ...request, headers: { ...request.headers, authorization: `Bearer ${context.token}` } };
      };
      return [
        { name: 'GET /v1/products?limit=20', method: 'GET', path: '/v1/products?limit=20' },
        {
          name: 'PUT cart item + POST /v1/orders',
          method: 'PUT',
          path: `/v1/cart/items/${product.id}`,
          body: JSON.stringify({ quantity: 1 }),
          setupRequest: asBuyer,
          followedBy: {
            method: 'POST',
            path: '/v1/orders',
            setupRequest: (request, context) => {
              const withToken = asBuyer(request, context);
              return { ...withToken, headers: { ...withToken.headers, 'idempotency-key': randomUUID() } };
            },
          },
        },
      ];
    },
  },
  'external-api': {
    // The weather routes have their own, stricter per-IP limit; one load generator is one IP.
    env: { WEATHER_RATE_LIMIT_PER_MINUTE: '100000000' },
    // The same fake Open-Meteo the verification pipeline boots the template against.
    upstream: (dir) => startFakeOpenMeteo(new Log(join(dir, 'fake-open-meteo.log')), dir),
    async prepare(baseUrl) {
      // One miss fills the cache; every measured request is then a fresh cache hit.
      await call(baseUrl, 'GET', '/v1/weather/current?city=Berlin');
      return [{ name: 'GET /v1/weather/current (cached)', method: 'GET', path: '/v1/weather/current?city=Berlin' }];
    },
  },
};
