// The history table: one row per thing the runner did to a database (a migration applied, reverted,
// a baseline set, a changed file accepted), in the order it did them. What is applied now is read by
// folding the rows in that order, so the table is also the audit trail.
import type { Database } from '../../db/database.ts';
import { quoteIdent, quoteLiteral } from '../../dialects/postgres/quote.ts';

export const DEFAULT_HISTORY_SCHEMA = 'schemata';
export const HISTORY_TABLE = 'migration_history';

/**
 * migration: an up file ran; revert: a down file ran; baseline: the database was declared to be at a
 * version without running files; repair: a changed up file's checksum was accepted; apply: `schemata
 * apply` ran a plan to a model (version 0: it belongs to no migration).
 */
export type HistoryKind = 'migration' | 'revert' | 'baseline' | 'repair' | 'apply';

export const HISTORY_KINDS: readonly HistoryKind[] = ['migration', 'revert', 'baseline', 'repair', 'apply'];
const KIND_CHECK = `CHECK (kind IN (${HISTORY_KINDS.map(quoteLiteral).join(', ')}))`;

export interface HistoryRow {
  id: number;
  version: number;
  /** The name part of the migration's label: `create_orders` for 0001_create_orders. */
  description: string;
  kind: HistoryKind;
  /** SHA-256 of the file that ran (the up file; the down file for a revert); of the accepted file for a repair. */
  checksum: string | null;
  /** repair: the checksum it replaced. */
  previousChecksum: string | null;
  /** ISO 8601, UTC. */
  appliedAt: string;
  appliedBy: string;
  executionTimeMs: number | null;
  transactional: boolean;
  /** Outside a transaction: how many of the file's statements have run, of how many. */
  statementsDone: number | null;
  statementsTotal: number | null;
  /** False while a file that runs outside a transaction has not run to its end. */
  finished: boolean;
  /** apply: a digest of each object of the schema it left, to tell later what changed outside it. */
  schemaDigests: Record<string, string> | null;
}

/**
 * Where a history table is: a schema of its own (`schemata`, the table `migration_history`), or, for
 * a tenant's schema, a table in that schema (`tenant_1.schemata_migration_history`).
 */
export type HistoryPlace = string | { schema: string; table: string };

export function placeOf(place: HistoryPlace): { schema: string; table: string } {
  return typeof place === 'string' ? { schema: place, table: HISTORY_TABLE } : place;
}

export function historyTableName(place: HistoryPlace): string {
  const { schema, table } = placeOf(place);
  return `${quoteIdent(schema)}.${quoteIdent(table)}`;
}

/** `schemata.migration_history`, for messages. */
export function describeHistoryPlace(place: HistoryPlace): string {
  const { schema, table } = placeOf(place);
  return `${schema}.${table}`;
}

/** Creates the schema and the table when they are missing. */
export async function ensureHistoryTable(db: Database, place: HistoryPlace): Promise<void> {
  const table = historyTableName(place);
  if (await historyTableExists(db, place)) return allowEveryKind(db, place);
  // One transaction, one commit: a run over many tenants creates many of these.
  await execBlock(
    db,
    `BEGIN;
CREATE SCHEMA IF NOT EXISTS ${quoteIdent(placeOf(place).schema)};
CREATE TABLE IF NOT EXISTS ${table} (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  version bigint NOT NULL,
  description text NOT NULL,
  kind text NOT NULL CONSTRAINT migration_history_kind_check ${KIND_CHECK},
  checksum text,
  previous_checksum text,
  applied_at timestamptz NOT NULL DEFAULT now(),
  applied_by text NOT NULL DEFAULT current_user,
  execution_time_ms integer,
  transactional boolean NOT NULL DEFAULT true,
  statements_done integer,
  statements_total integer,
  finished boolean NOT NULL DEFAULT true,
  schema_digests jsonb
);
COMMENT ON TABLE ${table} IS ${quoteLiteral('What schemata migrate did to this database, in order (docs/migrations.md).')};
COMMIT`,
  );
}

