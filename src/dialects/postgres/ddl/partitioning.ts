// Partitioned tables, partitions and inheritance children: the clauses of CREATE TABLE that say so, and
// the order in which such tables can be created.
import type { PartitionBy, PartitionKey, Table } from '../../../model/model-schema.ts';
import { quoteIdent, quoteQualified } from '../quote.ts';
import { renderCollation } from './index-elements.ts';

/** `PARTITION BY RANGE (created_at, (lower(code)) COLLATE "C" text_pattern_ops)`. */
export function renderPartitionBy(partitionBy: PartitionBy): string {
  return `PARTITION BY ${partitionBy.strategy.toUpperCase()} (${partitionBy.columns.map(renderPartitionKey).join(', ')})`;
}

function renderPartitionKey(key: PartitionKey): string {
  if (typeof key === 'string') return quoteIdent(key);
  let text: string;
  // Any expression is valid in parentheses; PostgreSQL drops them around a function call when it prints.
  if (key.expression !== undefined) text = `(${key.expression})`;
  else if (key.column !== undefined) text = quoteIdent(key.column);
  else throw new Error('a partition key needs a column or an expression');
  if (key.collation !== undefined) text += ` COLLATE ${renderCollation(key.collation)}`;
  if (key.opclass !== undefined) text += ` ${key.opclass.split('.').map(quoteIdent).join('.')}`;
  return text;
}

/** The schema and name of a table the model refers to from `schema`. */
export function referencedTable(schema: string, reference: { schema?: string | undefined; table: string }) {
  return { schema: reference.schema ?? schema, name: reference.table };
}

/** `INHERITS (a, b)`, or nothing. */
export function renderInherits(schema: string, table: Table): string {
  if (table.inherits === undefined || table.inherits.length === 0) return '';
  const parents = table.inherits.map((parent) => {
    const { schema: parentSchema, name } = referencedTable(schema, parent);
    return quoteQualified(parentSchema, name);
  });
  return ` INHERITS (${parents.join(', ')})`;
}

interface OrderedTable {
  schema: string;
  name: string;
  table: Table;
}

/**
 * The tables with every parent (partitionOf, inherits) before its children, otherwise in the given
 * order. A parent that is not in the list (an invalid model) does not hold a child back.
 */
export function parentsFirst<T extends OrderedTable>(tables: readonly T[]): T[] {
  // Without partitions or inheritance the order stays as given.
  if (!tables.some((entry) => hasParents(entry.table))) return [...tables];
  const byKey = new Map(tables.map((entry) => [tableKey(entry.schema, entry.name), entry]));
  const placed = new Set<string>();
  const visiting = new Set<string>();
  const ordered: T[] = [];
  const visit = (entry: T) => {
    const key = tableKey(entry.schema, entry.name);
    if (placed.has(key) || visiting.has(key)) return;
    visiting.add(key);
    for (const parent of parentsOf(entry.schema, entry.table)) {
      const parentEntry = byKey.get(tableKey(parent.schema, parent.name));
      if (parentEntry) visit(parentEntry);
    }
    visiting.delete(key);
    placed.add(key);
    ordered.push(entry);
  };
  for (const entry of tables) visit(entry);
  return ordered;
}

/** The number of partitionOf steps up to a table that is not a partition. */
const tablesByKey = new WeakMap<readonly OrderedTable[], Map<string, OrderedTable>>();

export function partitionDepth<T extends OrderedTable>(entry: T, tables: readonly T[]): number {
  // Built once per table list: a map per call made ordering quadratic in the number of tables.
  let byKey = tablesByKey.get(tables);
  if (!byKey) {
    byKey = new Map(tables.map((t) => [tableKey(t.schema, t.name), t]));
    tablesByKey.set(tables, byKey);
  }
  let depth = 0;
  let current: OrderedTable | undefined = entry;
  const seen = new Set<string>();
  while (current?.table.partitionOf !== undefined) {
    const parent = referencedTable(current.schema, current.table.partitionOf);
    const key = tableKey(parent.schema, parent.name);
    if (seen.has(key)) break;
    seen.add(key);
    depth += 1;
    current = byKey.get(key);
  }
  return depth;
}

function hasParents(table: Table): boolean {
  return table.partitionOf !== undefined || (table.inherits !== undefined && table.inherits.length > 0);
}

function parentsOf(schema: string, table: Table) {
  const references = [...(table.partitionOf ? [table.partitionOf] : []), ...(table.inherits ?? [])];
  return references.map((reference) => referencedTable(schema, reference));
}

function tableKey(schema: string, name: string): string {
  return `${schema}\u0000${name}`;
}
