/** Templates that call an upstream API boot against a local fake of it, never the internet. */
import { setTimeout as sleep } from 'node:timers/promises';
import { start } from './exec.js';
import { freePort } from './environment.js';
import type { UpstreamStarter } from './generated-project.js';

/** external-api ships its own fake Open-Meteo (`npm run dev:fake`); the pipeline and the benchmarks use it too. */
export const startFakeOpenMeteo: UpstreamStarter = async (log, dir) => {
  const port = await freePort();
  // What `npm run dev:fake` runs, as one process: a signal to npm would orphan the fake.
  const child = start(log, 'node', ['--import', 'tsx', 'src/cli/fake-open-meteo.ts', '--port', String(port)], {
    cwd: dir,
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  while (!(await fetch(`${url}/__fake/calls`).then((response) => response.ok, () => false))) {
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error('the fake Open-Meteo did not start within 30 s');
    }
    await sleep(200);
  }
  return {
    env: { GEOCODING_BASE_URL: url, WEATHER_BASE_URL: url },
    async stop() {
      child.kill('SIGTERM');
      await child;
    },
  };
};

export function upstreamFor(template: string): UpstreamStarter | undefined {
  return template === 'external-api' ? startFakeOpenMeteo : undefined;
}
