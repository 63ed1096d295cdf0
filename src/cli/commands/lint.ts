// schemata lint [MODEL | FILE.sql | MIGRATIONS_DIR | postgres://URL]: the design rules over a model
// (from files, or inspected from a database), the migration rules over SQL files and migrations
// directories; the report as text, the --json document, or SARIF. Exit 1 when a finding at error
// severity remains, 0 otherwise, 2 on a usage or input error.
import { existsSync, statSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, extname } from 'node:path';
import type { Model } from '../../model/model-schema.ts';
import { hasErrors } from '../../model/diagnostics.ts';
import { isDatabaseUrl, openServerDatabase, readDatabaseError, type Database } from '../../db/database.ts';
import { serverMajorVersion } from '../../db/scratch-source.ts';
import { inspectDatabase } from '../../dialects/postgres/inspect/inspect-database.ts';
import { readRowEstimates } from '../../dialects/postgres/inspect/row-estimates.ts';
import { isMigrationsDirectory, readMigrationsDirectory } from '../../migrations/migrations-directory.ts';
import type { Finding } from '../../lint/rule.ts';
import { RULES } from '../../lint/rules/registry.ts';
import {
  lintMigrationFiles,
  lintModelSources,
  lintSqlSources,
  type SqlFile,
} from '../../lint/lint-inputs.ts';
import { findingDocument, lintSummary, type LintSummary } from '../../lint/report/json.ts';
import { hasErrorFindings, summarizeFindings } from '../../lint/report/counts.ts';
import { renderTextReport } from '../../lint/report/text.ts';
import { renderSarif } from '../../lint/report/sarif.ts';
import { CliError, EXIT } from '../cli-error.ts';
import { JsonReport } from '../json-document.ts';
import type { ParsedArgs } from '../parsed-args.ts';
import { loadModelWithLocate, resolveModelPath } from '../model-io.ts';
import type { Output } from '../output.ts';
import { printDiagnostics } from '../print.ts';
import { asCliError, lintSettingsFor, reportStyle, targetVersionFor } from '../lint-findings.ts';
import { readVersion } from '../version.ts';
import { redactUrl } from './inspect.ts';

const FORMATS = ['text', 'json', 'sarif'];

interface Linted {
  input: LintSummary['input'];
  findings: Finding[];
  targetVersion: number;
}

export async function runLint(args: ParsedArgs, out: Output): Promise<number> {
  const [argument, extra] = args.positionals;
  if (extra !== undefined)
    throw new CliError(
      'usage',
      `unexpected argument "${extra}"`,
      'lint takes one model, SQL file, directory or URL',
    );
  const format = (args.values.format as string | undefined) ?? (out.json ? 'json' : 'text');
  if (!FORMATS.includes(format))
    throw new CliError('usage', `unknown format "${format}"`, 'use text, json or sarif');
  if (out.json && format !== 'json')
    throw new CliError('usage', `--json and --format ${format} disagree`, 'give one of them');
  const output = args.values.output as string | undefined;
  if (output !== undefined && existsSync(output) && statSync(output).isDirectory())
    throw new CliError('file-error', `-o ${output} is a directory`, 'give the file to write the report to');
  // -o FILE with --format json: the document goes to the file, made here rather than on stdout.
  const fileReport =
    format === 'json' && output !== undefined && !out.json ? new JsonReport('lint') : undefined;
  const run: Output = fileReport ? { ...out, json: fileReport } : out;

  const linted = await asCliError(() => lintArgument(argument, args, run));
  const code = hasErrorFindings(linted.findings) ? EXIT.findings : EXIT.ok;
  if (format === 'json') {
    const report = run.json as JsonReport;
    report.fields.findings = linted.findings.map(findingDocument);
    report.fields.lint = lintSummary(linted.findings, linted.input, linted.targetVersion);
    if (fileReport && output !== undefined) await writeReport(output, fileReport.render(code), linted, out);
    else if (output !== undefined) {
      // --json with -o: the document on stdout, and in the file as well.
      await writeReport(output, (run.json as JsonReport).render(code), linted, out);
      report.fields.written = [output];
    }
    return code;
  }
  const text =
    format === 'sarif'
      ? renderSarif(linted.findings, RULES, {
          version: await readVersion(),
          cwd: process.cwd(),
          docsUrl: args.config?.values.lint?.docsUrl,
        })
      : renderTextReport(linted.findings, output === undefined ? reportStyle(out, 'stdout') : undefined);
  if (output !== undefined) await writeReport(output, text, linted, out);
  else out.stdout(text);
  return code;
}

async function writeReport(output: string, text: string, linted: Linted, out: Output): Promise<void> {
  await mkdir(dirname(output), { recursive: true });
  await writeFile(output, text);
  out.stderr(`wrote ${output}: ${summarizeFindings(linted.findings)}\n`);
}

