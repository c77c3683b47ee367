/**
 * `npm run smoke` run for real against a listening server: the seeded app on a random local port,
 * or the deployed API at PRACTICE_BASE_URL when it is set (the last practice exercise checks that).
 */
import { execFile } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seed } from '../../src/seed.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

const run = promisify(execFile);
const liveUrl = process.env.PRACTICE_BASE_URL;
let app: TestApp | undefined;
let baseUrl: string;

beforeAll(async () => {
  if (liveUrl) {
    baseUrl = liveUrl;
    return;
  }
  app = await seededApp();
  baseUrl = await listenLocally(app);
});
afterAll(() => app?.close());

/** The flow's steps, in order, as the smoke test prints them. */
const ACCOUNT_STEPS = [
  'GET /healthz',
  'GET /readyz',
  'browse the catalogue (public)',
  'register',
  'log in',
  'an empty cart',
  'admin routes are closed to customers',
];
/** Then, when a product is in stock (the local app is seeded, so locally always). */
const SHOPPING_STEPS = [
  'put a product in the cart',
  'check out',
  'a retried checkout returns the same order',
  'the order is in my orders',
  'cancel it (the unit goes back on sale)',
];

describe('npm run smoke', () => {
  // Twice against the same app: a smoke test runs after every deploy against the same database,
  // so each run needs data of its own (a fixed email fails at 'register' the second time).
  it(`walks the shopping flow twice in a row against ${liveUrl ?? 'the same seeded app on a local port'}`, {
    timeout: 90_000,
  }, async () => {
    const stockBefore = await totalStock();
    for (const run of ['first', 'second']) {
      const result = await smoke(baseUrl);
      const passed = [...result.stdout.matchAll(/^ {2}✓ (.+)$/gm)].map((match) => match[1]);
      const output = `${run} run:\n${result.stdout}${result.stderr}`;
      // A deployment without stock in its catalogue skips the shopping steps and says so.
      const shopping = !liveUrl || !result.stdout.includes('no product in stock');
      expect(passed, output).toEqual(shopping ? [...ACCOUNT_STEPS, ...SHOPPING_STEPS] : ACCOUNT_STEPS);
      expect(result.stdout, output).toContain('Smoke test passed.');
    }
    if (!app) return;

    // Locally we can also check that each step really happened: two new customers (one per
    // run), each with one order, cancelled, an empty cart, and every unit back on the shelf.
    const users = await app.db.query<{ id: string }>("SELECT id FROM users WHERE email LIKE 'smoke-%@example.com'");
    expect(users, 'each run registers a new smoke-…@example.com user (two runs: two users)').toHaveLength(2);
    for (const user of users) {
      const [state] = await app.db.query<{ orders: number; cancelled: number; cart: number }>(
        `SELECT (SELECT count(*)::int FROM orders WHERE user_id = $1) AS orders,
                (SELECT count(*)::int FROM orders WHERE user_id = $1 AND status = 'cancelled') AS cancelled,
                (SELECT count(*)::int FROM cart_items WHERE user_id = $1) AS cart`,
        [user.id],
      );
      expect(state, 'per customer: one order (the retry returned it), cancelled, and an empty cart').toEqual({
        orders: 1,
        cancelled: 1,
        cart: 0,
      });
    }
    expect(await totalStock(), 'every unit the smoke test bought is back on the shelf').toBe(stockBefore);
  });

  // A smoke test earns its place by failing when the deployed API is wrong, not only when it is
  // down: each case below breaks one answer of an otherwise real app, and the flow must stop at
  // the step that checks it. Locally only (a live deployment cannot be broken on purpose).
  it.runIf(!liveUrl)('fails, naming the step, when the API answers wrongly', { timeout: 120_000 }, async () => {
    const cases: { step: string; breakApi: (app: FastifyInstance) => void }[] = [
      {
        step: 'admin routes are closed to customers',
        breakApi: answerInstead('GET', /^\/v1\/admin\/orders/, () => ({
          status: 200,
          body: '{"items":[],"nextCursor":null}',
        })),
      },
      // A PUT answered 200 that put nothing in the cart.
      {
        step: 'put a product in the cart',
        breakApi: answerInstead('PUT', /^\/v1\/cart\/items\//, () => ({
          status: 200,
          body: '{"items":[],"totalCents":0,"currency":"EUR"}',
        })),
      },
      // An API that ignores Idempotency-Key: the retry finds the cart empty (409).
      {
        step: 'a retried checkout returns the same order',
        breakApi: (broken) =>
          broken.addHook('onRequest', async (request) => {
            delete request.headers['idempotency-key'];
          }),
      },
      {
        step: 'the order is in my orders',
        breakApi: answerInstead('GET', /^\/v1\/orders(\?.*)?$/, () => ({
          status: 200,
          body: '{"items":[],"nextCursor":null}',
        })),
      },
      // A cancel answered as if it worked, never stored: only reading the order back shows it.
      {
        step: 'cancel it (the unit goes back on sale)',
        breakApi: answerBefore('POST', /^\/v1\/orders\/[^/]+\/cancel$/, async (request, broken) => {
          const url = request.url.replace(/\/cancel$/, '');
          const stored = await broken.inject({ url, headers: { authorization: request.headers.authorization } });
          return { status: 200, body: { ...(stored.json() as object), status: 'cancelled' } };
        }),
      },
    ];
    const results: Awaited<ReturnType<typeof smoke>>[] = [];
    for (const { breakApi } of cases) {
      const broken = await seededApp(breakApi);
      try {
        results.push(await smoke(await listenLocally(broken)));
      } finally {
        await broken.close();
      }
    }
    results.forEach((result, index) => {
      const output = `broken answer ${index + 1} of ${cases.length}:\n${result.stdout}${result.stderr}`;
      expect(result.code, output).toBe(1);
      // The failed step, and a reason after it (an empty one tells whoever reads CI's log nothing).
      expect(result.stderr, output).toMatch(new RegExp(`✗ ${escapeRegExp(cases[index]?.step ?? '')}: \\S`));
    });
  });

  it('fails, naming the step, when the server is not there', { timeout: 30_000 }, async () => {
    const failure = await smoke('http://127.0.0.1:9');
    expect(failure.code).toBe(1);
    expect(failure.stderr).toContain('✗ GET /healthz');
    expect(failure.stderr).toContain('Smoke test failed.');
  });
});

