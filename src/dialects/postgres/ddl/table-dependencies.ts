// What a table's CREATE TABLE names, for the dependency order of the generated script: the same set
// the SQL parser finds in the whole statement (findDependencies), read from the parts that can name
// anything. A big model repeats a few column types and default expressions over thousands of tables;
// each is parsed once instead of once per table.
import { parseTypeName } from '../types.ts';
import { renderDefaultExpression } from './default-expression.ts';
import { findDependencies } from './sql-references.ts';
import type { TableEntry } from './table.ts';

/** Parsed parts by their text, shared by the tables of one script. */
export type PartDependencies = Map<string, Set<string>>;

/**
 * What the table's statements name. Only column types and expressions can name a relation, type or
 * function (the table being created is not a reference, nor are names of columns, constraints,
 * collations, operator classes and identity sequences). Partitions and tables with parents or a
 * partition key are parsed whole.
 */
export function tableDependencies(
  entry: TableEntry,
  statements: readonly string[],
  parts: PartDependencies,
): Set<string> {
  const { table } = entry;
  if (table.partitionOf !== undefined || table.partitionBy !== undefined || (table.inherits ?? []).length > 0)
    return findDependencies(statements.join('\n'));
  const found = new Set<string>();
  const add = (sql: string) => {
    let names = parts.get(sql);
    if (names === undefined) {
      names = findDependencies(sql);
      parts.set(sql, names);
    }
    for (const dependency of names) found.add(dependency);
  };
  const expression = (text: string) => add(`SELECT (${text})`);
  for (const column of table.columns) {
    // As renderColumn spells it; a type that does not parse fails the rendering of the table first.
    add(`SELECT NULL::${parseTypeName(column.type).canonical}`);
    if (column.default !== undefined) add(`SELECT ${renderDefaultExpression(column.default)}`);
    if (column.generated !== undefined) expression(column.generated);
  }
  for (const check of table.checks ?? []) expression(check.expression);
  for (const exclusion of table.exclusions ?? []) {
    for (const element of exclusion.elements)
      if (element.expression !== undefined) expression(element.expression);
    if (exclusion.where !== undefined) expression(exclusion.where);
  }
  return found;
}
