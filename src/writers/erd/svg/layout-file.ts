// The layout file: where the boxes of ER diagrams are pinned, kept in version control beside the
// model. `<model>.erd-layout.yaml` next to a model file, directory, SQL file or migrations directory
// (`shop.yaml` -> `shop.erd-layout.yaml`, `model/` -> `model.erd-layout.yaml`): beside a directory
// rather than in it, since every YAML file inside a model directory is read as model.
//
//   schemataLayout: 1
//   diagrams:
//     overview:
//       public.customers: { x: 24, y: 144 }
//
// Positions are per diagram (the overview and each area's diagram are laid out apart), in SVG pixels,
// the top-left corner of the box.
import { basename, dirname, extname, join } from 'node:path';
import { isMap, parseDocument, stringify } from 'yaml';
import { z } from 'zod';
import type { Diagnostic } from '../../../model/diagnostics.ts';
import type { DiagramLayout, LayoutPins } from './layout.ts';

export const LayoutFileSchema = z.strictObject({
  schemataLayout: z.literal(1).meta({ description: 'Version of the layout file format.' }),
  diagrams: z
    .record(
      z.string(),
      z.record(z.string(), z.strictObject({ x: z.number().finite(), y: z.number().finite() })).nullable(),
    )
    .nullable()
    .optional()
    .meta({
      description: 'Per diagram (`overview` or an area), entity id (`schema.name`) -> top-left corner.',
    }),
});

export type LayoutFile = z.infer<typeof LayoutFileSchema>;

const SUFFIX = '.erd-layout.yaml';

/** The layout file kept for a source, or undefined when the source is no path (a database URL). */
export function layoutFilePath(source: string): string | undefined {
  if (/^postgres(ql)?:\/\//i.test(source)) return undefined;
  const path = source.replace(/[/\\]+$/, '');
  const extension = extname(path).toLowerCase();
  const stem = ['.yaml', '.yml', '.json', '.sql'].includes(extension)
    ? basename(path).slice(0, -extension.length)
    : basename(path);
  return join(dirname(path), `${stem}${SUFFIX}`);
}

export interface ReadLayoutFile {
  layout: LayoutFile;
  diagnostics: Diagnostic[];
}

/** Reads a layout file's text; a file that cannot be used gives diagnostics and no pins. */
export function parseLayoutFile(text: string, file: string): ReadLayoutFile {
  const document = parseDocument(text);
  const empty: LayoutFile = { schemataLayout: 1 };
  if (document.errors.length > 0) {
    const error = document.errors[0]!;
    return {
      layout: empty,
      diagnostics: [
        {
          code: 'layout-file',
          severity: 'error',
          message: error.message.split('\n')[0]!,
          location: { file, line: error.linePos?.[0].line ?? 1, column: error.linePos?.[0].col ?? 1 },
        },
      ],
    };
  }
  const parsed = LayoutFileSchema.safeParse(document.toJS());
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return {
      layout: empty,
      diagnostics: [
        {
          code: 'layout-file',
          severity: 'error',
          message: `${issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''}${issue.message}`,
          location: { file, line: 1, column: 1 },
          hint: 'the layout file holds `schemataLayout: 1` and `diagrams: {DIAGRAM: {schema.name: {x: N, y: N}}}`',
        },
      ],
    };
  }
  return { layout: parsed.data, diagnostics: [] };
}

/** The pins of one diagram. */
export function pinsFor(layout: LayoutFile, diagram: string): LayoutPins {
  const diagrams = layout.diagrams ?? {};
  return (Object.hasOwn(diagrams, diagram) ? diagrams[diagram] : undefined) ?? {};
}

/**
 * The layout file with every box of the given diagrams pinned where it is now; other diagrams keep
 * their pins. Keys sorted, so the file diffs well.
 */
export function renderLayoutFile(
  layout: LayoutFile | undefined,
  laidOut: Record<string, DiagramLayout>,
): string {
  const diagrams: Record<string, Record<string, { x: number; y: number }>> = {};
  for (const [name, pins] of Object.entries(layout?.diagrams ?? {})) diagrams[name] = { ...(pins ?? {}) };
  for (const [name, diagram] of Object.entries(laidOut))
    diagrams[name] = Object.fromEntries(diagram.boxes.map((box) => [box.entity.id, { x: box.x, y: box.y }]));
  const sorted = Object.fromEntries(
    Object.keys(diagrams)
      .sort()
      .map((name) => [
        name,
        Object.fromEntries(
          Object.keys(diagrams[name]!)
            .sort()
            .map((id) => [id, diagrams[name]![id]!]),
        ),
      ]),
  );
  const document = parseDocument(stringify({ schemataLayout: 1, diagrams: sorted }));
  // Each position on one line: `public.orders: { x: 24, y: 144 }`.
  const top = document.get('diagrams');
  if (isMap(top))
    for (const item of top.items)
      if (isMap(item.value))
        for (const entry of item.value.items) if (isMap(entry.value)) entry.value.flow = true;
  return (
    '# Positions of ER diagram boxes (top-left corner, SVG pixels), per diagram. A listed box stays where it\n' +
    '# is; remove an entry to let the layout engine place that box again. See docs/erd-layout.md.\n' +
    document.toString({ lineWidth: 0 })
  );
}
