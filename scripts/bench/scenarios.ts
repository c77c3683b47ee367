/**
 * What each template is loaded with: a way to fill the database through the API, then the
 * requests to measure (as autocannon request definitions).
 */
import { randomUUID } from 'node:crypto';

export interface BenchRequest {
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** autocannon hook to vary each request (e.g. a fresh idempotency key) */
  setupRequest?: (request: import('autocannon').Request) => import('autocannon').Request;
}

export interface Scenario {
  /** fills the database through the API and returns what to measure */
  prepare(baseUrl: string, dir: string, databaseUrl: string): Promise<BenchRequest[]>;
  /** starts a fake upstream for templates that call one; returns the env that points at it */
  upstream?(dir: string): Promise<{ env: Record<string, string>; stop(): Promise<void> }>;
  redis?: boolean;
}

async function call<T>(baseUrl: string, method: string, path: string, body?: unknown, token?: string): Promise<T> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${await response.text()}`);
  return (await response.json().catch(() => undefined)) as T;
}

async function userWithToken(baseUrl: string) {
  const email = `bench-${randomUUID()}@example.com`;
  const password = 'bench-password-123';
  await call(baseUrl, 'POST', '/v1/auth/register', { email, password });
  const { accessToken } = await call<{ accessToken: string }>(baseUrl, 'POST', '/v1/auth/login', { email, password });
  return { email, accessToken };
}

export const scenarios: Record<string, Scenario> = {
  'task-api': {
    async prepare(baseUrl) {
      const { accessToken } = await userWithToken(baseUrl);
      const auth = { authorization: `Bearer ${accessToken}` };
      let firstId = '';
      for (let i = 0; i < 200; i++) {
        const task = await call<{ id: string }>(
          baseUrl,
          'POST',
          '/v1/tasks',
          { title: `Task ${i}`, tags: [`tag-${i % 5}`], dueDate: '2030-01-01' },
          accessToken,
        );
        firstId ||= task.id;
      }
      return [
        { name: 'GET /v1/tasks?limit=20', method: 'GET', path: '/v1/tasks?limit=20', headers: auth },
        { name: 'GET /v1/tasks/:id', method: 'GET', path: `/v1/tasks/${firstId}`, headers: auth },
        {
          name: 'POST /v1/tasks',
          method: 'POST',
          path: '/v1/tasks',
          headers: auth,
          body: JSON.stringify({ title: 'Benchmark task', tags: ['bench'] }),
        },
      ];
    },
  },
};
