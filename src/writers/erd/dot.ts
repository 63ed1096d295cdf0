// Graphviz DOT: each table an HTML-like label (a row per column with its type and key markers), each
// foreign key an edge between the columns with crow's-foot arrowheads at both ends. Graphviz lays
// it out (`dot -Tsvg`); nothing here places anything.
import type { Cardinality, Diagram, DiagramEntity, DiagramRelationship } from './diagram.ts';

/** Arrow shapes, the first nearest the node: a crow for many, a bar for one, a circle for optional. */
const ARROW: Record<Cardinality, string> = {
  'exactly-one': 'teetee',
  'zero-or-one': 'teeodot',
  'one-or-many': 'crowtee',
  'zero-or-many': 'crowodot',
};

/**
 * A DOT quoted string. Graphviz turns `\\"` into `"` and keeps every other backslash, so a backslash
 * before a quote (or at the end) cannot be written: it becomes `/`. For ids and tooltips only; the
 * names people read are in HTML-like labels, which keep every character.
 */
export function dotString(text: string): string {
  return `"${text
    .replace(/\\/g, '/')
    .replace(/"/g, '\\"')
    .replace(/\r?\n|\r/g, ' ')}"`;
}

/** Text inside an HTML-like label. */
export function htmlText(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, ' ')
    .replace(/\r?\n|\r/g, '<BR/>');
}

const HEADER_COLOR: Record<DiagramEntity['kind'], string> = {
  table: '#dbe8f5',
  view: '#e3f2dc',
  'materialized-view': '#d3ebc7',
  enum: '#f7ecd0',
};

function title(entity: DiagramEntity): string {
  const name = entity.schema === 'public' ? entity.name : `${entity.schema}.${entity.name}`;
  const kind =
    entity.kind === 'table' ? (entity.junction ? 'junction' : undefined) : entity.kind.replace('-', ' ');
  return kind === undefined ? name : `${name} (${kind})`;
}

function label(entity: DiagramEntity): string {
  const color = entity.stub ? '#eeeeee' : HEADER_COLOR[entity.kind];
  const rows = [`<TR><TD COLSPAN="3" BGCOLOR="${color}"><B>${htmlText(title(entity))}</B></TD></TR>`];
  if (entity.stub && entity.area !== undefined)
    rows.push(`<TR><TD COLSPAN="3"><I>${htmlText(`area ${entity.area}`)}</I></TD></TR>`);
  for (const [index, column] of (entity.stub ? [] : entity.columns).entries()) {
    const markers = [
      column.primaryKey ? 'PK' : undefined,
      column.foreignKey ? 'FK' : undefined,
      column.unique ? 'UK' : undefined,
      column.notNull && !column.primaryKey ? 'NN' : undefined,
    ].filter((marker) => marker !== undefined);
    const name = column.primaryKey ? `<U>${htmlText(column.name)}</U>` : htmlText(column.name);
    rows.push(
      `<TR><TD ALIGN="LEFT" PORT="c${index}">${name}</TD><TD ALIGN="LEFT">${htmlText(column.type)}</TD><TD ALIGN="LEFT">${markers.join(' ')}</TD></TR>`,
    );
  }
  for (const value of entity.values ?? [])
    rows.push(`<TR><TD COLSPAN="3" ALIGN="LEFT">${htmlText(value)}</TD></TR>`);
  if (entity.partitions && entity.partitions.length > 0)
    rows.push(
      `<TR><TD COLSPAN="3" ALIGN="LEFT"><I>${htmlText(`partitions: ${entity.partitions.join(', ')}`)}</I></TD></TR>`,
    );
  return `<<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="4">${rows.join('')}</TABLE>>`;
}

/** The node, at the row of the first column when the node draws it (ports are `c` and the row's index). */
function endpoint(nodeId: string, columns: readonly string[], entity: DiagramEntity | undefined): string {
  const [column] = columns;
  const index =
    column === undefined || entity?.stub ? -1 : (entity?.columns.findIndex((c) => c.name === column) ?? -1);
  return index >= 0 ? `${nodeId}:c${index}` : nodeId;
}

/** Node ids: the entity id, made unique again where a backslash became `/`. */
function nodeIds(diagram: Diagram): Map<string, string> {
  const ids = new Map<string, string>();
  const used = new Set<string>();
  for (const entity of diagram.entities) {
    let id = dotString(entity.id);
    for (let n = 2; used.has(id); n++) id = dotString(`${entity.id} (${n})`);
    used.add(id);
    ids.set(entity.id, id);
  }
  return ids;
}

function edge(
  relationship: DiagramRelationship,
  entities: ReadonlyMap<string, DiagramEntity>,
  ids: ReadonlyMap<string, string>,
): string {
  const from = endpoint(
    ids.get(relationship.from) ?? dotString(relationship.from),
    relationship.fromColumns,
    entities.get(relationship.from),
  );
  const to = endpoint(
    ids.get(relationship.to) ?? dotString(relationship.to),
    relationship.toColumns,
    entities.get(relationship.to),
  );
  switch (relationship.kind) {
    case 'foreign-key': {
      const tail = ARROW[relationship.fromCardinality ?? 'zero-or-many'];
      const head = ARROW[relationship.toCardinality ?? 'exactly-one'];
      const name = relationship.name ?? relationship.id;
      return `  ${from} -> ${to} [dir=both, arrowtail=${tail}, arrowhead=${head}, tooltip=${dotString(name)}];`;
    }
    case 'enum-use':
      return `  ${from} -> ${to} [style=dotted, arrowhead=none, tooltip=${dotString(relationship.fromColumns.join(', '))}];`;
    case 'view-dependency':
      return `  ${from} -> ${to} [style=dashed, arrowhead=empty, tooltip="reads"];`;
  }
}

/** One diagram as a Graphviz digraph. */
export function renderDot(diagram: Diagram): string {
  const entities = new Map(diagram.entities.map((entity) => [entity.id, entity]));
  const ids = nodeIds(diagram);
  const lines = [`digraph ${dotString(diagram.title)} {`];
  for (const note of diagram.notes) lines.push(`  // ${note.replace(/[\r\n]+/g, ' ')}`);
  lines.push(
    '  graph [rankdir=LR, fontname="Helvetica", nodesep=0.4, ranksep=0.8];',
    '  node [shape=plaintext, fontname="Helvetica", fontsize=10];',
    '  edge [fontname="Helvetica", fontsize=9, color="#555555"];',
  );
  for (const entity of diagram.entities) {
    const style = entity.stub ? ', style=dashed' : '';
    lines.push(`  ${ids.get(entity.id) as string} [label=${label(entity)}${style}];`);
  }
  for (const relationship of diagram.relationships) lines.push(edge(relationship, entities, ids));
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
