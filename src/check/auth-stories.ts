/** The account stories task-api and ecommerce share (the `auth` layer's contract). */
import { randomUUID } from 'node:crypto';
import { type Account, claimsOf, newAccount, signHs256, uniqueEmail, uniquePassword, unsignedToken } from './accounts.js';
import type { ApiDocument } from './document.js';
import type { Client } from './http.js';
import { expectField, expectFieldIs, expectObject, expectProblem, expectStatus, expectThat, isDateTime, isNumber, isString, isUuid, Skipped, type Story } from './suite.js';

export interface AuthContext {
  client: Client;
  /** the server's signing secret, when given: needed to sign expired, wrong-audience and wrong-issuer tokens */
  jwtSecret?: string;
  /** the document: which operations need a token */
  document: ApiDocument;
  /** one account per name, registered on first use */
  account(name: string): Promise<Account>;
}

/** The stories, with fresh state per run (a check may use what an earlier check of its story made). */
export function authStories<C extends AuthContext>(): Story<C>[] {
  let registered: { email: string; password: string } | undefined;
  type Pair = { accessToken: string; refreshToken: string };
  let session: { first: Account; second: Pair; third: Pair } | undefined;

  return [
    {
      id: 'register',
      title: 'Create an account',
      narrative: 'As a visitor, I want to create an account with my email and a password, so that my data is mine.',
      endpoints: ['POST /v1/auth/register'],
      checks: [
        {
          name: 'Registering answers 201 with the account: `id` (UUID), `email` and `createdAt`, never the password',
          async run({ client }) {
            const email = uniqueEmail();
            const password = uniquePassword();
            const answer = await client.request('POST', '/v1/auth/register', { body: { email, password } });
            expectStatus(answer, 201);
            const body = expectObject(answer);
            expectFieldIs(answer, body, 'id', 'a UUID', isUuid);
            expectField(answer, body, 'email', email);
            expectFieldIs(answer, body, 'createdAt', 'a date-time', isDateTime);
            expectThat(!('password' in body) && !('passwordHash' in body) && !answer.text.includes(password), 'no password in the answer', answer.text.slice(0, 200), answer.request);
            registered = { email, password };
          },
        },
        {
          name: 'The email is stored trimmed and lowercase',
          async run({ client }) {
            const email = uniqueEmail();
            const answer = await client.request('POST', '/v1/auth/register', { body: { email: `  ${email.toUpperCase()} `, password: uniquePassword() } });
            expectStatus(answer, 201);
            expectField(answer, expectObject(answer), 'email', email);
          },
        },
        {
          name: 'An email that is already registered (in any case) is a 409 problem',
          async run({ client }) {
            if (!registered) throw new Skipped('needs the first check of this story to pass');
            const answer = await client.request('POST', '/v1/auth/register', { body: { email: registered.email.toUpperCase(), password: uniquePassword() } });
            expectProblem(answer, 409);
          },
        },
        {
          name: 'A password shorter than 12 characters is a 400 problem naming `password`',
          async run({ client }) {
            const answer = await client.request('POST', '/v1/auth/register', { body: { email: uniqueEmail(), password: 'short-pw-11' } });
            expectProblem(answer, 400, 'password');
          },
        },
        {
          name: 'An invalid email is a 400 problem naming `email`',
          async run({ client }) {
            const answer = await client.request('POST', '/v1/auth/register', { body: { email: 'not-an-email', password: uniquePassword() } });
            expectProblem(answer, 400, 'email');
          },
        },
        {
          name: 'An unknown field in the body is a 400 problem',
          async run({ client }) {
            const answer = await client.request('POST', '/v1/auth/register', { body: { email: uniqueEmail(), password: uniquePassword(), role: 'admin' } });
            expectProblem(answer, 400);
          },
        },
      ],
    },
    {
      id: 'log-in',
      title: 'Log in',
      narrative: 'As a registered user, I want to exchange my email and password for tokens, so that I can call the API as myself.',
      endpoints: ['POST /v1/auth/login', 'GET /v1/me'],
      checks: [
        {
          name: 'Logging in answers 200 with `accessToken`, `refreshToken`, `tokenType: "Bearer"` and `expiresIn` (seconds)',
          async run({ client }) {
            if (!registered) throw new Skipped('needs "Create an account" to pass first');
            const answer = await client.request('POST', '/v1/auth/login', { body: registered });
            expectStatus(answer, 200);
            const body = expectObject(answer);
            expectFieldIs(answer, body, 'accessToken', 'a string', isString);
            expectFieldIs(answer, body, 'refreshToken', 'a string', isString);
            expectField(answer, body, 'tokenType', 'Bearer');
            expectFieldIs(answer, body, 'expiresIn', 'a positive number', (value) => isNumber(value) && (value as number) > 0);
          },
        },
        {
          name: 'A wrong password and an unknown email get the same 401 problem (no hint which one exists)',
          async run({ client }) {
            if (!registered) throw new Skipped('needs "Create an account" to pass first');
            const wrong = await client.request('POST', '/v1/auth/login', { body: { email: registered.email, password: uniquePassword() } });
            expectProblem(wrong, 401);
            const unknown = await client.request('POST', '/v1/auth/login', { body: { email: uniqueEmail(), password: uniquePassword() } });
            expectProblem(unknown, 401);
            const [a, b] = [expectObject(wrong), expectObject(unknown)];
            expectThat(a.title === b.title && a.detail === b.detail, 'the same title and detail for both', `${JSON.stringify(a.detail)} vs ${JSON.stringify(b.detail)}`, unknown.request);
          },
        },
        {
          name: '`GET /v1/me` with the access token answers 200 with the caller',
          async run({ client, account }) {
            const me = await account('owner');
            const answer = await client.request('GET', '/v1/me', { token: me.accessToken });
            expectStatus(answer, 200);
            const body = expectObject(answer);
            expectField(answer, body, 'email', me.email);
            expectField(answer, body, 'id', me.id);
          },
        },
      ],
    },
    {
      id: 'sessions',
      title: 'Stay logged in, and log out',
      narrative:
        'As a user, I want my session renewed without typing my password again, and ended when I log out, so that a stolen refresh token is worth little.',
      endpoints: ['POST /v1/auth/refresh', 'POST /v1/auth/logout'],
      checks: [
        {
          name: 'Refreshing answers 200 with a new pair: the new access token opens `GET /v1/me` as the same user, and the new refresh token works (once)',
          async run({ client }) {
            const first = await newAccount(client, 'session');
            const answer = await client.request('POST', '/v1/auth/refresh', { body: { refreshToken: first.refreshToken } });
            expectStatus(answer, 200);
            const body = expectObject(answer);
            expectFieldIs(answer, body, 'accessToken', 'a string', isString);
            expectFieldIs(answer, body, 'refreshToken', 'a new refresh token', (value) => isString(value) && value !== first.refreshToken);
            const second = { accessToken: String(body.accessToken), refreshToken: String(body.refreshToken) };
            // A pair is only new if it works: a random string or a token signed with another key must fail here.
            const me = await client.request('GET', '/v1/me', { token: second.accessToken });
            expectStatus(me, 200);
            expectField(me, expectObject(me), 'id', first.id);
            const again = await client.request('POST', '/v1/auth/refresh', { body: { refreshToken: second.refreshToken } });
            expectStatus(again, 200);
            const third = expectObject(again);
            expectFieldIs(again, third, 'refreshToken', 'a refresh token unlike the two before', (value) => isString(value) && value !== first.refreshToken && value !== second.refreshToken);
            session = { first, second, third: { accessToken: String(third.accessToken), refreshToken: String(third.refreshToken) } };
          },
        },
        {
          name: 'A refresh token works once: spending it again is a 401 problem',
          async run({ client }) {
            if (!session) throw new Skipped('needs the first check of this story to pass');
            const answer = await client.request('POST', '/v1/auth/refresh', { body: { refreshToken: session.second.refreshToken } });
            expectProblem(answer, 401);
          },
        },
        {
          name: 'Reusing a spent refresh token ends that login: its newest refresh token stops working too',
          async run({ client }) {
            if (!session) throw new Skipped('needs the first checks of this story to pass');
            const answer = await client.request('POST', '/v1/auth/refresh', { body: { refreshToken: session.third.refreshToken } });
            expectProblem(answer, 401);
          },
        },
        {
          name: 'Logging out answers 204, and that refresh token stops working',
          async run({ client }) {
            const user = await newAccount(client, 'logout');
            const answer = await client.request('POST', '/v1/auth/logout', { body: { refreshToken: user.refreshToken } });
            expectStatus(answer, 204);
            const after = await client.request('POST', '/v1/auth/refresh', { body: { refreshToken: user.refreshToken } });
            expectProblem(after, 401);
          },
        },
        {
          name: 'Logging out with a refresh token the server does not know answers 204 too (logging out twice is not an error)',
          async run({ client }) {
            expectStatus(await client.request('POST', '/v1/auth/logout', { body: { refreshToken: `unknown-${uniquePassword()}` } }), 204);
          },
        },
      ],
    },
    {
      id: 'tokens',
      title: 'Only valid tokens open protected routes',
      narrative:
        'As a user, I want every route that shows or changes my data to demand a valid access token, so that nobody else can act as me. A refused token is a 401 problem with `WWW-Authenticate: Bearer`.',
      endpoints: ['every operation of openapi.json that needs `bearerAuth`'],
      checks: [
        {
          name: 'Every operation that needs a token (in openapi.json, `security: bearerAuth`) is a 401 problem without one',
          async run(context) {
            await everyProtectedOperation(context, undefined);
          },
        },
        {
          name: 'Every operation that needs a token is a 401 problem with a token that is not a JWT',
          async run(context) {
            await everyProtectedOperation(context, 'not-a-token');
          },
        },
        {
          name: 'A token whose signature was changed is a 401 problem',
          async run({ client, account }) {
            const { accessToken } = await account('owner');
            const [header, payload, signature = ''] = accessToken.split('.');
            const flipped = `${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`;
            expectProblem(await client.request('GET', '/v1/me', { token: `${header}.${payload}.${flipped}` }), 401);
          },
        },
        {
          name: 'A token with `alg: none` (no signature) is a 401 problem',
          async run({ client, account }) {
            const { accessToken } = await account('owner');
            expectProblem(await client.request('GET', '/v1/me', { token: unsignedToken(claimsOf(accessToken)) }), 401);
          },
        },
        {
          name: 'An expired token is a 401 problem',
          async run(context) {
            const claims = await signedClaims(context);
            const now = Math.floor(Date.now() / 1000);
            const token = signHs256({ ...claims, iat: now - 3600, exp: now - 1800 }, context.jwtSecret!);
            expectProblem(await context.client.request('GET', '/v1/me', { token }), 401);
          },
        },
        {
          name: 'A token for another audience (`aud`) is a 401 problem',
          async run(context) {
            const claims = await signedClaims(context);
            const token = signHs256({ ...claims, aud: `some-other-api-${uniquePassword()}` }, context.jwtSecret!);
            expectProblem(await context.client.request('GET', '/v1/me', { token }), 401);
          },
        },
        {
          name: 'A token from another issuer (`iss`) is a 401 problem',
          async run(context) {
            const claims = await signedClaims(context);
            const token = signHs256({ ...claims, iss: `some-other-issuer-${uniquePassword()}` }, context.jwtSecret!);
            expectProblem(await context.client.request('GET', '/v1/me', { token }), 401);
          },
        },
      ],
    },
  ];
}

