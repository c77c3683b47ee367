/**
 * (external-api's own query-plan helper, in place of the shared one it does not use.)
 * What the top-cities query reads from `lookups`, measured the way PostgreSQL reports it:
 * EXPLAIN (ANALYZE, BUFFERS) of the repository's own statement, with the planner left alone.
 * A plan is judged by the rows it touches and the pages it reads, not by the names in it.
 */
import type { Database, Queryable } from '../../src/db/database.js';
import { findTopLocations } from '../../src/stats/lookups-repository.js';

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Rows Removed by Filter'?: number;
  'Rows Removed by Index Recheck'?: number;
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
  Plans?: PlanNode[];
}

/** A year of lookups for 200 places, one every 10 minutes: a week is 1 008 of 52 560 rows. */
export async function loadYearOfLookups(db: Database) {
  await db.exec(`
    INSERT INTO locations (id, name, country, latitude, longitude)
    SELECT n, 'Place ' || n, 'Nowhere', 0, 0 FROM generate_series(1, 200) n;
    INSERT INTO lookups (location_id, kind, served_from, requested_at)
    SELECT 1 + (n * 7919) % 200, CASE WHEN n % 3 = 0 THEN 'forecast' ELSE 'current' END,
           CASE WHEN n % 4 = 0 THEN 'upstream' ELSE 'cache' END, now() - n * interval '10 minutes'
      FROM generate_series(1, 52560) n;
  `);
  // What autovacuum does after a bulk load: statistics for the planner, the visibility map.
  await db.exec('VACUUM ANALYZE locations');
  await db.exec('VACUUM ANALYZE lookups');
}

export const WEEK_OF_LOOKUPS = 1008;

/** Rows and pages the statement touched in `lookups`, and the plan as text for the failure message. */
export async function lookupsReadBy(db: Database, query: { days: number; limit: number }) {
  const plans: PlanNode[] = [];
  const explaining: Queryable = {
    async query(sql, params) {
      const rows = await db.query<{ 'QUERY PLAN': unknown }>(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`, params);
      const raw = rows[0]?.['QUERY PLAN'];
      const parsed = (typeof raw === 'string' ? JSON.parse(raw) : raw) as { Plan: PlanNode }[];
      if (parsed[0]) plans.push(parsed[0].Plan);
      return [];
    },
  };
  await findTopLocations(explaining, query);
  const [plan] = plans;
  if (!plan) throw new Error('findTopLocations ran no query');
  let rows = 0;
  let pages = 0;
  const visit = (node: PlanNode) => {
    if (node.Plans) for (const child of node.Plans) visit(child);
    // A scan's counts include its children's (a bitmap heap scan's include its index scan's).
    if (node['Relation Name'] !== 'lookups') return;
    rows += (node['Actual Rows'] ?? 0) * (node['Actual Loops'] ?? 1);
    rows += (node['Rows Removed by Filter'] ?? 0) + (node['Rows Removed by Index Recheck'] ?? 0);
    pages += (node['Shared Hit Blocks'] ?? 0) + (node['Shared Read Blocks'] ?? 0);
  };
  visit(plan);
  return { rows, pages, plan: describe(plan) };
}

function describe(node: PlanNode, depth = 0): string {
  const line = `${'  '.repeat(depth)}${node['Node Type']}${node['Relation Name'] ? ` on ${node['Relation Name']}` : ''} rows=${node['Actual Rows']} removed=${node['Rows Removed by Filter'] ?? 0} pages=${(node['Shared Hit Blocks'] ?? 0) + (node['Shared Read Blocks'] ?? 0)}`;
  return [line, ...(node.Plans ?? []).map((child) => describe(child, depth + 1))].join('\n');
}
