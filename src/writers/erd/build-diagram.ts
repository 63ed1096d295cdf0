// The diagrams of a model: an overview of every table, view and enum, and one diagram per subject
// area with the tables of other areas it references drawn as stubs. Cardinality is read from keys and
// nullability; a view's dependencies from its query, through the real PostgreSQL parser.
import type { Column, EnumDef, Model, Table } from '../../model/model-schema.ts';
import { namingOf, foreignKeyName, type ResolvedNaming } from '../../model/naming.ts';
import { findSqlReferences } from '../../dialects/postgres/ddl/sql-references.ts';
import { assertSqlParserLoaded } from '../../dialects/postgres/parse-expression.ts';
import { parseTypeName, TypeSyntaxError } from '../../dialects/postgres/types.ts';
import type { Cardinality, Diagram, DiagramColumn, DiagramEntity, DiagramRelationship } from './diagram.ts';

export interface BuildDiagramsOptions {
  /** Only this area's diagram is wanted; the overview is still returned (others are left out). */
  area?: string;
}

export interface Diagrams {
  overview: Diagram;
  /** One per subject area, sorted by area name. */
  areas: Diagram[];
}

/** A junction table may carry this many columns besides its keys (created_at, a role). */
const JUNCTION_OTHER_COLUMNS = 2;

/** The entity id of a relation or type: `schema.name`. */
export function entityId(schema: string, name: string): string {
  return `${schema}.${name}`;
}

const byId = <T extends { id: string }>(a: T, b: T): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

interface TableEntry {
  schema: string;
  name: string;
  table: Table;
}

/**
 * The overview and the area diagrams of a model. Views are read with the SQL parser, which must be
 * loaded first (`await loadSqlParser()` from dialects/postgres/types.ts; reading a model does it).
 */
export function buildDiagrams(model: Model, options: BuildDiagramsOptions = {}): Diagrams {
  const overview = buildOverview(model);
  const names = areaNames(overview);
  const wanted = options.area === undefined ? names : names.filter((name) => name === options.area);
  const areas = wanted.map((area) =>
    selectDiagram(
      overview,
      area,
      overview.entities.filter((entity) => entity.area === area).map((entity) => entity.id),
      area,
    ),
  );
  return { overview, areas };
}

/** The subject areas a diagram's entities name, sorted. */
export function areaNames(diagram: Diagram): string[] {
  const names = new Set<string>();
  for (const entity of diagram.entities)
    if (entity.area !== undefined && !entity.stub) names.add(entity.area);
  return [...names].sort();
}

/**
 * A part of a diagram: the given entities, the enums they use, and the tables and views they
 * reference drawn as stubs. Used for areas, and by writers that split a diagram too large to draw.
 */
export function selectDiagram(
  whole: Diagram,
  title: string,
  memberIds: readonly string[],
  area?: string,
): Diagram {
  const members = new Set(memberIds);
  const entities = new Map(whole.entities.map((entity) => [entity.id, entity]));
  const relationships = whole.relationships.filter((relationship) => members.has(relationship.from));
  const picked: DiagramEntity[] = [];
  const seen = new Set<string>();
  for (const id of members) {
    const entity = entities.get(id);
    if (entity) {
      picked.push(entity);
      seen.add(id);
    }
  }
  for (const relationship of relationships) {
    if (seen.has(relationship.to)) continue;
    const target = entities.get(relationship.to);
    if (!target) continue;
    seen.add(target.id);
    // Enums are drawn whole wherever they are used; tables and views of elsewhere as stubs.
    picked.push(target.kind === 'enum' ? target : { ...target, stub: true, columns: [] });
  }
  return {
    title,
    ...(area !== undefined && { area }),
    entities: picked.sort(byId),
    relationships: relationships.filter((relationship) => seen.has(relationship.to)),
    notes: [],
  };
}

