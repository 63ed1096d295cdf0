// How many rows each table holds, as the planner estimates it (pg_class.reltuples, kept by VACUUM and
// ANALYZE): what the migration rules weigh a lock or a rewrite by. A partitioned table counts the rows
// of its partitions. Never analysed tables (reltuples -1 since PostgreSQL 14) have no estimate.
import type { Database } from '../../../db/database.ts';

const ROW_ESTIMATES_QUERY = `
SELECT n.nspname AS schema, c.relname AS name,
  CASE WHEN c.relkind = 'p' THEN (
    SELECT sum(greatest(p.reltuples, 0))::float8 FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhrelid
    WHERE i.inhparent = c.oid)
  ELSE c.reltuples::float8 END AS rows
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'm')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'`;

/** Estimated rows by `schema.table` (names as they are, unquoted). */
export async function readRowEstimates(db: Database): Promise<Map<string, number>> {
  const rows = await db.query<{ schema: string; name: string; rows: number | string | null }>(
    ROW_ESTIMATES_QUERY,
  );
  const estimates = new Map<string, number>();
  for (const row of rows) {
    const count = row.rows === null ? -1 : Number(row.rows);
    if (count >= 0) estimates.set(`${row.schema}.${row.name}`, Math.round(count));
  }
  return estimates;
}
