// The ER diagrams the documentation shows: the overview and one per subject area, built by the ERD
// writers (src/writers/erd/) from the same Diagram as `schemata erd`, so the docs and the diagrams
// agree. The docs draw the model with its patterns expanded, as their pages describe it.
import type { Model } from '../../model/model-schema.ts';
import { buildDiagrams } from '../erd/build-diagram.ts';
import type { Diagram } from '../erd/diagram.ts';
import { renderMermaidDocument } from '../erd/mermaid.ts';
import { pinsFor, type LayoutFile } from '../erd/svg/layout-file.ts';
import { renderSvg } from '../erd/svg/render-svg.ts';

/** Above this many boxes, the overview draws tables as their header only (each area shows columns). */
export const OVERVIEW_HEADER_ONLY_ENTITIES = 150;

export interface DocsDiagram {
  /** `overview`, or the area's name. */
  title: string;
  area?: string;
  diagram: Diagram;
  /** SVG markup for an HTML page; each entity a `<g data-entity="schema.name">`. */
  svg?: string;
  notes: string[];
}

/** er-diagram.md: the overview and each area as Mermaid, split under Mermaid's limits where needed. */
export function renderErDiagramMarkdown(model: Model, title: string): string {
  return renderMermaidDocument(`ER diagrams: ${title}`, buildDiagrams(model));
}

/**
 * The overview and the area diagrams, each laid out and drawn as SVG for the site, with the boxes
 * pinned in the model's layout file (`schemata erd --write-layout`) where it has them.
 */
export async function drawAreaDiagrams(model: Model, layout?: LayoutFile): Promise<DocsDiagram[]> {
  const { overview, areas } = buildDiagrams(model);
  const drawn: DocsDiagram[] = [];
  for (const diagram of [overview, ...areas]) {
    const headerOnly = diagram.area === undefined && diagram.entities.length > OVERVIEW_HEADER_ONLY_ENTITIES;
    const svg = await renderSvg(diagram, {
      inline: true,
      ...(layout && { pins: pinsFor(layout, diagram.title) }),
      ...(headerOnly && { detail: 'header' as const }),
    });
    drawn.push({
      title: diagram.title,
      ...(diagram.area !== undefined && { area: diagram.area }),
      diagram,
      svg,
      notes: [
        ...diagram.notes,
        ...(headerOnly
          ? [
              `${diagram.entities.length} tables: the overview shows their names only; each subject area's diagram shows their columns.`,
            ]
          : []),
      ],
    });
  }
  return drawn;
}
