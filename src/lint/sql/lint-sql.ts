// Runs the migration rules over SQL files (hand-written migrations, or the plan diff produced). Every
// file is parsed by the real PostgreSQL parser first, so a file that does not parse stops the run with
// a `sql-syntax` diagnostic before any rule runs. The files before the linted ones, and the linted ones
// in order, tell the rules what schema each statement meets.
import { loadSqlParser } from '../../dialects/postgres/types.ts';
import type { Model } from '../../model/model-schema.ts';
import type { Finding, LintSettings, LintStatement, MigrationLintContext, SchemaKnowledge } from '../rule.ts';
import { MIGRATION_RULES } from '../rules/migration/index.ts';
import { modelAt } from './model-knowledge.ts';
import { parseSqlFile, type SqlFile } from './parse-sql-file.ts';
import { MigrationReader, schemaBefore } from './statement-facts.ts';

export type { SqlFile } from './parse-sql-file.ts';

export interface SqlLintInput {
  /** The files to lint, in the order they run. */
  files: readonly SqlFile[];
  /** Files that run before them (earlier migrations, setup): read for the schema, not linted. */
  before?: readonly SqlFile[];
  /** The schema before any file runs (a database given with --db, or the model a plan starts from). */
  schema?: Model;
}

export async function lintSql(input: SqlLintInput, settings: LintSettings): Promise<Finding[]> {
  await loadSqlParser();
  const before = (input.before ?? []).map((file) => parseSqlFile(file).statements);
  const linted = input.files.map((file) => ({ file: file.file, statements: parseSqlFile(file).statements }));
  const reader = new MigrationReader(input.schema);
  for (const statements of before) reader.read(statements, false);
  const findings: { finding: Finding; order: number }[] = [];
  linted.forEach(({ file, statements }, fileIndex) => {
    const start = reader.history.seq + 1;
    const history = reader.history;
    reader.read(statements, true);
    let model: Model | undefined;
    const knowledge: SchemaKnowledge = {
      get before(): Model {
        model ??= modelAt(history.at(start));
        return model;
      },
      createdInFile: (table: string, statement: LintStatement) =>
        schemaBefore(lookupContext, statement).isNewTable(table.includes('.') ? table : `public.${table}`),
      rowEstimate: (table: string) => settings.rowEstimate?.(table),
    };
    // For lookups only: the statements are registered, so no rule runs through this context.
    const lookupContext: MigrationLintContext = {
      statements,
      schema: knowledge,
      targetVersion: settings.targetVersion,
      option: (name) => {
        throw new Error(`no rule option ${name} outside a rule`);
      },
      report: () => {
        throw new Error('no report outside a rule');
      },
    };
    for (const rule of MIGRATION_RULES) {
      const resolved = settings.resolve(rule, { file });
      if (!resolved.enabled) continue;
      rule.check({
        statements,
        schema: knowledge,
        targetVersion: settings.targetVersion,
        option: (name) => {
          const value = resolved.options[name] ?? rule.options?.[name]?.default;
          if (value === undefined) throw new Error(`rule ${rule.code} has no option ${name}`);
          return value;
        },
        report: (report) => {
          let severity = resolved.severity;
          const schemaName = report.object?.split('.')[0];
          if (schemaName !== undefined && report.object?.includes('.')) {
            const there = settings.resolve(rule, { file, schema: schemaName });
            if (!there.enabled) return;
            severity = there.severity;
          }
          let message = report.message;
          const sized = rule.sizeDependent ? tableSize(report.object, settings) : undefined;
          if (sized !== undefined) {
            message += ` (${sized.table}: about ${sized.rows.toLocaleString('en-US')} ${sized.rows === 1 ? 'row' : 'rows'})`;
            if (sized.rows < SMALL_TABLE_ROWS && severity === 'error') severity = 'warning';
          }
          const finding: Finding = {
            code: rule.code,
            severity,
            category: rule.category,
            message,
            fix: report.fix ?? rule.fix,
            location: report.location ?? report.statement.location,
          };
          if (report.object !== undefined) finding.object = report.object;
          findings.push({ finding, order: fileIndex });
        },
      });
    }
  });
  return findings
    .sort((a, b) => compareFindings(a.order, a.finding, b.order, b.finding))
    .map((f) => f.finding);
}

/**
 * Below this many rows a table's blocking lock lasts about as long as taking it: a finding of a
 * size-dependent rule there is a warning, not an error.
 */
export const SMALL_TABLE_ROWS = 10_000;

/** The estimated rows of the table a finding's object (`schema.table[.column]`) names, if known. */
function tableSize(
  object: string | undefined,
  settings: LintSettings,
): { table: string; rows: number } | undefined {
  if (object === undefined || settings.rowEstimate === undefined) return undefined;
  const parts = object.split('.');
  for (const table of [parts.slice(0, 2).join('.'), object]) {
    const rows = settings.rowEstimate(table);
    if (rows !== undefined) return { table, rows };
  }
  return undefined;
}

function compareFindings(aFile: number, a: Finding, bFile: number, b: Finding): number {
  return (
    aFile - bFile ||
    (a.location?.line ?? 0) - (b.location?.line ?? 0) ||
    (a.location?.column ?? 0) - (b.location?.column ?? 0) ||
    compareText(a.code, b.code) ||
    compareText(a.message, b.message)
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