/** What the argument is, from its form: a URL, a migrations directory, a .sql file, else a model. */
async function lintArgument(argument: string | undefined, args: ParsedArgs, out: Output): Promise<Linted> {
  const db = args.values.db as string | undefined;
  if (argument !== undefined && isDatabaseUrl(argument)) {
    if (db !== undefined)
      throw new CliError('usage', 'lint of a database takes no --db', 'the argument is the database to lint');
    return lintDatabase(argument, args, out);
  }
  if (argument !== undefined && isMigrationsDirectory(argument)) return lintMigrations(argument, args, out);
  if (argument !== undefined && extname(argument).toLowerCase() === '.sql')
    return lintSqlFile(argument, args, out);
  if (db !== undefined)
    throw new CliError(
      'usage',
      '--db goes with SQL input (a .sql file or a migrations directory)',
      `to lint the database itself, give its URL as the argument: schemata lint ${redactUrl(db)}`,
    );
  return lintModelFiles(await resolveModelPath(argument, args.config), args, out);
}

async function lintModelFiles(path: string, args: ParsedArgs, out: Output): Promise<Linted> {
  // Every finding is reported at its position: the positions are read with the model, in one pass.
  const { model, locate, files } = await loadModelWithLocate(path, out, { eagerPositions: true });
  const targetVersion = targetVersionFor(args, model.project?.postgres);
  const settings = lintSettingsFor(args, targetVersion);
  const sources = await Promise.all(
    files.map(async (file) => ({ file, text: await readFile(file, 'utf8') })),
  );
  return {
    input: 'model',
    targetVersion,
    findings: await lintModelSources({ model, locate, sources }, settings),
  };
}

async function connect(url: string): Promise<Database> {
  try {
    return await openServerDatabase(url);
  } catch (error) {
    throw new CliError(
      'db-unreachable',
      `cannot connect to ${redactUrl(url)}: ${readDatabaseError(error).message}`,
      'check the URL, that the server is running, and your credentials',
    );
  }
}

async function lintDatabase(url: string, args: ParsedArgs, out: Output): Promise<Linted> {
  const db = await connect(url);
  let model: Model;
  let version: number;
  try {
    version = await serverMajorVersion(db);
    const inspected = await inspectDatabase(db, { progress: out.progress });
    printDiagnostics(out, inspected.diagnostics ?? []);
    model = inspected.model;
  } finally {
    await db.close();
  }
  const targetVersion = targetVersionFor(args, version);
  const settings = lintSettingsFor(args, targetVersion);
  return { input: 'database', targetVersion, findings: await lintModelSources({ model }, settings) };
}

/** With --db: the schema the SQL will run against, its table sizes and its server's version. */
async function targetDatabase(
  args: ParsedArgs,
  out: Output,
): Promise<{ schema?: Model; rows?: Map<string, number>; version?: number }> {
  const url = args.values.db as string | undefined;
  if (url === undefined) return {};
  if (!isDatabaseUrl(url))
    throw new CliError(
      'usage',
      `--db takes a postgres:// URL, not "${url}"`,
      'e.g. --db postgres://app@localhost/shop',
    );
  const db = await connect(url);
  try {
    const version = await serverMajorVersion(db);
    const rows = await readRowEstimates(db);
    const inspected = await inspectDatabase(db, { progress: out.progress });
    return { schema: inspected.model, rows, version };
  } finally {
    await db.close();
  }
}

async function sqlSettings(args: ParsedArgs, out: Output) {
  const target = await targetDatabase(args, out);
  const targetVersion = targetVersionFor(args, target.version);
  const rows = target.rows;
  const settings = lintSettingsFor(
    args,
    targetVersion,
    rows ? { rowEstimate: (table) => rows.get(table) } : {},
  );
  return { targetVersion, settings, ...(target.schema && { schema: target.schema }) };
}

async function readSql(path: string): Promise<SqlFile> {
  if (!existsSync(path)) throw new CliError('file-not-found', `no SQL file at ${path}`);
  return { file: path, text: await readFile(path, 'utf8') };
}

async function lintSqlFile(path: string, args: ParsedArgs, out: Output): Promise<Linted> {
  const file = await readSql(path);
  const { targetVersion, settings, schema } = await sqlSettings(args, out);
  const findings = await lintSqlSources({ files: [file], ...(schema && { schema }) }, settings);
  return { input: 'sql', targetVersion, findings };
}

async function lintMigrations(dir: string, args: ParsedArgs, out: Output): Promise<Linted> {
  const directory = await readMigrationsDirectory(dir);
  if (hasErrors(directory.diagnostics))
    throw new CliError('invalid-migrations', '', undefined, directory.diagnostics);
  printDiagnostics(out, directory.diagnostics);
  const files = await Promise.all(directory.migrations.map((migration) => readSql(migration.up)));
  const { targetVersion, settings, schema } = await sqlSettings(args, out);
  return { input: 'migrations', targetVersion, findings: await lintMigrationFiles(files, settings, schema) };
}
