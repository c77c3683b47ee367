/**
 * The checks only a real PostgreSQL server can make (concurrent requests, two app instances
 * sharing Redis, row locks): test files named `*.postgres.test.ts`, whose tests run only when
 * `TEST_DATABASE_URL` is set. On PGlite they wait; `npm run practice` runs them as soon as a
 * server is configured, in this order:
 *   1. `TEST_DATABASE_URL` in the environment: every test of the run uses that server;
 *   2. else `DATABASE_URL` (the environment, then `.env`: the README's `docker compose up -d`
 *      path) names a PostgreSQL server: the fast verdict stays on PGlite, then the PostgreSQL
 *      checks run against that server, with `TEST_DATABASE_URL` set to it. Each test file
 *      creates a database of its own there and drops it afterwards: your development data is
 *      never touched. `REDIS_URL` (environment, then `.env`) is passed on the same way.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnv } from 'node:util';

export interface ServerSettings {
  /** what TEST_DATABASE_URL is set to for the checks */
  databaseUrl: string;
  redisUrl?: string;
  /** where the URL came from, for the messages */
  from: string;
}

export const isPostgresCheck = (file: string) => file.endsWith('.postgres.test.ts');

/** What a check that skipped itself on a configured server was missing. */
export const SKIPPED_CHECKS_NEED =
  'they need Redis as well: set REDIS_URL=redis://127.0.0.1:6379 in .env (`docker compose up -d postgres redis` starts it there)';

function dotEnv(file: string): Record<string, string | undefined> {
  if (!existsSync(file)) return {};
  try {
    return parseEnv(readFileSync(file, 'utf8'));
  } catch {
    return {};
  }
}

const POSTGRES_URL = /^postgres(ql)?:\/\//;

/**
 * The server the PostgreSQL checks run against, `undefined` when none is configured. `inline`
 * is true when it comes from TEST_DATABASE_URL: then the checks ran with every other test.
 */
export function serverSettings(
  env: NodeJS.ProcessEnv = process.env,
  envFile = '.env',
): (ServerSettings & { inline: boolean }) | undefined {
  const file = dotEnv(envFile);
  const redisUrl = env.REDIS_URL || file.REDIS_URL || undefined;
  if (env.TEST_DATABASE_URL)
    return { databaseUrl: env.TEST_DATABASE_URL, redisUrl, from: 'TEST_DATABASE_URL', inline: true };
  const fromEnv = env.DATABASE_URL && POSTGRES_URL.test(env.DATABASE_URL) ? env.DATABASE_URL : undefined;
  const fromFile = file.DATABASE_URL && POSTGRES_URL.test(file.DATABASE_URL) ? file.DATABASE_URL : undefined;
  const databaseUrl = fromEnv ?? fromFile;
  if (!databaseUrl) return undefined;
  return { databaseUrl, redisUrl, from: fromEnv ? 'DATABASE_URL' : 'DATABASE_URL in .env', inline: false };
}

export interface CheckFailure {
  file: string;
  test: string;
  message: string;
}

export interface CheckOutcome {
  passed: number;
  failures: CheckFailure[];
  /**
   * Test files with tests that skipped themselves on this server (a check that also needs Redis
   * skips without REDIS_URL): their exercises stay pending, never recorded on a check not run.
   */
  skippedFiles: string[];
}

interface JsonReport {
  testResults: {
    name: string;
    message?: string;
    assertionResults: { fullName: string; status: string; failureMessages: string[] }[];
  }[];
}

/**
 * Runs the test files in a vitest process of their own, pointed at the server (a separate
 * process: the tests read TEST_DATABASE_URL when they load, and the fast verdict stays on PGlite).
 */
export async function runPostgresChecks(files: string[], server: ServerSettings): Promise<CheckOutcome> {
  const report = join(tmpdir(), `practice-postgres-${process.pid}.json`);
  const env = {
    ...process.env,
    PRACTICE_TESTS: 'all',
    TEST_DATABASE_URL: server.databaseUrl,
    ...(server.redisUrl ? { REDIS_URL: server.redisUrl } : {}),
  };
  const vitest = join('node_modules', 'vitest', 'vitest.mjs');
  const args = [vitest, 'run', ...files, '--reporter=json', `--outputFile=${report}`];
  const output = await new Promise<string>((resolve) => {
    let text = '';
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk: Buffer) => {
      text += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      text += chunk.toString();
    });
    child.on('close', () => resolve(text));
  });
  try {
    if (!existsSync(report)) {
      const firstLine = output.split('\n').find((line) => line.trim()) ?? 'no output';
      return {
        passed: 0,
        failures: [{ file: files.join(', '), test: '', message: `the checks did not run: ${firstLine}` }],
        skippedFiles: [],
      };
    }
    const { testResults } = JSON.parse(readFileSync(report, 'utf8')) as JsonReport;
    const outcome: CheckOutcome = { passed: 0, failures: [], skippedFiles: [] };
    for (const result of testResults) {
      const file = result.name.startsWith(process.cwd()) ? result.name.slice(process.cwd().length + 1) : result.name;
      if (result.assertionResults.length === 0 && result.message) {
        outcome.failures.push({ file, test: '', message: result.message });
      }
      for (const test of result.assertionResults) {
        if (test.status === 'passed') outcome.passed += 1;
        else if (test.status !== 'failed' && !outcome.skippedFiles.includes(file)) outcome.skippedFiles.push(file);
        if (test.status === 'failed')
          outcome.failures.push({ file, test: test.fullName, message: test.failureMessages[0] ?? 'failed' });
      }
    }
    return outcome;
  } finally {
    rmSync(report, { force: true });
  }
}
