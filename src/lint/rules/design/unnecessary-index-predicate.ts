import { analyzeModel } from '../../model/analysis.ts';
import { columnOf, conjuncts, nodeKind, parseExpressionTree } from '../../model/expressions.ts';
import type { ModelRule } from '../../rule.ts';

export const unnecessaryIndexPredicate: ModelRule = {
  kind: 'model',
  code: 'unnecessary-index-predicate',
  category: 'performance',
  severity: 'info',
  summary: 'A partial index does not test IS NOT NULL on a NOT NULL column.',
  rationale:
    'The condition is always true, so the index is not partial at all; but the planner uses a partial index only for queries that imply its predicate, so queries that do not repeat `col IS NOT NULL` may not use it.',
  fix: 'Remove the `col IS NOT NULL` part of `where:` (and `where:` itself when nothing is left).',
  examples: {
    bad: `schemas:
  public:
    tables:
      accounts:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: account_number, type: text, notNull: true }
        primaryKey: { columns: [id] }
        indexes:
          - { columns: [account_number], where: account_number IS NOT NULL }
`,
    good: `schemas:
  public:
    tables:
      accounts:
        columns:
          - { name: id, type: bigint, identity: { generation: always } }
          - { name: account_number, type: text, notNull: true }
        primaryKey: { columns: [id] }
        indexes:
          - { columns: [account_number] }
`,
  },
  related: ['pg-index-health: indexes_with_unnecessary_where_clause'],
  check(context) {
    for (const table of analyzeModel(context.model).tables) {
      for (const index of table.indexes) {
        if (index.where === undefined) continue;
        for (const part of conjuncts(parseExpressionTree(index.where))) {
          const kind = nodeKind(part);
          if (kind?.[0] !== 'NullTest' || kind[1].nulltesttype !== 'IS_NOT_NULL') continue;
          const column = table.columnsByName.get(columnOf(kind[1].arg) ?? '');
          if (!column?.notNull) continue;
          context.report({
            message: `index ${index.name} of ${table.object} tests ${column.name} IS NOT NULL, but the column is NOT NULL`,
            path: [...index.path, 'where'],
            object: `${table.object}.${index.name}`,
          });
        }
      }
    }
  },
};
