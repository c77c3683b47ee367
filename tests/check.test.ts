/**
 * `check` and `spec` as users run them, against tiny local servers: bad input is one clear line
 * and exit 1 (never a stack trace), usage mistakes exit 2, a failing server gets a report that
 * names the story. The real servers (generated projects, and broken variants of them) are
 * checked by the pipeline: scripts/verify/conformance.ts.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiDocument } from '../src/check/document.js';
import type { Answer, Client } from '../src/check/http.js';
import { Mismatch, runStories, type Story } from '../src/check/suite.js';
import { githubActionsJob } from '../src/spec/stories-markdown.js';
import { ROOT, runCli, tempDir } from './helpers/cli.js';
import { VARIANTS } from '../scripts/verify/conformance.js';
import { layersOf, NO_DEPLOY } from '../src/deploy-targets.js';
import { loadLayers, loadVersions } from '../src/layers.js';
import { packageManagerCommands } from '../src/package-manager.js';
import { planProject } from '../src/plan.js';
import { findTemplate } from '../src/templates.js';

const servers: Server[] = [];

/** A server on a free port; `handler` answers every request. */
async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterAll(() => {
  for (const server of servers) server.closeAllConnections?.(), server.close();
});

function expectOneClearLine(result: { stderr: string; stdout: string }, pattern: RegExp) {
  expect(result.stderr).toMatch(pattern);
  expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
  expect(result.stderr.trim().split('\n').length).toBeLessThanOrEqual(2); // the error and a hint
}

