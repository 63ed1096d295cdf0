// Semantic checks of partitioned tables, partitions, inheritance children and CLUSTER ON. A partition
// or child lists only its own columns; `withInheritedColumns` gives the other checks the columns it
// has from its parents.
import type { Diagnostic } from './diagnostics.ts';
import type { Column, Model, SchemaDef, Table } from './model-schema.ts';
import {
  ownEntry,
  setOwnEntry,
  sortedEntries,
  type Locate,
  type ModelPath,
  errorCollector,
} from './model-path.ts';
import { indexName, namingOf, resolveTableNames } from './naming.ts';

type Reference = { schema?: string | undefined; table: string };

function parentsOf(table: Table): Reference[] {
  return [...(table.partitionOf ? [table.partitionOf] : []), ...(table.inherits ?? [])];
}

function hasParents(table: Table): boolean {
  return table.partitionOf !== undefined || (table.inherits !== undefined && table.inherits.length > 0);
}

function findTable(model: Model, schema: string, reference: Reference): Table | undefined {
  return ownEntry(ownEntry(model.schemas, reference.schema ?? schema)?.tables, reference.table);
}

/** Every column a table has: its own, then those of its parents (recursively) it does not list. */
function allColumns(model: Model, schema: string, table: Table, seen = new Set<Table>()): Column[] {
  if (seen.has(table)) return [...table.columns];
  seen.add(table);
  const columns = [...table.columns];
  for (const reference of parentsOf(table)) {
    const parent = findTable(model, schema, reference);
    if (!parent) continue;
    for (const column of allColumns(model, reference.schema ?? schema, parent, seen)) {
      if (!columns.some((c) => c.name === column.name)) columns.push(column);
    }
  }
  return columns;
}

/**
 * The model with each partition's and child's inherited columns appended after its own, for checks
 * that look columns up by name. Positions of the listed columns are unchanged, so locations hold.
 */
export function withInheritedColumns(model: Model): Model {
  // Most models have no partitions or inheritance children: nothing to copy.
  const inherits = Object.values(model.schemas ?? {}).some((schema) =>
    Object.values(schema.tables ?? {}).some(hasParents),
  );
  if (!model.schemas || !inherits) return model;
  const schemas: Record<string, SchemaDef> = {};
  for (const [schemaName, schema] of sortedEntries(model.schemas)) {
    if (!schema.tables) {
      setOwnEntry(schemas, schemaName, schema);
      continue;
    }
    const tables: Record<string, Table> = {};
    for (const [tableName, table] of sortedEntries(schema.tables)) {
      setOwnEntry(
        tables,
        tableName,
        hasParents(table) ? { ...table, columns: allColumns(model, schemaName, table) } : table,
      );
    }
    setOwnEntry(schemas, schemaName, { ...schema, tables });
  }
  return { ...model, schemas };
}

const BOUND = /^(FOR\s+VALUES\s|DEFAULT$)/i;

