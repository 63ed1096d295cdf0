// The size of an entity's box, from its text alone. No font is measured: the SVG draws text in a
// monospace font, and a monospace glyph is about 0.6 em wide, so the width of a line is its
// character count times 0.6 times the font size (East Asian wide characters count twice). The
// estimate is the same on every machine, which keeps the layout, and so the SVG, byte-identical.
import type { DiagramColumn, DiagramEntity } from '../diagram.ts';

export const FONT_SIZE = 12;
export const HEADER_FONT_SIZE = 13;
export const ROW_HEIGHT = 20;
export const HEADER_HEIGHT = 28;
export const PADDING_X = 8;
/** Space between the marker, name and type columns of a row. */
export const COLUMN_GAP = 10;
const CHAR_WIDTH = 0.6;
const MIN_WIDTH = 120;

/** How much of each box is drawn: every row, or the header alone (zoomed-out overviews). */
export type BoxDetail = 'columns' | 'header';

/** The estimated width of text in the monospace font at a font size, in pixels. */
export function textWidth(text: string, fontSize: number): number {
  let units = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code >= 0x300 && code < 0x370) continue; // combining marks take no space
    units += isWide(code) ? 2 : 1;
  }
  return units * CHAR_WIDTH * fontSize;
}

function isWide(code: number): boolean {
  return (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1faff) ||
    (code >= 0x20000 && code <= 0x3fffd)
  );
}

/** The markers before a column's name: PK, FK, UQ, and NN for a not-null column that is no key. */
export function columnMarkers(column: DiagramColumn): string {
  const markers: string[] = [];
  if (column.primaryKey) markers.push('PK');
  if (column.foreignKey) markers.push('FK');
  if (column.unique && !column.primaryKey) markers.push('UQ');
  if (column.notNull && !column.primaryKey) markers.push('NN');
  return markers.join(' ');
}

/** The word at the right of a header saying what the box is, when it is not a plain table. */
export function entityBadge(entity: DiagramEntity): string | undefined {
  if (entity.stub) return 'stub';
  switch (entity.kind) {
    case 'table':
      return entity.junction ? 'junction' : undefined;
    case 'view':
      return 'view';
    case 'materialized-view':
      return 'mat. view';
    case 'enum':
      return 'enum';
  }
}

/** One line of a box below its header. */
export type BoxRow =
  | { kind: 'column'; column: DiagramColumn; markers: string }
  | { kind: 'value'; text: string }
  | { kind: 'partition'; text: string };

export interface BoxShape {
  width: number;
  height: number;
  rows: BoxRow[];
  /** x of the name and type columns inside the box. */
  nameX: number;
  typeX: number;
}

export function entityTitle(entity: DiagramEntity): string {
  return `${entity.schema}.${entity.name}`;
}

/** The rows a box shows: columns (or enum values), then the partitions collapsed under it. */
export function boxRows(entity: DiagramEntity, detail: BoxDetail): BoxRow[] {
  if (entity.stub || detail === 'header') return [];
  const rows: BoxRow[] =
    entity.kind === 'enum'
      ? (entity.values ?? []).map((text) => ({ kind: 'value', text }))
      : entity.columns.map((column) => ({ kind: 'column', column, markers: columnMarkers(column) }));
  for (const partition of entity.partitions ?? []) rows.push({ kind: 'partition', text: partition });
  return rows;
}

/** The partition rows read `partition NAME`. */
export const partitionText = (name: string): string => `partition ${name}`;

export function measureBox(entity: DiagramEntity, detail: BoxDetail): BoxShape {
  const rows = boxRows(entity, detail);
  const badge = entityBadge(entity);
  const header =
    textWidth(entityTitle(entity), HEADER_FONT_SIZE) + (badge ? COLUMN_GAP + textWidth(badge, FONT_SIZE) : 0);
  let markerWidth = 0;
  let nameWidth = 0;
  let typeWidth = 0;
  let lineWidth = 0;
  for (const row of rows) {
    if (row.kind === 'column') {
      markerWidth = Math.max(markerWidth, textWidth(row.markers, FONT_SIZE));
      nameWidth = Math.max(nameWidth, textWidth(row.column.name, FONT_SIZE));
      typeWidth = Math.max(typeWidth, textWidth(row.column.type, FONT_SIZE));
    } else {
      const text = row.kind === 'partition' ? partitionText(row.text) : row.text;
      lineWidth = Math.max(lineWidth, textWidth(text, FONT_SIZE));
    }
  }
  const nameX = PADDING_X + (markerWidth > 0 ? markerWidth + COLUMN_GAP : 0);
  const typeX = nameX + nameWidth + COLUMN_GAP;
  const columnsWidth = nameWidth > 0 ? typeX + typeWidth + PADDING_X : 0;
  const width = Math.ceil(
    Math.max(MIN_WIDTH, header + 2 * PADDING_X, columnsWidth, lineWidth + 2 * PADDING_X),
  );
  return { width, height: HEADER_HEIGHT + rows.length * ROW_HEIGHT, rows, nameX, typeX };
}
