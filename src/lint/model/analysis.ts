// What the model rules ask of a model, worked out once per model and shared by every rule: its tables
// with their columns by name, the index-like objects of each table (primary key, unique constraints,
// exclusion constraints, indexes) in one shape, foreign keys with their target tables, and the types of
// columns. Built in one pass, so a run stays linear in the size of the model.
import type { ModelPath } from '../../model/model-path.ts';
import { ownEntry, sortedEntries } from '../../model/model-path.ts';
import type {
  Column,
  Domain,
  ForeignKey,
  IndexKey,
  Model,
  SchemaDef,
  Table,
} from '../../model/model-schema.ts';
import {
  columnsMentioned,
  exclusionName,
  foreignKeyName,
  indexName,
  namingOf,
  primaryKeyName,
  uniqueName,
} from '../../model/naming.ts';
import { quoteIdent, quoteQualified } from '../../dialects/postgres/quote.ts';
import { typeInfo, type TypeInfo } from './column-types.ts';
import { expressionTextKey } from './expressions.ts';

export interface ColumnInfo {
  column: Column;
  name: string;
  position: number;
  path: ModelPath;
  /** schema.table.column */
  object: string;
  type: TypeInfo;
  /** The type under any domains of the model. */
  baseType: TypeInfo;
  /** The domain the column's type is, when it is one of the model's. */
  domain: Domain | undefined;
  /** Whether the type is an enum of the model. */
  isEnum: boolean;
  /** NOT NULL, declared, through a primary key or identity, or by its domain. */
  notNull: boolean;
  inPrimaryKey: boolean;
}

export type IndexKind = 'primaryKey' | 'unique' | 'exclusion' | 'index';

export interface IndexKeyInfo {
  column: string | undefined;
  expression: string | undefined;
  opclass: string | undefined;
  collation: string | undefined;
  order: string | undefined;
  nulls: string | undefined;
  /** Compares equal for equal keys. */
  key: string;
}

export interface IndexInfo {
  kind: IndexKind;
  /** The name, given or from the naming templates. */
  name: string;
  path: ModelPath;
  object: string;
  unique: boolean;
  method: string;
  keys: IndexKeyInfo[];
  include: string[];
  where: string | undefined;
  nullsNotDistinct: boolean;
  rationale: string | undefined;
  description: string | undefined;
}

export interface ForeignKeyInfo {
  fk: ForeignKey;
  table: TableInfo;
  position: number;
  path: ModelPath;
  name: string;
  targetSchema: string;
  targetTable: string;
  /** The referenced table when the model has it. */
  target: TableInfo | undefined;
  selfReference: boolean;
}

export interface TableInfo {
  schema: string;
  name: string;
  table: Table;
  path: ModelPath;
  /** schema.table */
  object: string;
  columns: ColumnInfo[];
  columnsByName: Map<string, ColumnInfo>;
  indexes: IndexInfo[];
  foreignKeys: ForeignKeyInfo[];
  /** Foreign keys of other tables (or this one) that reference this table. */
  referencedBy: ForeignKeyInfo[];
  primaryKey: string[];
  /** The table has partitionOf: its columns and keys are its parent's. */
  isPartition: boolean;
  isPartitioned: boolean;
  /** The column names its check constraints mention. */
  checkedColumns: Set<string>;
}

export interface ModelAnalysis {
  model: Model;
  /** Every table that is not a partition, by schema then name. */
  tables: TableInfo[];
  /** Partitions (partitionOf), by schema then name. */
  partitions: TableInfo[];
  table(schema: string, name: string): TableInfo | undefined;
  /** A type's domain in the model. */
  domain(type: TypeInfo): Domain | undefined;
  isEnum(type: TypeInfo): boolean;
}

const analyses = new WeakMap<Model, ModelAnalysis>();

/** The analysis of a model, made on first use and kept while the model lives. */
export function analyzeModel(model: Model): ModelAnalysis {
  let analysis = analyses.get(model);
  if (analysis === undefined) {
    analysis = buildAnalysis(model);
    analyses.set(model, analysis);
  }
  return analysis;
}

