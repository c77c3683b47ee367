/**
 * A tiny client for smoke tests: `npm run smoke -- --base-url https://my-app.example.com` runs
 * the project's main user flow (src/cli/smoke.ts) against any running instance — local, in a
 * container, or just deployed — and exits non-zero at the first step that fails.
 */
import { parseArgs } from 'node:util';

interface SmokeRequest {
  body?: unknown;
  token?: string;
  headers?: Record<string, string>;
  /** the status the step expects (default 200) */
  expect?: number;
}

export interface SmokeApi {
  baseUrl: string;
  /** Runs one named step and prints its outcome. */
  step<T>(name: string, work: () => Promise<T>): Promise<T>;
  /** Calls the API; fails the step unless the status is the expected one. Returns parsed JSON. */
  request<T = Record<string, unknown>>(method: string, path: string, options?: SmokeRequest): Promise<T>;
}

class SmokeFailure extends Error {}

export async function runSmoke(flow: (api: SmokeApi) => Promise<void>): Promise<void> {
  // pnpm, yarn and bun pass the `--` of `<pm> smoke -- --base-url …` on to the script: skip it.
  const argv = process.argv.slice(2);
  const { values } = parseArgs({
    args: argv[0] === '--' ? argv.slice(1) : argv,
    options: { 'base-url': { type: 'string' } },
  });
  const rawBaseUrl = values['base-url'];
  if (!rawBaseUrl || !URL.canParse(rawBaseUrl)) {
    console.error('Usage: npm run smoke -- --base-url <url>   (e.g. http://localhost:3000)');
    process.exit(2);
  }
  const baseUrl = rawBaseUrl.replace(/\/+$/, '');

  const api: SmokeApi = {
    baseUrl,
    async step(name, work) {
      try {
        const result = await work();
        console.log(`  ✓ ${name}`);
        return result;
      } catch (error) {
        console.error(`  ✗ ${name}: ${(error as Error).message}`);
        throw new SmokeFailure(name);
      }
    },
    async request(method, path, options = {}) {
      const expected = options.expect ?? 200;
      let response: Response;
      try {
        response = await fetch(`${baseUrl}${path}`, {
          method,
          headers: {
            ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
            ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
            ...options.headers,
          },
          body: options.body === undefined ? undefined : JSON.stringify(options.body),
          signal: AbortSignal.timeout(15_000),
        });
      } catch (error) {
        const reason = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
        throw new Error(`cannot reach ${baseUrl} (${reason}): is the server running and the URL right?`);
      }
      const text = await response.text();
      if (response.status !== expected) {
        throw new Error(`${method} ${path} answered ${response.status}, expected ${expected}: ${text.slice(0, 300)}`);
      }
      return (text ? JSON.parse(text) : undefined) as never;
    },
  };

  console.log(`Smoke test against ${baseUrl}`);
  try {
    await api.step('GET /healthz', () => api.request('GET', '/healthz'));
    await api.step('GET /readyz', () => api.request('GET', '/readyz'));
    await flow(api);
    console.log('Smoke test passed.');
  } catch (error) {
    if (!(error instanceof SmokeFailure)) console.error(`  ✗ ${(error as Error).message}`);
    console.error('Smoke test failed.');
    process.exitCode = 1;
  }
}
