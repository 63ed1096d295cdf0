// REFRESH MATERIALIZED VIEW without CONCURRENTLY.
import type { MigrationRule } from '../../rule.ts';
import { schemaAt } from '../../sql/statement-shapes.ts';
import { asNode, rangeVarName } from '../../sql/syntax.ts';

export const refreshMaterializedViewNonConcurrently: MigrationRule = {
  kind: 'migration',
  code: 'refresh-materialized-view-non-concurrently',
  category: 'migration',
  sizeDependent: true,
  severity: 'warning',
  summary: 'Refresh materialized views in use CONCURRENTLY.',
  rationale:
    'REFRESH MATERIALIZED VIEW takes an ACCESS EXCLUSIVE lock on the view for the whole refresh: every query reading it waits. With CONCURRENTLY (which needs a unique index on the view) reads go on during the refresh.',
  fix: 'CREATE UNIQUE INDEX on the view once, then REFRESH MATERIALIZED VIEW CONCURRENTLY.',
  examples: {
    setup:
      'CREATE TABLE sales (id bigint PRIMARY KEY, amount numeric);\nCREATE MATERIALIZED VIEW sales_total AS SELECT 1 AS id, sum(amount) AS total FROM sales;\nCREATE UNIQUE INDEX sales_total_id ON sales_total (id);',
    bad: 'REFRESH MATERIALIZED VIEW sales_total;',
    good: 'REFRESH MATERIALIZED VIEW CONCURRENTLY sales_total;',
  },
  check(context) {
    for (const statement of context.statements) {
      const refresh = asNode(statement.node, 'RefreshMatViewStmt');
      const name = rangeVarName(refresh?.relation);
      if (!refresh || refresh.concurrent || refresh.skipData || !name) continue;
      const schema = schemaAt(context, statement);
      const key = schema.tableKey(name);
      if (schema.isNewTable(key)) continue;
      context.report({
        statement,
        message: `refreshing ${key} without CONCURRENTLY blocks every query on it until the refresh ends`,
        object: key,
      });
    }
  },
};
