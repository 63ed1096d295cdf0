// Replaying a migrations directory: every up file, in version order, runs in a database as psql would
// run it: statement by statement, each file's own BEGIN/COMMIT grouping kept, so statements that
// cannot run in a transaction (CREATE INDEX CONCURRENTLY) run on their own between those blocks.
import { readFile } from 'node:fs/promises';
import type { Database } from '../db/database.ts';
import { EMBEDDED, describeScratch, openScratch, type ScratchSource } from '../db/scratch-source.ts';
import { counted, inStep, type Progress, type ProgressStep } from '../model/progress.ts';
import { hasErrors, type Diagnostic } from '../model/diagnostics.ts';
import type { Model } from '../model/model-schema.ts';
import { inspectDatabase, type UnsupportedObject } from '../dialects/postgres/inspect/inspect-database.ts';
import {
  readSpelling,
  spellingKey,
  writeSpelling,
  type SpellCache,
} from '../dialects/postgres/spell/spell-cache.ts';
import { postgresIdentity } from '../dialects/postgres/spell/spell-model.ts';
import { checksumOf } from './runner/migration-script.ts';
import { loadSql } from '../readers/import-sql.ts';
import type { MigrationsDirectory } from './migrations-directory.ts';

export interface ReplayResult {
  /** Migrations that ran to the end. */
  applied: number;
  /** The failure of the migration that stopped the replay, at its file:line:column. */
  diagnostics: Diagnostic[];
}

/** Runs a migration file's SQL; a transaction block its failure leaves open is rolled back. */
export async function runMigrationSql(
  db: Database,
  text: string,
  file: string,
  createRole?: (name: string) => Promise<void>,
): Promise<Diagnostic[]> {
  const loaded = await loadSql(db, text, file, createRole ? { createRole } : {});
  if (hasErrors(loaded.diagnostics)) {
    await db.exec('ROLLBACK').catch(() => undefined);
    return loaded.diagnostics;
  }
  return [];
}

/** Applies the up files in order; stops at the first failing statement. */
export async function replayMigrations(
  db: Database,
  directory: MigrationsDirectory,
  createRole?: (name: string) => Promise<void>,
  progress?: Progress,
): Promise<ReplayResult> {
  return inStep(progress, `replaying ${counted(directory.migrations.length, 'migration')}`, (step) =>
    replayEach(db, directory, step, createRole),
  );
}

async function replayEach(
  db: Database,
  directory: MigrationsDirectory,
  step: ProgressStep,
  createRole?: (name: string) => Promise<void>,
): Promise<ReplayResult> {
  let applied = 0;
  for (const migration of directory.migrations) {
    const text = await readFile(migration.up, 'utf8');
    const diagnostics = await runMigrationSql(db, text, migration.up, createRole);
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
    step.advance(applied, directory.migrations.length, 'migrations');
  }
  return { applied, diagnostics: [] };
}

export interface MigrationsModel {
  model: Model;
  unsupported: UnsupportedObject[];
  diagnostics: Diagnostic[];
}

/**
 * The schema a migrations directory ends in: replayed in a scratch database, then inspected. With a
 * cache, a replay is kept under a digest of the files (their order and bytes), the PostgreSQL that ran
 * them and schemata's code, so the same migrations are replayed once (drift, migrate new, diff).
 */
export async function readMigrationsModel(
  directory: MigrationsDirectory,
  source: ScratchSource = EMBEDDED,
  options: { progress?: Progress | undefined; cache?: SpellCache | undefined } = {},
): Promise<MigrationsModel> {
  const { progress, cache } = options;
  const key = cache && (await replayKey(directory, source, cache));
  if (cache && key) {
    const kept = await readSpelling<{ model: Model; unsupported: UnsupportedObject[] }>(cache, key);
    if (kept) return { ...kept, diagnostics: [] };
  }
  const scratch = await inStep(progress, `starting ${describeScratch(source)}`, () => openScratch(source));
  const db = scratch.db;
  try {
    const replay = await replayMigrations(db, directory, (name) => scratch.createRole(name), progress);
    if (replay.diagnostics.length > 0) return { model: {}, unsupported: [], diagnostics: replay.diagnostics };
    const { model, unsupported } = await inspectDatabase(db, { progress });
    if (cache && key) await writeSpelling(cache, key, { model, unsupported });
    return { model, unsupported, diagnostics: [] };
  } finally {
    await scratch.close();
  }
}

async function replayKey(directory: MigrationsDirectory, source: ScratchSource, cache: SpellCache) {
  const files = await Promise.all(
    directory.migrations.map(async (m) => `${m.label}\0${checksumOf(await readFile(m.up))}`),
  );
  return spellingKey(cache, `replay 1\0${files.join('\0')}`, await postgresIdentity(source));
}