/** A test app with the seed's catalogue (products in stock), as the README's first calls assume. */
async function seededApp(breakApi?: (app: FastifyInstance) => void): Promise<TestApp> {
  const seeded = await buildTestApp({}, breakApi);
  await seed(seeded.db, seeded.config.auth.password);
  return seeded;
}

async function totalStock(): Promise<number | undefined> {
  if (!app) return undefined;
  const [row] = await app.db.query<{ stock: number }>('SELECT coalesce(sum(stock), 0)::int AS stock FROM products');
  return row?.stock;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Breaks one kind of answer: requests with this method and a URL matching `url` get `change`'s answer. */
function answerInstead(
  method: string,
  url: RegExp,
  change: (status: number, body: string) => { status: number; body: string },
): (app: FastifyInstance) => void {
  return (broken) => {
    broken.addHook('onSend', async (request, reply, payload) => {
      if (request.method !== method || !url.test(request.url)) return payload;
      const answer = change(reply.statusCode, typeof payload === 'string' ? payload : '');
      reply.code(answer.status);
      return answer.body;
    });
  };
}

/** Answers requests with this method and a URL matching `url` before the route runs: nothing is stored. */
function answerBefore(
  method: string,
  url: RegExp,
  answer: (request: FastifyRequest, app: FastifyInstance) => Promise<{ status: number; body?: unknown }>,
): (app: FastifyInstance) => void {
  return (broken) => {
    broken.addHook('preHandler', async (request, reply) => {
      if (request.method !== method || !url.test(request.url)) return;
      const { status, body } = await answer(request, broken);
      return reply.code(status).send(body);
    });
  };
}

/** `npm run smoke -- --base-url <url>` as a real process: its output and exit code. */
async function smoke(url: string): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/cli/smoke.ts', '--base-url', url], {
      env: { ...process.env, NODE_ENV: 'test' },
    });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const { stdout, stderr, code } = error as { stdout: string; stderr: string; code: number };
    return { stdout, stderr, code };
  }
}

/** Starts `app` on a free local port; returns its URL. */
async function listenLocally(listening: TestApp): Promise<string> {
  await listening.listen({ host: '127.0.0.1', port: 0 });
  return `http://127.0.0.1:${(listening.server.address() as AddressInfo).port}`;
}
