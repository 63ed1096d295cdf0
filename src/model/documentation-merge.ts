// When a database is inspected into an existing model, the documentation that only lives in model
// files (business rules, rationale, owners, query patterns, ...) is carried over to the objects that
// still exist, and the project's settings (naming templates included) are kept.
import type { Model, SchemaDef, Table } from './model-schema.ts';
import { canonicalizeModel } from './canonicalize.ts';
import { DOCUMENTATION_FIELDS } from './model-only-fields.ts';
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

/**
 * Fields that only live in model files, on whatever object has them. A description is the object's
 * comment: one written in the model is not lost because the database has none. `renamedFrom` and
 * `renamedValues` record renames the database no longer shows.
 */
const DOCUMENTATION = ['description', ...DOCUMENTATION_FIELDS];

type Documented = Record<string, unknown>;

function isObject(value: unknown): value is Documented {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The named items of a list (columns, constraints, triggers, ...) by name. */
function itemsByName(list: readonly unknown[]): Map<string, Documented> {
  const items = new Map<string, Documented>();
  for (const item of list) if (isObject(item) && typeof item.name === 'string') items.set(item.name, item);
  return items;
}

/**
 * Copies the documentation of `from` into `to` where `to` has none, then into every object inside,
 * matched by key and, in lists, by name. `skip` leaves fields out that mean something else at this
 * place (an event trigger's `tags` are the commands it fires for).
 */
function carryDocumentation(from: unknown, to: unknown, skip: readonly string[] = []): void {
  if (Array.isArray(from) && Array.isArray(to)) {
    const previous = itemsByName(from);
    for (const item of to)
      if (isObject(item) && typeof item.name === 'string') carryDocumentation(previous.get(item.name), item);
    return;
  }
  if (!isObject(from) || !isObject(to)) return;
  // A primary key of another name is another key.
  if (typeof from.name === 'string' && typeof to.name === 'string' && from.name !== to.name) return;
  for (const field of DOCUMENTATION)
    if (!skip.includes(field) && from[field] !== undefined && to[field] === undefined)
      to[field] = structuredClone(from[field]);
  // Every key, documentation field names included: they are also the keys of records (a table "tags").
  for (const [key, value] of Object.entries(to))
    if (Object.hasOwn(from, key)) carryDocumentation(from[key], value);
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

/**
 * The inspected model with the existing model's project settings and documentation carried over to
 * objects that still exist. Objects that no longer exist lose their documentation with them.
 */
export function mergeDocumentation(existing: Model, inspected: Model): Model {
  const existingNamed = withExplicitNames(existing);
  const inspectedNamed = withExplicitNames(inspected);
  const merged: Model = structuredClone(inspectedNamed);
  if (existing.project) merged.project = structuredClone(existing.project);
  // Roles are declared in the model (for --create-roles); inspection does not read them.
  if (existing.roles && !merged.roles) merged.roles = structuredClone(existing.roles);
  carryDocumentation(existingNamed.schemas, merged.schemas);
  carryDocumentation(existingNamed.extensions, merged.extensions);
  // An event trigger's tags are the commands it fires for, not documentation.
  for (const [name, trigger] of Object.entries(merged.eventTriggers ?? {}))
    carryDocumentation(existingNamed.eventTriggers?.[name], trigger, ['tags']);
  // Names that the (kept) templates give anyway are left out again.
  return canonicalizeModel(merged);
}
