// Replaying a migrations directory: every up file, in version order, runs in a database as psql would
// run it: statement by statement, each file's own BEGIN/COMMIT grouping kept, so statements that
// cannot run in a transaction (CREATE INDEX CONCURRENTLY) run on their own between those blocks.
import { readFile } from 'node:fs/promises';
import { openEmbeddedDatabase, type Database } from '../db/database.ts';
import { hasErrors, type Diagnostic } from '../model/diagnostics.ts';
import type { Model } from '../model/model-schema.ts';
import { inspectDatabase, type UnsupportedObject } from '../dialects/postgres/inspect/inspect-database.ts';
import { loadSql } from '../readers/import-sql.ts';
import type { MigrationsDirectory } from './migrations-directory.ts';

export interface ReplayResult {
  /** Migrations that ran to the end. */
  applied: number;
  /** The failure of the migration that stopped the replay, at its file:line:column. */
  diagnostics: Diagnostic[];
}

/** Runs a migration file's SQL; a transaction block its failure leaves open is rolled back. */
export async function runMigrationSql(db: Database, text: string, file: string): Promise<Diagnostic[]> {
  const loaded = await loadSql(db, text, file);
  if (hasErrors(loaded.diagnostics)) {
    await db.exec('ROLLBACK').catch(() => undefined);
    return loaded.diagnostics;
  }
  return [];
}

/** Applies the up files in order; stops at the first failing statement. */
export async function replayMigrations(db: Database, directory: MigrationsDirectory): Promise<ReplayResult> {
  let applied = 0;
  for (const migration of directory.migrations) {
    const diagnostics = await runMigrationSql(db, await readFile(migration.up, 'utf8'), migration.up);
    if (diagnostics.length > 0) {
      return {
        applied,
        diagnostics: diagnostics.map((d) => ({
          ...d,
          code: 'migration-failed',
          message: `${migration.label} failed: ${d.message}`,
        })),
      };
    }
    applied++;
  }
  return { applied, diagnostics: [] };
}

export interface MigrationsModel {
  model: Model;
  unsupported: UnsupportedObject[];
  diagnostics: Diagnostic[];
}

/** The schema a migrations directory ends in: replayed on embedded PostgreSQL, then inspected. */
export async function readMigrationsModel(directory: MigrationsDirectory): Promise<MigrationsModel> {
  const db = await openEmbeddedDatabase();
  try {
    const replay = await replayMigrations(db, directory);
    if (replay.diagnostics.length > 0) return { model: {}, unsupported: [], diagnostics: replay.diagnostics };
    const { model, unsupported } = await inspectDatabase(db);
    return { model, unsupported, diagnostics: [] };
  } finally {
    await db.close();
  }
}
