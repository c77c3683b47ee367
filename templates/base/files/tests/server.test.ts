/**
 * The real process, started as in production (minus the build): it must stop cleanly on
 * SIGTERM, the signal container platforms send before they kill a container.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let dataDir: string;
let server: ChildProcess;
let output = '';
let port: number;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'server-test-'));
  port = await freePort();
  server = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    // Only what this test needs: no DATABASE_URL or REDIS_URL from the developer's shell.
    env: { PATH: process.env.PATH, NODE_ENV: 'test', HOST: '127.0.0.1', PORT: String(port), PGLITE_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout?.on('data', (chunk) => (output += chunk));
  server.stderr?.on('data', (chunk) => (output += chunk));
  await waitFor(() => output.includes('Server listening'), 60_000);
}, 70_000);

afterAll(async () => {
  if (server.exitCode === null) server.kill('SIGKILL');
  await rm(dataDir, { recursive: true, force: true });
});

describe('server process', () => {
  it('serves requests, then exits 0 on SIGTERM without waiting for idle keep-alive connections', async () => {
    // A client that keeps its connection open after the response, as browsers and proxies do.
    const agent = new Agent({ keepAlive: true });
    expect(await get(`http://127.0.0.1:${port}/healthz`, agent)).toBe(200);
    expect(await get(`http://127.0.0.1:${port}/readyz`, agent)).toBe(200);
    // The start-up log says where the documentation is, as a URL to click.
    expect(output).toContain(`API documentation: http://127.0.0.1:${port}/docs`);
    expect(await get(`http://127.0.0.1:${port}/docs`, agent)).toBe(200);

    const startedAt = Date.now();
    const exited = once(server, 'exit');
    server.kill('SIGTERM');
    const [code] = await exited;
    agent.destroy();

    expect(code).toBe(0);
    // Well under the 10 s shutdown deadline: the idle connection did not hold the server open.
    expect(Date.now() - startedAt).toBeLessThan(5_000);
    expect(output).toContain('shutting down');
  });
});

function get(url: string, agent: Agent): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    request(url, { agent }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode));
    })
      .on('error', reject)
      .end();
  });
}

async function freePort(): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const address = probe.address();
  probe.close();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function waitFor(condition: () => boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (server.exitCode !== null) throw new Error(`server exited early:\n${output}`);
    if (Date.now() > deadline) throw new Error(`server did not start in time:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
