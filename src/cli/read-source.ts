// Any source a command can read a schema from: a model file or directory (with the file positions of
// its objects), a .sql file, a migrations directory (replayed on embedded PostgreSQL) or a
// postgres:// URL (inspected).
import { existsSync } from 'node:fs';
import { extname } from 'node:path';
import type { Model } from '../model/model-schema.ts';
import { hasErrors } from '../model/diagnostics.ts';
import type { Locate } from '../model/model-path.ts';
import { isDatabaseUrl, openServerDatabase } from '../db/database.ts';
import { inspectDatabase } from '../dialects/postgres/inspect/inspect-database.ts';
import { importSqlFile } from '../readers/import-sql.ts';
import { importDbmlFile } from '../readers/import-dbml.ts';
import { isMigrationsDirectory } from '../migrations/migrations-directory.ts';
import { CliError } from './cli-error.ts';
import { loadModelWithLocate, readMigrations } from './model-io.ts';
import { printDiagnostics } from './print.ts';
import type { Output } from './output.ts';

export interface SourceModel {
  model: Model;
  locate?: Locate;
  /** True when embedded PostgreSQL read it (SQL files, migrations directories): it is in its spelling. */
  embedded?: boolean;
}

/**
 * A side of the comparison: a postgres:// URL, a .sql or .dbml file, a migrations directory (replayed on
 * embedded PostgreSQL), or a model file or directory (with the file positions of its objects).
 */
export async function readSource(argument: string, out: Output): Promise<SourceModel> {
  if (isMigrationsDirectory(argument)) return { model: await readMigrations(argument, out), embedded: true };
  if (extname(argument).toLowerCase() === '.dbml' && existsSync(argument)) return readDbml(argument, out);
  if (!isDatabaseUrl(argument) && existsSync(argument) && extname(argument).toLowerCase() !== '.sql')
    return loadModelWithLocate(argument, out);
  return { model: await readSchema(argument, out), embedded: !isDatabaseUrl(argument) };
}

/** A .dbml file, read with @dbml/core. */
async function readDbml(argument: string, out: Output): Promise<SourceModel> {
  const result = await importDbmlFile(argument);
  if (hasErrors(result.diagnostics)) throw new CliError('dbml-error', '', undefined, result.diagnostics);
  printDiagnostics(out, result.diagnostics);
  return { model: result.model };
}

/** A postgres:// URL or a .sql file. */
async function readSchema(argument: string, out: Output): Promise<Model> {
  if (isDatabaseUrl(argument)) {
    let db;
    try {
      db = await openServerDatabase(argument);
    } catch (error) {
      throw new CliError(
        'unreachable-database',
        `cannot connect: ${(error as Error).message}`,
        'check the URL',
      );
    }
    try {
      return (await inspectDatabase(db, { progress: out.progress })).model;
    } finally {
      await db.close();
    }
  }
  if (!existsSync(argument))
    throw new CliError('file-not-found', `no model, SQL file or directory at ${argument}`);
  const result = await importSqlFile(argument, { progress: out.progress });
  if (hasErrors(result.diagnostics)) throw new CliError('sql-error', '', undefined, result.diagnostics);
  return result.model;
}
