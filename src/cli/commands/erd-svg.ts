// schemata erd --format svg: the diagram laid out and drawn as SVG. Not built yet; the SVG renderer
// (src/writers/erd/svg/) replaces this body.
import type { Diagram } from '../../writers/erd/diagram.ts';
import { CliError } from '../cli-error.ts';
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
  void diagram;
  void context;
  throw new CliError('usage', 'svg output is not built yet', 'use --format mermaid, dot or dbml');
}
