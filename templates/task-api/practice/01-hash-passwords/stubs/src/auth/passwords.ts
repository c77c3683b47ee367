/**
 * Exercise 01 "hash-passwords" — .practice/exercises/01-hash-passwords.md
 *
 * Password hashing with Argon2id (`@node-rs/argon2`: `hash`, `verify`, `parseOptions`). Keep the
 * exported names and signatures: registration, login and the seed script call them. Until this
 * file is written, each function answers 501, so registering and logging in do too.
 */
import { HttpProblem } from '../http/problem.js';

/** Argon2id cost parameters, as in `config.auth.password`. */
export interface PasswordHashing {
  /** KiB of memory per hash */
  memoryCost: number;
  /** passes over that memory */
  timeCost: number;
  /** lanes */
  parallelism: number;
}

const notDone = () =>
  new HttpProblem(501, 'Exercise 01 "hash-passwords" is not done yet: open src/auth/passwords.ts', {
    title: 'Not Implemented',
  });

/** An Argon2id hash of `password`, made with `parameters`; it starts with `$argon2id$`. */
export async function hashPassword(_password: string, _parameters: PasswordHashing): Promise<string> {
  throw notDone();
}

/** True when `password` is the one `passwordHash` was made from. */
export async function verifyPassword(_passwordHash: string, _password: string): Promise<boolean> {
  throw notDone();
}

/** True when `passwordHash` was made with other parameters than these (any of the three). */
export function needsRehash(_passwordHash: string, _parameters: PasswordHashing): boolean {
  throw notDone();
}

/**
 * Costs as much as checking a real password, and answers nothing. Login calls it for an unknown
 * email, so that "no such account" takes as long as "wrong password".
 */
export async function spendPasswordCheckTime(_password: string, _parameters: PasswordHashing): Promise<void> {
  throw notDone();
}
