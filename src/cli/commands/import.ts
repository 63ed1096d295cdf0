import { existsSync } from 'node:fs';
import { extname } from 'node:path';
import { importDbmlFile } from '../../readers/import-dbml.ts';
import { importSqlFile } from '../../readers/import-sql.ts';
import { hasErrors } from '../../model/diagnostics.ts';
import { CliError } from '../cli-error.ts';
import type { ParsedArgs } from '../parsed-args.ts';
import type { Output } from '../output.ts';
import { printDiagnostics } from '../print.ts';
import { finishInspection } from './inspect.ts';

export async function runImport(args: ParsedArgs, out: Output): Promise<number> {
  const [file, extra] = args.positionals;
  if (!file) throw new CliError('usage', 'no SQL file given', 'schemata import FILE.sql [-o PATH]');
  if (extra !== undefined)
    throw new CliError('usage', `unexpected argument "${extra}"`, 'import takes one SQL file');
  if (!existsSync(file)) throw new CliError('file-not-found', `no file at ${file}`);
  if (extname(file).toLowerCase() === '.dbml') return importDbml(file, args, out);
  const schemas = args.values.schema as string[] | undefined;
  const result = await importSqlFile(file, {
    ...(schemas && { schemas }),
    continueOnError: Boolean(args.values['continue-on-error']),
    progress: out.progress,
  });
  if (hasErrors(result.diagnostics)) {
    throw new CliError('sql-error', '', undefined, result.diagnostics);
  }
  printDiagnostics(out, result.diagnostics);
  return finishInspection(result, args, out);
}

async function importDbml(file: string, args: ParsedArgs, out: Output): Promise<number> {
  if (args.values['continue-on-error'])
    throw new CliError('usage', '--continue-on-error goes with SQL files', 'leave it out for a .dbml file');
  const result = await importDbmlFile(file);
  if (hasErrors(result.diagnostics)) throw new CliError('dbml-error', '', undefined, result.diagnostics);
  printDiagnostics(out, result.diagnostics);
  const schemas = args.values.schema as string[] | undefined;
  if (schemas && schemas.length > 0) {
    const kept = Object.fromEntries(
      Object.entries(result.model.schemas ?? {}).filter(([name]) => schemas.includes(name)),
    );
    const unknown = schemas
      .filter((name) => !(name in kept))
      .map((name) => ({
        code: 'unknown-schema',
        severity: 'warning' as const,
        message: `no schema ${name} in ${file}`,
      }));
    printDiagnostics(out, unknown);
    return finishInspection(
      { ...result, model: { ...result.model, schemas: kept }, diagnostics: unknown },
      args,
      out,
    );
  }
  return finishInspection(result, args, out);
}
