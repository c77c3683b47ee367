/**
 * The real user path, end to end: publish this package to a throw-away Verdaccio on 127.0.0.1,
 * then `npm create backend-practice@latest` from it, once per template.
 * Not part of `npm test` (needs the npm registry as uplink and a few minutes): `npm run test:registry`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEMPLATE_NAMES } from '../../src/templates.js';
import { ROOT, tempDir, testEnv } from '../helpers/cli.js';

/** Verdaccio 6.8.0 is the last release that runs on Node 20; newer ones need Node 22. */
const VERDACCIO = '6.8.0';

let server: ChildProcess | undefined;
let registry = '';
let env: Record<string, string | undefined> = {};

beforeAll(async () => {
  const verdaccio = await verdaccioBin();
  const dir = tempDir('cbp-verdaccio-');
  const port = await freePort();
  registry = `http://127.0.0.1:${port}/`;
  writeFileSync(
    join(dir, 'config.yaml'),
    [
      `storage: ${join(dir, 'storage')}`,
      'auth:',
      '  htpasswd:',
      `    file: ${join(dir, 'htpasswd')}`,
      'uplinks:',
      '  npmjs:',
      '    url: https://registry.npmjs.org/',
      'packages:',
      // Only the copy published here: never the one on the public registry.
      "  'create-backend-practice':",
      '    access: $all',
      '    publish: $authenticated',
      "  '**':",
      '    access: $all',
      '    publish: $authenticated',
      '    proxy: npmjs',
      'log: { type: stdout, format: pretty, level: warn }',
      '',
    ].join('\n'),
  );
  server = spawn(process.execPath, [verdaccio, '--config', join(dir, 'config.yaml'), '--listen', `127.0.0.1:${port}`], { stdio: 'ignore' });
  await waitFor(async () => (await fetch(`${registry}-/ping`)).ok, 30_000);

  // A user for publishing: Verdaccio creates it on first `adduser` and returns a token.
  const response = await fetch(`${registry}-/user/org.couchdb.user:tester`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'tester', password: 'tester-password' }),
  });
  const { token } = (await response.json()) as { token: string };
  const npmrc = join(dir, 'npmrc');
  writeFileSync(npmrc, `registry=${registry}\n//127.0.0.1:${port}/:_authToken=${token}\n`);
  env = testEnv({ npm_config_userconfig: npmrc, npm_config_registry: registry, npm_config_cache: join(dir, 'npm-cache'), npm_config_update_notifier: 'false' });
  await execa('npm', ['publish', '--registry', registry], { cwd: ROOT, env, extendEnv: false });
});

afterAll(() => {
  server?.kill();
});

describe.each(TEMPLATE_NAMES)('npm create backend-practice@latest --template %s', (template) => {
  // Exactly what a user types, install included (dependencies come through Verdaccio's uplink).
  it('creates and installs the project from the published package', async () => {
    const cwd = tempDir();
    const result = await execa('npm', ['create', 'backend-practice@latest', `${template}-app`, '--', '--template', template, '--yes'], {
      cwd,
      env,
      extendEnv: false,
      stdin: 'ignore',
      reject: false,
    });
    expect(result.stderr).not.toContain('✖');
    expect(result.exitCode).toBe(0);
    const dir = join(cwd, `${template}-app`);
    expect(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name).toBe(`${template}-app`);
    for (const dotfile of ['.gitignore', '.env.example', '.env']) expect(existsSync(join(dir, dotfile)), dotfile).toBe(true);
    const secrets = readFileSync(join(dir, '.env'), 'utf8').match(/^[A-Z0-9_]*_SECRET=.*$/gm) ?? [];
    for (const line of secrets) expect(line.split('=')[1]!.length).toBeGreaterThanOrEqual(43);
    expect(existsSync(join(dir, 'package-lock.json')), 'package-lock.json').toBe(true);
    expect(existsSync(join(dir, 'node_modules/fastify/package.json')), 'fastify installed').toBe(true);
  });
});

/** The Verdaccio entry script: the CI tools' copy if installed, else one installed under .tmp/. */
async function verdaccioBin(): Promise<string> {
  for (const base of [join(ROOT, '.ci/tools'), join(ROOT, '.tmp/registry-tools')]) {
    const bin = join(base, 'node_modules/verdaccio/bin/verdaccio');
    if (existsSync(bin)) return bin;
  }
  const tools = join(ROOT, '.tmp/registry-tools');
  mkdirSync(tools, { recursive: true });
  writeFileSync(
    join(tools, 'package.json'),
    JSON.stringify(
      // verdaccio-audit pulls node-fetch 3 (ESM-only) where it needs 2: pin it.
      { private: true, dependencies: { verdaccio: VERDACCIO }, overrides: { 'verdaccio-audit': { 'node-fetch': '2.7.0' } } },
      null,
      2,
    ),
  );
  await execa('npm', ['install', '--no-audit', '--no-fund'], { cwd: tools });
  return join(tools, 'node_modules/verdaccio/bin/verdaccio');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`Verdaccio did not answer within ${timeoutMs} ms`);
}
