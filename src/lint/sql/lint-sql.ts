// Runs the migration rules over SQL files (hand-written migrations, or the plan diff produced).
import type { Model } from '../../model/model-schema.ts';
import type { Finding, LintSettings } from '../rule.ts';

export interface SqlFile {
  file: string;
  text: string;
}

export interface SqlLintInput {
  /** The files to lint, in the order they run. */
  files: readonly SqlFile[];
  /** Files that run before them (earlier migrations, setup): read for the schema, not linted. */
  before?: readonly SqlFile[];
  /** The schema before any file runs (a database given with --db, or the model a plan starts from). */
  schema?: Model;
}

export async function lintSql(input: SqlLintInput, settings: LintSettings): Promise<Finding[]> {
  void input;
  void settings;
  return Promise.reject(new Error('lintSql: not built yet'));
}
