/**
 * Exercise 05 "idempotent-checkout" — .practice/exercises/05-idempotent-checkout.md
 *
 * SQL for `idempotency_keys` (migrations/0013_create_orders.sql): which order a user's key
 * produced, and what it was used for (a fingerprint of the cart). Keep the exported names.
 */
import type { Queryable } from '../db/database.js';
import { HttpProblem } from '../http/problem.js';

export interface IdempotencyKeyRecord {
  fingerprint: string;
  orderId: string;
}

const notDone = () =>
  new HttpProblem(
    501,
    'Exercise 05 "idempotent-checkout" is not done yet: open src/orders/idempotency-keys-repository.ts',
    { title: 'Not Implemented' },
  );

/** This user's key, if they used it before. */
export async function findIdempotencyKey(
  _db: Queryable,
  _userId: string,
  _key: string,
): Promise<IdempotencyKeyRecord | undefined> {
  throw notDone();
}

/** Stores a key; fails with a unique violation when the user stored it meanwhile. */
export async function insertIdempotencyKey(
  _db: Queryable,
  _record: IdempotencyKeyRecord & { userId: string; key: string },
): Promise<void> {
  throw notDone();
}
