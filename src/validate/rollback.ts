// The rollback check: with the sample data in place, each migration of the directory the model came
// from is reverted with its down file and applied again with its up file, newest first, and the
// rows of every table and column that both sides have must come through unchanged: the same number
// of rows, and the same checksum of each surviving column's values. Everything runs in one
// transaction that is rolled back at the end, so the sample database is as it was for the checks
// after this one; a migration that must run outside a transaction ends the check there.
import type { Database } from '../db/database.ts';
import { quoteIdent, quoteQualified } from '../dialects/postgres/quote.ts';
import { readMigrationsDirectory, type Migration } from '../migrations/migrations-directory.ts';
import { readMigrationScript } from '../migrations/runner/migration-script.ts';
import { loadStatements } from '../readers/import-sql.ts';
import type { ValidationContext, ValidationFinding, ValidationSection } from './validation.ts';

/** A table's row count and, per column (`name type`), a checksum of its values. */
interface TableState {
  rows: number;
  columns: Map<string, string>;
}

type DatabaseState = Map<string, TableState>;

export async function checkRollback(ctx: ValidationContext): Promise<ValidationSection> {
  if (ctx.migrationsDir === undefined)
    return {
      name: 'rollback',
      summary: 'skipped: no migrations directory given',
      findings: [],
      details: {},
      lines: [],
    };
  const directory = await readMigrationsDirectory(ctx.migrationsDir);
  const findings: ValidationFinding[] = [];
  const lines: string[] = [];
  const tested: Record<string, unknown>[] = [];
  await ctx.db.exec('BEGIN');
  try {
    for (const migration of [...directory.migrations].reverse()) {
      ctx.progress?.(`reverting ${migration.label} with the sample data in place`);
      const result = await roundTrip(ctx.db, migration);
      tested.push({ migration: migration.label, outcome: result.outcome, ...result.facts });
      lines.push(`${migration.label}: ${result.line}`);
      findings.push(...result.findings);
      // Rows lost are reported and the walk goes on; a file that fails leaves no schema to go on from.
      if (result.halt) break;
    }
  } finally {
    await ctx.db.exec('ROLLBACK').catch(() => undefined);
  }
  const reverted = tested.filter((t) => t.outcome !== 'stopped').length;
  const losing = tested.filter((t) => t.outcome === 'failed').length;
  const total = directory.migrations.length;
  return {
    name: 'rollback',
    summary:
      `${reverted} of ${total} migration${total === 1 ? '' : 's'} reverted and applied again with the sample data in place` +
      (losing > 0 ? `, ${losing} with problems` : ''),
    findings,
    details: { migrationsDir: ctx.migrationsDir, migrations: tested },
    lines,
  };
}

interface RoundTrip {
  outcome: 'ok' | 'failed' | 'stopped';
  halt: boolean;
  line: string;
  findings: ValidationFinding[];
  facts: Record<string, unknown>;
}

/**
 * down, compare, up, compare, then down again so that the migration before it finds the schema it
 * left. Rows must survive each step in the tables and columns on both sides of it.
 */
async function roundTrip(db: Database, migration: Migration): Promise<RoundTrip> {
  const stop = (line: string, finding?: ValidationFinding): RoundTrip => ({
    outcome: finding?.severity === 'error' ? 'failed' : 'stopped',
    halt: true,
    line,
    findings: finding ? [finding] : [],
    facts: {},
  });
  if (migration.down === undefined)
    return stop('no down file: nothing to revert, and the migrations before it are not tested', {
      code: 'rollback-missing-down',
      severity: 'warning',
      message: `${migration.label} has no down file: it cannot be rolled back`,
      object: migration.up,
      hint: 'write the down file that undoes it',
    });
  const before = await readState(db);
  const down = await runFile(db, migration.down);
  if (down) return stop(`down file ${down.severity === 'error' ? 'fails' : 'not run'}`, down);
  const reverted = await readState(db);
  const lostByDown = compareStates(before, reverted);
  const up = await runFile(db, migration.up);
  if (up) return stop(`up file ${up.severity === 'error' ? 'fails' : 'not run'} after the down file`, up);
  const reapplied = await readState(db);
  const lostByUp = compareStates(reverted, reapplied);
  const findings: ValidationFinding[] = [
    ...lostByDown.map((loss) => lossFinding(migration, migration.down as string, 'down', loss)),
    ...lostByUp.map((loss) => lossFinding(migration, migration.up, 'up', loss)),
  ];
  // On to the schema before this migration, for the next one to revert.
  const again = await runFile(db, migration.down);
  if (again) findings.push(again);
  const halt = again !== undefined;
  const rows = [...before.values()].reduce((sum, table) => sum + table.rows, 0);
  return {
    outcome: findings.some((f) => f.severity === 'error') ? 'failed' : 'ok',
    halt,
    line:
      findings.length === 0
        ? `down and up again keep the rows of every surviving table and column (${rows.toLocaleString('en-US')} rows before)`
        : `${findings.length} problem${findings.length === 1 ? '' : 's'}`,
    findings,
    facts: { rowsBefore: rows, tablesBefore: before.size, tablesAfterDown: reverted.size },
  };
}

