// What the documentation says about a model, worked out once and shared by the Markdown and the HTML
// writers: every table with its columns, keys, indexes (each with what justifies it), relationships in
// and out, the query patterns that read it and its lint findings; views, routines and types; subject
// areas; and the page each object gets. Patterns are expanded first, so the columns, triggers and
// tables they make are documented like written ones.
import type {
  Column,
  CompositeType,
  Domain,
  EnumDef,
  MaterializedView,
  Model,
  RangeType,
  Routine,
  Table,
  View,
} from '../../model/model-schema.ts';
import { sortedEntries } from '../../model/model-path.ts';
import { expandPatterns } from '../../model/patterns/expand-patterns.ts';
import { loadSqlParser } from '../../dialects/postgres/types.ts';
import { analyzeModel, type IndexInfo, type IndexKind, type TableInfo } from '../../lint/model/analysis.ts';
import {
  analyzeQueryPatterns,
  relationsRead,
  usableIndexes,
  type TableUse,
} from '../../lint/model/query-patterns.ts';
import { expressionTextKey } from '../../lint/model/expressions.ts';
import { quoteIdent, quoteQualified } from '../../dialects/postgres/quote.ts';
import { checkName, namingOf, type ResolvedNaming } from '../../model/naming.ts';
import { PageNames, type PageKind } from './page-names.ts';

/** A lint finding as the docs show it: from the in-process lint or a `schemata lint --format json` report. */
export interface DocsFinding {
  code: string;
  severity: string;
  message: string;
  fix?: string;
  object?: string;
  /** The model path: an array in-process, the formatted string in a JSON report. */
  path?: readonly (string | number)[] | string;
  location?: { file: string; line: number; column: number };
}

/** Where an object's page is: `tables/orders-1a2b3c4d.html`, relative to the site's root. */
export interface PageRef {
  key: string;
  label: string;
  /** Path of the page from the site root, with `/` separators. */
  href: string;
  /** The same base name, used as the anchor of the object in the Markdown files. */
  anchor: string;
}

export interface ColumnDoc {
  name: string;
  type: string;
  notNull: boolean;
  /** The default, identity or generation expression, as DDL writes it. */
  default?: string;
  description?: string;
  sensitivity?: string;
  tags?: readonly string[];
  primaryKey: boolean;
  /** The tables this column references, through a foreign key. */
  references: string[];
}

export interface IndexDoc {
  name: string;
  kind: IndexKind;
  unique: boolean;
  /** `btree (owner_id, due_at) WHERE completed_at IS NULL` */
  definition: string;
  description?: string;
  rationale?: string;
  /** Names of the declared query patterns that use the index's leading column. */
  patterns: string[];
  /** By its rationale or a query pattern (keys and unique constraints by what they enforce). */
  justified: boolean;
}

export interface RelationDoc {
  name: string;
  from: string;
  fromColumns: readonly string[];
  to: string;
  toColumns: readonly string[];
  onDelete?: string;
  onUpdate?: string;
  description?: string;
  rationale?: string;
  businessRule?: string;
}

export interface ConstraintDoc {
  kind: 'primary key' | 'unique' | 'check' | 'exclusion' | 'foreign key';
  name: string;
  /** Columns or expression, as a reader reads it. */
  definition: string;
  description?: string;
  businessRule?: string;
  rationale?: string;
}

export interface PatternDoc {
  name: string;
  /** The table that declares it. */
  owner: string;
  sql?: string;
  frequency?: string;
  description?: string;
  /** The model's tables its SQL reads. */
  tables: string[];
}

export interface TableDoc {
  kind: 'table';
  key: string;
  schema: string;
  name: string;
  page: PageRef;
  table: Table;
  area?: string;
  columns: ColumnDoc[];
  constraints: ConstraintDoc[];
  indexes: IndexDoc[];
  outgoing: RelationDoc[];
  incoming: RelationDoc[];
  /** Declared here, or declared elsewhere and reading this table. */
  patterns: PatternDoc[];
  /** Partitions of this table, when it is partitioned. */
  partitions: string[];
  findings: DocsFinding[];
}