/**
 * Each protected operation of the document, asked with `token` (none when undefined): a path
 * parameter is a random UUID, a body the smallest JSON object. The token is checked before
 * anything else, so the answer must be a 401 whatever the route would do with the request.
 */
async function everyProtectedOperation({ client, document }: AuthContext, token: string | undefined): Promise<void> {
  const operations = document.protectedOperations();
  expectThat(operations.length > 0, 'openapi.json to name operations that need a token', 'none');
  for (const { method, path } of operations) {
    const concrete = path.replace(/\{[^}]+\}/g, () => randomUUID());
    const body = ['POST', 'PUT', 'PATCH'].includes(method) ? {} : undefined;
    expectProblem(await client.request(method, concrete, { token, body }), 401);
  }
}

/**
 * The claims of a real token, after proving that the given secret signs tokens this server
 * accepts: otherwise a refused expired token would prove nothing.
 */
async function signedClaims({ client, jwtSecret, account }: AuthContext): Promise<Record<string, unknown>> {
  if (!jwtSecret) throw new Skipped('needs the server\'s JWT secret to sign such a token: pass --jwt-secret or set CHECK_JWT_SECRET');
  const me = await account('owner');
  const claims = claimsOf(me.accessToken);
  const answer = await client.request('GET', '/v1/me', { token: signHs256(claims, jwtSecret) });
  expectThat(answer.status === 200, 'a token signed with --jwt-secret to be accepted (status 200): is it the secret the server signs with?', `status ${answer.status}`, answer.request);
  return claims;
}

/** Memoized accounts by name, for a template's context. */
export function accountsOf(client: Client): (name: string) => Promise<Account> {
  const accounts = new Map<string, Promise<Account>>();
  return (name) => {
    let account = accounts.get(name);
    if (!account) {
      account = newAccount(client, name);
      // A failed registration is retried by the next check that needs it, not cached.
      account.catch(() => accounts.delete(name));
      accounts.set(name, account);
    }
    return account;
  };
}

