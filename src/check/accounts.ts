/**
 * Throwaway accounts for the check (random emails, so a run never touches anyone's data) and
 * the hand-made JWTs that prove a server checks tokens properly (HS256 with node:crypto: a JWT
 * is three base64url parts, and writing them is clearer here than a library).
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import type { Client } from './http.js';
import { expectObject, expectStatus, Mismatch } from './suite.js';

export interface Account {
  id: string;
  email: string;
  password: string;
  accessToken: string;
  refreshToken: string;
}

export const uniqueEmail = (label = 'check') => `${label}-${randomUUID()}@example.com`;
export const uniquePassword = () => `check-${randomBytes(12).toString('base64url')}`;

/** Registers a new account and logs it in; a failure says which step failed, as the check's own failure. */
export async function newAccount(client: Client, label = 'check'): Promise<Account> {
  const email = uniqueEmail(label);
  const password = uniquePassword();
  const registered = await client.request('POST', '/v1/auth/register', { body: { email, password } });
  settingUp('register a throwaway account', () => expectStatus(registered, 201));
  const tokens = await logIn(client, email, password);
  const user = expectObject<{ id?: string }>(registered);
  return { id: String(user.id), email, password, ...tokens };
}

export async function logIn(client: Client, email: string, password: string) {
  const answer = await client.request('POST', '/v1/auth/login', { body: { email, password } });
  settingUp(`log in as ${email}`, () => expectStatus(answer, 200));
  const body = expectObject<{ accessToken?: unknown; refreshToken?: unknown }>(answer);
  if (typeof body.accessToken !== 'string' || typeof body.refreshToken !== 'string') {
    throw new Mismatch('to set up (log in): `accessToken` and `refreshToken` strings', JSON.stringify(body).slice(0, 200), answer.request);
  }
  return { accessToken: body.accessToken, refreshToken: body.refreshToken };
}

/** Runs an expectation of a set-up step, so its failure reads "to set up (…): …". */
export function settingUp(step: string, expectation: () => void): void {
  try {
    expectation();
  } catch (error) {
    if (error instanceof Mismatch) throw new Mismatch(`to set up (${step}): ${error.expected}`, error.received, error.request, { expected: error.setUp?.expected ?? error.expected });
    throw error;
  }
}

const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

/** The claims of a token the server issued (its payload, unverified: only to copy `iss`, `aud`, `sub`). */
export function claimsOf(token: string): Record<string, unknown> {
  try {
    return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return {};
  }
}

export function signHs256(claims: Record<string, unknown>, secret: string): string {
  const unsigned = `${base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${base64url(JSON.stringify(claims))}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

/** The same claims with `alg: none` and no signature: a server must refuse it. */
export function unsignedToken(claims: Record<string, unknown>): string {
  return `${base64url(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${base64url(JSON.stringify(claims))}.`;
}
