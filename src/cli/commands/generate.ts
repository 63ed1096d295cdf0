import { mkdir, writeFile } from 'node:fs/promises';
import { existsSync, statSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { generateDdl } from '../../dialects/postgres/render-ddl.ts';
import { CliError, EXIT } from '../cli-error.ts';
import type { ParsedArgs } from '../parsed-args.ts';
import { loadModel, resolveModelPath } from '../model-io.ts';
import type { Output } from '../output.ts';
import { JsonReport } from '../json-document.ts';
import { printDiagnostics } from '../print.ts';

// -o FILE.json writes the --json document (the DDL, and the model's warnings) instead of the SQL.
export async function runGenerate(args: ParsedArgs, out: Output): Promise<number> {
  const output = args.values.output as string | undefined;
  const toJsonFile = output !== undefined && extname(output).toLowerCase() === '.json';
  const report = out.json ?? (toJsonFile ? new JsonReport('generate') : undefined);
  const model = await loadModel(
    await resolveModelPath(args.positionals[0], args.config),
    report ? { ...out, json: report } : out,
  );
  if (report !== out.json) printDiagnostics(out, report?.diagnostics ?? []);
  const ddl = await generateDdl(model, { createRoles: args.values['create-roles'] === true });
  if (report) report.fields.ddl = ddl;
  if (output) {
    if (existsSync(output) && statSync(output).isDirectory())
      throw new CliError(
        'file-error',
        `-o ${output} is a directory; generate writes one file`,
        `give a file name, e.g. -o ${join(output, 'schema.sql')}`,
      );
    await mkdir(dirname(output), { recursive: true });
    await writeFile(output, report && toJsonFile ? report.render(EXIT.ok) : ddl);
    out.stderr(`wrote ${output}\n`);
    if (out.json) out.json.fields.written = [output];
  } else if (!out.json) {
    out.stdout(ddl);
  }
  return EXIT.ok;
}
