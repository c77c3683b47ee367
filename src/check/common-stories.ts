/** What every template promises as an HTTP service: health, its document, problem+json 404s, CORS. */
import type { Client } from './http.js';
import { expectObject, expectProblem, expectStatus, expectThat, Skipped, type Story } from './suite.js';

export interface CommonContext {
  client: Client;
  /** a browser origin the server allows (its CORS_ORIGINS), when given */
  origin?: string;
}

/** `probePath`: a route of the template that a browser calls (the CORS preflight target). */
export function commonStories<C extends CommonContext>(probePath: string): Story<C>[] {
  return [
    {
      id: 'http-basics',
      title: 'A predictable HTTP service',
      narrative:
        'As a client developer, I want health endpoints, the OpenAPI document, problem+json errors and CORS for my origin, so that I can build and run a client without guessing.',
      endpoints: ['GET /healthz', 'GET /openapi.json', 'OPTIONS (CORS preflight)'],
      checks: [
        {
          name: '`GET /healthz` answers 200',
          async run({ client }) {
            expectStatus(await client.request('GET', '/healthz'), 200);
          },
        },
        {
          name: '`GET /openapi.json` answers 200 with an OpenAPI 3.x document',
          async run({ client }) {
            const answer = await client.request('GET', '/openapi.json');
            expectStatus(answer, 200);
            const body = expectObject(answer);
            expectThat(typeof body.openapi === 'string' && body.openapi.startsWith('3.'), 'field `openapi` = "3.x"', `field \`openapi\` = ${JSON.stringify(body.openapi)}`, answer.request);
          },
        },
        {
          name: 'An unknown route is a 404 problem (`application/problem+json`)',
          async run({ client }) {
            expectProblem(await client.request('GET', `/v1/no-such-route-${Date.now()}`), 404);
          },
        },
        {
          name: 'A CORS preflight from an allowed origin is answered with that origin in `Access-Control-Allow-Origin`',
          async run({ client, origin }) {
            if (!origin) throw new Skipped('pass --origin <an origin in the server\'s CORS_ORIGINS> to check CORS (the most common reason a deployed API fails in the browser)');
            const answer = await client.request('OPTIONS', probePath, {
              headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
            });
            expectStatus(answer, 200, 204);
            const allowed = answer.headers.get('access-control-allow-origin');
            expectThat(allowed === origin || allowed === '*', `header Access-Control-Allow-Origin = ${origin}`, `Access-Control-Allow-Origin = ${allowed ?? '(none)'}`, answer.request);
          },
        },
        {
          name: 'An origin that is not allowed gets no `Access-Control-Allow-Origin` for itself',
          async run({ client }) {
            const stranger = 'https://not-allowed.invalid';
            const answer = await client.request('GET', '/healthz', { headers: { origin: stranger } });
            const allowed = answer.headers.get('access-control-allow-origin');
            expectThat(allowed !== stranger && allowed !== '*', 'no Access-Control-Allow-Origin for an unlisted origin', `Access-Control-Allow-Origin = ${allowed}`, answer.request);
          },
        },
      ],
    },
  ];
}
