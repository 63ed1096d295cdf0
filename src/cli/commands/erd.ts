// schemata erd [SOURCE] --format mermaid|dot|svg|dbml [--area NAME] [-o FILE]: the model's ER
// diagram. Mermaid prints a Markdown document (the overview and a diagram per subject area, each in
// a mermaid block, split where Mermaid's limits need it); DOT and SVG draw one diagram (the overview,
// or the area given); DBML is the whole model.
import { existsSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { loadSqlParser } from '../../dialects/postgres/types.ts';
import { areaNames, buildDiagrams } from '../../writers/erd/build-diagram.ts';
import { renderDbml } from '../../writers/erd/dbml.ts';
import { renderDot } from '../../writers/erd/dot.ts';
import { renderMermaidDocument } from '../../writers/erd/mermaid.ts';
import { CliError, EXIT } from '../cli-error.ts';
import { resolveModelPath } from '../model-io.ts';
import type { Output } from '../output.ts';
import type { ParsedArgs } from '../parsed-args.ts';
import { readSource } from '../read-source.ts';
import { renderErdSvg } from './erd-svg.ts';

export const ERD_FORMATS = ['mermaid', 'dot', 'svg', 'dbml'] as const;

export async function runErd(args: ParsedArgs, out: Output): Promise<number> {
  const [source, extra] = args.positionals;
  if (extra !== undefined)
    throw new CliError(
      'usage',
      `unexpected argument "${extra}"`,
      'erd takes one model, SQL file, directory or URL',
    );
  const format = (args.values.format as string | undefined) ?? 'mermaid';
  if (!(ERD_FORMATS as readonly string[]).includes(format))
    throw new CliError('usage', `unknown format "${format}"`, `use ${ERD_FORMATS.join(', ')}`);
  const area = args.values.area as string | undefined;
  if (area !== undefined && format === 'dbml')
    throw new CliError('usage', '--area does not apply to dbml', 'DBML is the whole model; leave out --area');
  const output = args.values.output as string | undefined;
  if (output !== undefined && existsSync(output) && statSync(output).isDirectory())
    throw new CliError('file-error', `-o ${output} is a directory`, 'give the file to write the diagram to');

  const modelPath = source === undefined ? await resolveModelPath(undefined, args.config) : undefined;
  const { model } = await readSource(source ?? (modelPath as string), out);
  await loadSqlParser();
  const diagrams = buildDiagrams(model, area !== undefined ? { area } : {});
  if (area !== undefined && diagrams.areas.length === 0) {
    const known = areaNames(diagrams.overview);
    throw new CliError(
      'usage',
      `no subject area "${area}" in the model`,
      known.length > 0
        ? `the areas are: ${known.join(', ')}`
        : 'the model names no subject areas (subjectArea of a table or view)',
    );
  }
  const diagram = diagrams.areas[0] ?? diagrams.overview;
  let text: string;
  switch (format) {
    case 'mermaid':
      text =
        area !== undefined
          ? renderMermaidDocument(`ER diagram: ${area}`, { areas: diagrams.areas })
          : renderMermaidDocument('ER diagram', diagrams);
      break;
    case 'dot':
      text = renderDot(area !== undefined ? diagram : diagrams.overview);
      break;
    case 'dbml':
      text = renderDbml(model);
      break;
    default:
      text = await renderErdSvg(area !== undefined ? diagram : diagrams.overview, {
        source,
        modelPath,
        args,
        out,
      });
  }
  if (output !== undefined) {
    await mkdir(dirname(output), { recursive: true });
    await writeFile(output, text);
    out.stderr(`wrote ${output}\n`);
    if (out.json) out.json.fields.written = [output];
  } else {
    out.stdout(text);
  }
  return EXIT.ok;
}
