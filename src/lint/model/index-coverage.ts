// Whether an index serves lookups by a set of columns: the pg-index-health reading, an index whose
// first N key columns are the N columns in any order, on the whole table (or on the rows where those
// columns are not null, the only rows such a lookup can find).
import type { IndexInfo, TableInfo } from './analysis.ts';
import { columnOf, conjuncts, nodeKind, parseExpressionTree } from './expressions.ts';

export function indexLeadsWith(index: IndexInfo, columns: readonly string[]): boolean {
  if (columns.length === 0 || index.keys.length < columns.length) return false;
  if (index.method !== 'btree' && !(index.method === 'hash' && columns.length === 1)) return false;
  if (index.where !== undefined && !predicateOnlyExcludesNulls(index.where, columns)) return false;
  const wanted = new Set(columns);
  for (let i = 0; i < columns.length; i++) {
    const column = index.keys[i]?.column;
    if (column === undefined || !wanted.has(column)) return false;
  }
  return new Set(index.keys.slice(0, columns.length).map((key) => key.column)).size === wanted.size;
}

/** Whether a predicate is only `c IS NOT NULL` tests on some of the columns. */
function predicateOnlyExcludesNulls(where: string, columns: readonly string[]): boolean {
  const parts = conjuncts(parseExpressionTree(where));
  if (parts.length === 0) return false;
  return parts.every((part) => {
    const kind = nodeKind(part);
    if (kind?.[0] !== 'NullTest' || kind[1].nulltesttype !== 'IS_NOT_NULL') return false;
    const column = columnOf(kind[1].arg);
    return column !== undefined && columns.includes(column);
  });
}

/** The first index of the table that serves lookups by the columns. */
export function coveringIndex(table: TableInfo, columns: readonly string[]): IndexInfo | undefined {
  return table.indexes.find((index) => indexLeadsWith(index, columns));
}
