// schemata erd --format svg: the diagram laid out by elkjs and drawn as SVG, with the boxes pinned in
// the layout file beside the source (`<source>.erd-layout.yaml`, docs/erd-layout.md) kept where they
// are. --write-layout pins every box of the diagram where it is now, in that file.
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { hasErrors } from '../../model/diagnostics.ts';
import type { Diagram } from '../../writers/erd/diagram.ts';
import { layoutDiagram } from '../../writers/erd/svg/layout.ts';
import {
  layoutFilePath,
  parseLayoutFile,
  pinsFor,
  renderLayoutFile,
  type LayoutFile,
} from '../../writers/erd/svg/layout-file.ts';
import { drawSvg } from '../../writers/erd/svg/render-svg.ts';
import { CliError, fileSystemError } from '../cli-error.ts';
import type { Output } from '../output.ts';
import type { ParsedArgs } from '../parsed-args.ts';

export interface ErdSvgContext {
  /** The SOURCE argument as given (a model path, .sql file, migrations directory or URL), if any. */
  source: string | undefined;
  /** The model path the config names, when no SOURCE was given (where a layout file would sit). */
  modelPath: string | undefined;
  args: ParsedArgs;
  out: Output;
}

export async function renderErdSvg(diagram: Diagram, context: ErdSvgContext): Promise<string> {
  const source = context.source ?? context.modelPath;
  const layoutPath = source === undefined ? undefined : layoutFilePath(source);
  const writeLayout = context.args.values['write-layout'] === true;
  if (writeLayout && layoutPath === undefined)
    throw new CliError(
      'usage',
      '--write-layout needs a file or directory source: a database URL has no place for a layout file',
      'inspect the database into model files first (schemata inspect), then draw those',
    );
  let layoutFile: LayoutFile | undefined;
  if (layoutPath !== undefined && existsSync(layoutPath)) {
    const read = parseLayoutFile(await readLayout(layoutPath), layoutPath);
    if (hasErrors(read.diagnostics))
      throw new CliError(
        'layout-file',
        `cannot use the layout file ${layoutPath}`,
        undefined,
        read.diagnostics,
      );
    layoutFile = read.layout;
  }
  const layout = await layoutDiagram(diagram, layoutFile ? { pins: pinsFor(layoutFile, diagram.title) } : {});
  if (writeLayout && layoutPath !== undefined) {
    try {
      await writeFile(layoutPath, renderLayoutFile(layoutFile, { [diagram.title]: layout }));
    } catch (error) {
      throw fileSystemError(error) ?? error;
    }
    context.out.stderr(`wrote the positions of ${layout.boxes.length} boxes to ${layoutPath}\n`);
  }
  return drawSvg(diagram, layout, diagram.area !== undefined ? `ER diagram: ${diagram.area}` : 'ER diagram');
}

async function readLayout(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw fileSystemError(error) ?? error;
  }
}