describe('check: bad input', () => {
  let html = '';
  let hanging = '';
  let otherJson = '';
  beforeAll(async () => {
    html = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><title>My blog</title>');
    });
    hanging = await serve(() => {}); // accepts, never answers
    otherJson = await serve((request, response) => {
      response.writeHead(request.url === '/healthz' ? 200 : 404, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });

  it('an unreachable URL: one line, exit 1', async () => {
    const closed = await serve(() => {});
    servers.pop()!.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const result = await runCli(['check', 'task-api', '--base-url', closed], { cwd: tempDir() });
    expect(result.exitCode).toBe(1);
    expectOneClearLine(result, /Cannot reach http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
  });

  it('a server that answers HTML: one line, exit 1', async () => {
    const result = await runCli(['check', 'task-api', '--base-url', html], { cwd: tempDir() });
    expect(result.exitCode).toBe(1);
    expectOneClearLine(result, /answers HTML, not JSON \(GET \/healthz → 200 text\/html\)/);
  });

  it('a server that hangs: one line after the --timeout, exit 1', async () => {
    const started = Date.now();
    const result = await runCli(['check', 'external-api', '--base-url', hanging, '--timeout', '0.5'], { cwd: tempDir() });
    expect(result.exitCode).toBe(1);
    expectOneClearLine(result, /did not answer GET \/healthz within the timeout/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('a server that stops answering during the run: one line after three timeouts in a row, exit 1', async () => {
    let requests = 0;
    const stalls = await serve((_request, response) => {
      // The preflight (/healthz and the three routes it probes) is answered; then nothing is.
      if (++requests <= 4) response.writeHead(200, { 'content-type': 'application/json' }).end('{"days":30,"items":[]}');
    });
    const started = Date.now();
    const result = await runCli(['check', 'external-api', '--base-url', stalls, '--timeout', '1'], { cwd: tempDir() });
    expect(result.exitCode).toBe(1);
    expectOneClearLine(result, /stopped answering during the check \(no answer to GET [^)]* within 1 s; three in a row\)/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('a JSON server that is not this kind of API: one line naming what it answered, exit 1', async () => {
    const result = await runCli(['check', 'ecommerce', '--base-url', otherJson], { cwd: tempDir() });
    expect(result.exitCode).toBe(1);
    expectOneClearLine(result, /does not serve the ecommerce API: GET \/healthz → 200, GET \/v1\/products → 404, GET \/v1\/cart → 404, POST \/v1\/auth\/login → 404\./);
  });

  it.each([
    [['check', 'task-api'], /required option '--base-url <url>'/],
    [['check', 'blog', '--base-url', 'http://localhost:3000'], /Unknown template "blog"/],
    [['check', 'task-api', '--base-url', 'localhost:3000'], /--base-url must be an http\(s\) URL/],
    [['check', 'task-api', '--base-url', 'http://localhost:3000', '--timeout', 'soon'], /--timeout must be a number of seconds/],
    [['check', 'ecommerce', '--base-url', 'http://localhost:3000', '--admin-email', 'a@b.c'], /both the admin email and the admin password/],
    [['spec'], /missing required argument 'template'/],
  ])('usage mistakes exit 2: %j', async (args, pattern) => {
    const result = await runCli(args, { cwd: tempDir() });
    expect(result.exitCode).toBe(2);
    expectOneClearLine(result, pattern);
  });

  it('--help explains the options and exits 0', async () => {
    const result = await runCli(['check', '--help'], { cwd: tempDir() });
    expect(result.exitCode).toBe(0);
    for (const option of ['--base-url', '--json', '--admin-email', '--jwt-secret', '--origin', '--timeout']) expect(result.stdout).toContain(option);
    for (const line of result.stdout.split('\n')) expect([...line].length, line).toBeLessThanOrEqual(80);
    const spec = await runCli(['spec', '--help'], { cwd: tempDir() });
    expect(spec.exitCode).toBe(0);
    expect(spec.stdout).toContain('--out <dir>');
    for (const line of spec.stdout.split('\n')) expect([...line].length, line).toBeLessThanOrEqual(80);
  });
});

describe('check: the report', () => {
  // Looks like an external-api (health and statistics answer), but every weather route fails.
  let broken = '';
  beforeAll(async () => {
    broken = await serve((request, response) => {
      const path = (request.url ?? '').split('?')[0];
      const json = { 'content-type': 'application/json', 'x-request-id': 'req-1' };
      if (path === '/healthz') return response.writeHead(200, json).end('{"status":"ok"}');
      if (path === '/v1/stats/top-cities') return response.writeHead(200, json).end('{"days":30,"items":[]}');
      if (path?.startsWith('/v1/no-such-route')) return response.writeHead(404, { ...json, 'content-type': 'application/problem+json' }).end('{"title":"Not Found","status":404}');
      response.writeHead(500, json).end('{"error":"boom"}');
    });
  });

  it('names the failed story, the request, the expected and the received; exit 1', async () => {
    const result = await runCli(['check', 'external-api', '--base-url', broken], { cwd: tempDir() });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('The weather now  stories.md#current-weather');
    expect(result.stdout).toMatch(/✗ By city: 200 with[^\n]*\n\s+request\s+GET \/v1\/weather\/current\?city=Berlin\n\s+expected\s+status 200\n\s+received\s+status 500/);
    expect(result.stdout).toMatch(/- A CORS preflight from an allowed origin[^\n]*\(skipped: pass --origin/);
    expect(result.stdout).toMatch(/received\s+status 500\n\s+try\s+curl -i 'http:\/\/127\.0\.0\.1:\d+\/v1\/weather\/current\?city=Berlin'\n/);
    expect(result.stdout).toMatch(/\d+ failed, \d+ passed, 1 skipped in [\d.]+ s \(\d+ requests\)/);
    expect(result.stdout).toContain('Stages passed in order: 1 of 8 (next: 2 The weather now, `check external-api --stage 2`).');
  });

  it('--json: the same as one document, with story status, links and the failed checks', async () => {
    const result = await runCli(['check', 'external-api', '--base-url', broken, '--json'], { cwd: tempDir() });
    expect(result.exitCode).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ template: 'external-api', ok: false, skipped: 1 });
    const story = report.stories.find((candidate: { id: string }) => candidate.id === 'current-weather');
    expect(story).toMatchObject({ status: 'failed', link: 'stories.md#current-weather' });
    expect(story.checks[0]).toMatchObject({ status: 'failed', expected: 'status 200', received: 'status 500', request: { method: 'GET', path: '/v1/weather/current?city=Berlin' } });
    const health = report.stories.find((candidate: { id: string }) => candidate.id === 'health');
    expect(health.checks.find((check: { name: string }) => check.name.startsWith('`GET /healthz`'))).toMatchObject({ status: 'passed' });
    expect(story.checks[0].curl).toMatch(/^curl -i 'http:\/\/127\.0\.0\.1:\d+\/v1\/weather\/current\?city=Berlin'$/);
    expect(report.stages[0]).toEqual({ number: 1, title: 'Health', status: 'passed' });
    expect(report.stages[1]).toMatchObject({ number: 2, status: 'failed' });
  });
});

/** A task API that only has its health endpoint and its routes' 401s: stage 1 passes, stage 2 cannot. */
function healthOnly(options: { requestId: boolean }) {
  return serve((request, response) => {
    const path = (request.url ?? '').split('?')[0];
    const headers: Record<string, string> = options.requestId ? { 'x-request-id': 'req-1' } : {};
    if (path === '/healthz') return response.writeHead(200, { ...headers, 'content-type': 'application/json' }).end('{"status":"ok"}');
    if (path === '/v1/tasks' || path === '/v1/me') {
      return response.writeHead(401, { ...headers, 'www-authenticate': 'Bearer', 'content-type': 'application/problem+json' }).end('{"type":"about:blank","title":"Unauthorized","status":401}');
    }
    response.writeHead(404, { ...headers, 'content-type': 'application/problem+json' }).end('{"type":"about:blank","title":"Not Found","status":404}');
  });
}

describe('check: stage by stage', () => {
  it('--stage 1 runs only the first stage, says it passed and what comes next; --progress records it', async () => {
    const url = await healthOnly({ requestId: true });
    const cwd = tempDir();
    const result = await runCli(['check', 'task-api', '--base-url', url, '--stage', '1', '--progress', 'progress.json'], { cwd });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('Stage 1 of 9: Health');
    expect(result.stdout).toMatch(/✓ `GET \/healthz` answers 200/);
    expect(result.stdout).not.toContain('Create an account');
    expect(result.stdout).toContain('Next: stage 2, Register and log in: `check task-api --stage 2`');
    const progress = JSON.parse(readFileSync(join(cwd, 'progress.json'), 'utf8'));
    expect(progress).toMatchObject({ template: 'task-api', passed: [1] });
    expect(progress.stages[1]).toMatchObject({ number: 2, status: 'not run' });
  });

  it('--next stops at the first stage not passing and shows only its failures, with its story', async () => {
    const url = await healthOnly({ requestId: true });
    const cwd = tempDir();
    const result = await runCli(['check', 'task-api', '--base-url', url, '--next', '--progress', 'progress.json'], { cwd });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('✓ Stage 1 of 9: Health');
    expect(result.stdout).toContain('Stage 2 of 9: Register and log in');
    expect(result.stdout).toContain('As a visitor, I want to create an account');
    expect(result.stdout).toMatch(/✗ Registering answers 201[^\n]*\n\s+request\s+POST \/v1\/auth\/register/);
    expect(result.stdout).not.toContain('Manage my tasks');
    const progress = JSON.parse(readFileSync(join(cwd, 'progress.json'), 'utf8'));
    expect(progress.passed).toEqual([1]);
    expect(progress.stages.slice(0, 3).map((stage: { status: string }) => stage.status)).toEqual(['passed', 'failed', 'not run']);
  });

  it('a header the document requires is checked: no X-Request-Id fails stage 1, saying so once', async () => {
    const url = await healthOnly({ requestId: false });
    const result = await runCli(['check', 'task-api', '--base-url', url, '--stage', '1', '--json'], { cwd: tempDir() });
    expect(result.exitCode).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.stage).toEqual({ number: 1, title: 'Health', status: 'failed' });
    expect(report.stories[0].checks[0]).toMatchObject({ status: 'failed', received: 'header X-Request-Id is missing; openapi.json requires it (GET /healthz → 200)' });
  });

  it.each([
    [['--stage', '10'], /task-api has 9 stages, not 10/],
    [['--stage', 'two'], /--stage must be a stage number/],
    [['--stage', '1', '--next'], /--stage <n> or --next, not both/],
  ])('bad stage options exit 2: %j', async (args, pattern) => {
    const result = await runCli(['check', 'task-api', '--base-url', 'http://127.0.0.1:9', ...args], { cwd: tempDir() });
    expect(result.exitCode).toBe(2);
    expectOneClearLine(result, pattern);
  });

  it('a task API checked as ecommerce: one line saying which API it is, exit 1', async () => {
    const url = await healthOnly({ requestId: true });
    const result = await runCli(['check', 'ecommerce', '--base-url', url], { cwd: tempDir() });
    expect(result.exitCode).toBe(1);
    expectOneClearLine(result, /is not the ecommerce API: it has none of its routes but answers GET \/v1\/tasks → 401, a route of task-api\./);
  });
});

describe('check: every answer held to openapi.json', () => {
  const document = ApiDocument.of('task-api');
  const answer = (method: string, path: string, status: number, headers: Record<string, string>, json: unknown): Answer => ({
    request: { method, path },
    status,
    headers: new Headers(headers),
    text: JSON.stringify(json),
    json,
  });
  const task = { id: '0b6e9a4c-3f0e-4d55-9a43-2a1f5c1d7e21', title: 'T', description: null, status: 'todo', dueDate: null, tags: [], createdAt: '2030-01-31T09:30:00.000Z', updatedAt: '2030-01-31T09:30:00.000Z' };
  const ok = { 'content-type': 'application/json', 'x-request-id': 'r1' };

  it('a conforming answer has no violation', () => {
    expect(document.violations(answer('GET', '/v1/tasks/0b6e9a4c-3f0e-4d55-9a43-2a1f5c1d7e21', 200, ok, task), new Set(['ratelimit', 'ratelimit-policy']))).toEqual([]);
  });

  it.each([
    [{ ...task, createdAt: '2030-01-31T09:30:00.000000+00:00' }, ok, 'field `createdAt` is 32 characters ("2030-01-31T09:30:00.000000+00:00"); the document allows at most 30'],
    [{ ...task, status: 'later' }, ok, 'field `status` is a string ("later"); the document allows "todo" or "in_progress" or "done"'],
    [{ ...task, title: undefined }, ok, 'field `title` is missing; the document requires it'],
    [{ ...task, tags: [42] }, ok, 'field `tags.0` is a number (42); the document says string'],
    [task, { 'content-type': 'application/json' }, 'header X-Request-Id is missing; openapi.json requires it'],
  ])('%j breaks it, in words', (body, headers, message) => {
    const [violation] = document.violations(answer('GET', '/v1/tasks/0b6e9a4c-3f0e-4d55-9a43-2a1f5c1d7e21', 200, headers, JSON.parse(JSON.stringify(body))), new Set(['ratelimit', 'ratelimit-policy']));
    expect(violation?.message).toContain(message);
  });

  it('a 401 without WWW-Authenticate breaks it; the protected operations come from the document', () => {
    const problem = { type: 'about:blank', title: 'Unauthorized', status: 401 };
    const [violation] = document.violations(answer('GET', '/v1/me', 401, { ...ok, 'content-type': 'application/problem+json' }, problem));
    expect(violation?.message).toMatch(/^header WWW-Authenticate is missing/);
    expect(document.protectedOperations().map(({ method, path }) => `${method} ${path}`)).toEqual([
      'GET /v1/me',
      'GET /v1/tasks',
      'POST /v1/tasks',
      'GET /v1/tasks/{id}',
      'PATCH /v1/tasks/{id}',
      'DELETE /v1/tasks/{id}',
    ]);
  });
});

describe('check: one root cause, reported once', () => {
  it('a set-up step failing on a cause already reported is skipped as blocked by it', async () => {
    const context = { client: { takeAnswers: () => [] } as unknown as Client };
    const request = { method: 'POST', path: '/v1/tasks' };
    const story = (id: string, name: string, error: Error): Story<typeof context> => ({
      id,
      title: id.toUpperCase(),
      narrative: '',
      endpoints: [],
      checks: [{ name, run: () => Promise.reject(error) }],
    });
    const results = await runStories(
      [
        story('a', 'creates a task', new Mismatch('status 201', 'status 200', request)),
        story('b', 'lists tasks', new Mismatch('to set up (create a task): status 201', 'status 200', request, { expected: 'status 201' })),
        story('c', 'other failure', new Mismatch('to set up (create a task): status 201', 'status 500', request, { expected: 'status 201' })),
      ],
      context,
      () => {},
    );
    expect(results.map((result) => result.checks[0]!.outcome.status)).toEqual(['failed', 'skipped', 'failed']);
    expect(results[1]!.checks[0]!.outcome).toMatchObject({ blockedBy: { story: 'A', check: 'creates a task' } });
  });
});

describe('spec', () => {
  it.each(['task-api', 'ecommerce', 'external-api'])('writes the OpenAPI document, the stories and requests.http of %s', async (template) => {
    const cwd = tempDir();
    const result = await runCli(['spec', template], { cwd });
    expect(result.exitCode).toBe(0);
    const dir = join(cwd, `${template}-spec`);
    const document = JSON.parse(readFileSync(join(dir, 'openapi.json'), 'utf8'));
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths).some((path) => path.startsWith('/v1/'))).toBe(true);
    const stories = readFileSync(join(dir, 'stories.md'), 'utf8');
    expect(stories).toContain('<a id="cors-and-documents"></a>');
    expect(stories).toContain(`npx create-backend-practice check ${template} --base-url http://localhost:3000`);
    const requests = readFileSync(join(dir, 'requests.http'), 'utf8');
    expect(requests).toMatch(/^### /m);
    expect(requests).not.toContain('{{>');
  });

  it('every story the check reports has its anchor, and every documented path is one the checks call', async () => {
    const cwd = tempDir();
    await runCli(['spec', 'task-api', '--out', 'out'], { cwd });
    const stories = readFileSync(join(cwd, 'out/stories.md'), 'utf8');
    for (const id of ['register', 'log-in', 'sessions', 'tokens', 'manage-tasks', 'task-validation', 'find-tasks', 'private-tasks']) {
      expect(stories).toContain(`<a id="${id}"></a>`);
    }
    const document = JSON.parse(readFileSync(join(cwd, 'out/openapi.json'), 'utf8'));
    for (const path of ['/v1/auth/register', '/v1/auth/login', '/v1/auth/refresh', '/v1/auth/logout', '/v1/me', '/v1/tasks', '/v1/tasks/{id}']) {
      expect(Object.keys(document.paths)).toContain(path);
    }
  });

  it('never replaces a file with other contents without --force', async () => {
    const cwd = tempDir();
    await runCli(['spec', 'task-api', '--out', 'out'], { cwd });
    writeFileSync(join(cwd, 'out/stories.md'), 'my notes');
    const refused = await runCli(['spec', 'task-api', '--out', 'out'], { cwd });
    expect(refused.exitCode).toBe(2);
    expectOneClearLine(refused, /already has stories\.md, with other contents/);
    expect(readFileSync(join(cwd, 'out/stories.md'), 'utf8')).toBe('my notes');
    const forced = await runCli(['spec', 'task-api', '--out', 'out', '--force'], { cwd });
    expect(forced.exitCode).toBe(0);
    expect(existsSync(join(cwd, 'out/requests.http'))).toBe(true);
    expect(readFileSync(join(cwd, 'out/stories.md'), 'utf8')).toContain('# Task API with auth');
  });
});

describe('the GitHub Actions job', () => {
  it('in the README is the one stories.md gives (one text, no drift)', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme).toContain(`\`\`\`yaml\njobs:\n${githubActionsJob('task-api')}\n\`\`\``);
  });
});

describe('the broken variants tier 8 checks against', () => {
  // Each is an edit of the generated source (scripts/verify/conformance.ts): when the reference
  // is rewritten, the edit must be rewritten with it, and this says so in seconds, not in CI's tier 8.
  it.each(Object.entries(VARIANTS))('still apply to the generated %s', async (templateName, variants) => {
    const template = findTemplate(templateName)!;
    const files = planProject(
      { projectName: 'variants', template, pm: packageManagerCommands('npm'), versions: await loadVersions(), newSecret: () => 'fresh' },
      await loadLayers(layersOf(template, NO_DEPLOY)),
    );
    for (const variant of variants) {
      const source = files.find((file) => file.path === variant.file)?.contents;
      expect(source, `${variant.defect}: ${variant.file}`).toBeDefined();
      expect(source!.includes(variant.find), `${variant.defect}: ${variant.file} no longer contains its \`find\``).toBe(true);
    }
  });
});
