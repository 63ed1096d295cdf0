// The lint of each kind of input, suppressions applied and findings in a fixed order: a model (from
// files, with their comments, or inspected from a database), SQL files, and a migrations directory
// (each up file checked against the schema the files before it leave).
import type { Model } from '../model/model-schema.ts';
import type { Locate } from '../model/model-path.ts';
import { compareKeys, formatModelPath } from '../model/model-path.ts';
import type { ModelSource } from '../readers/read-model.ts';
import { lintModel } from './model/lint-model.ts';
import { lintSql, type SqlFile, type SqlLintInput } from './sql/lint-sql.ts';
import type { Finding, LintSettings, Rule } from './rule.ts';
import { RULES } from './rules/registry.ts';
import { applySuppressions, readModelSuppressions, readSqlSuppressions } from './suppressions.ts';

export type { SqlFile } from './sql/lint-sql.ts';

const RULES_BY_CODE: ReadonlyMap<string, Rule> = new Map(RULES.map((rule) => [rule.code, rule]));

export interface ModelSourcesInput {
  model: Model;
  locate?: Locate;
  /** The model's files as read, for their suppression comments; none for a database. */
  sources?: readonly ModelSource[];
}

/** The design review of a model, with the suppressions of its files applied. */
export async function lintModelSources(input: ModelSourcesInput, settings: LintSettings): Promise<Finding[]> {
  // Awaited: the model rules may read SQL (expressions, query patterns) with the parser, which loads once.
  const findings = await lintModel(
    { model: input.model, ...(input.locate && { locate: input.locate }) },
    settings,
  );
  const suppressions = (input.sources ?? []).flatMap((source) =>
    source.file.endsWith('.json') ? [] : readModelSuppressions(source.file, source.text),
  );
  return sortFindings(applySuppressions(findings, suppressions, settings, RULES_BY_CODE));
}

/** The migration rules over SQL files, with the suppressions of those files applied. */
export async function lintSqlSources(input: SqlLintInput, settings: LintSettings): Promise<Finding[]> {
  const findings = await lintSql(input, settings);
  const suppressions = (
    await Promise.all(input.files.map((file) => readSqlSuppressions(file.file, file.text)))
  ).flat();
  return sortFindings(applySuppressions(findings, suppressions, settings, RULES_BY_CODE));
}

/**
 * The up files of a migrations directory, in order: each is checked with the files before it as
 * what has run already, so a statement on a table an earlier file created is judged as on an
 * existing table, and one on a table created in the same file as on a new one.
 */
export async function lintMigrationFiles(
  files: readonly SqlFile[],
  settings: LintSettings,
  schema?: Model,
): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (let i = 0; i < files.length; i++) {
    const file = files[i] as SqlFile;
    findings.push(
      ...(await lintSqlSources(
        { files: [file], before: files.slice(0, i), ...(schema && { schema }) },
        settings,
      )),
    );
  }
  return findings;
}

/** By file, line and column (files in name order); findings without a position after, by object. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  const where = (f: Finding) => f.object ?? (f.path ? formatModelPath(f.path) : '');
  return [...findings].sort((a, b) => {
    if (a.location && b.location)
      return (
        compareKeys(a.location.file, b.location.file) ||
        a.location.line - b.location.line ||
        a.location.column - b.location.column ||
        compareKeys(a.code, b.code) ||
        compareKeys(a.message, b.message)
      );
    if (a.location) return -1;
    if (b.location) return 1;
    return (
      compareKeys(where(a), where(b)) || compareKeys(a.code, b.code) || compareKeys(a.message, b.message)
    );
  });
}
