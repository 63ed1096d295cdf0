// Shared by prefer-bigint-over-int and prefer-bigint-over-smallint: key-like columns of a narrow type.
import type { MigrationLintContext } from '../rule.ts';
import {
  at,
  columnConstraints,
  objectText,
  tableKeyAt,
  typedColumns,
  type TypedColumn,
} from './statement-shapes.ts';
import { asNode, stringsOf } from './syntax.ts';

/** Whether a column is a key: named id, in the primary key, an identity or serial column. */
function isKeyColumn(entry: TypedColumn): boolean {
  if (entry.column === 'id') return true;
  if (columnConstraints(entry.definition, 'CONSTR_PRIMARY').length > 0) return true;
  if (columnConstraints(entry.definition, 'CONSTR_IDENTITY').length > 0) return true;
  const create = asNode(entry.statement.node, 'CreateStmt');
  for (const element of create?.tableElts ?? []) {
    const constraint = asNode(element, 'Constraint');
    if (constraint?.contype === 'CONSTR_PRIMARY' && stringsOf(constraint.keys).includes(entry.column))
      return true;
  }
  return false;
}

/** Reports key columns whose type (as written) is one of `types`. */
export function reportNarrowKeys(
  context: MigrationLintContext,
  types: ReadonlySet<string>,
  serials: ReadonlySet<string>,
  describe: (column: string, type: string) => string,
): void {
  for (const entry of typedColumns(context)) {
    if (entry.how === 'alter type') continue;
    const names = stringsOf(entry.typeName.names);
    const name = names[names.length - 1] ?? '';
    const builtin = names.length === 1 || names[0] === 'pg_catalog';
    const serial = names.length === 1 && serials.has(name);
    if (!builtin || (!types.has(name) && !serial)) continue;
    if (!serial && !isKeyColumn(entry)) continue;
    const object = objectText(tableKeyAt(context, entry.statement, entry.table), entry.column);
    context.report({
      statement: entry.statement,
      message: describe(object, name),
      object,
      location: at(entry.statement, entry.location),
    });
  }
}
