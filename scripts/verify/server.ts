/** Boots a built generated project as `npm start` would, and stops it the way a platform does. */
import { setTimeout as sleep } from 'node:timers/promises';
import { start } from './exec.js';
import { freePort } from './environment.js';
import type { Log } from './report.js';

export interface RunningServer {
  baseUrl: string;
  /** everything the process has printed so far (its JSON log lines) */
  output(): string;
  /** Sends SIGTERM and resolves with the exit code (or the signal that ended it); fails if the process outlives `graceMs`. */
  stop(graceMs?: number): Promise<number | string>;
}

/** How to start a server on a port: a generated project by default (`PORT` is set as well). */
export type ServerCommand = (port: number) => [string, string[]];
const generatedProject: ServerCommand = () => ['node', ['dist/server.js']];

export async function startServer(
  log: Log,
  projectDir: string,
  env: Record<string, string>,
  readyWithinMs = 30_000,
  command: ServerCommand = generatedProject,
): Promise<RunningServer> {
  const port = await freePort();
  const [file, args] = command(port);
  const child = start(log, file, args, {
    cwd: projectDir,
    env: { HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'info', ...env },
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  let output = '';
  child.all?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = child.then((result): number | string => result.exitCode ?? result.signal ?? 'unknown');

  const deadline = Date.now() + readyWithinMs;
  for (;;) {
    const early = await Promise.race([exited, sleep(250).then(() => undefined)]);
    if (early !== undefined) throw new Error(`the server exited with ${early} before it was ready`);
    const ready = await fetch(`${baseUrl}/readyz`).then(
      (response) => response.status === 200,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`/readyz did not answer 200 within ${readyWithinMs / 1000} s`);
    }
  }

  return {
    baseUrl,
    output: () => output,
    // Twice the app's own 10 s shutdown cap (src/server.ts): on a loaded machine, finishing the
    // in-flight requests can take most of that cap, and a server past it exits 1 on its own.
    async stop(graceMs = 20_000) {
      child.kill('SIGTERM');
      const code = await Promise.race([exited, sleep(graceMs).then(() => 'timeout' as const)]);
      if (code === 'timeout') {
        child.kill('SIGKILL');
        throw new Error(`the server did not exit within ${graceMs / 1000} s of SIGTERM`);
      }
      return code;
    },
  };
}
