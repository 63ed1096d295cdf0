// An ER diagram as a standalone SVG: boxes placed and edges routed by layout.ts, drawn with
// crow's-foot ends. Each entity is a <g> carrying its id (`data-entity`) and box geometry
// (`data-x/y/w/h`, also its transform and rect), so the documentation site can make it clickable and
// tests can read where it is. Every text and attribute value is XML-escaped.
import type { Cardinality, Diagram, DiagramRelationship } from '../diagram.ts';
import {
  FONT_SIZE,
  HEADER_FONT_SIZE,
  HEADER_HEIGHT,
  PADDING_X,
  ROW_HEIGHT,
  entityBadge,
  entityTitle,
  partitionText,
  type BoxDetail,
  type BoxRow,
} from './box-metrics.ts';
import {
  AREA_LABEL_SPACE,
  layoutDiagram,
  type DiagramLayout,
  type LayoutPins,
  type PlacedBox,
  type Point,
  type RoutedEdge,
} from './layout.ts';

export interface SvgOptions {
  pins?: LayoutPins;
  /** The SVG's <title>; the diagram's title by default. */
  title?: string;
  /** `header` draws boxes without their rows (an overview seen from far); default `columns`. */
  detail?: BoxDetail;
  /** For a page that puts the SVG inline in HTML: no XML declaration. */
  inline?: boolean;
}

export async function renderSvg(diagram: Diagram, options: SvgOptions = {}): Promise<string> {
  const layout = await layoutDiagram(diagram, {
    ...(options.pins && { pins: options.pins }),
    ...(options.detail && { detail: options.detail }),
  });
  return drawSvg(diagram, layout, options.title ?? diagram.title, options.inline === true);
}