/** Diagnostics of partitioning, inheritance and clusterOn; `model` as read, before withInheritedColumns. */
export function validatePartitions(model: Model, locate: Locate | undefined): Diagnostic[] {
  const { diagnostics, report } = errorCollector(locate);
  for (const [schemaName, schema] of sortedEntries(model.schemas)) {
    for (const [tableName, table] of sortedEntries(schema.tables)) {
      const path = ['schemas', schemaName, 'tables', tableName];
      const object = `${schemaName}.${tableName}`;
      const checkParent = (reference: Reference, at: ModelPath): Table | undefined => {
        const parent = findTable(model, schemaName, reference);
        if (!parent) {
          report(
            'unknown-parent-table',
            [...at, 'table'],
            object,
            `${object} is a partition or child of table ${reference.schema ?? schemaName}.${reference.table}, which the model does not define`,
            reference.schema === undefined
              ? 'tables in other schemas need schema'
              : 'check the table and schema names',
          );
        }
        return parent;
      };
      if (table.partitionOf) {
        const at = [...path, 'partitionOf'];
        const parent = checkParent(table.partitionOf, at);
        if (parent && parent.partitionBy === undefined) {
          report(
            'parent-not-partitioned',
            [...at, 'table'],
            object,
            `${object} is a partition of ${table.partitionOf.table}, which has no partitionBy`,
            'give the parent table a partitionBy, or use inherits for table inheritance',
          );
        }
        if (!BOUND.test(table.partitionOf.bound.trim())) {
          report(
            'invalid-partition-bound',
            [...at, 'bound'],
            object,
            `the bound of partition ${object} is neither FOR VALUES ... nor DEFAULT`,
            "e.g. FOR VALUES FROM ('2024-01-01') TO ('2025-01-01'), FOR VALUES IN ('eu'), DEFAULT",
          );
        }
        if (table.inherits) {
          report(
            'invalid-partition',
            [...path, 'inherits'],
            object,
            `partition ${object} cannot also inherit from other tables`,
            'a partition has exactly one parent: its partitionOf table',
          );
        }
        const parentColumns = parent ? allColumns(model, table.partitionOf.schema ?? schemaName, parent) : [];
        table.columns.forEach((column, i) => {
          if (!parent) return;
          const inherited = parentColumns.find((c) => c.name === column.name);
          if (!inherited) {
            report(
              'invalid-partition',
              [...path, 'columns', i, 'name'],
              object,
              `partition ${object} lists column ${column.name}, which its parent does not have`,
              "a partition has its parent's columns; list one only to give it a default, notNull or description",
            );
          }
        });
      }
      (table.inherits ?? []).forEach((reference, i) => checkParent(reference, [...path, 'inherits', i]));
      if (table.partitionBy) {
        const columns = allColumns(model, schemaName, table);
        table.partitionBy.columns.forEach((key, i) => {
          const column = typeof key === 'string' ? key : key.column;
          if (column === undefined || columns.some((c) => c.name === column)) return;
          const at = [...path, 'partitionBy', 'columns', i, ...(typeof key === 'string' ? [] : ['column'])];
          report(
            'unknown-column',
            at,
            object,
            `the partition key of ${object} names column ${column}, which the table does not have`,
            'partition by one of the table’s columns or by an expression',
          );
        });
      }
      const identity = table.replicaIdentity;
      if (identity !== undefined && typeof identity !== 'string') {
        const names = resolveTableNames(model, schemaName, tableName, table);
        if (![names.primaryKey, ...names.uniques, ...names.indexes].includes(identity.index)) {
          report(
            'unknown-index',
            [...path, 'replicaIdentity', 'index'],
            object,
            `the replica identity of ${object} is index ${identity.index}, which is not a unique index or key of the table`,
            'name one of the table’s unique indexes, its primary key or a unique constraint',
          );
        }
      }
      if (table.clusterOn !== undefined) {
        const names = resolveTableNames(model, schemaName, tableName, table);
        const candidates = [names.primaryKey, ...names.uniques, ...names.exclusions, ...names.indexes];
        if (!candidates.includes(table.clusterOn)) {
          report(
            'unknown-index',
            [...path, 'clusterOn'],
            object,
            `${object} is clustered on ${table.clusterOn}, which is not an index or key of the table`,
            'name one of the table’s indexes, its primary key or a unique or exclusion constraint',
          );
        }
      }
    }
    const naming = namingOf(model);
    for (const [viewName, view] of sortedEntries(schema.materializedViews)) {
      if (view.clusterOn === undefined) continue;
      const indexes = (view.indexes ?? []).map((index) =>
        indexName(naming, schemaName, viewName, { columns: [] }, index),
      );
      if (indexes.includes(view.clusterOn)) continue;
      report(
        'unknown-index',
        ['schemas', schemaName, 'materializedViews', viewName, 'clusterOn'],
        `${schemaName}.${viewName}`,
        `materialized view ${schemaName}.${viewName} is clustered on ${view.clusterOn}, which is not one of its indexes`,
        'name one of the materialized view’s indexes',
      );
    }
  }
  return diagnostics;
}
