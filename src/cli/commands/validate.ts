// schemata validate [SOURCE]: builds the schema in a scratch database (embedded, or on the --dev-db
// server), fills it with sample data and runs the checks over it (src/validate/); the report as text,
// Markdown or the --json document. Exit 1 when a check fails (a finding at error severity), 0 otherwise,
// 2 on a usage or input error.
import { existsSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { isMigrationsDirectory } from '../../migrations/migrations-directory.ts';
import {
  DEFAULT_SCALE,
  DEFAULT_SEED,
  hasErrorFindings,
  validateModel,
  ValidationBuildError,
  type ValidationReport,
} from '../../validate/validate-model.ts';
import { validationDocument } from '../../validate/report/json.ts';
import { renderValidationText, type TextStyle } from '../../validate/report/text.ts';
import { renderValidationMarkdown } from '../../validate/report/markdown.ts';
import { countValidationFindings, describeCounts } from '../../validate/report/counts.ts';
import { exportSampleData, type ExportFormat } from '../../validate/sample-data/export-sample-data.ts';
import { CliError, EXIT } from '../cli-error.ts';
import { JsonReport } from '../json-document.ts';
import type { ParsedArgs } from '../parsed-args.ts';
import { loadModelWithLocate, resolveModelPath } from '../model-io.ts';
import type { Output } from '../output.ts';
import { readSource, type SourceModel } from '../read-source.ts';
import { spellingFor } from '../spelling.ts';
import { painter, SEVERITY_COLORS } from '../color.ts';

const FORMATS = ['text', 'json', 'markdown'];
const EXPORT_FORMATS = ['sql', 'csv'];

export async function runValidate(args: ParsedArgs, out: Output): Promise<number> {
  const [argument, extra] = args.positionals;
  if (extra !== undefined)
    throw new CliError(
      'usage',
      `unexpected argument "${extra}"`,
      'validate takes one model, SQL file, migrations directory or URL',
    );
  const format = (args.values.format as string | undefined) ?? (out.json ? 'json' : 'text');
  if (!FORMATS.includes(format))
    throw new CliError('usage', `unknown format "${format}"`, 'use text, json or markdown');
  if (out.json && format !== 'json')
    throw new CliError('usage', `--json and --format ${format} disagree`, 'give one of them');
  const scale = numberOption(args, 'scale', DEFAULT_SCALE, (n) => n > 0, 'a number above 0, e.g. 0.01');
  const seed = numberOption(args, 'seed', DEFAULT_SEED, Number.isSafeInteger, 'a whole number, e.g. 42');
  const exportDir = args.values.export as string | undefined;
  const exportFormat = (args.values['export-format'] as string | undefined) ?? 'sql';
  if (!EXPORT_FORMATS.includes(exportFormat))
    throw new CliError('usage', `unknown export format "${exportFormat}"`, 'use sql or csv');
  if (args.values['export-format'] !== undefined && exportDir === undefined)
    throw new CliError('usage', '--export-format goes with --export DIR', 'name the directory to write to');
  if (exportDir !== undefined && existsSync(exportDir) && !statSync(exportDir).isDirectory())
    throw new CliError(
      'file-error',
      `--export ${exportDir} is a file`,
      'give a directory to write the data to',
    );
  const output = args.values.output as string | undefined;
  if (output !== undefined && existsSync(output) && statSync(output).isDirectory())
    throw new CliError('file-error', `-o ${output} is a directory`, 'give the file to write the report to');
  const { source } = await spellingFor(args);

  const read = await readArgument(argument, args, out);
  let report: ValidationReport;
  try {
    report = await validateModel({
      model: read.model,
      locate: read.locate,
      source,
      scale,
      seed,
      migrationsDir: argument !== undefined && isMigrationsDirectory(argument) ? argument : undefined,
      backupCheck: args.values['backup-check'] === true,
      progress: out.progress,
    });
  } catch (error) {
    if (error instanceof ValidationBuildError)
      throw new CliError('model-does-not-build', '', undefined, error.diagnostics);
    throw error;
  }
  const code = hasErrorFindings(report) ? EXIT.findings : EXIT.ok;
  const written: string[] = [];
  if (exportDir !== undefined && report.sampleData) {
    const files = exportSampleData(report.sampleData, exportFormat as ExportFormat);
    await mkdir(exportDir, { recursive: true });
    for (const file of files) {
      const path = join(exportDir, file.name);
      await writeFile(path, file.text);
      written.push(path);
    }
    out.stderr(`wrote ${files.length} file${files.length === 1 ? '' : 's'} of sample data to ${exportDir}\n`);
  }
  const summary = describeCounts(countValidationFindings(report));
  if (format === 'json') {
    const json = out.json ?? new JsonReport('validate');
    json.fields.validation = validationDocument(report);
    if (output !== undefined) written.push(output);
    if (written.length > 0) json.fields.written = written;
    if (output !== undefined) await writeReport(output, json.render(code), summary, out);
    if (!out.json) out.stdout(json.render(code));
    return code;
  }
  const text =
    format === 'markdown'
      ? renderValidationMarkdown(report)
      : renderValidationText(report, output === undefined ? textStyle(out) : undefined);
  if (output !== undefined) await writeReport(output, text, summary, out);
  else out.stdout(text);
  return code;
}

async function readArgument(
  argument: string | undefined,
  args: ParsedArgs,
  out: Output,
): Promise<SourceModel> {
  if (argument !== undefined) return readSource(argument, out);
  return loadModelWithLocate(await resolveModelPath(undefined, args.config), out);
}

function numberOption(
  args: ParsedArgs,
  name: string,
  fallback: number,
  valid: (n: number) => boolean,
  expected: string,
): number {
  const text = args.values[name] as string | undefined;
  if (text === undefined) return fallback;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || !valid(value))
    throw new CliError('usage', `--${name} ${JSON.stringify(text)} is not ${expected}`, `pass --${name} N`);
  return value;
}

async function writeReport(output: string, text: string, summary: string, out: Output): Promise<void> {
  await mkdir(dirname(output), { recursive: true });
  await writeFile(output, text);
  out.stderr(`wrote ${output}: ${summary}\n`);
}

function textStyle(out: Output): TextStyle {
  const paint = painter(out, 'stdout');
  return {
    heading: (text) => paint('cyan', text),
    severity: (text, severity) =>
      paint(severity === 'info' ? SEVERITY_COLORS.note : SEVERITY_COLORS[severity], text),
    dim: (text) => paint('dim', text),
  };
}
