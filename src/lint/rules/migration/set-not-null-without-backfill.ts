// SET NOT NULL on a column that may hold NULLs, with no backfill before it.
import type { MigrationRule } from '../../rule.ts';
import { checkExpression, provesNotNull } from '../../sql/expressions.ts';
import {
  allTableCommands,
  isExistingTable,
  objectText,
  schemaAt,
  tableKeyAt,
} from '../../sql/statement-shapes.ts';
import {
  asNode,
  rangeVarName,
  referencedColumns,
  isNullConstant,
  type QualifiedName,
} from '../../sql/syntax.ts';
import type { LintStatement, MigrationLintContext } from '../../rule.ts';

/** An earlier UPDATE of the table that sets the column to a value, on every row or on its NULL rows. */
function backfilledBefore(
  context: MigrationLintContext,
  statement: LintStatement,
  key: string,
  column: string,
): boolean {
  for (const earlier of context.statements) {
    if (earlier === statement) return false;
    const update = asNode(earlier.node, 'UpdateStmt');
    const table: QualifiedName | undefined = rangeVarName(update?.relation);
    if (!update || !table || tableKeyAt(context, earlier, table) !== key) continue;
    const sets = (update.targetList ?? []).some((target) => {
      const entry = asNode(target, 'ResTarget');
      return entry?.name === column && !isNullConstant(entry.val);
    });
    if (sets && (update.whereClause === undefined || referencedColumns(update.whereClause).has(column)))
      return true;
  }
  return false;
}

export const setNotNullWithoutBackfill: MigrationRule = {
  kind: 'migration',
  code: 'set-not-null-without-backfill',
  category: 'migration',
  severity: 'warning',
  summary: "Fill a column's NULLs before making it NOT NULL.",
  rationale:
    'SET NOT NULL on a column that allowed NULLs fails if any row still holds one. Whether it works depends on production data the migration cannot see, so the migration should fill the NULLs first (or a validated CHECK should already prove there are none).',
  fix: 'UPDATE t SET col = <value> WHERE col IS NULL (in batches on a large table) before ALTER COLUMN col SET NOT NULL.',
  examples: {
    setup: 'CREATE TABLE t (id bigint PRIMARY KEY, c integer);',
    bad: 'ALTER TABLE t ALTER COLUMN c SET NOT NULL;',
    good: 'UPDATE t SET c = 0 WHERE c IS NULL;\nALTER TABLE t ALTER COLUMN c SET NOT NULL;',
  },
  related: ['atlas: MF104'],
  check(context) {
    for (const { statement, table, command } of allTableCommands(context)) {
      if (command.subtype !== 'AT_SetNotNull' || command.name === undefined) continue;
      const name = command.name;
      const key = tableKeyAt(context, statement, table);
      if (!isExistingTable(context, statement, key)) continue;
      const state = schemaAt(context, statement).table(key);
      const column = state?.columns.get(name);
      if (column?.notNull) continue;
      // A column added in this file with a default has that value in every existing row.
      if (column?.addedIn === statement.file && column.hasDefault) continue;
      const proven = [...(state?.constraints.values() ?? [])].some(
        (c) => c.kind === 'check' && c.validated && provesNotNull(checkExpression(c), name),
      );
      if (proven || backfilledBefore(context, statement, key, name)) continue;
      context.report({
        statement,
        message: `SET NOT NULL on ${objectText(key, name)} fails if any existing row holds NULL; nothing fills them before`,
        object: objectText(key, name),
      });
    }
  },
};