export interface ViewDoc {
  kind: 'view' | 'materialized-view';
  key: string;
  schema: string;
  name: string;
  page: PageRef;
  view: View | MaterializedView;
  area?: string;
  /** The relations its definition reads (those the model has). */
  reads: string[];
  indexes: IndexDoc[];
  findings: DocsFinding[];
}

export interface RoutineDoc {
  kind: 'function' | 'procedure';
  key: string;
  schema: string;
  /** The signature, `name(integer, text)`. */
  name: string;
  page: PageRef;
  routine: Routine;
}

export type TypeDoc = { key: string; schema: string; name: string; page: PageRef } & (
  | { kind: 'enum'; type: EnumDef }
  | { kind: 'domain'; type: Domain }
  | { kind: 'composite'; type: CompositeType }
  | { kind: 'range'; type: RangeType }
);

export interface SchemaDoc {
  name: string;
  description?: string;
  tables: TableDoc[];
  views: ViewDoc[];
  routines: RoutineDoc[];
  types: TypeDoc[];
}

export interface AreaDoc {
  /** The subjectArea; tables without one are in no area. */
  name: string;
  page: PageRef;
  tables: TableDoc[];
}

export interface DocsCatalog {
  /** The model with patterns expanded: what the pages describe. */
  model: Model;
  title: string;
  description?: string;
  schemas: SchemaDoc[];
  tables: TableDoc[];
  views: ViewDoc[];
  areas: AreaDoc[];
  patterns: PatternDoc[];
  /** Every page by object key: `table:schema.name`, `view:...`, `type:...`, `function:...`, `area:...`. */
  pages: Map<string, PageRef>;
  /** Findings that belong to no table or view. */
  otherFindings: DocsFinding[];
}

const DIRECTORIES: Record<PageKind, string> = {
  table: 'tables',
  view: 'views',
  'materialized-view': 'views',
  function: 'functions',
  type: 'types',
  area: 'areas',
  schema: 'schemas',
};

