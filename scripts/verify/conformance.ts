/**
 * Tier 8: `create-backend-practice check` against the generated projects. For each template:
 * - the committed spec document (templates/<t>/spec/openapi.json, what `spec` writes) equals the
 *   one the project serves (saved by tier 2), and lints clean with Redocly and Spectral;
 * - the check passes against the project booted on PostgreSQL, with nothing skipped;
 * - the check FAILS, naming the right story, against deliberately broken variants of it: the
 *   project's source is patched, rebuilt, booted, checked, then restored and rebuilt.
 * And against a second implementation outside TypeScript, built only from `spec`'s output
 * (tests/conformance/python-task-api): it keeps the spec honest about being language-neutral.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { isDeepStrictEqual } from 'node:util';
import { join } from 'node:path';
import { CommandFailed, run } from './exec.js';
import { pieceOf } from '../../src/templates.js';
import { createDatabase, randomSecret, REPO, TOOLS_BIN, WORK } from './environment.js';
import type { UpstreamStarter } from './generated-project.js';
import type { Log } from './report.js';
import { type ServerCommand, startServer } from './server.js';

const ORIGIN = 'http://localhost:5173';

/** A broken variant: one edit of the generated source, and the story the check must then fail. */
interface Variant {
  defect: string;
  file: string;
  find: string;
  replace: string;
  story: string;
}

export const VARIANTS: Record<string, Variant[]> = {
  'task-api': [
    {
      defect: "another user's task readable",
      file: 'src/tasks/tasks-repository.ts',
      find: 'FROM tasks WHERE id = $1 AND owner_id = $2`',
      replace: 'FROM tasks WHERE id = $1 AND $2::text IS NOT NULL`',
      story: 'private-tasks',
    },
    {
      defect: 'a request without a token accepted',
      file: 'src/auth/authentication-plugin.ts',
      find: 'if (request.routeOptions.config.public) return;',
      replace: 'if (request.routeOptions.config.public || !request.headers.authorization) return;',
      story: 'tokens',
    },
    {
      defect: 'a wrong status code (200 for a created task)',
      file: 'src/tasks/tasks-routes.ts',
      find: "reply.code(201).header('location'",
      replace: "reply.code(200).header('location'",
      story: 'manage-tasks',
    },
    {
      defect: 'one protected route forgotten (DELETE answers without a token)',
      file: 'src/auth/authentication-plugin.ts',
      find: 'if (request.routeOptions.config.public) return;',
      replace: "if (request.routeOptions.config.public || request.method === 'DELETE') return;",
      story: 'tokens',
    },
    {
      defect: 'a refreshed refresh token that was never stored',
      file: 'src/auth/auth-service.ts',
      find: 'return tokenPair(user, rotated.refreshToken, config);',
      replace: 'return tokenPair(user, crypto.randomUUID(), config);',
      story: 'sessions',
    },
    {
      defect: 'a refreshed access token signed with another key',
      file: 'src/auth/auth-service.ts',
      find: 'return tokenPair(user, rotated.refreshToken, config);',
      replace: "return tokenPair(user, rotated.refreshToken, { ...config, jwtSecret: 'another-key-that-the-server-never-checks-with' });",
      story: 'sessions',
    },
    {
      defect: 'a PATCH that wipes the description it was not sent',
      file: 'src/tasks/tasks-repository.ts',
      find: 'if (value !== undefined) assignments.push(`${column} = $${params.push(value)}`);',
      replace: "if (value !== undefined || column === 'description') assignments.push(`${column} = $${params.push(value ?? null)}`);",
      story: 'manage-tasks',
    },
    {
      defect: 'a search by substring, not by word prefix',
      file: 'src/tasks/tasks-list-repository.ts',
      find: "conditions.push(`tasks.search @@ to_tsquery('simple', ${param(filters.searchQuery)})`);",
      replace: "conditions.push(`tasks.title ILIKE '%' || split_part(${param(filters.searchQuery)}, ':', 1) || '%'`);",
      story: 'find-tasks',
    },
    {
      defect: 'the issuer of access tokens not checked',
      file: 'src/auth/access-tokens.ts',
      find: '      issuer: config.issuer,\n',
      replace: '',
      story: 'tokens',
    },
    {
      defect: 'no X-Request-Id on a successful answer',
      file: 'src/app.ts',
      find: "reply.header('x-request-id', request.id);",
      replace: '',
      story: 'health',
    },
    {
      defect: 'no RateLimit header',
      file: 'src/plugins/rate-limit.ts',
      find: 'reply.header(\'ratelimit\', `"${policy}";r=${remaining};t=${reset}`);',
      replace: '',
      story: 'rate-limits',
    },
    {
      defect: 'a 401 without WWW-Authenticate',
      file: 'src/http/problem.ts',
      find: "new HttpProblem(401, detail, { headers: { 'www-authenticate': 'Bearer' } });",
      replace: 'new HttpProblem(401, detail);',
      story: 'log-in',
    },
    {
      defect: 'timestamps longer than the document allows (32 characters, maxLength 30)',
      file: 'src/tasks/tasks-service.ts',
      find: 'createdAt: row.created_at.toISOString(),',
      replace: "createdAt: row.created_at.toISOString().replace('Z', '000+00:00'),",
      story: 'manage-tasks',
    },
    {
      defect: 'an error that is not problem+json',
      file: 'src/plugins/errors.ts',
      find: ".type('application/problem+json; charset=utf-8')",
      replace: ".type('application/json; charset=utf-8')",
      story: 'task-validation',
    },
  ],
  ecommerce: [
    {
      defect: 'an oversold product (stock checked nowhere, clamped at 0)',
      file: 'src/products/stock-repository.ts',
      find: [
        'UPDATE products SET stock = products.stock - wanted.quantity, updated_at = now()',
        '     FROM unnest($1::uuid[], $2::integer[]) AS wanted (product_id, quantity)',
        '     WHERE products.id = wanted.product_id AND products.active AND products.stock >= wanted.quantity',
      ].join('\n'),
      replace: [
        'UPDATE products SET stock = GREATEST(products.stock - wanted.quantity, 0), updated_at = now()',
        '     FROM unnest($1::uuid[], $2::integer[]) AS wanted (product_id, quantity)',
        '     WHERE products.id = wanted.product_id AND products.active',
      ].join('\n'),
      story: 'no-oversell',
    },
  ],
  'external-api': [
    {
      defect: 'no cache (every request asks the provider)',
      file: 'src/upstream/cache.ts',
      find: 'await this.write(key, value, policy);',
      replace: '',
      story: 'cache',
    },
  ],
};

