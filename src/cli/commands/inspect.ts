import { openServerDatabase, readDatabaseError } from '../../db/database.ts';
import { inspectDatabase, type InspectResult } from '../../dialects/postgres/inspect/inspect-database.ts';
import { modelFileData, writeModel } from '../../writers/model-files.ts';
import { CliError, EXIT } from '../cli-error.ts';
import type { ParsedArgs } from '../parsed-args.ts';
import { saveModel } from '../model-io.ts';
import type { Output } from '../output.ts';
import { printDiagnostics, printUnsupported } from '../print.ts';
import { environmentUrl } from '../config/environment-url.ts';

export async function runInspect(args: ParsedArgs, out: Output): Promise<number> {
  if (args.positionals.length > 0) {
    throw new CliError(
      'usage',
      `unexpected argument "${args.positionals[0]}"`,
      'give the database with --db URL',
    );
  }
  const environment = args.values.env as string | undefined;
  if (environment !== undefined && args.values.db !== undefined)
    throw new CliError('usage', 'inspect takes --db or --env, not both', 'leave out one of them');
  const url =
    environment !== undefined
      ? environmentUrl(args.config, environment)
      : ((args.values.db as string | undefined) ?? process.env.DATABASE_URL);
  if (!url) {
    throw new CliError(
      'usage',
      'no database to inspect',
      'pass --db postgres://user@host/db or --env NAME (an environment of schemata.config.yaml), or set DATABASE_URL',
    );
  }
  let db;
  try {
    db = await openServerDatabase(url);
  } catch (error) {
    throw new CliError(
      'db-unreachable',
      `cannot connect to ${redactUrl(url)}: ${readDatabaseError(error).message}`,
      'check the URL, that the server is running, and your credentials',
    );
  }
  let result: InspectResult;
  try {
    const schemas = args.values.schema as string[] | undefined;
    result = await inspectDatabase(db, { ...(schemas && { schemas }), progress: out.progress });
  } finally {
    await db.close();
  }
  printDiagnostics(out, result.diagnostics ?? []);
  return finishInspection(result, args, out);
}

/** Shared by inspect and import: report what was left out, write the model, choose the exit code. */
export async function finishInspection(
  result: InspectResult,
  args: ParsedArgs,
  out: Output,
): Promise<number> {
  const schemas = [...new Set((args.values.schema as string[] | undefined) ?? [])];
  const unknown = (result.diagnostics ?? []).filter((d) => d.code === 'unknown-schema');
  if (schemas.length > 0 && unknown.length === schemas.length) {
    throw new CliError(
      'no-schema-matched',
      `none of the schemas given with --schema is there; nothing ${args.values.output ? 'written' : 'to print'}`,
      'check the names (they are case sensitive), or leave out --schema to read every schema',
    );
  }
  printUnsupported(out, result.unsupported);
  const output = args.values.output as string | undefined;
  if (output) {
    await saveModel(result.model, output, args.values.layout as string | undefined, out);
    if (out.json) out.json.fields.written = [output];
  } else if (out.json) {
    out.json.fields.model = modelFileData(result.model);
  } else {
    out.stdout(writeModel(result.model));
  }
  return args.values.strict && result.unsupported.length > 0 ? EXIT.findings : EXIT.ok;
}

export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}