function buildAnalysis(model: Model): ModelAnalysis {
  const naming = namingOf(model);
  const bySchema = new Map<string, Map<string, TableInfo>>();
  const tables: TableInfo[] = [];
  const partitions: TableInfo[] = [];
  const schemaOf = (name: string): SchemaDef | undefined => ownEntry(model.schemas, name);
  const domain = (type: TypeInfo): Domain | undefined =>
    type.builtin || type.array ? undefined : ownEntry(schemaOf(type.schema ?? 'public')?.domains, type.name);
  const isEnum = (type: TypeInfo): boolean =>
    !type.builtin && ownEntry(schemaOf(type.schema ?? 'public')?.enums, type.name) !== undefined;
  const baseOf = (type: TypeInfo): { base: TypeInfo; domain: Domain | undefined; notNull: boolean } => {
    let base = type;
    let first: Domain | undefined;
    let notNull = false;
    for (let depth = 0; depth < 10; depth++) {
      const found = domain(base);
      if (!found) break;
      first ??= found;
      notNull ||= found.notNull === true;
      base = typeInfo(found.type);
    }
    return { base, domain: first, notNull };
  };

  for (const [schemaName, schema] of sortedEntries(model.schemas)) {
    const inSchema = new Map<string, TableInfo>();
    bySchema.set(schemaName, inSchema);
    for (const [tableName, table] of sortedEntries(schema.tables)) {
      const path = ['schemas', schemaName, 'tables', tableName];
      // Names in messages are spelled as in SQL, so `public."Order Items"` reads unambiguously.
      const object = quoteQualified(schemaName, tableName);
      const primaryKey = table.primaryKey?.columns ?? [];
      const pkSet = new Set(primaryKey);
      const columns = table.columns.map((column, position): ColumnInfo => {
        const type = typeInfo(column.type);
        const { base, domain: columnDomain, notNull: domainNotNull } = baseOf(type);
        return {
          column,
          name: column.name,
          position,
          path: [...path, 'columns', position],
          object: `${object}.${quoteIdent(column.name)}`,
          type,
          baseType: base,
          domain: columnDomain,
          isEnum: isEnum(base),
          notNull:
            column.notNull === true ||
            pkSet.has(column.name) ||
            column.identity !== undefined ||
            type.serial ||
            domainNotNull,
          inPrimaryKey: pkSet.has(column.name),
        };
      });
      const info: TableInfo = {
        schema: schemaName,
        name: tableName,
        table,
        path,
        object,
        columns,
        columnsByName: new Map(columns.map((c) => [c.name, c])),
        indexes: [],
        foreignKeys: [],
        referencedBy: [],
        primaryKey,
        isPartition: table.partitionOf !== undefined,
        isPartitioned: table.partitionBy !== undefined,
        checkedColumns: new Set(),
      };
      info.indexes = tableIndexes(info, naming);
      for (const check of table.checks ?? [])
        for (const column of columnsMentioned(table, check.expression)) info.checkedColumns.add(column);
      inSchema.set(tableName, info);
      (info.isPartition ? partitions : tables).push(info);
    }
  }
  const table = (schema: string, name: string) => bySchema.get(schema)?.get(name);
  for (const info of [...tables, ...partitions]) {
    (info.table.foreignKeys ?? []).forEach((fk, position) => {
      const targetSchema = fk.references.schema ?? info.schema;
      const target = table(targetSchema, fk.references.table);
      const fkInfo: ForeignKeyInfo = {
        fk,
        table: info,
        position,
        path: [...info.path, 'foreignKeys', position],
        name: foreignKeyName(naming, info.schema, info.name, fk),
        targetSchema,
        targetTable: fk.references.table,
        target,
        selfReference: target === info,
      };
      info.foreignKeys.push(fkInfo);
      target?.referencedBy.push(fkInfo);
    });
  }
  return { model, tables, partitions, table, domain, isEnum };
}