interface CheckReport {
  ok: boolean;
  passed: number;
  failed: number;
  skipped: number;
  durationMs: number;
  stories: { id: string; status: string; checks: { name: string; status: string; reason?: string }[] }[];
}

export async function conformanceCheck(log: Log, options: { bin: string; dir: string; template: string; upstream?: UpstreamStarter }) {
  const { bin, dir, template } = options;
  await specDocumentMatches(log, dir, template);

  const extra = options.upstream ? await options.upstream(log, dir) : { env: {}, stop: async () => {} };
  try {
    const passing = await checkBooted(log, options, extra.env);
    if (passing.exitCode !== 0 || !passing.report.ok) throw new Error(`check failed against the generated ${template}: ${failures(passing.report)}`);
    const skipped = passing.report.stories.flatMap((story) => story.checks.filter((check) => check.status === 'skipped').map((check) => `${check.name} (${check.reason})`));
    if (skipped.length > 0) throw new Error(`check skipped ${skipped.length} checks against the generated ${template}: ${skipped[0]}`);
    console.log(`  check ${template}: ${passing.report.passed} passed in ${(passing.report.durationMs / 1000).toFixed(1)} s`);

    for (const variant of VARIANTS[template] ?? []) {
      const path = join(dir, variant.file);
      const original = await readFile(path, 'utf8');
      if (!original.includes(variant.find)) throw new Error(`the broken variant "${variant.defect}" no longer applies: ${variant.file} has no \`${variant.find.split('\n')[0]}\``);
      log.write(`\n--- broken variant: ${variant.defect} (${variant.file}) ---\n`);
      try {
        // A function, so `$$` or `$&` in the replacement are written as they are.
        await writeFile(path, original.replaceAll(variant.find, () => variant.replace));
        await run(log, 'node', ['scripts/build.mjs'], { cwd: dir });
        const broken = await checkBooted(log, options, extra.env);
        const failed = broken.report.stories.filter((story) => story.status === 'failed').map((story) => story.id);
        if (broken.exitCode !== 1) throw new Error(`check exited ${broken.exitCode} against "${variant.defect}", expected 1`);
        if (!failed.includes(variant.story)) {
          throw new Error(`check against "${variant.defect}" did not fail the story ${variant.story} (failed: ${failed.join(', ') || 'none'})`);
        }
        console.log(`  broken variant "${variant.defect}": story ${variant.story} failed, as it must (all failed: ${failed.join(', ')})`);
      } finally {
        await writeFile(path, original);
      }
    }
  } finally {
    await extra.stop();
    // Later tiers use this project: give it back its real build.
    await run(log, 'node', ['scripts/build.mjs'], { cwd: dir });
  }
}

