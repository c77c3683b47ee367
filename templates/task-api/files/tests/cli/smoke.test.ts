/**
 * `npm run smoke` run for real against a listening server: the app on a random local port, or
 * the deployed API at PRACTICE_BASE_URL when it is set (the last practice exercise checks that).
 */
import { execFile } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
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
  await app.listen({ host: '127.0.0.1', port: 0 });
  baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
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
  it(`walks the whole user flow against ${liveUrl ?? 'the app on a local port'}`, { timeout: 60_000 }, async () => {
    const result = await run(process.execPath, ['--import', 'tsx', 'src/cli/smoke.ts', '--base-url', baseUrl], {
      env: { ...process.env, NODE_ENV: 'test' },
    }).catch((error: { stdout: string; stderr: string; code: number }) => error);
    const passed = [...result.stdout.matchAll(/^ {2}✓ (.+)$/gm)].map((match) => match[1]);
    expect(passed, `${result.stdout}${result.stderr}`).toEqual(STEPS);
    expect(result.stdout).toContain('Smoke test passed.');
    if (!app) return;

    // Locally we can also check that each step really happened: one new user, whose task was
    // created with a tag and deleted again, and whose login was refreshed once and then ended.
    const [user] = await app.db.query<{ id: string }>("SELECT id FROM users WHERE email LIKE 'smoke-%@example.com'");
    expect(user, 'the smoke test registers a smoke-…@example.com user').toBeDefined();
    const [state] = await app.db.query<{ tasks: number; smoke_tag: number; tokens: number; live: number }>(
      `SELECT (SELECT count(*)::int FROM tasks WHERE owner_id = $1) AS tasks,
              (SELECT count(*)::int FROM tags WHERE name = 'smoke') AS smoke_tag,
              (SELECT count(*)::int FROM refresh_tokens WHERE user_id = $1) AS tokens,
              (SELECT count(*)::int FROM refresh_tokens WHERE user_id = $1 AND revoked_at IS NULL) AS live`,
      [user?.id],
    );
    expect(state).toEqual({ tasks: 0, smoke_tag: 1, tokens: 2, live: 0 });
  });

  it('fails, naming the step, when the server is not there', { timeout: 30_000 }, async () => {
    const failure = await run(process.execPath, [
      '--import',
      'tsx',
      'src/cli/smoke.ts',
      '--base-url',
      'http://127.0.0.1:9',
    ]).catch((error: { stdout: string; stderr: string; code: number }) => error);
    expect('code' in failure ? failure.code : 0).toBe(1);
    expect(failure.stderr).toContain('✗ GET /healthz');
    expect(failure.stderr).toContain('Smoke test failed.');
  });
});
