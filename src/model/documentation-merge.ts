// When a database is inspected into an existing model, the documentation that only lives in model
// files (business rules, rationale, owners, query patterns, ...) is carried over to the objects that
// still exist, and the project's settings (naming templates included) are kept.
import type { Column, Model, SchemaDef, Table } from './model-schema.ts';
import { canonicalizeModel } from './canonicalize.ts';
import {
  checkName,
  exclusionName,
  foreignKeyName,
  indexName,
  namingOf,
  primaryKeyName,
  uniqueName,
  type ResolvedNaming,
} from './naming.ts';

const TABLE_DOCS = [
  'dataOwner',
  'subjectArea',
  'tags',
  'sensitivity',
  'retention',
  'volume',
  'keyRationale',
  'queryPatterns',
] as const satisfies readonly (keyof Table)[];
const COLUMN_DOCS = ['sensitivity', 'tags'] as const satisfies readonly (keyof Column)[];
const CONSTRAINT_DOCS = ['businessRule', 'rationale'] as const;

type Documented = Record<string, unknown>;

function copyFields(from: Documented | undefined, to: Documented, fields: readonly string[]) {
  if (!from) return;
  for (const field of fields)
    if (from[field] !== undefined && to[field] === undefined) to[field] = from[field];
  // A description written in the model is not lost because the database has no comment.
  if (from.description !== undefined && to.description === undefined) to.description = from.description;
}

/** Gives every constraint and index its resolved name, so models with different templates compare. */
export function withExplicitNames(model: Model, naming: ResolvedNaming = namingOf(model)): Model {
  return mapTables(model, (schema, tableName, table) => ({
    ...table,
    ...(table.primaryKey && {
      primaryKey: { ...table.primaryKey, name: primaryKeyName(naming, schema, tableName, table) ?? '' },
    }),
    ...(table.uniques && {
      uniques: table.uniques.map((u) => ({ ...u, name: uniqueName(naming, schema, tableName, u) })),
    }),
    ...(table.foreignKeys && {
      foreignKeys: table.foreignKeys.map((fk) => ({
        ...fk,
        name: foreignKeyName(naming, schema, tableName, fk),
      })),
    }),
    ...(table.checks && {
      checks: table.checks.map((c) => ({ ...c, name: checkName(naming, schema, tableName, table, c) })),
    }),
    ...(table.exclusions && {
      exclusions: table.exclusions.map((x) => ({
        ...x,
        name: exclusionName(naming, schema, tableName, table, x),
      })),
    }),
    ...(table.indexes && {
      indexes: table.indexes.map((i) => ({ ...i, name: indexName(naming, schema, tableName, table, i) })),
    }),
  }));
}

function mapTables(model: Model, fn: (schema: string, tableName: string, table: Table) => Table): Model {
  if (!model.schemas) return model;
  const schemas: Record<string, SchemaDef> = {};
  for (const [schemaName, schema] of Object.entries(model.schemas)) {
    if (!schema.tables) {
      schemas[schemaName] = schema;
      continue;
    }
    const tables: Record<string, Table> = {};
    for (const [tableName, table] of Object.entries(schema.tables))
      tables[tableName] = fn(schemaName, tableName, table);
    schemas[schemaName] = { ...schema, tables };
  }
  return { ...model, schemas };
}

function byName<T extends { name?: string | undefined }>(items: readonly T[] | undefined): Map<string, T> {
  return new Map(
    (items ?? []).flatMap((item) => (item.name === undefined ? [] : [[item.name, item] as const])),
  );
}

/**
 * The inspected model with the existing model's project settings and documentation carried over to
 * objects that still exist. Objects that no longer exist lose their documentation with them.
 */
export function mergeDocumentation(existing: Model, inspected: Model): Model {
  const existingNamed = withExplicitNames(existing);
  const inspectedNamed = withExplicitNames(inspected);
  const merged: Model = structuredClone(inspectedNamed);
  if (existing.project) merged.project = structuredClone(existing.project);
  for (const [name, extension] of Object.entries(merged.extensions ?? {})) {
    copyFields(existing.extensions?.[name], extension, []);
  }
  for (const [schemaName, schema] of Object.entries(merged.schemas ?? {})) {
    const before = existingNamed.schemas?.[schemaName];
    if (!before) continue;
    copyFields(before, schema, []);
    for (const [name, item] of Object.entries(schema.enums ?? {})) copyFields(before.enums?.[name], item, []);
    for (const [name, item] of Object.entries(schema.sequences ?? {}))
      copyFields(before.sequences?.[name], item, []);
    for (const [name, domain] of Object.entries(schema.domains ?? {})) {
      const old = before.domains?.[name];
      copyFields(old, domain, []);
      const oldChecks = byName(old?.checks);
      for (const check of domain.checks ?? [])
        copyFields(check.name ? oldChecks.get(check.name) : undefined, check, CONSTRAINT_DOCS);
    }
    for (const [tableName, table] of Object.entries(schema.tables ?? {})) {
      const old = before.tables?.[tableName];
      if (!old) continue;
      copyFields(old, table, TABLE_DOCS);
      const oldColumns = new Map(old.columns.map((c) => [c.name, c]));
      for (const column of table.columns) copyFields(oldColumns.get(column.name), column, COLUMN_DOCS);
      if (table.primaryKey && old.primaryKey?.name === table.primaryKey.name) {
        copyFields(old.primaryKey, table.primaryKey, CONSTRAINT_DOCS);
      }
      type Named = { name?: string | undefined };
      const lists: [Named[] | undefined, Named[] | undefined][] = [
        [table.uniques, old.uniques],
        [table.foreignKeys, old.foreignKeys],
        [table.checks, old.checks],
        [table.exclusions, old.exclusions],
        [table.indexes, old.indexes],
      ];
      for (const [now, then] of lists) {
        const previous = byName(then);
        for (const item of now ?? []) {
          copyFields(previous.get(item.name ?? ''), item as Documented, [...CONSTRAINT_DOCS, 'rationale']);
        }
      }
    }
  }
  // Names that the (kept) templates give anyway are left out again.
  return canonicalizeModel(merged);
}