interface Loss {
  table: string;
  column?: string;
  what: string;
}

function lossFinding(
  migration: Migration,
  file: string,
  direction: 'down' | 'up',
  loss: Loss,
): ValidationFinding {
  return {
    code: direction === 'down' ? 'rollback-loses-data' : 'reapply-loses-data',
    severity: 'error',
    message: `${migration.label}: its ${direction} file ${loss.what} in ${loss.table}${loss.column === undefined ? '' : `.${loss.column}`}, which ${direction === 'down' ? 'the rollback' : 'applying it again'} keeps`,
    object: file,
    hint:
      direction === 'down'
        ? 'a down file should drop only what its up file made, and keep the rows of everything else'
        : 'the up file should not rewrite rows of tables and columns that exist before it',
  };
}

/** Runs a migration file inside the open transaction; a finding when it fails or cannot run there. */
async function runFile(db: Database, file: string): Promise<ValidationFinding | undefined> {
  const read = await readMigrationScript(file);
  const script = read.script;
  if (!script) {
    const first = read.diagnostics[0];
    return {
      code: 'rollback-failed',
      severity: 'error',
      message: `${file} cannot be read: ${first?.message ?? 'unknown error'}`,
      ...(first?.location ? { location: first.location } : { object: file }),
    };
  }
  if (!script.transactional)
    return {
      code: 'rollback-not-transactional',
      severity: 'info',
      message: `${file} runs outside a transaction (${script.outsideTransactionBecause ?? 'as its author asks'}): the rollback check stops before it`,
      object: file,
    };
  await db.exec('SAVEPOINT schemata_rollback_step');
  const result = await loadStatements(db, script.statements);
  const failure = result.diagnostics.find((d) => d.severity === 'error');
  if (failure) {
    await db.exec('ROLLBACK TO SAVEPOINT schemata_rollback_step').catch(() => undefined);
    return {
      code: 'rollback-failed',
      severity: 'error',
      message: `${file} fails with the sample data in place: ${failure.message}`,
      ...(failure.location ? { location: failure.location } : { object: file }),
      ...(failure.hint !== undefined && { hint: failure.hint }),
    };
  }
  await db.exec('RELEASE SAVEPOINT schemata_rollback_step');
  return undefined;
}

/** Tables and columns that both states have (same type): rows and values must be the same. */
function compareStates(before: DatabaseState, after: DatabaseState): Loss[] {
  const losses: Loss[] = [];
  for (const [table, was] of before) {
    const is = after.get(table);
    if (!is) continue;
    if (was.rows !== is.rows) {
      losses.push({ table, what: `changes the row count from ${was.rows} to ${is.rows}` });
      continue;
    }
    for (const [column, sum] of was.columns) {
      const now = is.columns.get(column);
      if (now !== undefined && now !== sum)
        losses.push({ table, column: column.slice(0, column.indexOf(' ')), what: 'changes the values' });
    }
  }
  return losses;
}

/** Every user table: its rows, and a checksum per column of its values (as text, sorted). */
async function readState(db: Database): Promise<DatabaseState> {
  const columns = await db.query<{ schema: string; table: string; column: string; type: string }>(
    `SELECT n.nspname AS schema, c.relname AS "table", a.attname AS "column",
            format_type(a.atttypid, a.atttypmod) AS type
       FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
      WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
        AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast', 'schemata')
        AND n.nspname NOT LIKE 'pg_temp%'
      ORDER BY 1, 2, a.attnum`,
  );
  const byTable = new Map<
    string,
    { schema: string; table: string; columns: { name: string; type: string }[] }
  >();
  for (const row of columns) {
    const key = `${row.schema}.${row.table}`;
    const entry = byTable.get(key) ?? { schema: row.schema, table: row.table, columns: [] };
    entry.columns.push({ name: row.column, type: row.type });
    byTable.set(key, entry);
  }
  const state: DatabaseState = new Map();
  for (const [key, table] of byTable) {
    const sums = table.columns.map(
      (column, i) =>
        `md5(string_agg(coalesce(quote_literal(${quoteIdent(column.name)}::text), 'NULL'), ',' ORDER BY ${quoteIdent(column.name)}::text)) AS c${i}`,
    );
    const [row] = await db.query<Record<string, string | number | null>>(
      `SELECT count(*) AS rows${sums.length > 0 ? `, ${sums.join(', ')}` : ''} FROM ${quoteQualified(table.schema, table.table)}`,
    );
    state.set(key, {
      rows: Number(row?.rows ?? 0),
      columns: new Map(
        table.columns.map((column, i) => [`${column.name} ${column.type}`, String(row?.[`c${i}`] ?? '')]),
      ),
    });
  }
  return state;
}
