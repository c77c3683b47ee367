/**
 * `npm run smoke` run for real against a listening server: the app on a random local port, or
 * the deployed API at PRACTICE_BASE_URL when it is set (the last practice exercise checks that).
 */
import { execFile } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
  app = await buildTestApp();
  baseUrl = await listenLocally(app);
});
afterAll(() => app?.close());

/** The flow's steps, in order, as the smoke test prints them. */
const STEPS = [
  'GET /healthz',
  'GET /readyz',
  'register',
  'log in',
  'GET /v1/me',
  'create a task',
  'list tasks filtered by tag',
  'update the task',
  'delete the task',
  'the deleted task is gone',
  'refresh the tokens',
  'a spent refresh token is refused',
  'log out',
];

describe('npm run smoke', () => {
  // Twice against the same app: a smoke test runs after every deploy against the same database,
  // so each run needs data of its own (a fixed email fails at 'register' the second time).
  it(`walks the whole user flow twice in a row against ${liveUrl ?? 'the same app on a local port'}`, {
    timeout: 90_000,
  }, async () => {
    for (const run of ['first', 'second']) {
      const result = await smoke(baseUrl);
      const passed = [...result.stdout.matchAll(/^ {2}✓ (.+)$/gm)].map((match) => match[1]);
      const output = `${run} run:\n${result.stdout}${result.stderr}`;
      expect(passed, output).toEqual(STEPS);
      expect(result.stdout, output).toContain('Smoke test passed.');
    }
    if (!app) return;

    // Locally we can also check that each step really happened: two new users (one per run),
    // each of whose task was created with the `smoke` tag and deleted again, and whose login was
    // refreshed once and then ended.
    const users = await app.db.query<{ id: string }>("SELECT id FROM users WHERE email LIKE 'smoke-%@example.com'");
    expect(users, 'each run registers a new smoke-…@example.com user (two runs: two users)').toHaveLength(2);
    for (const user of users) {
      const [state] = await app.db.query<{ tasks: number; smoke_tag: number; tokens: number; live: number }>(
        `SELECT (SELECT count(*)::int FROM tasks WHERE owner_id = $1) AS tasks,
                (SELECT count(*)::int FROM tags WHERE name = 'smoke') AS smoke_tag,
                (SELECT count(*)::int FROM refresh_tokens WHERE user_id = $1) AS tokens,
                (SELECT count(*)::int FROM refresh_tokens WHERE user_id = $1 AND revoked_at IS NULL) AS live`,
        [user.id],
      );
      expect(
        state,
        'per user: its task deleted (tasks 0), the tag `smoke` made (smoke_tag 1), two refresh tokens (log in, refresh), none left live after log out',
      ).toEqual({ tasks: 0, smoke_tag: 1, tokens: 2, live: 0 });
    }
  });

  // A smoke test earns its place by failing when the deployed API is wrong, not only when it is
  // down: each case below breaks one answer of an otherwise real app, and the flow must stop at
  // the step that checks it. Locally only (a live deployment cannot be broken on purpose).
  it.runIf(!liveUrl)('fails, naming the step, when the API answers wrongly', { timeout: 120_000 }, async () => {
    const otherTask = JSON.stringify({ items: [{ id: '00000000-0000-4000-8000-000000000000' }], nextCursor: null });
    // `says`: what the reason must mention (the answer it got), beyond naming the step.
    const cases: { step: string; says?: string; breakApi: (app: FastifyInstance) => void }[] = [
      {
        step: 'GET /v1/me',
        says: 'someone-else@example.com',
        breakApi: answerInstead('GET', /^\/v1\/me$/, (status, body) => ({
          status,
          body: JSON.stringify({ ...JSON.parse(body), email: 'someone-else@example.com' }),
        })),
      },
      {
        step: 'list tasks filtered by tag',
        breakApi: answerInstead('GET', /^\/v1\/tasks\?/, () => ({
          status: 200,
          body: '{"items":[],"nextCursor":null}',
        })),
      },
      {
        step: 'list tasks filtered by tag',
        breakApi: answerInstead('GET', /^\/v1\/tasks\?/, () => ({ status: 200, body: otherTask })),
      },
      {
        step: 'update the task',
        breakApi: answerInstead('PATCH', /^\/v1\/tasks\//, () => ({ status: 500, body: '' })),
      },
      // An update answered 200 that changed nothing: the answer still says "todo".
      {
        step: 'update the task',
        breakApi: replaceBody('PATCH', /^\/v1\/tasks\//, () => ({ title: 'Smoke test task' })),
      },
      // An update answered as if it worked, never stored: only reading the task back shows it.
      {
        step: 'update the task',
        breakApi: answerBefore('PATCH', /^\/v1\/tasks\//, async (request, app) => {
          const stored = await app.inject({
            url: request.url,
            headers: { authorization: request.headers.authorization },
          });
          return { status: 200, body: { ...(stored.json() as object), status: 'done' } };
        }),
      },
      {
        step: 'the deleted task is gone',
        breakApi: answerInstead('GET', /^\/v1\/tasks\/[^?]+$/, (status, body) =>
          status === 404 ? { status: 200, body: '{}' } : { status, body },
        ),
      },
      {
        step: 'a spent refresh token is refused',
        breakApi: answerInstead('POST', /^\/v1\/auth\/refresh$/, (status, body) =>
          status === 401 ? { status: 200, body: '{"accessToken":"a","refreshToken":"b"}' } : { status, body },
        ),
      },
      { step: 'log out', breakApi: answerInstead('POST', /^\/v1\/auth\/logout$/, () => ({ status: 500, body: '' })) },
    ];
    // Three broken apps at a time: all nine at once can take longer to start than Fastify
    // allows a plugin on a busy two-core machine.
    const results: Awaited<ReturnType<typeof smoke>>[] = [];
    for (let start = 0; start < cases.length; start += 3) {
      const batch = cases.slice(start, start + 3).map(async ({ breakApi }) => {
        const broken = await buildTestApp({}, breakApi);
        try {
          return await smoke(await listenLocally(broken));
        } finally {
          await broken.close();
        }
      });
      results.push(...(await Promise.all(batch)));
    }
    results.forEach((result, index) => {
      const output = `broken answer ${index + 1} of ${cases.length}:\n${result.stdout}${result.stderr}`;
      expect(result.code, output).toBe(1);
      const { step, says } = cases[index] ?? { step: '' };
      // The failed step, and a reason after it (an empty one tells whoever reads CI's log nothing).
      expect(result.stderr, output).toMatch(new RegExp(`✗ ${step}: \\S`));
      if (says) expect(result.stderr, output).toContain(says);
    });
  });

  it('fails, naming the step, when the server is not there', { timeout: 30_000 }, async () => {
    const failure = await smoke('http://127.0.0.1:9');
    expect(failure.code).toBe(1);
    expect(failure.stderr).toContain('✗ GET /healthz');
    expect(failure.stderr).toContain('Smoke test failed.');
  });
});

/** Breaks one kind of answer: requests with this method and a URL matching `url` get `change`'s answer. */
function answerInstead(
  method: string,
  url: RegExp,
  change: (status: number, body: string) => { status: number; body: string },
): (app: FastifyInstance) => void {
  return (app) => {
    app.addHook('onSend', async (request, reply, payload) => {
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
  return (app) => {
    app.addHook('preHandler', async (request, reply) => {
      if (request.method !== method || !url.test(request.url)) return;
      const { status, body } = await answer(request, app);
      return reply.code(status).send(body);
    });
  };
}

/** Runs the route with `body` in place of the request's: the route works, on other input. */
function replaceBody(method: string, url: RegExp, body: () => unknown): (app: FastifyInstance) => void {
  return (app) => {
    app.addHook('preHandler', async (request) => {
      if (request.method === method && url.test(request.url)) request.body = body();
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
async function listenLocally(app: TestApp): Promise<string> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}
