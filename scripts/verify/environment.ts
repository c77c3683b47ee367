/** Where the pipeline works and what it works with: paths, services, ports. */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const WORK = join(REPO, '.tmp/verify');
export const TOOLS_BIN = join(REPO, '.ci/tools/node_modules/.bin');
/** One npm cache for every generated project, so each install after the first is quick. */
export const NPM_CACHE = join(WORK, 'npm-cache');

export const POSTGRES_ADMIN_URL = process.env.VERIFY_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_URL = process.env.VERIFY_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * A Node major from the npm registry (the `node` package), installed under `.tmp/` (once: npm
 * finds it there the next time); returns the directory to put first on PATH. Generated projects
 * run on Node 22 and 24, their `engines`; this machine's Node is 20.
 */
export async function installNode(major: string): Promise<string> {
  const dir = join(REPO, '.tmp', `node${major}`);
  await execa('npm', ['install', '--prefix', dir, '--no-save', '--no-audit', '--no-fund', `node@${major}`], { cwd: REPO });
  const bin = join(dir, 'node_modules/.bin');
  const { stdout } = await execa('node', ['--version'], { env: { PATH: `${bin}:${process.env.PATH}` } });
  if (!stdout.startsWith(`v${major}.`)) throw new Error(`expected Node ${major} in ${bin}, got ${stdout}`);
  return bin;
}

/** Runs `work` with `bin` first on PATH for every command it starts. */
export async function withPathFirst<T>(bin: string, work: () => Promise<T>): Promise<T> {
  const saved = process.env.PATH;
  process.env.PATH = `${bin}:${saved}`;
  try {
    return await work();
  } finally {
    process.env.PATH = saved;
  }
}

/** Databases this run created, dropped by `dropCreatedDatabases` when it ends. */
const createdDatabases: string[] = [];

/** A new, empty database on the local PostgreSQL server; returns its URL. */
export async function createDatabase(prefix: string): Promise<string> {
  const name = `${prefix.replace(/\W/g, '_')}_${randomBytes(4).toString('hex')}`;
  await execa('psql', [POSTGRES_ADMIN_URL, '-v', 'ON_ERROR_STOP=1', '-qc', `CREATE DATABASE ${name}`]);
  createdDatabases.push(name);
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Drops every database this run created, so repeated runs do not fill the server. Only this
 * run's: another pipeline may be running against the same server. `WITH (FORCE)` ends
 * connections a crashed server process may have left behind.
 */
export async function dropCreatedDatabases(): Promise<void> {
  for (const name of createdDatabases.splice(0)) {
    await execa('psql', [POSTGRES_ADMIN_URL, '-qc', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`], { reject: false });
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export const randomSecret = () => randomBytes(32).toString('base64url');
