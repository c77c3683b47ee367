/**
 * What the auth routes do, apart from HTTP: create accounts, check passwords, hand out and
 * renew tokens. Routes stay thin and this reads as the story of a login.
 */
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import { isUniqueViolation } from '../db/database-errors.js';
import { conflict, unauthorized } from '../http/problem.js';
import { signAccessToken } from './access-tokens.js';
import { accountExtrasOf } from './account-extras.js';
import type { User } from './auth-schemas.js';
import { hashPassword, needsRehash, spendPasswordCheckTime, verifyPassword } from './passwords.js';
import { issueRefreshToken, revokeRefreshToken, rotateRefreshToken } from './refresh-tokens.js';
import { findUserByEmail, findUserById, insertUser, type PublicUser, updatePasswordHash } from './users-repository.js';

type AuthConfig = Config['auth'];

export interface Credentials {
  email: string;
  password: string;
}

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
}

export async function registerUser(db: Database, credentials: Credentials, config: AuthConfig): Promise<User> {
  const passwordHash = await hashPassword(credentials.password, config.password);
  try {
    return await toUser(db, await insertUser(db, { email: credentials.email, passwordHash }));
  } catch (error) {
    // The unique constraint decides, not a SELECT beforehand: two simultaneous registrations
    // of one email cannot both pass it.
    if (isUniqueViolation(error)) throw conflict('An account with this email already exists. Log in instead.');
    throw error;
  }
}

export async function logIn(db: Database, credentials: Credentials, config: AuthConfig): Promise<TokenPair> {
  const user = await findUserByEmail(db, credentials.email);
  if (!user) {
    await spendPasswordCheckTime(credentials.password, config.password);
    throw invalidCredentials();
  }
  if (!(await verifyPassword(user.password_hash, credentials.password))) throw invalidCredentials();

  // The hashing parameters were raised since this hash was made: upgrade it while we have the password.
  if (needsRehash(user.password_hash, config.password)) {
    await updatePasswordHash(db, user.id, await hashPassword(credentials.password, config.password));
  }
  return tokenPair(user, await issueRefreshToken(db, user.id, config.refreshTokenTtlDays), config);
}

export async function refreshTokens(db: Database, refreshToken: string, config: AuthConfig): Promise<TokenPair> {
  const rotated = await rotateRefreshToken(db, refreshToken);
  const user = await findUserById(db, rotated.userId);
  if (!user) throw unauthorized('This account no longer exists.');
  return tokenPair(user, rotated.refreshToken, config);
}

/** The account an access token belongs to. */
export async function getCurrentUser(db: Database, userId: string): Promise<User> {
  const user = await findUserById(db, userId);
  // A valid token for a deleted account: the token outlived its user.
  if (!user) throw unauthorized('This account no longer exists.');
  return toUser(db, user);
}

export async function logOut(db: Database, refreshToken: string): Promise<void> {
  await revokeRefreshToken(db, refreshToken);
}

/** The account as the API shows it, with what the project adds (account-extras.ts, e.g. ecommerce's role). */
async function toUser(db: Database, user: PublicUser): Promise<User> {
  return {
    id: user.id,
    email: user.email,
    createdAt: user.created_at.toISOString(),
    ...(await accountExtrasOf(db, user.id)),
  };
}

/** Same answer for an unknown email and a wrong password: do not reveal which emails have accounts (OWASP ASVS 2.2). */
const invalidCredentials = () => unauthorized('The email or password is not correct.');

async function tokenPair(
  user: { id: string; email: string },
  refreshToken: string,
  config: AuthConfig,
): Promise<TokenPair> {
  return {
    accessToken: await signAccessToken({ id: user.id, email: user.email }, config),
    refreshToken,
    tokenType: 'Bearer',
    expiresIn: config.accessTokenTtlSeconds,
  };
}
