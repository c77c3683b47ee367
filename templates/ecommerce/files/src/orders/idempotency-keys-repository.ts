/** SQL for `idempotency_keys`: which checkout a client's key already produced. */
import type { Queryable } from '../db/database.js';

export interface IdempotencyKeyRecord {
  fingerprint: string;
  orderId: string;
}

export async function findIdempotencyKey(
  db: Queryable,
  userId: string,
  key: string,
): Promise<IdempotencyKeyRecord | undefined> {
  const [row] = await db.query<{ fingerprint: string; order_id: string }>(
    'SELECT fingerprint, order_id FROM idempotency_keys WHERE user_id = $1 AND key = $2',
    [userId, key],
  );
  return row && { fingerprint: row.fingerprint, orderId: row.order_id };
}

/** Throws a unique violation when the key was stored meanwhile by a concurrent request. */
export async function insertIdempotencyKey(
  db: Queryable,
  record: IdempotencyKeyRecord & { userId: string; key: string },
): Promise<void> {
  await db.query('INSERT INTO idempotency_keys (user_id, key, fingerprint, order_id) VALUES ($1, $2, $3, $4)', [
    record.userId,
    record.key,
    record.fingerprint,
    record.orderId,
  ]);
}