function buildOverview(model: Model): Diagram {
  const naming = namingOf(model);
  const tables: TableEntry[] = [];
  for (const [schema, def] of Object.entries(model.schemas ?? {}))
    for (const [name, table] of Object.entries(def.tables ?? {})) tables.push({ schema, name, table });
  const tableIds = new Set(tables.map((t) => entityId(t.schema, t.name)));

  // Partitions are drawn as their root table: a partition of a partition climbs to the top.
  const parentOf = new Map<string, string>();
  for (const { schema, name, table } of tables) {
    const of = table.partitionOf;
    if (of) parentOf.set(entityId(schema, name), entityId(of.schema ?? schema, of.table));
  }
  const rootOf = (id: string): string => {
    let current = id;
    for (let hops = 0; hops < 100 && parentOf.has(current); hops++) {
      const parent = parentOf.get(current) as string;
      if (!tableIds.has(parent)) break;
      current = parent;
    }
    return current;
  };
  const partitions = new Map<string, string[]>();
  for (const { schema, name } of tables) {
    const id = entityId(schema, name);
    const root = rootOf(id);
    if (root === id) continue;
    const rootSchema = tables.find((t) => entityId(t.schema, t.name) === root)?.schema;
    const list = partitions.get(root) ?? [];
    list.push(schema === rootSchema ? name : id);
    partitions.set(root, list);
  }

  const enums = new Map<string, { schema: string; name: string; def: EnumDef }>();
  for (const [schema, def] of Object.entries(model.schemas ?? {}))
    for (const [name, enumDef] of Object.entries(def.enums ?? {}))
      enums.set(entityId(schema, name), { schema, name, def: enumDef });

  const entities: DiagramEntity[] = [];
  const relationships: DiagramRelationship[] = [];
  const keySets = new Map<string, string[][]>();
  for (const entry of tables) {
    const id = entityId(entry.schema, entry.name);
    if (rootOf(id) !== id) continue;
    entities.push(tableEntity(entry, partitions.get(id)));
    keySets.set(id, keyColumnSets(entry.table));
    relationships.push(...foreignKeyRelationships(entry, naming, rootOf));
    relationships.push(...enumUses(entry, enums));
  }
  markJunctions(entities, relationships, keySets);

  for (const [id, { schema, name, def }] of enums) {
    entities.push({
      id,
      kind: 'enum',
      schema,
      name,
      stub: false,
      junction: false,
      columns: [],
      values: [...def.values],
      ...(def.description !== undefined && { description: def.description }),
    });
  }

  const drawn = new Set(entities.map((entity) => entity.id));
  const views: { schema: string; name: string; kind: 'view' | 'materialized-view'; definition: string }[] =
    [];
  for (const [schema, def] of Object.entries(model.schemas ?? {})) {
    for (const [name, view] of Object.entries(def.views ?? {})) {
      views.push({ schema, name, kind: 'view', definition: view.definition });
      entities.push(viewEntity(schema, name, 'view', view));
    }
    for (const [name, view] of Object.entries(def.materializedViews ?? {})) {
      views.push({ schema, name, kind: 'materialized-view', definition: view.definition });
      entities.push(viewEntity(schema, name, 'materialized-view', view));
    }
  }
  for (const view of views) drawn.add(entityId(view.schema, view.name));
  if (views.length > 0) assertSqlParserLoaded();
  for (const view of views) relationships.push(...viewDependencies(view, drawn, rootOf));

  // A reference to a table the model lacks (validation reports it) draws nothing.
  const known = new Set(entities.map((entity) => entity.id));
  return {
    title: 'overview',
    entities: entities.sort(byId),
    relationships: dedupe(relationships)
      .filter((relationship) => known.has(relationship.from) && known.has(relationship.to))
      .sort(byId),
    notes: [],
  };
}

function tableEntity(entry: TableEntry, partitions: string[] | undefined): DiagramEntity {
  const { schema, name, table } = entry;
  const primary = new Set(table.primaryKey?.columns ?? []);
  const foreign = new Set((table.foreignKeys ?? []).flatMap((fk) => fk.columns));
  const unique = new Set(
    uniqueColumnSets(table)
      .filter((set) => set.length === 1)
      .map((set) => set[0] as string),
  );
  const columns = table.columns.map((column): DiagramColumn => ({
    name: column.name,
    type: column.type,
    primaryKey: primary.has(column.name),
    foreignKey: foreign.has(column.name),
    unique: unique.has(column.name),
    notNull: column.notNull === true || primary.has(column.name),
    ...(column.description !== undefined && { description: column.description }),
  }));
  return {
    id: entityId(schema, name),
    kind: 'table',
    schema,
    name,
    ...(table.subjectArea !== undefined && { area: table.subjectArea }),
    stub: false,
    junction: false,
    columns,
    ...(partitions && { partitions: partitions.sort() }),
    ...(table.description !== undefined && { description: table.description }),
  };
}

/** Column sets a unique constraint or a unique index without predicate (on plain columns) covers. */
function uniqueColumnSets(table: Table): string[][] {
  const sets = (table.uniques ?? []).map((unique) => [...unique.columns]);
  for (const index of table.indexes ?? []) {
    if (!index.unique || index.where !== undefined) continue;
    const columns = index.columns.map((key) => (typeof key === 'string' ? key : key.column));
    if (columns.every((column) => column !== undefined)) sets.push(columns as string[]);
  }
  return sets;
}

/** Column sets that hold at most one row each: the primary key and the unique ones. */
function keyColumnSets(table: Table): string[][] {
  const sets = uniqueColumnSets(table);
  if (table.primaryKey) sets.push([...table.primaryKey.columns]);
  return sets;
}

function foreignKeyRelationships(
  entry: TableEntry,
  naming: ResolvedNaming,
  rootOf: (id: string) => string,
): DiagramRelationship[] {
  const { schema, name, table } = entry;
  const keys = keyColumnSets(table);
  const columns = new Map<string, Column>(table.columns.map((column) => [column.name, column]));
  const primary = new Set(table.primaryKey?.columns ?? []);
  return (table.foreignKeys ?? []).map((fk) => {
    const constraint = foreignKeyName(naming, schema, name, fk);
    // One row of the referenced table meets at most one row here when the key columns are unique.
    const unique = keys.some((key) => key.every((column) => fk.columns.includes(column)));
    const optional = fk.columns.some(
      (column) => columns.get(column)?.notNull !== true && !primary.has(column),
    );
    const fromCardinality: Cardinality = unique ? 'zero-or-one' : 'zero-or-many';
    const toCardinality: Cardinality = optional ? 'zero-or-one' : 'exactly-one';
    return {
      id: `${entityId(schema, name)}.${constraint}`,
      kind: 'foreign-key',
      from: entityId(schema, name),
      to: rootOf(entityId(fk.references.schema ?? schema, fk.references.table)),
      fromColumns: [...fk.columns],
      toColumns: [...fk.references.columns],
      name: constraint,
      fromCardinality,
      toCardinality,
    };
  });
}

