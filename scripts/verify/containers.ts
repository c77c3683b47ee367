/**
 * Tier 5: build a generated project's Dockerfile with Podman (no Docker engine here), run the
 * image, check /healthz and the HEALTHCHECK, and stop it with SIGTERM.
 */
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { run } from './exec.js';
import { createDatabase, freePort, REDIS_URL, REPO, randomSecret } from './environment.js';
import { type Log, Skip } from './report.js';

const CONTAINER_BASE = join(REPO, '../shared/tools/container-base.sh');

/** Installs Podman and the local node:22-slim stand-in; a failure here skips the tier, loudly. */
export async function prepareContainers(log: Log) {
  try {
    await run(log, 'bash', [CONTAINER_BASE, '22'], { cwd: REPO, timeoutMs: 15 * 60_000 });
    await run(log, 'podman', ['info', '--format', '{{.Host.OCIRuntime.Name}}'], { cwd: REPO });
  } catch (error) {
    throw new Skip(`Podman cannot run here (${(error as Error).message}); container checks not done`);
  }
}

export async function containerCheck(log: Log, dir: string, template: string) {
  const image = `localhost/verify-${template}:latest`;
  const name = `verify-${template}-${process.pid}`;
  await run(log, 'podman', ['build', '--pull=never', '--format', 'docker', '-t', image, '.'], {
    cwd: dir,
    timeoutMs: 15 * 60_000,
  });
  const port = await freePort();
  // Host networking: the container reaches this machine's PostgreSQL and Redis on 127.0.0.1.
  await run(
    log,
    'podman',
    [
      'run', '-d', '--name', name, '--network', 'host',
      '-e', `PORT=${port}`, '-e', 'HOST=127.0.0.1',
      '-e', `DATABASE_URL=${await createDatabase(`container_${template}`)}`,
      '-e', `JWT_SECRET=${randomSecret()}`, '-e', `REDIS_URL=${REDIS_URL}`,
      image,
    ],
    { cwd: dir },
  );
  try {
    await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).ok, 60_000, '/healthz in the container');
    // Runs the image's HEALTHCHECK command now instead of waiting for its interval.
    await run(log, 'podman', ['healthcheck', 'run', name], { cwd: dir });
    await run(log, 'podman', ['stop', '--time', '10', name], { cwd: dir });
    const { stdout: exitCode } = await execa('podman', ['inspect', '--format', '{{.State.ExitCode}}', name]);
    log.write(`\ncontainer exit code after SIGTERM: ${exitCode}\n`);
    if (exitCode.trim() !== '0') throw new Error(`the container exited with ${exitCode.trim()} after SIGTERM`);
  } finally {
    await execa('podman', ['logs', name]).then(
      (result) => log.write(`\n--- container logs ---\n${result.stdout}\n${result.stderr}\n`),
      () => {},
    );
    await execa('podman', ['rm', '-f', name]).catch(() => {});
  }
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await sleep(500);
  }
  throw new Error(`${what} did not answer within ${timeoutMs / 1000} s`);
}
