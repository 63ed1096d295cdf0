// DELETE of every row of an existing table.
import type { MigrationRule } from '../../rule.ts';
import { isExistingTable, tableKeyAt } from '../../sql/statement-shapes.ts';
import { asNode, rangeVarName } from '../../sql/syntax.ts';

export const deleteWithoutWhere: MigrationRule = {
  kind: 'migration',
  code: 'delete-without-where',
  category: 'migration',
  severity: 'error',
  summary: "Delete no table's rows wholesale from a migration.",
  rationale:
    'DELETE without WHERE removes every row of the table, whatever production holds; the data is gone once the migration commits, and on a large table the single statement also holds row locks and bloats the table.',
  fix: 'Say which rows go with a WHERE clause (in batches on a large table); to empty a table on purpose, write TRUNCATE so the intent is explicit.',
  examples: {
    setup: 'CREATE TABLE sessions (id bigint PRIMARY KEY, expires_at timestamptz NOT NULL);',
    bad: 'DELETE FROM sessions;',
    good: "DELETE FROM sessions WHERE expires_at < now() - interval '30 days';",
  },
  check(context) {
    for (const statement of context.statements) {
      const remove = asNode(statement.node, 'DeleteStmt');
      const table = rangeVarName(remove?.relation);
      if (!remove || !table || remove.whereClause !== undefined) continue;
      const key = tableKeyAt(context, statement, table);
      if (!isExistingTable(context, statement, key)) continue;
      context.report({
        statement,
        message: `DELETE from ${key} without WHERE deletes every row`,
        object: key,
      });
    }
  },
};
