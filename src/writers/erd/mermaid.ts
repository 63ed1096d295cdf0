// Mermaid erDiagram text, in the part of Mermaid's grammar that GitHub's renderer has long accepted:
// entity names quoted, attribute words of letters, digits, `_`, `-` and `[]` only (a name or type
// that needs more is spelled safely and its real text put in the attribute's comment), and diagrams
// kept under Mermaid's default limits by splitting them.
import { parseTypeName, TypeSyntaxError, type TypeReference } from '../../dialects/postgres/types.ts';
import { selectDiagram } from './build-diagram.ts';
import type { Cardinality, Diagram, DiagramEntity, DiagramRelationship } from './diagram.ts';

/** Mermaid's defaults: a larger diagram is not drawn ("Maximum text size in diagram exceeded"). */
export const MERMAID_MAX_TEXT_SIZE = 50_000;
export const MERMAID_MAX_EDGES = 500;

/** Cardinality markers on the left of the line (read towards the left entity) and on the right. */
const LEFT: Record<Cardinality, string> = {
  'exactly-one': '||',
  'zero-or-one': '|o',
  'one-or-many': '}|',
  'zero-or-many': '}o',
};
const RIGHT: Record<Cardinality, string> = {
  'exactly-one': '||',
  'zero-or-one': 'o|',
  'one-or-many': '|{',
  'zero-or-many': 'o{',
};

/**
 * An attribute word every Mermaid version takes: older ones allow letters, digits, `_`, `-`, `[]` and
 * `()` only. PK, FK and UK (in any case, and before a non-word character) are key markers, and a `~`
 * starts a generic type, so neither may appear.
 */
const SAFE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const KEY_PREFIX = /^(pk|fk|uk)(?![A-Za-z0-9_])/i;

/** Short names PostgreSQL also takes, for types whose canonical spelling has spaces. */
const SHORT_TYPES: [RegExp, string][] = [
  [/^character varying\b/, 'varchar'],
  [/^character\b/, 'char'],
  [/^timestamp(\(\d+\))? with time zone/, 'timestamptz$1'],
  [/^timestamp(\(\d+\))? without time zone/, 'timestamp$1'],
  [/^time(\(\d+\))? with time zone/, 'timetz$1'],
  [/^time(\(\d+\))? without time zone/, 'time$1'],
  [/^double precision/, 'float8'],
  [/^bit varying\b/, 'varbit'],
];