/** Characters XML 1.0 cannot carry become U+FFFD; the five special ones and line breaks become references. */
export function escapeXml(text: string): string {
  return (
    text
      .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD')
      .replace(
        /[&<>"']/g,
        (char) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[char]};`,
      )
      // As references, line breaks and tabs survive in attribute values (a parser turns them to spaces).
      .replace(/[\t\n\r]/g, (char) => `&#${char.charCodeAt(0)};`)
  );
}

/** A name as an XML id: letters, digits and `-` kept, every other character as `_hex_` (so distinct names stay distinct). */
export function svgId(prefix: string, name: string): string {
  let id = prefix;
  for (const char of name)
    id += /[A-Za-z0-9-]/.test(char) ? char : `_${(char.codePointAt(0) ?? 0).toString(16)}_`;
  return id;
}

const STYLE = `
.schemata-erd { font-family: 'DejaVu Sans Mono', Menlo, Consolas, 'Liberation Mono', monospace; font-size: ${FONT_SIZE}px; }
.entity .box { fill: #ffffff; stroke: #4a5568; stroke-width: 1.2; }
.entity .header { fill: #2b6cb0; }
.entity .title { fill: #ffffff; font-weight: bold; font-size: ${HEADER_FONT_SIZE}px; }
.entity .badge { fill: #e2e8f0; font-style: italic; }
.entity.view .header, .entity.materialized-view .header { fill: #2f855a; }
.entity.enum .header { fill: #805ad5; }
.entity.junction .header { fill: #4a5568; }
.entity.junction .box { stroke-dasharray: 6 3; }
.entity.stub .box { fill: #edf2f7; stroke: #a0aec0; stroke-dasharray: 4 3; }
.entity.stub .header { fill: #cbd5e0; }
.entity.stub .title, .entity.stub .badge { fill: #4a5568; }
.entity .markers { fill: #b7791f; font-weight: bold; }
.entity .name { fill: #1a202c; }
.entity .type { fill: #718096; }
.entity .value { fill: #1a202c; }
.entity .partition { fill: #718096; font-style: italic; }
.entity .stripe { fill: #f7fafc; }
.edge { fill: none; stroke: #4a5568; stroke-width: 1.2; }
.edge.view-dependency { stroke: #2f855a; stroke-dasharray: 6 4; }
.edge.enum-use { stroke: #805ad5; stroke-dasharray: 1.5 3; }
.edge.connector { stroke-opacity: 0.8; }
.area .frame { fill: #f7fafc; stroke: #cbd5e0; stroke-width: 1; }
.area .label { fill: #4a5568; font-weight: bold; font-size: 16px; }
.area-link { fill: none; stroke: #a0aec0; stroke-width: 3; }
.crow { fill: #ffffff; stroke: #4a5568; stroke-width: 1.2; }
`;

/** Crow's-foot ends, drawn as at the end of a path arriving at a box from the left (x grows towards the box). */
const MARKERS: Record<Cardinality, string> = {
  'exactly-one': '<path d="M10 2V14M15 2V14"/>',
  'zero-or-one': '<path d="M15 2V14"/><circle cx="7" cy="8" r="3.5"/>',
  'one-or-many': '<path d="M8 2V14M10 8L20 2M10 8L20 14M10 8H20"/>',
  'zero-or-many': '<path d="M10 8L20 2M10 8L20 14M10 8H20"/><circle cx="5.5" cy="8" r="3.5"/>',
};

const CARDINALITIES: Cardinality[] = ['exactly-one', 'zero-or-one', 'one-or-many', 'zero-or-many'];

const num = (value: number): string => String(Math.round(value * 10) / 10);

const pathData = (points: Point[]): string =>
  points.map((p, i) => `${i === 0 ? 'M' : 'L'}${num(p.x)} ${num(p.y)}`).join(' ');

export function drawSvg(diagram: Diagram, layout: DiagramLayout, title: string, inline = false): string {
  const lines: string[] = [
    ...(inline ? [] : ['<?xml version="1.0" encoding="UTF-8"?>']),
    `<svg xmlns="http://www.w3.org/2000/svg" class="schemata-erd" width="${layout.width}" height="${layout.height}" viewBox="0 0 ${layout.width} ${layout.height}" data-diagram="${escapeXml(diagram.title)}">`,
    `<title>${escapeXml(title)}</title>`,
  ];
  for (const note of diagram.notes) lines.push(`<desc>${escapeXml(note)}</desc>`);
  lines.push(`<style>${STYLE}</style>`, '<defs>');
  for (const cardinality of CARDINALITIES)
    lines.push(
      `<marker id="cf-${cardinality}" class="crow" viewBox="0 0 20 16" refX="20" refY="8" markerWidth="20" markerHeight="16" markerUnits="userSpaceOnUse" orient="auto-start-reverse">${MARKERS[cardinality]}</marker>`,
    );
  lines.push('</defs>');
  lines.push(`<rect class="background" width="${layout.width}" height="${layout.height}" fill="#ffffff"/>`);
  if (layout.areas.length > 0) {
    lines.push('<g class="areas">');
    for (const area of layout.areas)
      lines.push(
        `<g class="area" data-area="${escapeXml(area.area)}"><rect class="frame" x="${num(area.x)}" y="${num(area.y)}" width="${num(area.width)}" height="${num(area.height)}" rx="6"/><text class="label" x="${num(area.x + PADDING_X * 2)}" y="${num(area.y + AREA_LABEL_SPACE * 0.75)}">${escapeXml(area.area || '(no area)')}</text></g>`,
      );
    for (const link of layout.areaLinks) {
      if (link.points.length === 0) continue;
      const names = link.relationships.map(describeRelationship).join('\n');
      lines.push(
        `<path class="area-link" data-from-area="${escapeXml(link.fromArea)}" data-to-area="${escapeXml(link.toArea)}" data-relationships="${link.relationships.length}" d="${pathData(link.points)}"><title>${escapeXml(names)}</title></path>`,
      );
    }
    lines.push('</g>');
  }
  lines.push('<g class="entities">');
  for (const box of layout.boxes) lines.push(drawBox(box));
  lines.push('</g>', '<g class="edges">');
  for (const edge of layout.edges) lines.push(drawEdge(edge));
  lines.push('</g>', '</svg>', '');
  return lines.join('\n');
}

function describeRelationship(relationship: DiagramRelationship): string {
  const columns = (names: string[]) => (names.length > 0 ? `(${names.join(', ')})` : '');
  const ends = `${relationship.from}${columns(relationship.fromColumns)} -> ${relationship.to}${columns(relationship.toColumns)}`;
  return relationship.name ? `${relationship.name}: ${ends}` : ends;
}

function drawEdge(edge: RoutedEdge): string {
  const relationship = edge.relationship;
  const markers =
    relationship.kind === 'foreign-key'
      ? [
          relationship.fromCardinality && ` marker-start="url(#cf-${relationship.fromCardinality})"`,
          relationship.toCardinality && ` marker-end="url(#cf-${relationship.toCardinality})"`,
        ].join('')
      : '';
  return (
    `<path class="edge ${relationship.kind}${edge.routing === 'connector' ? ' connector' : ''}" data-relationship="${escapeXml(relationship.id)}"` +
    ` data-from="${escapeXml(relationship.from)}" data-to="${escapeXml(relationship.to)}" data-routing="${edge.routing}"` +
    ` d="${pathData(edge.points)}"${markers}><title>${escapeXml(describeRelationship(relationship))}</title></path>`
  );
}

function drawBox(box: PlacedBox): string {
  const entity = box.entity;
  const classes = [
    'entity',
    entity.kind,
    ...(entity.stub ? ['stub'] : []),
    ...(entity.junction ? ['junction'] : []),
  ];
  const badge = entityBadge(entity);
  const parts = [
    `<g class="${classes.join(' ')}" id="${svgId('entity-', entity.id)}" data-entity="${escapeXml(entity.id)}" data-x="${num(box.x)}" data-y="${num(box.y)}" data-w="${num(box.width)}" data-h="${num(box.height)}" transform="translate(${num(box.x)},${num(box.y)})"${box.pinned ? ' data-pinned="true"' : ''}>`,
  ];
  if (entity.description) parts.push(`<title>${escapeXml(entity.description)}</title>`);
  parts.push(
    `<rect class="box" width="${num(box.width)}" height="${num(box.height)}" rx="3"/>`,
    `<rect class="header" width="${num(box.width)}" height="${HEADER_HEIGHT}" rx="3"/>`,
    `<text class="title" x="${PADDING_X}" y="${HEADER_HEIGHT / 2 + HEADER_FONT_SIZE * 0.35}">${escapeXml(entityTitle(entity))}</text>`,
  );
  if (badge)
    parts.push(
      `<text class="badge" x="${num(box.width - PADDING_X)}" y="${HEADER_HEIGHT / 2 + FONT_SIZE * 0.35}" text-anchor="end">${badge}</text>`,
    );
  if (box.shape.rows.length > 0) {
    parts.push('<g class="rows">');
    box.shape.rows.forEach((row, index) => parts.push(drawRow(row, index, box)));
    parts.push('</g>');
  }
  parts.push('</g>');
  return parts.join('');
}

function drawRow(row: BoxRow, index: number, box: PlacedBox): string {
  const top = HEADER_HEIGHT + index * ROW_HEIGHT;
  const baseline = num(top + ROW_HEIGHT / 2 + FONT_SIZE * 0.35);
  const stripe =
    index % 2 === 1
      ? `<rect class="stripe" x="1" y="${top}" width="${num(box.width - 2)}" height="${ROW_HEIGHT}"/>`
      : '';
  switch (row.kind) {
    case 'column': {
      const column = row.column;
      const markers = row.markers ? `<tspan class="markers" x="${PADDING_X}">${row.markers}</tspan>` : '';
      const title = column.description ? `<title>${escapeXml(column.description)}</title>` : '';
      return (
        `${stripe}<text class="column" data-column="${escapeXml(column.name)}" y="${baseline}">${title}${markers}` +
        `<tspan class="name" x="${num(box.shape.nameX)}">${escapeXml(column.name)}</tspan>` +
        `<tspan class="type" x="${num(box.shape.typeX)}">${escapeXml(column.type)}</tspan></text>`
      );
    }
    case 'value':
      return `${stripe}<text class="value" x="${PADDING_X}" y="${baseline}">${escapeXml(row.text)}</text>`;
    case 'partition':
      return `${stripe}<text class="partition" x="${PADDING_X}" y="${baseline}">${escapeXml(partitionText(row.text))}</text>`;
  }
}
