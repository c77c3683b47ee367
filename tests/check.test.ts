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
import { githubActionsJob } from '../src/spec/stories-markdown.js';
import { ROOT, runCli, tempDir } from './helpers/cli.js';

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
      if (path === '/healthz') return response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      if (path === '/v1/stats/top-cities') return response.writeHead(200, { 'content-type': 'application/json' }).end('{"days":30,"items":[]}');
      response.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"boom"}');
    });
  });

  it('names the failed story, the request, the expected and the received; exit 1', async () => {
    const result = await runCli(['check', 'external-api', '--base-url', broken], { cwd: tempDir() });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('The weather now  stories.md#current-weather');
    expect(result.stdout).toMatch(/✗ By city: 200 with[^\n]*\n\s+request\s+GET \/v1\/weather\/current\?city=Berlin\n\s+expected\s+status 200\n\s+received\s+status 500/);
    expect(result.stdout).toMatch(/- A CORS preflight from an allowed origin[^\n]*\(skipped: pass --origin/);
    expect(result.stdout).toMatch(/\d+ failed, \d+ passed, 1 skipped in [\d.]+ s \(\d+ requests\)/);
  });

  it('--json: the same as one document, with story status, links and the failed checks', async () => {
    const result = await runCli(['check', 'external-api', '--base-url', broken, '--json'], { cwd: tempDir() });
    expect(result.exitCode).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ template: 'external-api', ok: false, skipped: 1 });
    const story = report.stories.find((candidate: { id: string }) => candidate.id === 'current-weather');
    expect(story).toMatchObject({ status: 'failed', link: 'stories.md#current-weather' });
    expect(story.checks[0]).toMatchObject({ status: 'failed', expected: 'status 200', received: 'status 500', request: { method: 'GET', path: '/v1/weather/current?city=Berlin' } });
    const basics = report.stories.find((candidate: { id: string }) => candidate.id === 'http-basics');
    expect(basics.checks.find((check: { name: string }) => check.name.startsWith('`GET /healthz`'))).toMatchObject({ status: 'passed' });
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
    expect(stories).toContain('<a id="http-basics"></a>');
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
