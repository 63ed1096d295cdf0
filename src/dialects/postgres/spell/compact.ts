// What PostgreSQL has no spelling of its own for stays out of the scratch database: comments (kept as
// written), foreign keys (column lists and actions) and indexes on plain columns without a predicate.
// Building them costs most of a large schema's build time and changes nothing in the spelling; they
// are put back from the model afterwards, in the form schemata's canonical form gives them.
import type { Index, Model, Table } from '../../../model/model-schema.ts';
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
  for (const [schemaName, schema] of Object.entries(reduced.schemas ?? {})) {
    const tables = new Map<string, Kept>();
    for (const [tableName, table] of Object.entries(schema.tables ?? {})) {
      const original = named.schemas?.[schemaName]?.tables?.[tableName] as Table;
      const plain = (original.indexes ?? []).filter(isPlainIndex);
      if (plain.length === 0 && original.foreignKeys === undefined) continue;
      tables.set(tableName, { foreignKeys: original.foreignKeys, indexes: plain });
      delete table.foreignKeys;
      const rest = (table.indexes ?? []).filter((index) => !isPlainIndex(index));
      if (rest.length > 0) table.indexes = rest;
      else delete table.indexes;
    }
    if (tables.size > 0) kept.set(schemaName, tables);
  }
  return { reduced, kept };
}

/** The spelling of the reduced model with what was left out put back. */
export function restoreCompacted(spelled: Model, kept: CompactModel['kept']): Model {
  const result = structuredClone(spelled);
  for (const [schemaName, tables] of kept) {
    for (const [tableName, left] of tables) {
      const table = result.schemas?.[schemaName]?.tables?.[tableName];
      if (table === undefined) continue;
      if (left.foreignKeys !== undefined) table.foreignKeys = structuredClone(left.foreignKeys);
      if (left.indexes.length > 0)
        table.indexes = [...(table.indexes ?? []), ...structuredClone(left.indexes)];
    }
  }
  return result;
}
