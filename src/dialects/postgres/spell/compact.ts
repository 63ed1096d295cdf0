// What PostgreSQL has no spelling of its own for stays out of the scratch database: comments (kept as
// written), foreign keys (column lists and actions), indexes on plain columns without a predicate, and
// primary keys and unique constraints (column lists). Building them costs most of a large schema's
// build time and changes nothing in the spelling; they are put back from the model afterwards, in the
// form schemata's canonical form gives them. A primary key left out has its columns built NOT NULL,
// as the key would make them.
import type { Index, Model, PrimaryKey, Table, Unique } from '../../../model/model-schema.ts';
import { withExplicitNames } from '../../../model/documentation-merge.ts';

/** An index PostgreSQL stores as written: only column names, no expression, no predicate. */
function isPlainIndex(index: Index): boolean {
  return (
    index.where === undefined &&
    index.columns.every((key) => typeof key === 'string' || key.expression === undefined)
  );
}

function stripDescriptions(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripDescriptions);
  if (typeof value !== 'object' || value === null) return value;
  const result: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (key !== 'description') result[key] = stripDescriptions(inner);
  }
  return result;
}

interface Kept {
  foreignKeys: Table['foreignKeys'];
  indexes: Index[];
  primaryKey?: PrimaryKey | undefined;
  uniques?: Unique[] | undefined;
}

/**
 * Text that needs a table's keys to exist when it is created: GROUP BY relies on a primary key for
 * the columns it does not list, ON CONFLICT on a unique index or constraint (views, rules, policies,
 * routine bodies).
 */
const NEEDS_KEYS = /\bgroup\s+by\b|\bon\s+conflict\b/i;

function textsNeedingKeys(value: unknown, found: string[] = []): string[] {
  if (typeof value === 'string') {
    if (NEEDS_KEYS.test(value)) found.push(value.toLowerCase());
  } else if (Array.isArray(value)) {
    for (const inner of value) textsNeedingKeys(inner, found);
  } else if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) textsNeedingKeys(inner, found);
  }
  return found;
}

/** Tables another table inherits from or is a partition of. */
function parentTables(model: Model): Set<string> {
  const parents = new Set<string>();
  for (const [schemaName, schema] of Object.entries(model.schemas ?? {})) {
    for (const table of Object.values(schema.tables ?? {})) {
      for (const parent of [...(table.inherits ?? []), ...(table.partitionOf ? [table.partitionOf] : [])])
        parents.add(`${parent.schema ?? schemaName}.${parent.table}`);
    }
  }
  return parents;
}

/**
 * Whether the table's primary key and unique constraints can be left out: nothing in the build needs
 * them (an inheritance or partition tree shares its keys, CLUSTER ON and REPLICA IDENTITY USING INDEX
 * name them, and the texts above may rely on them; a table named in such a text keeps them).
 */
function keysCanWait(
  table: Table,
  schemaName: string,
  tableName: string,
  parents: ReadonlySet<string>,
  texts: readonly string[],
): boolean {
  if (table.primaryKey === undefined && table.uniques === undefined) return false;
  if (mayFoldSoftDelete(table)) return false;
  if (table.partitionBy || table.partitionOf || table.inherits) return false;
  if (parents.has(`${schemaName}.${tableName}`)) return false;
  if (table.clusterOn !== undefined) return false;
  if (typeof table.replicaIdentity === 'object') return false;
  const lower = tableName.toLowerCase();
  return !texts.some((text) => text.includes(lower));
}

/**
 * A table written out concretely whose last column is deleted_at: reading the build back may fold it
 * into the soft-delete pattern, which turns unique keys into partial unique indexes, so the fold must
 * see its unique constraints and unique indexes as they are.
 */
function mayFoldSoftDelete(table: Table): boolean {
  return table.columns[table.columns.length - 1]?.name === 'deleted_at';
}

export interface CompactModel {
  /** The model to build: without comments, foreign keys and plain indexes. */
  reduced: Model;
  /** What was left out, by schema and table, with every name explicit. */
  kept: Map<string, Map<string, Kept>>;
}

export function compactForSpelling(model: Model): CompactModel {
  const named = withExplicitNames(model);
  const kept = new Map<string, Map<string, Kept>>();
  const reduced = stripDescriptions(named) as Model;
  const parents = parentTables(reduced);
  const texts = textsNeedingKeys(reduced.schemas);
  for (const [schemaName, schema] of Object.entries(reduced.schemas ?? {})) {
    const tables = new Map<string, Kept>();
    for (const [tableName, table] of Object.entries(schema.tables ?? {})) {
      const original = named.schemas?.[schemaName]?.tables?.[tableName] as Table;
      const foldable = mayFoldSoftDelete(table);
      const waits = (index: Index) => isPlainIndex(index) && !(foldable && index.unique === true);
      const plain = (original.indexes ?? []).filter(waits);
      const keys = keysCanWait(table, schemaName, tableName, parents, texts);
      if (plain.length === 0 && original.foreignKeys === undefined && !keys) continue;
      tables.set(tableName, {
        foreignKeys: original.foreignKeys,
        indexes: plain,
        ...(keys && { primaryKey: original.primaryKey, uniques: original.uniques }),
      });
      delete table.foreignKeys;
      if (keys) {
        // The key's columns are NOT NULL, as the key would make them.
        const keyColumns = new Set(table.primaryKey?.columns ?? []);
        for (const column of table.columns) if (keyColumns.has(column.name)) column.notNull = true;
        delete table.primaryKey;
        delete table.uniques;
      }
      const rest = (table.indexes ?? []).filter((index) => !waits(index));
      if (rest.length > 0) table.indexes = rest;
      else delete table.indexes;
    }
    if (tables.size > 0) kept.set(schemaName, tables);
  }
  return { reduced, kept };
}

/** The spelling of the reduced model (changed in place) with what was left out put back. */
export function restoreCompacted(spelled: Model, kept: CompactModel['kept']): Model {
  const result = spelled;
  for (const [schemaName, tables] of kept) {
    for (const [tableName, left] of tables) {
      const table = result.schemas?.[schemaName]?.tables?.[tableName];
      if (table === undefined) continue;
      if (left.foreignKeys !== undefined) table.foreignKeys = structuredClone(left.foreignKeys);
      if (left.uniques !== undefined) table.uniques = structuredClone(left.uniques);
      // Its columns were built NOT NULL (compactForSpelling).
      if (left.primaryKey !== undefined) table.primaryKey = structuredClone(left.primaryKey);
      if (left.indexes.length > 0)
        table.indexes = [...(table.indexes ?? []), ...structuredClone(left.indexes)];
    }
  }
  return result;
}
