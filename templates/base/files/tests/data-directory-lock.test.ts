/**
 * Two real processes on one PGlite data directory: the second is refused with one line and
 * nothing is lost; a lock left by a killed process is taken over.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataDirectoryInUseError } from '../src/db/data-directory-lock.js';
import { connectDatabase } from '../src/db/database.js';

const run = promisify(execFile);
let parent: string;
let dataDir: string;

beforeAll(async () => {
  parent = await mkdtemp(join(tmpdir(), 'lock-test-'));
  dataDir = join(parent, 'pglite');
});
afterAll(() => rm(parent, { recursive: true, force: true }));

/** Starts tests/helpers/hold-database.ts on `dataDir` and waits until it holds the database. */
async function holder(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/helpers/hold-database.ts', dataDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  const deadline = Date.now() + 60_000;
  while (!output.includes('holding')) {
    if (child.exitCode !== null) throw new Error(`holder exited early: ${output}`);
    if (Date.now() > deadline) throw new Error('holder did not start in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return child;
}

async function notes(): Promise<string[]> {
  const db = await connectDatabase({ kind: 'pglite', dataDir });
  try {
    return (await db.query<{ body: string }>('SELECT body FROM notes ORDER BY body')).map((row) => row.body);
  } finally {
    await db.close();
  }
}

describe('a PGlite data directory in use by another process', () => {
  it('refuses a second process with one line, and loses nothing', { timeout: 120_000 }, async () => {
    const first = await holder();

    // In this process: a clear error, before anything is opened.
    const refused = await connectDatabase({ kind: 'pglite', dataDir }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DataDirectoryInUseError);
    expect((refused as Error).message).toContain(`in use by another process (pid ${first.pid})`);
    expect((refused as Error).message).not.toContain('\n');

    // A command run meanwhile (what `db:migrate` or `db:seed` next to `dev` used to do): exit 1, one line.
    const command = await run(process.execPath, ['--import', 'tsx', 'src/cli/migrate.ts'], {
      env: { ...process.env, NODE_ENV: 'test', DATABASE_URL: '', PGLITE_DATA_DIR: dataDir },
    }).catch((error: { code: number; stdout: string; stderr: string }) => error);
    expect('code' in command ? command.code : 0).toBe(1);
    expect(command.stderr.trim().split('\n')).toEqual([
      expect.stringContaining(`The PGlite data directory ${dataDir} is in use`),
    ]);

    // The first process stops cleanly; what it wrote is there, and the directory opens again.
    first.kill('SIGTERM');
    expect((await once(first, 'exit'))[0]).toBe(0);
    expect(await notes()).toEqual([`written by ${first.pid}`]);
    expect(existsSync(`${dataDir}.lock`)).toBe(false);
  });

  it('takes over the lock of a process that was killed', { timeout: 120_000 }, async () => {
    const killed = await holder();
    killed.kill('SIGKILL');
    await once(killed, 'exit');
    expect(existsSync(`${dataDir}.lock`)).toBe(true); // left behind: nobody released it
    expect(await notes()).toContain(`written by ${killed.pid}`);
    expect(existsSync(`${dataDir}.lock`)).toBe(false);
  });

  it('refuses the same directory opened twice in one process', async () => {
    const db = await connectDatabase({ kind: 'pglite', dataDir });
    try {
      await expect(connectDatabase({ kind: 'pglite', dataDir })).rejects.toBeInstanceOf(DataDirectoryInUseError);
    } finally {
      await db.close();
    }
  });
});
