// The backup check (`--backup-check`): the sample database is dumped and restored into a fresh
// database, and the two must hold the same schema and the same number of rows in every table. On a
// server, with pg_dump in the custom format and pg_restore, the schemas compared as `pg_dump
// --schema-only` prints them; on embedded PostgreSQL, with PGlite's own dump and load of its data
// directory, the schemas compared as schemata reads them from the catalog.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { openEmbeddedDatabase, openServerDatabase, type Database } from '../db/database.ts';
import { createScratchDatabase } from '../db/scratch.ts';
import { dumpSchema } from '../dialects/postgres/pg-dump.ts';
import { inspectDatabase } from '../dialects/postgres/inspect/inspect-database.ts';
import { quoteQualified } from '../dialects/postgres/quote.ts';
import type { ValidationContext, ValidationFinding, ValidationSection } from './validation.ts';

const run = promisify(execFile);

interface Comparison {
  method: 'pg_dump' | 'pglite';
  schemaMatches: boolean;
  /** The first lines that differ, when the schemas do not match. */
  schemaDifference?: string[];
  rowsBefore: Record<string, number>;
  rowsAfter: Record<string, number>;
  dumpBytes: number;
}

export async function checkBackup(ctx: ValidationContext): Promise<ValidationSection> {
  if (ctx.backupCheck !== true)
    return {
      name: 'backup',
      summary: 'skipped: --backup-check not given',
      findings: [],
      details: {},
      lines: [],
    };
  let comparison: Comparison;
  try {
    ctx.progress?.('dumping the sample database and restoring it into a fresh one');
    comparison = ctx.db.kind === 'server' ? await viaPgDump(ctx) : await viaPglite(ctx.db);
  } catch (error) {
    const message = (error as { stderr?: string }).stderr?.trim() || (error as Error).message;
    return {
      name: 'backup',
      summary: 'dump or restore failed',
      findings: [
        {
          code: 'backup-restore-failed',
          severity: 'error',
          message: `the sample database could not be dumped and restored: ${message}`,
          hint:
            ctx.db.kind === 'server'
              ? 'pg_dump and pg_restore must be installed, of the server version or newer'
              : 'PGlite could not load its own dump',
        },
      ],
      details: {},
      lines: [],
    };
  }
  const findings: ValidationFinding[] = [];
  if (!comparison.schemaMatches)
    findings.push({
      code: 'backup-schema-differs',
      severity: 'error',
      message: `the restored database's schema differs from the dumped one: ${(comparison.schemaDifference ?? []).join(' | ')}`,
    });
  const tables = [
    ...new Set([...Object.keys(comparison.rowsBefore), ...Object.keys(comparison.rowsAfter)]),
  ].sort();
  for (const table of tables) {
    const before = comparison.rowsBefore[table];
    const after = comparison.rowsAfter[table];
    if (before !== after)
      findings.push({
        code: 'backup-rows-differ',
        severity: 'error',
        message: `${table} has ${before ?? 'no'} rows in the dumped database and ${after ?? 'no'} in the restored one`,
        object: table,
      });
  }
  const rows = Object.values(comparison.rowsBefore).reduce((sum, n) => sum + n, 0);
  const how =
    comparison.method === 'pg_dump' ? 'pg_dump -Fc and pg_restore' : "PGlite's dumpDataDir and loadDataDir";
  return {
    name: 'backup',
    summary:
      findings.length === 0
        ? `dumped and restored with ${how}: schema and ${rows.toLocaleString('en-US')} rows in ${tables.length} tables match`
        : `dumped and restored with ${how}: ${findings.length} difference${findings.length === 1 ? '' : 's'}`,
    findings,
    details: { ...comparison },
    lines: [`dump of ${comparison.dumpBytes.toLocaleString('en-US')} bytes`],
  };
}

async function viaPgDump(ctx: ValidationContext): Promise<Comparison> {
  const [row] = await ctx.db.query<{ name: string }>('SELECT current_database() AS name');
  const server = ctx.devDb;
  if (server === undefined || row === undefined)
    throw new Error('the server URL of the scratch database is not known');
  const source = new URL(server);
  source.pathname = `/${encodeURIComponent(row.name)}`;
  const dir = await mkdtemp(join(tmpdir(), 'schemata-backup-'));
  const restored = await createScratchDatabase(server, 'schemata_restore');
  try {
    const file = join(dir, 'sample.dump');
    await run('pg_dump', ['-Fc', '--file', file, '--dbname', source.toString()]);
    const { size } = await stat(file);
    await run('pg_restore', ['--exit-on-error', '--dbname', restored.url, file]);
    const [schemaBefore, schemaAfter] = await Promise.all([
      dumpSchema(source.toString()),
      dumpSchema(restored.url),
    ]);
    const restoredDb = await openServerDatabase(restored.url);
    let rowsAfter: Record<string, number>;
    try {
      rowsAfter = await countRows(restoredDb);
    } finally {
      await restoredDb.close();
    }
    return {
      method: 'pg_dump',
      ...schemaComparison(schemaBefore, schemaAfter),
      rowsBefore: await countRows(ctx.db),
      rowsAfter,
      dumpBytes: size,
    };
  } finally {
    await restored.drop();
    await rm(dir, { recursive: true, force: true });
  }
}

async function viaPglite(db: Database): Promise<Comparison> {
  if (!db.dumpDataDir) throw new Error('this database cannot dump its data directory');
  const dump = await db.dumpDataDir();
  const restored = await openEmbeddedDatabase({ loadDataDir: dump });
  try {
    const [before, after] = [await inspectDatabase(db), await inspectDatabase(restored)];
    return {
      method: 'pglite',
      ...schemaComparison(stableText(before.model), stableText(after.model)),
      rowsBefore: await countRows(db),
      rowsAfter: await countRows(restored),
      dumpBytes: dump.size,
    };
  } finally {
    await restored.close();
  }
}

function stableText(value: unknown): string {
  return JSON.stringify(value, null, 1);
}

function schemaComparison(
  before: string,
  after: string,
): Pick<Comparison, 'schemaMatches' | 'schemaDifference'> {
  if (before === after) return { schemaMatches: true };
  const a = before.split('\n');
  const b = after.split('\n');
  const differing: string[] = [];
  for (let i = 0; i < Math.max(a.length, b.length) && differing.length < 3; i++)
    if (a[i] !== b[i])
      differing.push(`line ${i + 1}: ${JSON.stringify(a[i] ?? '')} -> ${JSON.stringify(b[i] ?? '')}`);
  return { schemaMatches: false, schemaDifference: differing };
}

/** Rows of every user table (partitions counted in their parent), by `schema.table`. */
async function countRows(db: Database): Promise<Record<string, number>> {
  const tables = await db.query<{ schema: string; table: string }>(
    `SELECT n.nspname AS schema, c.relname AS "table"
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
        AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
        AND n.nspname NOT LIKE 'pg_temp%'
      ORDER BY 1, 2`,
  );
  const counts: Record<string, number> = {};
  for (const { schema, table } of tables) {
    const [row] = await db.query<{ n: string | number }>(
      `SELECT count(*) AS n FROM ${quoteQualified(schema, table)}`,
    );
    counts[`${schema}.${table}`] = Number(row?.n ?? 0);
  }
  return counts;
}
