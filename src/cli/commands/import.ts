import { existsSync } from 'node:fs';
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
