/**
 * "Can this query use an index?" for the list-query-plan tests. `work` runs its queries through
 * the given `Queryable`, which EXPLAINs each statement instead of running it (returning no rows),
 * with sequential scans switched off so small test tables do not hide a missing index.
 * Returns the plan of the first statement.
 */
import type { Database, Queryable } from '../../src/db/database.js';

export async function planWithoutSeqScan(db: Database, work: (explaining: Queryable) => Promise<unknown>) {
  return db.transaction(async (tx) => {
    await tx.query('SET LOCAL enable_seqscan = off');
    const plans: string[] = [];
    const explaining: Queryable = {
      async query(sql, params) {
        const rows = await tx.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, params);
        plans.push(rows.map((row) => row['QUERY PLAN']).join('\n'));
        return [];
      },
    };
    await work(explaining);
    return plans[0] ?? '';
  });
}