/** Text inside a quoted entity name, label or comment: no `"`, `%` (comments), backslash, `~` or line break. */
function quotedText(text: string): string {
  return text
    .replace(/"/g, "'")
    .replace(/%/g, '％')
    .replace(/\\/g, '/')
    .replace(/~/g, '-')
    .replace(/[\u0000-\u001f\u007f]+/g, ' ');
}

/**
 * Text Mermaid draws (an entity name, a relationship label, an attribute comment): quoted text, with
 * what Mermaid would read as markup written as its entity codes. Mermaid takes `#code;` anywhere as
 * a character (so a `#` is `#35;`), draws labels as HTML (so `<`, `>` and `&` are codes) and as
 * Markdown (so `*`, a backquote, and a `_` that is not between two letters or digits are codes:
 * `_a_` would be drawn as an italic a, while `task_tags` stays as it is).
 */
function drawnText(text: string): string {
  return quotedText(text)
    .replace(/#/g, '#35;')
    .replace(/&/g, '#amp;')
    .replace(/</g, '#lt;')
    .replace(/>/g, '#gt;')
    .replace(/\*/g, '#42;')
    .replace(/`/g, '#96;')
    .replace(/(?<![\p{L}\p{N}])_+|_+(?![\p{L}\p{N}])/gu, (run) => '#95;'.repeat(run.length));
}

/**
 * Mermaid draws attribute words as Markdown too, and a word can hold no entity code: one that starts
 * and ends with `_` (`_id_`, `__init__`) would be drawn in italics or bold, so it loses the `_` at
 * its end.
 */
function unemphasized(word: string): string {
  return /^_.*[^_]_+$/.test(word) ? word.replace(/_+$/, '') : word;
}

/** An attribute word for a type: `character varying(40)` -> `varchar(40)`, `numeric(10,2)` -> `numeric(10-2)`. */
export function mermaidType(type: string): string {
  let text = type.trim();
  // A user-defined type by its name alone: the schema and quotes would only be spelled away.
  const reference = typeReference(text);
  if (reference && !reference.builtin)
    text = `${reference.name}${reference.modifiers !== '' ? `(${reference.modifiers})` : ''}${'[]'.repeat(reference.arrayDimensions)}`;
  for (const [pattern, short] of SHORT_TYPES) text = text.replace(pattern, short);
  let word = text
    .replace(/\s*,\s*/g, '-')
    .replace(/\s*([()[\]])\s*/g, '$1')
    .replace(/\s+/g, '_')
    .replace(/[^A-Za-z0-9_()[\]-]/g, '_');
  if (!/^[A-Za-z_]/.test(word) || KEY_PREFIX.test(word)) word = `_${word}`;
  return unemphasized(word);
}

function typeReference(type: string): TypeReference | undefined {
  try {
    return parseTypeName(type);
  } catch (error) {
    if (error instanceof TypeSyntaxError) return undefined;
    throw error;
  }
}

/** An attribute word for a column name, and whether it differs from the name (then the comment says it). */
function attributeName(name: string): { word: string; changed: boolean } {
  if (SAFE_NAME.test(name) && !KEY_PREFIX.test(name) && unemphasized(name) === name)
    return { word: name, changed: false };
  let word = name.replace(/[^A-Za-z0-9_]/g, '_');
  if (!/^[A-Za-z_]/.test(word) || KEY_PREFIX.test(word)) word = `_${word}`;
  return { word: unemphasized(word), changed: true };
}

/** The quoted entity names of a diagram: its name, schema-qualified outside public, with its kind; unique. */
function entityNames(diagram: Diagram): Map<string, string> {
  const names = new Map<string, string>();
  const used = new Set<string>();
  for (const entity of diagram.entities) {
    const qualified = entity.schema === 'public' ? entity.name : `${entity.schema}.${entity.name}`;
    const kind = kindNote(entity);
    const partitions =
      entity.partitions && !entity.stub ? `${entity.partitions.length} partitions` : undefined;
    const suffix = [kind, partitions].filter((part) => part !== undefined).join(', ');
    const base = drawnText(suffix === '' ? qualified : `${qualified} (${suffix})`);
    let name = base;
    for (let n = 2; used.has(name.toLowerCase()); n++) name = `${base} (${n})`;
    used.add(name.toLowerCase());
    names.set(entity.id, `"${name}"`);
  }
  return names;
}

function kindNote(entity: DiagramEntity): string | undefined {
  if (entity.kind === 'view') return 'view';
  if (entity.kind === 'materialized-view') return 'materialized view';
  if (entity.kind === 'enum') return 'enum';
  return undefined;
}

function renderEntity(entity: DiagramEntity, name: string): string[] {
  const notes = [
    entity.junction ? 'junction' : undefined,
    entity.stub ? `stub${entity.area !== undefined ? `, area ${entity.area}` : ''}` : undefined,
    entity.partitions ? `${entity.partitions.length} partitions: ${entity.partitions.join(', ')}` : undefined,
  ].filter((note) => note !== undefined);
  const lines = notes.length > 0 ? [`  %% ${name.slice(1, -1)}: ${quotedText(notes.join('; '))}`] : [];
  const attributes: string[] = [];
  if (entity.kind === 'enum') {
    for (const value of entity.values ?? []) {
      const { word, changed } = attributeName(value);
      attributes.push(`    value ${word}${changed ? ` "${drawnText(value)}"` : ''}`);
    }
  } else if (!entity.stub) {
    for (const column of entity.columns) {
      const { word, changed } = attributeName(column.name);
      const keys = [
        column.primaryKey ? 'PK' : undefined,
        column.foreignKey ? 'FK' : undefined,
        column.unique ? 'UK' : undefined,
      ].filter((key) => key !== undefined);
      const comment = [
        changed ? drawnText(column.name) : undefined,
        column.notNull && !column.primaryKey ? 'not null' : undefined,
      ]
        .filter((part) => part !== undefined)
        .join(', ');
      attributes.push(
        `    ${mermaidType(column.type)} ${word}${keys.length > 0 ? ` ${keys.join(',')}` : ''}${comment !== '' ? ` "${comment}"` : ''}`,
      );
    }
  }
  if (attributes.length === 0) lines.push(`  ${name}`);
  else lines.push(`  ${name} {`, ...attributes, '  }');
  return lines;
}

function renderRelationship(
  relationship: DiagramRelationship,
  names: ReadonlyMap<string, string>,
  entities: ReadonlyMap<string, DiagramEntity>,
): string | undefined {
  const from = names.get(relationship.from);
  const to = names.get(relationship.to);
  if (from === undefined || to === undefined) return undefined;
  switch (relationship.kind) {
    case 'foreign-key': {
      const child = entities.get(relationship.from);
      // Identifying when the key is part of the child's primary key (a solid line), else dashed.
      const identifying = relationship.fromColumns.every(
        (column) => child?.columns.find((c) => c.name === column)?.primaryKey === true,
      );
      const left = LEFT[relationship.toCardinality ?? 'exactly-one'];
      const right = RIGHT[relationship.fromCardinality ?? 'zero-or-many'];
      const label = drawnText(relationship.fromColumns.join(', '));
      return `  ${to} ${left}${identifying && child?.stub !== true ? '--' : '..'}${right} ${from} : "${label}"`;
    }
    case 'enum-use':
      return `  ${to} ||..o{ ${from} : "${drawnText(relationship.fromColumns.join(', '))}"`;
    case 'view-dependency':
      return `  ${to} ||..o{ ${from} : "read by"`;
  }
}

/** One diagram as Mermaid erDiagram text (without the Markdown fence). */
export function renderMermaid(diagram: Diagram): string {
  const names = entityNames(diagram);
  const entities = new Map(diagram.entities.map((entity) => [entity.id, entity]));
  const lines = ['erDiagram'];
  for (const note of diagram.notes) lines.push(`  %% ${quotedText(note)}`);
  for (const entity of diagram.entities) lines.push(...renderEntity(entity, names.get(entity.id) as string));
  for (const relationship of diagram.relationships) {
    const line = renderRelationship(relationship, names, entities);
    if (line !== undefined) lines.push(line);
  }
  return `${lines.join('\n')}\n`;
}

export function fitsMermaid(diagram: Diagram, text = renderMermaid(diagram)): boolean {
  return text.length <= MERMAID_MAX_TEXT_SIZE && diagram.relationships.length <= MERMAID_MAX_EDGES;
}

const LIMITS = `Mermaid's default limits (${MERMAID_MAX_TEXT_SIZE} characters, ${MERMAID_MAX_EDGES} relationships)`;

/**
 * A diagram as parts that each fit Mermaid's limits: itself when it fits, else runs of its entities
 * in id order (with the entities they reference as stubs), each part noting what it is part of.
 */
export function splitForMermaid(diagram: Diagram): Diagram[] {
  if (fitsMermaid(diagram)) return [diagram];
  const members = diagram.entities.filter((entity) => !entity.stub);
  const budget = MERMAID_MAX_TEXT_SIZE * 0.7;
  const runs: string[][] = [];
  let current: string[] = [];
  let size = 0;
  let edges = 0;
  for (const entity of members) {
    const outgoing = diagram.relationships.filter((relationship) => relationship.from === entity.id).length;
    const entitySize = renderEntity(entity, `"${entity.id}"`).join('\n').length + outgoing * 120;
    if (current.length > 0 && (size + entitySize > budget || edges + outgoing > MERMAID_MAX_EDGES * 0.7)) {
      runs.push(current);
      current = [];
      size = 0;
      edges = 0;
    }
    current.push(entity.id);
    size += entitySize;
    edges += outgoing;
  }
  if (current.length > 0) runs.push(current);
  return runs.map((ids, index) => {
    const title = `${diagram.title} (part ${index + 1} of ${runs.length})`;
    const part = selectDiagram(diagram, title, ids, diagram.area);
    part.notes.push(`${title}: ${diagram.title} is over ${LIMITS}, so it is split`);
    return part;
  });
}

/** The entities of no subject area, by schema: with the area diagrams they make up the whole. */
function unassignedGroups(overview: Diagram): Diagram[] {
  const rest = overview.entities.filter((entity) => entity.area === undefined && entity.kind !== 'enum');
  return [...new Set(rest.map((entity) => entity.schema))].sort().map((schema) =>
    selectDiagram(
      overview,
      `no subject area, schema ${schema}`,
      rest.filter((entity) => entity.schema === schema).map((entity) => entity.id),
    ),
  );
}

/**
 * The diagrams as a Markdown document that renders on GitHub: the overview and each area, a mermaid
 * block each. An overview over Mermaid's limits is replaced by a note: the area diagrams (and the
 * tables of no area, by schema) draw it; a diagram still over the limits is split into parts.
 */
export function renderMermaidDocument(
  title: string,
  diagrams: { overview?: Diagram; areas: readonly Diagram[] },
): string {
  const lines = [`# ${markdownText(title)}`, ''];
  const block = (diagram: Diagram) => {
    lines.push(`## ${markdownText(diagram.title)}`, '');
    for (const note of diagram.notes) lines.push(`> ${markdownText(note)}`, '');
    lines.push('```mermaid', renderMermaid(diagram).trimEnd(), '```', '');
  };
  const sections: Diagram[] = [];
  const { overview } = diagrams;
  if (overview && fitsMermaid(overview)) sections.push(overview);
  else if (overview) {
    const byArea = diagrams.areas.length > 0;
    const note = `The overview (${overview.entities.length} entities, ${overview.relationships.length} relationships) is over ${LIMITS}: ${byArea ? 'it is drawn by subject area below, the tables of no area by schema' : 'it is drawn in parts below'}.`;
    lines.push(`## ${markdownText(overview.title)}`, '', `> ${markdownText(note)}`, '');
    if (!byArea) sections.push(...splitForMermaid(overview));
    else {
      sections.push(...diagrams.areas.flatMap(splitForMermaid));
      sections.push(...unassignedGroups(overview).flatMap(splitForMermaid));
    }
  }
  if (!overview || fitsMermaid(overview) || diagrams.areas.length === 0)
    sections.push(...diagrams.areas.flatMap(splitForMermaid));
  for (const diagram of sections) block(diagram);
  return `${lines.join('\n').trimEnd()}\n`;
}

function markdownText(text: string): string {
  return text.replace(/[\\`*_<>[\]#|]/g, (char) => `\\${char}`).replace(/[\r\n]+/g, ' ');
}
