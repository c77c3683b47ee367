/**
 * Password hashing with Argon2id, the winner of the Password Hashing Competition and OWASP's
 * first choice. The parameters come from `config.auth.password` (OWASP's minimum in production,
 * cheap ones in tests); each hash records the parameters it was made with, so raising them later
 * still verifies old hashes, and `needsRehash` upgrades a user's hash at their next login.
 */
import { hash, parseOptions, verify } from '@node-rs/argon2';

/** Argon2id cost parameters, as in `config.auth.password`. */
export interface PasswordHashing {
  /** KiB of memory per hash */
  memoryCost: number;
  /** passes over that memory */
  timeCost: number;
  /** lanes */
  parallelism: number;
}

/** Argon2id is the library's default algorithm; the hash starts with `$argon2id$`. */
export function hashPassword(password: string, parameters: PasswordHashing): Promise<string> {
  return hash(password, parameters);
}

export function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return verify(passwordHash, password);
}

export function needsRehash(passwordHash: string, parameters: PasswordHashing): boolean {
  const used = parseOptions(passwordHash);
  return (
    used.memoryCost !== parameters.memoryCost ||
    used.timeCost !== parameters.timeCost ||
    used.parallelism !== parameters.parallelism
  );
}

const dummyHashes = new Map<string, Promise<string>>();

/**
 * Verifies against a hash of nothing in particular. Login calls it for an unknown email, so
 * that answering "wrong email" takes as long as answering "wrong password": otherwise the
 * response time alone would tell an attacker which emails have accounts.
 */
export async function spendPasswordCheckTime(password: string, parameters: PasswordHashing): Promise<void> {
  const key = JSON.stringify(parameters);
  let dummy = dummyHashes.get(key);
  if (!dummy) {
    dummy = hashPassword('not anybody’s password', parameters);
    dummyHashes.set(key, dummy);
  }
  await verify(await dummy, password);
}
