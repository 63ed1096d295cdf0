// The ER diagrams the documentation shows: the overview and one per subject area, drawn by the ERD
// writers (src/writers/erd/) from the same Diagram, so the docs and `schemata erd` agree.
import type { Model } from '../../model/model-schema.ts';

export interface DocsDiagram {
  /** `overview`, or the area's name. */
  title: string;
  area?: string;
  /** Mermaid source (for er-diagram.md). */
  mermaid?: string;
  /** SVG markup (for the HTML site); each entity a `<g data-entity="schema.name">`. */
  svg?: string;
  notes: string[];
}

export interface DiagramNeeds {
  mermaid: boolean;
  svg: boolean;
}

/** The diagrams of a model (patterns expanded), with the drawings asked for. */
export async function drawAreaDiagrams(model: Model, needs: DiagramNeeds): Promise<DocsDiagram[]> {
  void model;
  void needs;
  // The diagram builder and its Mermaid and SVG writers are not part of this tree yet.
  return Promise.resolve([]);
}
