// The ER diagrams the documentation shows: the overview and one per subject area, built by the ERD
// writers (src/writers/erd/) from the same Diagram as `schemata erd`, so the docs and the diagrams
// agree. The docs draw the model with its patterns expanded, as their pages describe it.
import type { Model } from '../../model/model-schema.ts';
import { buildDiagrams } from '../erd/build-diagram.ts';
import type { Diagram } from '../erd/diagram.ts';
import { renderMermaidDocument } from '../erd/mermaid.ts';

export interface DocsDiagram {
  /** `overview`, or the area's name. */
  title: string;
  area?: string;
  diagram: Diagram;
  /** SVG markup; each entity a `<g data-entity="schema.name">`. Absent while no SVG writer is built in. */
  svg?: string;
  notes: string[];
}

/** er-diagram.md: the overview and each area as Mermaid, split under Mermaid's limits where needed. */
export function renderErDiagramMarkdown(model: Model, title: string): string {
  return renderMermaidDocument(`ER diagrams: ${title}`, buildDiagrams(model));
}

/** The overview and the area diagrams, each drawn as SVG for the site. */
export async function drawAreaDiagrams(model: Model): Promise<DocsDiagram[]> {
  const { overview, areas } = buildDiagrams(model);
  const drawn: DocsDiagram[] = [];
  for (const diagram of [overview, ...areas]) {
    const svg = await drawDiagramSvg(diagram);
    drawn.push({
      title: diagram.title,
      ...(diagram.area !== undefined && { area: diagram.area }),
      diagram,
      ...(svg !== undefined && { svg }),
      notes: diagram.notes,
    });
  }
  return drawn;
}

/**
 * The SVG of one diagram, laid out by the ERD's SVG writer (src/writers/erd/svg/render-svg.ts). That
 * writer is not in this tree yet: until it is, the site has no drawn diagrams (the pages, search and
 * everything else are there) and this returns undefined.
 */
async function drawDiagramSvg(diagram: Diagram): Promise<string | undefined> {
  void diagram;
  return Promise.resolve(undefined);
}