/** The enum a column type names (also as an array), resolved as generated DDL resolves it. */
function enumOfType(
  type: string,
  tableSchema: string,
  enums: ReadonlyMap<string, unknown>,
): string | undefined {
  let reference;
  try {
    reference = parseTypeName(type);
  } catch (error) {
    if (error instanceof TypeSyntaxError) return undefined;
    throw error;
  }
  if (reference.builtin) return undefined;
  const candidates = [entityId(reference.schema ?? 'public', reference.name)];
  if (reference.schema === undefined) candidates.push(entityId(tableSchema, reference.name));
  return candidates.find((id) => enums.has(id));
}

function enumUses(entry: TableEntry, enums: ReadonlyMap<string, unknown>): DiagramRelationship[] {
  if (enums.size === 0) return [];
  const from = entityId(entry.schema, entry.name);
  const columnsByEnum = new Map<string, string[]>();
  for (const column of entry.table.columns) {
    const target = enumOfType(column.type, entry.schema, enums);
    if (target === undefined) continue;
    const list = columnsByEnum.get(target) ?? [];
    list.push(column.name);
    columnsByEnum.set(target, list);
  }
  return [...columnsByEnum].map(([to, fromColumns]) => ({
    id: `${from}->${to}`,
    kind: 'enum-use',
    from,
    to,
    fromColumns,
    toColumns: [],
  }));
}

/**
 * Junction tables: a primary key or unique key made of exactly the columns of two foreign keys to
 * other tables, and few columns besides.
 */
function markJunctions(
  entities: DiagramEntity[],
  relationships: DiagramRelationship[],
  keySets: ReadonlyMap<string, string[][]>,
): void {
  const byFrom = new Map<string, DiagramRelationship[]>();
  for (const relationship of relationships) {
    if (relationship.kind !== 'foreign-key') continue;
    const list = byFrom.get(relationship.from) ?? [];
    list.push(relationship);
    byFrom.set(relationship.from, list);
  }
  for (const entity of entities) {
    const keys = byFrom.get(entity.id) ?? [];
    if (keys.length < 2) continue;
    const keyColumns = keySets.get(entity.id) ?? [];
    const junctionKey = keys.some((a, i) =>
      keys.slice(i + 1).some((b) => {
        const union = new Set([...a.fromColumns, ...b.fromColumns]);
        return keyColumns.some(
          (key) => key.length === union.size && key.every((column) => union.has(column)),
        );
      }),
    );
    if (!junctionKey) continue;
    const linked = new Set(keys.flatMap((key) => key.fromColumns));
    const others = entity.columns.filter((column) => !linked.has(column.name) && !column.primaryKey);
    if (others.length <= JUNCTION_OTHER_COLUMNS) entity.junction = true;
  }
}

function viewEntity(
  schema: string,
  name: string,
  kind: 'view' | 'materialized-view',
  view: { description?: string | undefined; subjectArea?: string | undefined },
): DiagramEntity {
  return {
    id: entityId(schema, name),
    kind,
    schema,
    name,
    ...(view.subjectArea !== undefined && { area: view.subjectArea }),
    stub: false,
    junction: false,
    columns: [],
    ...(view.description !== undefined && { description: view.description }),
  };
}

/** The tables and views a view's query names; an unqualified name is public's, else the view's schema's. */
function viewDependencies(
  view: { schema: string; name: string; definition: string },
  drawn: ReadonlySet<string>,
  rootOf: (id: string) => string,
): DiagramRelationship[] {
  const from = entityId(view.schema, view.name);
  const references = findSqlReferences(view.definition).relations;
  const targets = new Set<string>();
  for (const key of references) {
    const [schema, name] = key.split('\u0000') as [string, string];
    const candidates = [entityId(schema, name)];
    if (schema === 'public') candidates.push(entityId(view.schema, name));
    const found = candidates.map(rootOf).find((id) => drawn.has(id));
    if (found !== undefined && found !== from) targets.add(found);
  }
  return [...targets].sort().map((to) => ({
    id: `${from}->${to}`,
    kind: 'view-dependency',
    from,
    to,
    fromColumns: [],
    toColumns: [],
  }));
}

function dedupe(relationships: DiagramRelationship[]): DiagramRelationship[] {
  const seen = new Map<string, DiagramRelationship>();
  for (const relationship of relationships)
    if (!seen.has(relationship.id)) seen.set(relationship.id, relationship);
  return [...seen.values()];
}