/** The project booted on a fresh PostgreSQL database (production mode), checked with every option. */
async function checkBooted(log: Log, { bin, dir, template }: { bin: string; dir: string; template: string }, extraEnv: Record<string, string>) {
  const env = {
    NODE_ENV: 'production',
    DATABASE_URL: await createDatabase(`check_${template}`),
    JWT_SECRET: randomSecret(),
    CORS_ORIGINS: ORIGIN,
    ...extraEnv,
  };
  const server = await startServer(log, dir, env);
  try {
    const args = ['check', template, '--base-url', server.baseUrl, '--json', '--origin', ORIGIN];
    if (template !== 'external-api') args.push('--jwt-secret', env.JWT_SECRET);
    if (template === 'ecommerce') {
      const admin = { email: `check-admin-${randomSecret().slice(0, 8).toLowerCase()}@example.com`, password: randomSecret() };
      const registered = await fetch(`${server.baseUrl}/v1/auth/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(admin),
      });
      if (registered.status !== 201) throw new Error(`registering the admin account answered ${registered.status}`);
      await run(log, 'npm', ['run', 'user:promote', '--', admin.email], { cwd: dir, env });
      args.push('--admin-email', admin.email, '--admin-password', admin.password);
    }
    return await checkJson(log, bin, args);
  } finally {
    await server.stop();
  }
}

/** Runs `check … --json`; its exit code and report. */
async function checkJson(log: Log, bin: string, args: string[]): Promise<{ exitCode: number; report: CheckReport }> {
  let output: string;
  let exitCode = 0;
  try {
    output = await run(log, 'node', [bin, ...args], { cwd: WORK, timeoutMs: 120_000 });
  } catch (error) {
    if (!(error instanceof CommandFailed)) throw error;
    exitCode = 1;
    output = error.output;
  }
  const json = output.slice(output.indexOf('{'));
  try {
    return { exitCode, report: JSON.parse(json) as CheckReport };
  } catch {
    throw new Error(`check printed no JSON report: ${output.slice(0, 300)}`);
  }
}

/**
 * The Python task-api (FastAPI, psycopg; Debian's packages, see .ci/run), served the
 * openapi.json that `spec` writes, on a fresh PostgreSQL database: `check task-api` must pass
 * with every option and nothing skipped.
 */
export async function pythonTaskApiCheck(log: Log, bin: string) {
  const spec = join(WORK, 'python-task-api-spec');
  await run(log, 'node', [bin, 'spec', 'task-api', '--out', spec, '--force'], { cwd: WORK });
  const env = { DATABASE_URL: await createDatabase('check_python'), JWT_SECRET: randomSecret(), ALLOWED_ORIGINS: ORIGIN, OPENAPI_FILE: join(spec, 'openapi.json') };
  const python: ServerCommand = (port) => ['/usr/bin/python3', ['-m', 'uvicorn', 'app:app', '--host', '127.0.0.1', '--port', String(port)]];
  const server = await startServer(log, join(REPO, 'tests/conformance/python-task-api'), env, 30_000, python);
  try {
    const { exitCode, report } = await checkJson(log, bin, ['check', 'task-api', '--base-url', server.baseUrl, '--json', '--origin', ORIGIN, '--jwt-secret', env.JWT_SECRET]);
    if (exitCode !== 0 || !report.ok) throw new Error(`check failed against the Python task-api: ${failures(report)}`);
    const skipped = report.stories.flatMap((story) => story.checks.filter((check) => check.status === 'skipped').map((check) => check.name));
    if (skipped.length > 0) throw new Error(`check skipped ${skipped.length} checks against the Python task-api: ${skipped[0]}`);
    console.log(`  check task-api against Python (FastAPI, psycopg): ${report.passed} passed in ${(report.durationMs / 1000).toFixed(1)} s`);
  } finally {
    await server.stop();
  }
}

function failures(report: CheckReport): string {
  return report.stories
    .flatMap((story) => story.checks.filter((check) => check.status === 'failed').map((check) => `${story.id}: ${check.name}`))
    .join('; ');
}

/**
 * What `spec` ships is what the server serves: the committed copy equals tier 2's saved
 * /openapi.json, and it lints clean. A difference leaves the served one in .tmp/verify/spec/
 * for `npm run spec:update`.
 */
async function specDocumentMatches(log: Log, dir: string, template: string) {
  const committedPath = join(REPO, pieceOf(template, 'spec'));
  const served = JSON.parse(await readFile(join(dir, 'openapi.json'), 'utf8')) as unknown;
  const committed = JSON.parse(await readFile(committedPath, 'utf8')) as unknown;
  if (!isDeepStrictEqual(served, committed)) {
    throw new Error(`${pieceOf(template, 'spec')} differs from the /openapi.json the generated project serves: run \`npm run spec:update -- ${template}\` and commit the result`);
  }
  const env = { REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' };
  await run(log, join(TOOLS_BIN, 'redocly'), ['lint', committedPath, '--format', 'stylish'], { cwd: REPO, env });
  await run(log, join(TOOLS_BIN, 'spectral'), ['lint', '--ruleset', join(REPO, 'scripts/verify/spectral.yaml'), '--fail-severity', 'error', committedPath], { cwd: REPO });
}

