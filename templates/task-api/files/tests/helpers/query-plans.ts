/**
 * "What did this query read?" for the list-query-plan tests: runs a statement with
 * `EXPLAIN (ANALYZE, BUFFERS)`, the planner left alone, and adds up what the plan actually did —
 * rows read and thrown away, 8 kB pages touched, tables read whole. A plan is judged by its cost on
 * realistic data, not by the names of the indexes it uses.
 */
import type { Queryable } from '../../src/db/database.js';

/** What running a statement cost, from `EXPLAIN (ANALYZE, BUFFERS)`. */
interface PlanMeasure {
  /** the plan as text, for failure messages */
  text: string;
  /** rows read and then thrown away by a filter or an index recheck, summed over the plan */
  rowsDiscarded: number;
  /** shared buffers (8 kB pages) hit or read by the whole statement */
  buffers: number;
  /** the tables read whole ("Seq Scan on …"), each once */
  seqScans: string[];
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Rows Removed by Filter'?: number;
  'Rows Removed by Index Recheck'?: number;
  'Rows Removed by Join Filter'?: number;
  'Actual Loops'?: number;
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
  Plans?: PlanNode[];
}

/**
 * Runs `sql` once with `EXPLAIN (ANALYZE, BUFFERS)`, the planner left alone, and measures what it
 * did: rows discarded, buffers touched, sequential scans. It runs twice and keeps the second run,
 * so the first run's cache misses do not count.
 */
export async function measurePlan(db: Queryable, sql: string, params: readonly unknown[]): Promise<PlanMeasure> {
  const explain = async (format: 'json' | 'text') =>
    db.query<Record<string, unknown>>(`EXPLAIN (ANALYZE, BUFFERS, FORMAT ${format}) ${sql}`, params);
  await explain('json');
  const [row] = await explain('json');
  const raw = Object.values(row ?? {})[0];
  const [root] = (typeof raw === 'string' ? JSON.parse(raw) : raw) as [{ Plan: PlanNode }];
  const text = (await explain('text')).map((line) => Object.values(line)[0]).join('\n');
  let rowsDiscarded = 0;
  const seqScans: string[] = [];
  const visit = (node: PlanNode) => {
    const loops = node['Actual Loops'] ?? 1;
    rowsDiscarded +=
      loops *
      ((node['Rows Removed by Filter'] ?? 0) +
        (node['Rows Removed by Index Recheck'] ?? 0) +
        (node['Rows Removed by Join Filter'] ?? 0));
    if (node['Node Type'] === 'Seq Scan') seqScans.push(node['Relation Name'] ?? '?');
    for (const child of node.Plans ?? []) visit(child);
  };
  visit(root.Plan);
  return {
    text,
    rowsDiscarded,
    buffers: (root.Plan['Shared Hit Blocks'] ?? 0) + (root.Plan['Shared Read Blocks'] ?? 0),
    seqScans: [...new Set(seqScans)],
  };
}
