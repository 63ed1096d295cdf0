// Shared steps of the conformance runners: scratch databases loaded with psql, the roles a corpus
// file creates (cluster-wide, so removed afterwards), and the pg_dump comparison.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { openServerDatabase } from '../../src/db/database.ts';
import { quoteIdent } from '../../src/dialects/postgres/quote.ts';
import {
  compareDumps,
  dumpSchema,
  firstDifferingLines,
  withoutOwners,
  type DumpEntry,
} from '../../src/dialects/postgres/pg-dump.ts';
import type { UnsupportedObject } from '../../src/dialects/postgres/inspect/inspect-database.ts';
import { explainedByUnsupported } from './unsupported-entries.ts';
import { generateDdl } from '../../src/dialects/postgres/render-ddl.ts';
import { formatDiagnostic } from '../../src/model/diagnostics.ts';
import type { Model } from '../../src/model/model-schema.ts';
import { loadSql } from '../../src/readers/import-sql.ts';

const run = promisify(execFile);

export const serverUrl = process.env.DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postgres';

/** Loads a SQL file with psql, continuing past errors as psql does; returns the error lines. */
export async function loadWithPsql(url: string, path: string): Promise<string[]> {
  const result = await run('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=0', '-d', url, '-f', path], {
    maxBuffer: 256 * 1024 * 1024,
  }).catch((error: { stderr?: string }) => ({ stderr: error.stderr ?? '' }));
  return result.stderr.split('\n').filter((line) => /ERROR:/.test(line));
}

/** The server's major version, e.g. 15. */
export async function serverMajor(): Promise<number> {
  const db = await openServerDatabase(serverUrl);
  try {
    const [row] = await db.query<{ v: string }>(`SELECT current_setting('server_version_num') AS v`);
    return Math.floor(Number(row?.v) / 10000);
  } finally {
    await db.close();
  }
}

export async function listRoles(): Promise<Set<string>> {
  const db = await openServerDatabase(serverUrl);
  try {
    const rows = await db.query<{ rolname: string }>('SELECT rolname FROM pg_roles');
    return new Set(rows.map((r) => r.rolname));
  } finally {
    await db.close();
  }
}

/**
 * Drops the roles that appeared since `before` (their databases must be gone already); with `ours`,
 * only those it accepts, so that roles other users of the server made meanwhile stay.
 */
export async function dropNewRoles(before: Set<string>, ours?: (role: string) => boolean): Promise<void> {
  const after = await listRoles();
  const db = await openServerDatabase(serverUrl);
  try {
    for (const role of after) {
      if (before.has(role) || (ours && !ours(role))) continue;
      await db.exec(`DROP ROLE IF EXISTS ${quoteIdent(role)}`).catch(() => undefined);
    }
  } finally {
    await db.close();
  }
}

export interface DumpComparison {
  equal: boolean;
  differences: number;
  detail: string;
}

/** pg_dump of both databases, differing only in entries of objects reported as unsupported. */
export async function compareDatabases(
  urlA: string,
  urlB: string,
  unsupported: readonly UnsupportedObject[],
): Promise<DumpComparison> {
  const [dumpA, dumpB] = await Promise.all([dumpSchema(urlA), dumpSchema(urlB)]);
  return compareDumpTexts(dumpA, dumpB, unsupported);
}

/** Two pg_dump outputs compared entry by entry (see compareDatabases). */
export function compareDumpTexts(
  expected: string,
  actual: string,
  unsupported: readonly UnsupportedObject[] = [],
): DumpComparison {
  let [dumpA, dumpB] = [expected, actual];
  // Owners are outside the model when inspect reported other owners; compare without them then.
  if (unsupported.some((u) => u.kind === 'owner'))
    [dumpA, dumpB] = [withoutOwners(dumpA), withoutOwners(dumpB)];
  const explained = (entry: DumpEntry) => explainedByUnsupported(entry, unsupported);
  const differences = compareDumps(dumpA, dumpB, explained);
  if (differences.length === 0) return { equal: true, differences: 0, detail: '' };
  const first = differences[0]!;
  return {
    equal: false,
    differences: differences.length,
    detail:
      `${differences.length} differing entries; first: ${first.header}\n` +
      firstDifferingLines(first.expected ?? '(missing)', first.actual ?? '(missing)'),
  };
}

/**
 * Generates DDL from the model, loads it into database B and compares B with A by pg_dump. Returns
 * why they differ (the generated DDL failing, or the first differing entry), or undefined when equal.
 */
export async function rebuildAndCompare(
  model: Model,
  unsupported: readonly UnsupportedObject[],
  urlA: string,
  urlB: string,
  file: string,
): Promise<string | undefined> {
  const ddl = await generateDdl(model);
  const dbB = await openServerDatabase(urlB);
  const loaded = await loadSql(dbB, ddl, `${file}.generated.sql`).finally(() => dbB.close());
  if (loaded.diagnostics.length > 0)
    return `generated DDL failed: ${loaded.diagnostics.map(formatDiagnostic).join('; ')}`;
  const comparison = await compareDatabases(urlA, urlB, unsupported);
  return comparison.equal ? undefined : comparison.detail;
}

export function summariseKinds(kinds: string[]): string {
  const counts = new Map<string, number>();
  for (const kind of kinds) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  return [...counts]
    .sort(([x], [y]) => x.localeCompare(y))
    .map(([kind, n]) => `${n} ${kind}`)
    .join(', ');
}
