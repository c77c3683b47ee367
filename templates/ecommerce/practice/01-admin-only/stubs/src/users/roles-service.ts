/**
 * Exercise 01 "admin-only" — .practice/exercises/01-admin-only.md
 *
 * The rule behind every admin route: only an account whose role is `admin` right now gets in;
 * everyone else gets a 403 problem. `requireAdmin` (require-admin-hook.ts) calls this on every
 * admin request, before the body is read. Keep the exported name and signature.
 */
import type { Queryable } from '../db/database.js';
import { HttpProblem } from '../http/problem.js';

/** Throws a 403 unless the account is an admin now. */
export async function assertAdmin(_db: Queryable, _userId: string): Promise<void> {
  throw new HttpProblem(501, 'Exercise 01 "admin-only" is not done yet: open src/users/roles-service.ts', {
    title: 'Not Implemented',
  });
}
