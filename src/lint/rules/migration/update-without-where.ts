// UPDATE of every row of an existing table in one statement.
import type { MigrationRule } from '../../rule.ts';
import { isExistingTable, tableKeyAt } from '../../sql/statement-shapes.ts';
import { asNode, rangeVarName } from '../../sql/syntax.ts';

export const updateWithoutWhere: MigrationRule = {
  kind: 'migration',
  code: 'update-without-where',
  category: 'migration',
  severity: 'warning',
  summary: 'Backfill large tables in batches, not with one UPDATE of every row.',
  rationale:
    'An UPDATE without WHERE writes a new version of every row in one transaction: it locks every row against other writers until it ends, doubles the table on disk until vacuum catches up, and floods the WAL and replicas.',
  fix: 'Update in batches (WHERE id BETWEEN ... or a LIMITed subquery), each in its own transaction, until no row is left.',
  examples: {
    setup: 'CREATE TABLE users (id bigint PRIMARY KEY, plan text);',
    bad: "UPDATE users SET plan = 'free';",
    good: "UPDATE users SET plan = 'free'\nWHERE id IN (SELECT id FROM users WHERE plan IS NULL ORDER BY id LIMIT 10000);",
  },
  check(context) {
    for (const statement of context.statements) {
      const update = asNode(statement.node, 'UpdateStmt');
      const table = rangeVarName(update?.relation);
      if (!update || !table || update.whereClause !== undefined) continue;
      const key = tableKeyAt(context, statement, table);
      if (!isExistingTable(context, statement, key)) continue;
      context.report({
        statement,
        message: `UPDATE of ${key} without WHERE rewrites every row in one transaction`,
        object: key,
      });
    }
  },
};