/** Runs a BEGIN ... COMMIT script; a failure rolls the block back, so the session is usable again. */
async function execBlock(db: Database, script: string): Promise<void> {
  try {
    await db.exec(script);
  } catch (error) {
    await db.exec('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/**
 * A table made before `apply` was recorded: its check on kind is widened to every kind, and the
 * column where apply keeps the digests of the schema it left is added.
 */
async function allowEveryKind(db: Database, schema: HistoryPlace): Promise<void> {
  const table = historyTableName(schema);
  const [found] = await db.query<{ definition: string | null; digests: boolean }>(
    `SELECT (SELECT pg_get_constraintdef(oid) FROM pg_constraint
              WHERE conrelid = $1::regclass AND conname = 'migration_history_kind_check') AS definition,
            EXISTS (SELECT FROM pg_attribute WHERE attrelid = $1::regclass AND attname = 'schema_digests'
              AND NOT attisdropped) AS digests`,
    [table],
  );
  const widen =
    found?.definition != null && !HISTORY_KINDS.every((kind) => found.definition?.includes(`'${kind}'`));
  if (!widen && found?.digests) return;
  await execBlock(
    db,
    `BEGIN;
${
  widen
    ? `ALTER TABLE ${table} DROP CONSTRAINT migration_history_kind_check;
ALTER TABLE ${table} ADD CONSTRAINT migration_history_kind_check ${KIND_CHECK};`
    : ''
}
ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS schema_digests jsonb;
COMMIT`,
  );
}

interface RawRow {
  id: number;
  version: number;
  description: string;
  kind: HistoryKind;
  checksum: string | null;
  previous_checksum: string | null;
  applied_at: string;
  applied_by: string;
  execution_time_ms: number | null;
  transactional: boolean;
  statements_done: number | null;
  statements_total: number | null;
  finished: boolean;
  schema_digests: Record<string, string> | null;
}

async function historyTableExists(db: Database, schema: HistoryPlace): Promise<boolean> {
  const [found] = await db.query<{ table: string | null }>('SELECT to_regclass($1)::text AS table', [
    historyTableName(schema),
  ]);
  return found?.table != null;
}

/** The rows in the order they were written; none when the table does not exist yet. */
export async function readHistory(db: Database, schema: HistoryPlace): Promise<HistoryRow[]> {
  if (!(await historyTableExists(db, schema))) return [];
  const rows = await db.query<RawRow>(
    `SELECT id::float8 AS id, version::float8 AS version, description, kind, checksum, previous_checksum,
       to_char(applied_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS applied_at, applied_by,
       execution_time_ms, transactional, statements_done, statements_total, finished,
       to_jsonb(h) -> 'schema_digests' AS schema_digests
     FROM ${historyTableName(schema)} h ORDER BY id`,
  );
  return rows.map((row) => ({
    id: Number(row.id),
    version: Number(row.version),
    description: row.description,
    kind: row.kind,
    checksum: row.checksum,
    previousChecksum: row.previous_checksum,
    appliedAt: row.applied_at,
    appliedBy: row.applied_by,
    executionTimeMs: row.execution_time_ms === null ? null : Number(row.execution_time_ms),
    transactional: row.transactional,
    statementsDone: row.statements_done === null ? null : Number(row.statements_done),
    statementsTotal: row.statements_total === null ? null : Number(row.statements_total),
    finished: row.finished,
    schemaDigests: row.schema_digests ?? null,
  }));
}

/** Records the digests of the schema the latest apply left. */
export async function recordSchemaDigests(
  db: Database,
  schema: HistoryPlace,
  digests: Record<string, string>,
): Promise<void> {
  const table = historyTableName(schema);
  await db.query(
    `UPDATE ${table} SET schema_digests = $1::jsonb WHERE id = (SELECT max(id) FROM ${table} WHERE kind = 'apply')`,
    [JSON.stringify(digests)],
  );
}

export interface NewHistoryRow {
  version: number;
  description: string;
  kind: HistoryKind;
  checksum: string | null;
  previousChecksum?: string | null;
  executionTimeMs?: number | null;
  transactional?: boolean;
  statementsTotal?: number | null;
  finished?: boolean;
}

export async function insertHistoryRow(
  db: Database,
  schema: HistoryPlace,
  row: NewHistoryRow,
): Promise<number> {
  const [inserted] = await db.query<{ id: number }>(
    `INSERT INTO ${historyTableName(schema)}
       (version, description, kind, checksum, previous_checksum, execution_time_ms, transactional,
        statements_done, statements_total, finished)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id::float8 AS id`,
    [
      row.version,
      row.description,
      row.kind,
      row.checksum,
      row.previousChecksum ?? null,
      row.executionTimeMs ?? null,
      row.transactional ?? true,
      row.transactional === false ? 0 : null,
      row.statementsTotal ?? null,
      row.finished ?? true,
    ],
  );
  return Number(inserted?.id);
}

/**
 * The INSERT of a finished migration's row as SQL text, to send in one message with the migration's
 * last statement and COMMIT; its execution time is the transaction's so far, measured by the server.
 */
export function historyInsertSql(
  place: HistoryPlace,
  row: {
    version: number;
    description: string;
    kind: HistoryKind;
    checksum: string | null;
    statementsTotal: number;
  },
): string {
  const literal = (value: string | null) => (value === null ? 'NULL' : quoteLiteral(value));
  return `INSERT INTO ${historyTableName(place)}
  (version, description, kind, checksum, execution_time_ms, transactional, statements_total, finished)
VALUES (${Math.trunc(row.version)}, ${literal(row.description)}, ${literal(row.kind)}, ${literal(row.checksum)},
  round(extract(epoch FROM clock_timestamp() - transaction_timestamp()) * 1000)::integer, true,
  ${Math.trunc(row.statementsTotal)}, true)`;
}

export async function recordProgress(
  db: Database,
  schema: HistoryPlace,
  id: number,
  done: number,
): Promise<void> {
  await db.query(`UPDATE ${historyTableName(schema)} SET statements_done = $2 WHERE id = $1`, [id, done]);
}

/** Marks a file run outside a transaction as finished; its time adds up over the runs it took. */
export async function finishHistoryRow(
  db: Database,
  schema: HistoryPlace,
  id: number,
  elapsedMs: number,
): Promise<void> {
  await db.query(
    `UPDATE ${historyTableName(schema)}
     SET finished = true, applied_at = now(), execution_time_ms = coalesce(execution_time_ms, 0) + $2
     WHERE id = $1`,
    [id, Math.round(elapsedMs)],
  );
}

/** Adds the time a run spent on a file that did not finish, for the total when it does. */
export async function addExecutionTime(db: Database, schema: HistoryPlace, id: number, elapsedMs: number) {
  await db.query(
    `UPDATE ${historyTableName(schema)} SET execution_time_ms = coalesce(execution_time_ms, 0) + $2 WHERE id = $1`,
    [id, Math.round(elapsedMs)],
  );
}
