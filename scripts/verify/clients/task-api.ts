/**
 * A frontend's main flow against task-api, written the way a frontend developer would: a client
 * generated from the served /openapi.json (openapi-typescript) and openapi-fetch, no parameter
 * where the server has a default. Tier 6 type-checks it against the generated types, then runs it
 * in Chromium from an allowed origin (scripts/verify/browser.ts).
 */
import createClient from 'openapi-fetch';
import type { paths } from './schema';

export async function mainFlow(baseUrl: string) {
  const client = createClient<paths>({ baseUrl });
  const email = `browser-${Date.now()}@example.com`;
  const password = 'correct horse battery staple';

  const registered = await client.POST('/v1/auth/register', { body: { email, password } });
  if (!registered.data) throw new Error(`register answered ${registered.response.status}`);
  const login = await client.POST('/v1/auth/login', { body: { email, password } });
  if (!login.data) throw new Error(`login answered ${login.response.status}`);
  const headers = { Authorization: `Bearer ${login.data.accessToken}` };

  const locations: (string | null)[] = [];
  for (const title of ['Write the README', 'Deploy it', 'Tell a friend']) {
    const created = await client.POST('/v1/tasks', { body: { title }, headers });
    if (!created.data) throw new Error(`create answered ${created.response.status}`);
    locations.push(created.response.headers.get('location'));
  }

  const firstPage = await client.GET('/v1/tasks', { params: { query: { limit: 2 } }, headers });
  if (!firstPage.data?.nextCursor) throw new Error(`first page answered ${firstPage.response.status}`);
  const secondPage = await client.GET('/v1/tasks', {
    params: { query: { limit: 2, cursor: firstPage.data.nextCursor } },
    headers,
  });
  if (!secondPage.data) throw new Error(`second page answered ${secondPage.response.status}`);
  // No parameters at all: the server's defaults (newest first, 20 per page) apply.
  const everything = await client.GET('/v1/tasks', { headers });
  if (!everything.data) throw new Error(`list answered ${everything.response.status}`);

  return {
    locations,
    pages: [firstPage.data.items.map((task) => task.title), secondPage.data.items.map((task) => task.title)],
    total: everything.data.items.length,
    requestId: firstPage.response.headers.get('x-request-id'),
    rateLimit: firstPage.response.headers.get('ratelimit'),
    rateLimitPolicy: firstPage.response.headers.get('ratelimit-policy'),
  };
}
