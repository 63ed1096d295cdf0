import { mkdir, writeFile } from 'node:fs/promises';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { generateDdl } from '../../dialects/postgres/render-ddl.ts';
import { CliError, EXIT } from '../cli-error.ts';
import type { ParsedArgs } from '../parsed-args.ts';
import { loadModel, resolveModelPath } from '../model-io.ts';
import type { Output } from '../output.ts';

export async function runGenerate(args: ParsedArgs, out: Output): Promise<number> {
  const model = await loadModel(await resolveModelPath(args.positionals[0], args.config), out);
  const ddl = await generateDdl(model, { createRoles: args.values['create-roles'] === true });
  const output = args.values.output as string | undefined;
  if (output) {
    if (existsSync(output) && statSync(output).isDirectory())
      throw new CliError(
        'file-error',
        `-o ${output} is a directory; generate writes one file`,
        `give a file name, e.g. -o ${join(output, 'schema.sql')}`,
      );
    await mkdir(dirname(output), { recursive: true });
    await writeFile(output, ddl);
    out.stderr(`wrote ${output}\n`);
  } else {
    out.stdout(ddl);
  }
  return EXIT.ok;
}