function keyInfo(key: IndexKey): IndexKeyInfo {
  if (typeof key === 'string')
    return {
      column: key,
      expression: undefined,
      opclass: undefined,
      collation: undefined,
      order: undefined,
      nulls: undefined,
      key: `c:${key}`,
    };
  const column = key.column;
  const expression = key.expression;
  const base = column !== undefined ? `c:${column}` : `e:${expressionTextKey(expression ?? '')}`;
  return {
    column,
    expression,
    opclass: key.opclass,
    collation: key.collation,
    order: key.order,
    nulls: key.nulls,
    key: [base, key.opclass ?? '', key.collation ?? '', key.order ?? '', key.nulls ?? ''].join('|'),
  };
}

function tableIndexes(info: TableInfo, naming: ReturnType<typeof namingOf>): IndexInfo[] {
  const { table, schema, name, path } = info;
  const indexes: IndexInfo[] = [];
  const plain = (columns: readonly string[]) => columns.map((column) => keyInfo(column));
  if (table.primaryKey) {
    const pk = table.primaryKey;
    indexes.push({
      kind: 'primaryKey',
      name: primaryKeyName(naming, schema, name, table) ?? `${name}_pkey`,
      path: [...path, 'primaryKey'],
      object: info.object,
      unique: true,
      method: 'btree',
      keys: plain(pk.columns),
      include: pk.include ?? [],
      where: undefined,
      nullsNotDistinct: false,
      rationale: pk.rationale,
      description: pk.description,
    });
  }
  (table.uniques ?? []).forEach((unique, i) => {
    indexes.push({
      kind: 'unique',
      name: uniqueName(naming, schema, name, unique),
      path: [...path, 'uniques', i],
      object: info.object,
      unique: true,
      method: 'btree',
      keys: plain(unique.columns),
      include: unique.include ?? [],
      where: undefined,
      nullsNotDistinct: unique.nullsNotDistinct === true,
      rationale: unique.rationale ?? unique.businessRule,
      description: unique.description,
    });
  });
  (table.exclusions ?? []).forEach((exclusion, i) => {
    indexes.push({
      kind: 'exclusion',
      name: exclusionName(naming, schema, name, table, exclusion),
      path: [...path, 'exclusions', i],
      object: info.object,
      unique: false,
      method: exclusion.using ?? 'btree',
      keys: exclusion.elements.map((element) =>
        keyInfo({
          ...(element.column !== undefined ? { column: element.column } : {}),
          ...(element.expression !== undefined ? { expression: element.expression } : {}),
          ...(element.opclass !== undefined ? { opclass: element.opclass } : {}),
        }),
      ),
      include: exclusion.include ?? [],
      where: exclusion.where,
      nullsNotDistinct: false,
      rationale: exclusion.rationale ?? exclusion.businessRule,
      description: exclusion.description,
    });
  });
  (table.indexes ?? []).forEach((index, i) => {
    indexes.push({
      kind: 'index',
      name: indexName(naming, schema, name, table, index),
      path: [...path, 'indexes', i],
      object: info.object,
      unique: index.unique === true,
      method: index.method ?? 'btree',
      keys: index.columns.map(keyInfo),
      include: index.include ?? [],
      where: index.where,
      nullsNotDistinct: index.nullsNotDistinct === true,
      rationale: index.rationale,
      description: index.description,
    });
  });
  return indexes;
}

/** The index's key columns, in order, up to the first expression key. */
export function leadingColumns(index: IndexInfo): string[] {
  const columns: string[] = [];
  for (const key of index.keys) {
    if (key.column === undefined) break;
    columns.push(key.column);
  }
  return columns;
}

/** `schema.table (a, b)`-style label of an index's keys. */
export function keyLabel(index: IndexInfo): string {
  return index.keys.map((key) => key.column ?? key.expression ?? '?').join(', ');
}