/** The catalog of a model (as read; patterns are expanded here), with lint findings when given. */
export async function buildDocsCatalog(
  readModel: Model,
  options: { findings?: readonly DocsFinding[] } = {},
): Promise<DocsCatalog> {
  await loadSqlParser();
  const model = expandPatterns(readModel);
  const analysis = analyzeModel(model);
  const naming = namingOf(model);
  const names = new PageNames();
  const pages = new Map<string, PageRef>();
  const page = (kind: PageKind, key: string, label: string): PageRef => {
    const anchor = names.name(kind, key, label);
    const ref = { key, label, href: `${DIRECTORIES[kind]}/${anchor}.html`, anchor };
    pages.set(`${kind === 'materialized-view' ? 'view' : kind}:${key}`, ref);
    return ref;
  };

  const patternDocs: PatternDoc[] = [];
  const patternsByTable = new Map<string, PatternDoc[]>();
  const addPatternTo = (key: string, doc: PatternDoc) => {
    const list = patternsByTable.get(key) ?? [];
    if (!list.includes(doc)) list.push(doc);
    patternsByTable.set(key, list);
  };
  const analyzed = analyzeQueryPatterns(model);
  const analyzedByOwner = new Map<string, typeof analyzed>();
  for (const pattern of analyzed) {
    const list = analyzedByOwner.get(keyOf(pattern.owner)) ?? [];
    list.push(pattern);
    analyzedByOwner.set(keyOf(pattern.owner), list);
  }
  // Index -> names of the patterns that use its leading column.
  const indexPatterns = new Map<IndexInfo, string[]>();
  const allTables = [...analysis.tables, ...analysis.partitions].sort((a, b) =>
    a.schema === b.schema ? compare(a.name, b.name) : compare(a.schema, b.schema),
  );
  for (const info of allTables) {
    const owned = analyzedByOwner.get(keyOf(info)) ?? [];
    for (const declared of info.table.queryPatterns ?? []) {
      const found = owned.find((p) => p.name === declared.name && p.sql === declared.sql);
      const tables = found ? unique(found.uses.map((use) => keyOf(use.table))) : [];
      const doc: PatternDoc = {
        name: declared.name,
        owner: keyOf(info),
        ...(declared.sql !== undefined && { sql: declared.sql }),
        ...(declared.frequency !== undefined && { frequency: declared.frequency }),
        ...(declared.description !== undefined && { description: declared.description }),
        tables,
      };
      patternDocs.push(doc);
      addPatternTo(keyOf(info), doc);
      for (const table of tables) addPatternTo(table, doc);
      for (const use of found?.uses ?? []) {
        for (const index of indexesUsedBy(use)) {
          const list = indexPatterns.get(index) ?? [];
          if (!list.includes(declared.name)) list.push(declared.name);
          indexPatterns.set(index, list);
        }
      }
    }
  }

  const findingsByObject = assignFindings(options.findings ?? [], model);
  const tables: TableDoc[] = allTables.map((info) => {
    const key = keyOf(info);
    const ref = page('table', key, info.name);
    return tableDoc(
      naming,
      info,
      ref,
      indexPatterns,
      patternsByTable.get(key) ?? [],
      findingsByObject.get(key) ?? [],
    );
  });
  const byKey = new Map(tables.map((t) => [t.key, t]));
  for (const info of analysis.partitions) {
    const parent = info.table.partitionOf;
    if (!parent) continue;
    byKey.get(`${parent.schema ?? info.schema}.${parent.table}`)?.partitions.push(keyOf(info));
  }

  const schemas: SchemaDoc[] = [];
  const views: ViewDoc[] = [];
  for (const [schemaName, schema] of sortedEntries(model.schemas)) {
    const schemaViews: ViewDoc[] = [];
    const viewEntries: [string, View | MaterializedView, 'view' | 'materialized-view'][] = [
      ...sortedEntries(schema.views).map(([n, v]) => [n, v, 'view'] as [string, View, 'view']),
      ...sortedEntries(schema.materializedViews).map(
        ([n, v]) => [n, v, 'materialized-view'] as [string, MaterializedView, 'materialized-view'],
      ),
    ];
    viewEntries.sort((a, b) => compare(a[0], b[0]));
    for (const [viewName, view, kind] of viewEntries) {
      const key = `${schemaName}.${viewName}`;
      const reads = unique(
        relationsRead(view.definition, schemaName)
          .map((r) => `${r.schema}.${r.table}`)
          .filter((k) => byKey.has(k) || relationExists(model, k)),
      );
      const matviewIndexes = 'indexes' in view ? (view.indexes ?? []) : [];
      schemaViews.push({
        kind,
        key,
        schema: schemaName,
        name: viewName,
        page: page(kind, key, viewName),
        view,
        ...(view.subjectArea !== undefined && { area: view.subjectArea }),
        reads,
        indexes: matviewIndexes.map((index, i) => ({
          name: index.name ?? `${viewName}_index_${i + 1}`,
          kind: 'index',
          unique: index.unique === true,
          definition: indexDefinition(
            index.method ?? 'btree',
            index.columns.map((c) =>
              typeof c === 'string'
                ? { column: c, expression: undefined, opclass: undefined, order: undefined, nulls: undefined }
                : {
                    column: c.column,
                    expression: c.expression,
                    opclass: c.opclass,
                    order: c.order,
                    nulls: c.nulls,
                  },
            ),
            index.include ?? [],
            index.where,
          ),
          ...(index.description !== undefined && { description: index.description }),
          ...(index.rationale !== undefined && { rationale: index.rationale }),
          patterns: [],
          justified: index.rationale !== undefined,
        })),
        findings: findingsByObject.get(key) ?? [],
      });
    }
    const routines: RoutineDoc[] = [];
    for (const [kind, record] of [
      ['function', schema.functions],
      ['procedure', schema.procedures],
    ] as const)
      for (const [signature, routine] of sortedEntries(record)) {
        const key = `${schemaName}.${signature}`;
        routines.push({
          kind,
          key,
          schema: schemaName,
          name: signature,
          page: page('function', key, signature.replace(/\(.*$/s, '')),
          routine,
        });
      }
    const types: TypeDoc[] = [];
    const typePage = (name: string) => page('type', `${schemaName}.${name}`, name);
    for (const [name, type] of sortedEntries(schema.enums))
      types.push({
        kind: 'enum',
        key: `${schemaName}.${name}`,
        schema: schemaName,
        name,
        page: typePage(name),
        type,
      });
    for (const [name, type] of sortedEntries(schema.domains))
      types.push({
        kind: 'domain',
        key: `${schemaName}.${name}`,
        schema: schemaName,
        name,
        page: typePage(name),
        type,
      });
    for (const [name, type] of sortedEntries(schema.compositeTypes))
      types.push({
        kind: 'composite',
        key: `${schemaName}.${name}`,
        schema: schemaName,
        name,
        page: typePage(name),
        type,
      });
    for (const [name, type] of sortedEntries(schema.rangeTypes))
      types.push({
        kind: 'range',
        key: `${schemaName}.${name}`,
        schema: schemaName,
        name,
        page: typePage(name),
        type,
      });
    types.sort((a, b) => compare(a.name, b.name));
    schemas.push({
      name: schemaName,
      ...(schema.description !== undefined && { description: schema.description }),
      tables: tables.filter((t) => t.schema === schemaName),
      views: schemaViews,
      routines,
      types,
    });
    views.push(...schemaViews);
  }

  const areaNames = unique(tables.flatMap((t) => (t.area !== undefined ? [t.area] : []))).sort(compare);
  const areas: AreaDoc[] = areaNames.map((name) => ({
    name,
    page: page('area', name, name),
    tables: tables.filter((t) => t.area === name),
  }));

  const assigned = new Set([...tables.flatMap((t) => t.findings), ...views.flatMap((v) => v.findings)]);
  return {
    model,
    title: model.project?.name ?? 'Database documentation',
    ...(model.project?.description !== undefined && { description: model.project.description }),
    schemas,
    tables,
    views,
    areas,
    patterns: patternDocs,
    pages,
    otherFindings: (options.findings ?? []).filter((f) => !assigned.has(f)),
  };
}

/** The key of a table in the docs: `schema.name` as written (the lint analysis spells it as SQL). */
function keyOf(info: { schema: string; name: string }): string {
  return `${info.schema}.${info.name}`;
}

function idents(names: readonly string[]): string {
  return names.map(quoteIdent).join(', ');
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

function relationExists(model: Model, key: string): boolean {
  const dot = key.indexOf('.');
  const schema = model.schemas?.[key.slice(0, dot)];
  const name = key.slice(dot + 1);
  return (
    schema !== undefined &&
    (Object.hasOwn(schema.views ?? {}, name) || Object.hasOwn(schema.materializedViews ?? {}, name))
  );
}

/** The indexes of a table a query can start from: its leading column among the columns the query uses. */
function indexesUsedBy(use: TableUse): IndexInfo[] {
  const columns = new Set([
    ...use.equality,
    ...use.range,
    ...use.join,
    ...use.containment.keys(),
    ...use.sort.map((s) => s.column),
  ]);
  return usableIndexes(use).filter((index) => {
    const first = index.keys[0];
    if (!first) return false;
    if (first.column !== undefined) return columns.has(first.column);
    if (first.expression === undefined) return false;
    return use.expressions.has(expressionTextKey(first.expression));
  });
}

function columnDefault(column: Column): string | undefined {
  if (column.identity) return `generated ${column.identity.generation} as identity`;
  if (column.generated !== undefined) return `generated always as (${column.generated}) stored`;
  return column.default;
}

interface KeyParts {
  column: string | undefined;
  expression: string | undefined;
  opclass: string | undefined;
  order: string | undefined;
  nulls: string | undefined;
}

function indexDefinition(
  method: string,
  keys: readonly KeyParts[],
  include: readonly string[],
  where: string | undefined,
): string {
  const parts = keys.map((key) =>
    [
      key.column !== undefined ? quoteIdent(key.column) : `(${key.expression ?? ''})`,
      key.opclass,
      key.order === 'desc' ? 'DESC' : undefined,
      key.nulls !== undefined ? `NULLS ${key.nulls.toUpperCase()}` : undefined,
    ]
      .filter((part) => part !== undefined)
      .join(' '),
  );
  return [
    `${method} (${parts.join(', ')})`,
    include.length > 0 ? `INCLUDE (${idents(include)})` : undefined,
    where !== undefined ? `WHERE ${where}` : undefined,
  ]
    .filter((part) => part !== undefined)
    .join(' ');
}

function tableDoc(
  naming: ResolvedNaming,
  info: TableInfo,
  page: PageRef,
  indexPatterns: Map<IndexInfo, string[]>,
  patterns: PatternDoc[],
  findings: DocsFinding[],
): TableDoc {
  const { table } = info;
  const references = new Map<string, string[]>();
  for (const fk of info.foreignKeys)
    for (const column of fk.fk.columns)
      references.set(column, [...(references.get(column) ?? []), `${fk.targetSchema}.${fk.targetTable}`]);
  const columns: ColumnDoc[] = info.columns.map((c) => {
    const fallback = columnDefault(c.column);
    return {
      name: c.name,
      type: c.column.type,
      notNull: c.notNull,
      ...(fallback !== undefined && { default: fallback }),
      ...(c.column.description !== undefined && { description: c.column.description }),
      ...(c.column.sensitivity !== undefined && { sensitivity: c.column.sensitivity }),
      ...(c.column.tags !== undefined && { tags: c.column.tags }),
      primaryKey: c.inPrimaryKey,
      references: unique(references.get(c.name) ?? []),
    };
  });
  const docs = (d: {
    description?: string | undefined;
    businessRule?: string | undefined;
    rationale?: string | undefined;
  }) => ({
    ...(d.description !== undefined && { description: d.description }),
    ...(d.businessRule !== undefined && { businessRule: d.businessRule }),
    ...(d.rationale !== undefined && { rationale: d.rationale }),
  });
  const constraints: ConstraintDoc[] = [];
  const keyIndexes = info.indexes.filter((i) => i.kind !== 'index');
  if (table.primaryKey) {
    const name = keyIndexes.find((i) => i.kind === 'primaryKey')?.name ?? `${info.name}_pkey`;
    constraints.push({
      kind: 'primary key',
      name,
      definition: `(${idents(table.primaryKey.columns)})`,
      ...docs(table.primaryKey),
      ...(table.primaryKey.rationale === undefined &&
        table.keyRationale !== undefined && { rationale: table.keyRationale }),
    });
  }
  const uniqueIndexes = keyIndexes.filter((i) => i.kind === 'unique');
  (table.uniques ?? []).forEach((u, i) =>
    constraints.push({
      kind: 'unique',
      name: uniqueIndexes[i]?.name ?? u.name ?? '',
      definition: `(${idents(u.columns)})${u.nullsNotDistinct ? ' NULLS NOT DISTINCT' : ''}`,
      ...docs(u),
    }),
  );
  for (const fk of info.foreignKeys)
    constraints.push({
      kind: 'foreign key',
      name: fk.name,
      definition: `(${idents(fk.fk.columns)}) REFERENCES ${quoteQualified(fk.targetSchema, fk.targetTable)} (${idents(fk.fk.references.columns)})`,
      ...docs(fk.fk),
    });
  (table.checks ?? []).forEach((check) =>
    constraints.push({
      kind: 'check',
      name: checkName(naming, info.schema, info.name, table, check),
      definition: check.expression,
      ...docs(check),
    }),
  );
  const exclusionIndexes = keyIndexes.filter((i) => i.kind === 'exclusion');
  (table.exclusions ?? []).forEach((exclusion, i) =>
    constraints.push({
      kind: 'exclusion',
      name: exclusionIndexes[i]?.name ?? exclusion.name ?? '',
      definition: `USING ${exclusion.using ?? 'btree'} (${exclusion.elements
        .map(
          (e) =>
            `${e.column !== undefined ? quoteIdent(e.column) : `(${e.expression ?? ''})`} WITH ${e.operator}`,
        )
        .join(', ')})${exclusion.where !== undefined ? ` WHERE (${exclusion.where})` : ''}`,
      ...docs(exclusion),
    }),
  );
  const indexes: IndexDoc[] = info.indexes.map((index) => {
    const used = indexPatterns.get(index) ?? [];
    const rationale = index.kind === 'primaryKey' ? (index.rationale ?? table.keyRationale) : index.rationale;
    return {
      name: index.name,
      kind: index.kind,
      unique: index.unique,
      definition: indexDefinition(index.method, index.keys, index.include, index.where),
      ...(index.description !== undefined && { description: index.description }),
      ...(rationale !== undefined && { rationale }),
      patterns: used,
      justified: index.kind !== 'index' || rationale !== undefined || used.length > 0,
    };
  });
  const relation = (fk: TableInfo['foreignKeys'][number]): RelationDoc => ({
    name: fk.name,
    from: keyOf(fk.table),
    fromColumns: fk.fk.columns,
    to: `${fk.targetSchema}.${fk.targetTable}`,
    toColumns: fk.fk.references.columns,
    ...(fk.fk.onDelete !== undefined && { onDelete: fk.fk.onDelete }),
    ...(fk.fk.onUpdate !== undefined && { onUpdate: fk.fk.onUpdate }),
    ...docs(fk.fk),
  });
  return {
    kind: 'table',
    key: keyOf(info),
    schema: info.schema,
    name: info.name,
    page,
    table,
    ...(table.subjectArea !== undefined && { area: table.subjectArea }),
    columns,
    constraints,
    indexes,
    outgoing: info.foreignKeys.map(relation),
    incoming: [...info.referencedBy]
      .sort((a, b) => compare(keyOf(a.table), keyOf(b.table)) || compare(a.name, b.name))
      .map(relation),
    patterns,
    partitions: [],
    findings,
  };
}

/**
 * Findings by the table or view they are about: the longest `schema.name` prefix of the finding's
 * object, else the table of its model path.
 */
function assignFindings(findings: readonly DocsFinding[], model: Model): Map<string, DocsFinding[]> {
  // Findings name objects as SQL spells them (`sales."Order Items"`); the docs key them as written.
  const keys = new Map<string, string>();
  for (const [schemaName, schema] of sortedEntries(model.schemas))
    for (const record of [schema.tables, schema.views, schema.materializedViews])
      for (const name of Object.keys(record ?? {})) {
        keys.set(quoteQualified(schemaName, name), `${schemaName}.${name}`);
        keys.set(`${schemaName}.${name}`, `${schemaName}.${name}`);
      }
  const result = new Map<string, DocsFinding[]>();
  for (const finding of findings) {
    let key: string | undefined;
    const object = finding.object;
    if (object !== undefined) {
      key = keys.get(object);
      for (let i = object.lastIndexOf('.'); i > 0 && key === undefined; i = object.lastIndexOf('.', i - 1))
        key = keys.get(object.slice(0, i));
    }
    const path = finding.path;
    if (key === undefined && Array.isArray(path) && path[0] === 'schemas' && path.length >= 4)
      key = keys.get(`${String(path[1])}.${String(path[3])}`);
    if (key === undefined) continue;
    result.set(key, [...(result.get(key) ?? []), finding]);
  }
  return result;
}
