/** What every template promises as an HTTP service: health, its document, problem+json 404s, CORS. */
import type { ApiDocument } from './document.js';
import type { Answer, Client } from './http.js';
import { expectObject, expectProblem, expectStatus, expectThat, Skipped, type Story } from './suite.js';

/** Checked by the rate-limit story, not on every answer (see command.ts). */
export const RATE_LIMIT_HEADERS: ReadonlySet<string> = new Set(['ratelimit', 'ratelimit-policy']);

export interface CommonContext {
  client: Client;
  /** a browser origin the server allows, when given */
  origin?: string;
  /** the document `spec` writes, for the checks that read what it declares */
  document: ApiDocument;
}

/** The first story of every template: the server is up, and errors are problem+json. */
export function healthStory<C extends CommonContext>(): Story<C> {
  return {
    id: 'health',
    title: 'A server that answers',
    narrative: 'As an operator, I want a health endpoint and every error as problem+json, so that I can tell the server is up and clients can read what went wrong.',
    endpoints: ['GET /healthz', 'any unknown route'],
    checks: [
      {
        name: '`GET /healthz` answers 200, with an `X-Request-Id` header (as every answer)',
        async run({ client }) {
          expectStatus(await client.request('GET', '/healthz'), 200);
        },
      },
      {
        name: 'An unknown route is a 404 problem (`application/problem+json`)',
        async run({ client }) {
          expectProblem(await client.request('GET', `/v1/no-such-route-${Date.now()}`), 404);
        },
      },
    ],
  };
}

/**
 * The rate limit every client sees (IETF draft-ietf-httpapi-ratelimit-headers). `call` makes
 * one request to a rate-limited operation that succeeds.
 */
export function rateLimitStory<C extends CommonContext>(endpoint: string, call: (context: C) => Promise<Answer>): Story<C> {
  const limits = (answer: Answer) => {
    const match = /;r=(\d+);t=(\d+)/.exec(answer.headers.get('ratelimit') ?? '');
    return match ? { remaining: Number(match[1]), reset: Number(match[2]) } : undefined;
  };
  return {
    id: 'rate-limits',
    title: 'Fair use: rate limits a client can see',
    narrative: 'As a client developer, I want every answer to say how many requests I have left and when the window resets, so that my client slows down before it is refused.',
    endpoints: [endpoint],
    checks: [
      {
        name: 'A successful answer carries `RateLimit` (`"<policy>";r=<left>;t=<seconds>`) and `RateLimit-Policy` (`"<policy>";q=<requests>;w=<seconds>`)',
        async run(context) {
          const answer = await call(context);
          expectStatus(answer, 200);
          const { method, path } = answer.request;
          for (const name of ['RateLimit', 'RateLimit-Policy']) {
            const header = context.document.declaredHeader(method, path.split('?')[0]!, answer.status, name);
            const [violation] = context.document.headerViolations(answer, name, { required: true, schema: header?.schema }, `${method} ${path.split('?')[0]} → ${answer.status}`);
            expectThat(!violation, `header ${name} as openapi.json describes it`, violation?.message ?? '', answer.request);
          }
        },
      },
      {
        name: 'The requests left (`r`) count down from one answer to the next in the same window',
        async run(context) {
          const first = await call(context);
          const second = await call(context);
          const [a, b] = [limits(first), limits(second)];
          expectThat(a !== undefined && b !== undefined, 'a RateLimit header on both answers', `${first.headers.get('ratelimit') ?? 'missing'}, then ${second.headers.get('ratelimit') ?? 'missing'}`, second.request);
          // A new window may start between the two (then `t` grows back): only a count that stays or grows in one window is wrong.
          expectThat(b.remaining < a.remaining || b.reset > a.reset, `r below ${a.remaining}`, `RateLimit: ${second.headers.get('ratelimit')} after ${first.headers.get('ratelimit')}`, second.request);
        },
      },
    ],
  };
}

/** `probePath`: a route of the template that a browser calls (the CORS preflight target). */
export function corsAndDocumentStories<C extends CommonContext>(probePath: string): Story<C>[] {
  return [
    {
      id: 'cors-and-documents',
      title: 'Documented, and callable from a browser',
      narrative:
        'As a client developer, I want the OpenAPI document and CORS for my origin (and only for allowed origins), so that I can build and run a browser client without guessing.',
      endpoints: ['GET /openapi.json', 'OPTIONS (CORS preflight)'],
      checks: [
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
          name: 'A CORS preflight from an allowed origin is answered with that origin in `Access-Control-Allow-Origin` (not `*`: the API takes bearer tokens)',
          async run({ client, origin }) {
            if (!origin) throw new Skipped('pass --origin <an origin the server allows> to check CORS (the most common reason a deployed API fails in the browser)');
            const answer = await client.request('OPTIONS', probePath, {
              headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
            });
            expectStatus(answer, 200, 204);
            const allowed = answer.headers.get('access-control-allow-origin');
            expectThat(allowed === origin, `header Access-Control-Allow-Origin = ${origin}`, `Access-Control-Allow-Origin = ${allowed ?? '(none)'}`, answer.request);
          },
        },
        {
          name: 'An origin that is not allowed gets no `Access-Control-Allow-Origin` header (neither its own origin nor `*`)',
          async run({ client }) {
            const stranger = 'https://not-allowed.invalid';
            const answer = await client.request('GET', '/healthz', { headers: { origin: stranger } });
            const allowed = answer.headers.get('access-control-allow-origin');
            expectThat(allowed === null, 'no Access-Control-Allow-Origin for an unlisted origin', `Access-Control-Allow-Origin: ${allowed}`, answer.request);
          },
        },
      ],
    },
  ];
}
