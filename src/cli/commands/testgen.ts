// schemata testgen [SOURCE] --format pgtap [-o FILE]: pgTAP tests from the model, for the user's CI.
import { existsSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { loadSqlParser } from '../../dialects/postgres/types.ts';
import { renderPgtap } from '../../validate/testgen/pgtap.ts';
import { CliError, EXIT } from '../cli-error.ts';
import { resolveModelPath } from '../model-io.ts';
import type { Output } from '../output.ts';
import type { ParsedArgs } from '../parsed-args.ts';
import { readSource } from '../read-source.ts';

const FORMATS = ['pgtap'];

export async function runTestgen(args: ParsedArgs, out: Output): Promise<number> {
  const [argument, extra] = args.positionals;
  if (extra !== undefined)
    throw new CliError(
      'usage',
      `unexpected argument "${extra}"`,
      'testgen takes one model, SQL file, directory or URL',
    );
  const format = (args.values.format as string | undefined) ?? 'pgtap';
  if (!FORMATS.includes(format)) throw new CliError('usage', `unknown format "${format}"`, 'use pgtap');
  const output = args.values.output as string | undefined;
  if (output !== undefined && existsSync(output) && statSync(output).isDirectory())
    throw new CliError(
      'file-error',
      `-o ${output} is a directory; testgen writes one file`,
      `give a file name, e.g. -o ${join(output, 'schema.test.sql')}`,
    );
  const source = argument ?? (await resolveModelPath(undefined, args.config));
  const { model } = await readSource(source, out);
  await loadSqlParser();
  const text = renderPgtap(model, { source });
  const tests = /^SELECT plan\((\d+)\);$/m.exec(text)?.[1] ?? '0';
  if (output !== undefined) {
    await mkdir(dirname(output), { recursive: true });
    await writeFile(output, text);
    out.stderr(`wrote ${output}: ${tests} tests\n`);
    if (out.json) out.json.fields.written = [output];
    // With --json, what would have been printed becomes the document's "output".
  } else out.stdout(text);
  return EXIT.ok;
}
